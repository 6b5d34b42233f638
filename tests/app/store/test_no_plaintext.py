"""Nothing a worker records is left in clear on disk, with the store closed or open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from app import dates
from app.families import households as families
from app.families.households import AgencyData, FamilyData, PersonData
from app.store.caseload_store import (
    DB_NAME,
    KEY_NAME,
    Profile,
    Store,
    create_store,
    db_path,
    open_store,
)
from db.migrate import backup_copy

# Distinctive synthetic words that cannot occur by chance in ciphertext or metadata.
SECRETS = {
    "family": "Quillfeatherby",
    "child": "Zephyrinelle",
    "adult": "Marchbanksworth",
    "agency contact": "Thistlewhaite",
    "address": "Brambledown Crescent",
    "reason": "Worried about nightly shouting",
    "phone": "07700 900873",
    "nhs number": "9434765919",
}


def write_family(session: Session, actor: Profile) -> str:
    family_id = families.save_family(
        session,
        actor,
        FamilyData(
            id=None,
            family_name=SECRETS["family"],
            address_line1="12 " + SECRETS["address"],
            town="Sampletown",
            postcode="WA7 5AB",
            phone=SECRETS["phone"],
            request_date=dates.today() - dt.timedelta(days=10),
            request_source="school",
            request_reason=SECRETS["reason"],
        ),
    )
    families.save_person(
        session,
        actor,
        PersonData(
            id=None,
            family_id=family_id,
            role="child",
            given_name=SECRETS["child"],
            family_name=SECRETS["family"],
            date_of_birth=dates.today() - dt.timedelta(days=4 * 365),
            nhs_number=SECRETS["nhs number"],
        ),
    )
    families.save_person(
        session,
        actor,
        PersonData(
            id=None,
            family_id=family_id,
            role="parent_carer",
            given_name=SECRETS["adult"],
            family_name=SECRETS["family"],
            relationship_to_child="Mother",
        ),
    )
    families.save_agency(
        session,
        actor,
        AgencyData(
            id=None, family_id=family_id, agency="School", contact_name=SECRETS["agency contact"]
        ),
    )
    # Opening the family writes an audit event too.
    families.load_family(session, actor, family_id)
    return family_id


def encodings(word: str) -> list[bytes]:
    forms = []
    for text in {word, word.lower(), word.upper()}:
        forms += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return forms


def leaks(folder: Path) -> list[str]:
    """'file: secret' for every secret found in the raw bytes of any file under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        for label, word in SECRETS.items():
            if any(form in raw for form in encodings(word)):
                found.append(f"{path.relative_to(folder)}: {label}")
    return found


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_search_finds_a_planted_secret(tmp_path: Path) -> None:
    """The search itself works: a clear copy of a secret would be caught."""
    (tmp_path / "a.txt").write_bytes(b"..." + SECRETS["family"].encode("utf-16-le") + b"...")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bin").write_bytes(SECRETS["child"].upper().encode())
    assert leaks(tmp_path) == ["a.txt: family", "sub/b.bin: child"]


def test_no_plaintext_after_closing(store_dir: Path, passphrase: str, profile: Profile) -> None:
    store = create_store(store_dir, passphrase, profile)
    family_id = store.run(write_family, profile)
    assert store.engine is not None
    backup = backup_copy(store.engine, db_path(store_dir), "test")
    store.close()

    assert files_in(store_dir) == {DB_NAME, KEY_NAME, f"backups/{backup.name}"}
    assert leaks(store_dir) == []

    # And the data really is in there: the search is looking at the right store.
    reopened = open_store(store_dir, passphrase)
    try:
        detail = reopened.run(families.load_family, profile, family_id)
        assert detail.family.family_name == SECRETS["family"]
        assert {m.given_name for m in detail.members} == {SECRETS["child"], SECRETS["adult"]}
    finally:
        reopened.close()
    assert leaks(store_dir) == []


def test_no_plaintext_while_the_store_is_open(store: Store, store_dir: Path) -> None:
    store.run(write_family, store.profile)
    # Still open: the changes are in the write-ahead log, not yet checkpointed.
    wal = store_dir / f"{DB_NAME}-wal"
    assert wal.exists() and wal.stat().st_size > 0
    assert files_in(store_dir) == {DB_NAME, KEY_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
    assert leaks(store_dir) == []


def test_no_plaintext_in_hearth_home(store: Store, hearth_home: Path) -> None:
    store.run(write_family, store.profile)
    assert leaks(hearth_home) == []
