"""Secrets people type (the facilitator's passphrase, a workshop's passcode), kept only as a
salted scrypt hash: memory-hard, so a stolen database does not give them away cheaply."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def hash_secret(secret: str, salt: bytes | None = None) -> dict[str, str]:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return {"salt": salt.hex(), "hash": digest.hex()}


def secret_matches(secret: str, stored: dict[str, str]) -> bool:
    try:
        salt = bytes.fromhex(stored["salt"])
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(hash_secret(secret, salt)["hash"], str(stored.get("hash", "")))
