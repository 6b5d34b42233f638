"""A plain SQLite copy of an encrypted store with the very same pages: the floor of
``bench store`` (encryption's cost alone).

``sqlcipher_export`` writes a new database, its B-trees packed full. On such a copy a
change to a family split pages at every commit: 28 pages written a commit against 11 on
the store itself, as the app built it, so the floor did two and a half times the writing
and flattered the ratio (1.12x on the export, 1.33x with both exported). Here each page
is decrypted where it lies (AES-256-CBC with the page's own IV, SQLCipher 4's format with
its default settings, which ``db/engine.py`` keeps), the 80 bytes SQLCipher reserves at
the end of each page (IV and HMAC) are left in place, and the header says so (byte 20):
plain SQLite then keeps the same usable page size, and every table and index is laid out
as in the store.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096  # SQLCipher 4's page size
RESERVED = 80  # its IV (16 bytes) and HMAC-SHA512 (64) at the end of every page
SALT = 16  # page 1 begins with the salt where SQLite's header text would be
HEADER = b"SQLite format 3\x00"


def decrypt_pages(encrypted: Path, raw_key: bytes, target: Path) -> None:
    """Write ``target``: ``encrypted`` (checkpointed, no write-ahead log beside it) with
    each page decrypted in place; checked whole by SQLite before it is used."""
    data = encrypted.read_bytes()
    if len(data) % PAGE:
        raise ValueError("not a database of 4096-byte pages")
    with target.open("wb") as out:
        for start in range(0, len(data), PAGE):
            page = data[start:start + PAGE]
            first = start == 0
            iv = page[PAGE - RESERVED:PAGE - RESERVED + 16]
            decryptor = Cipher(algorithms.AES(raw_key), modes.CBC(iv)).decryptor()
            body = decryptor.update(page[SALT if first else 0:PAGE - RESERVED])
            out.write((HEADER if first else b"") + body + decryptor.finalize()
                      + page[PAGE - RESERVED:])
    check = sqlite3.connect(target)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:  # "file is not a database": another key or format
        ok = False
    finally:
        check.close()
    if not ok or target.read_bytes()[20] != RESERVED:
        target.unlink()
        raise ValueError("the decrypted copy is not a whole database: another key or format?")
