"""Passwords (Argon2id) and device tokens (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults are Argon2id with the RFC 9106 low-memory profile.
hasher = PasswordHasher()


@lru_cache(maxsize=4)
def _dummy_hash(params: tuple[int, int, int]) -> str:
    # Verified against when the username is unknown, so both cases take as long.
    return hasher.hash("hearth-no-such-user")


def hash_password(password: str) -> str:
    return hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    target = password_hash or _dummy_hash(
        (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    )
    try:
        return hasher.verify(target, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
