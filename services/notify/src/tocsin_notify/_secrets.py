"""Secrets of notify: channel URLs encrypted at rest, API tokens kept as hashes, private state files.

Channel URLs hold SMTP passwords and webhook tokens. The store keeps each one as a Fernet token
(AES-128-CBC with HMAC-SHA256, from ``cryptography``) made with the first of the configured keys; every
configured key decrypts (``MultiFernet``), so a key is rotated by putting the new one first, restarting
(start-up re-encrypts what an older key made) and then dropping the old one. See ``docs/security.md``.

API tokens are random (32 bytes, URL-safe base64); only their SHA-256 digest is stored or kept in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = [
    "ChannelCipher",
    "UndecryptableError",
    "hash_token",
    "load_or_create_key",
    "new_token",
    "private_file",
]

_FERNET_PREFIX: Final = "gAAAAA"  # every Fernet token: version byte 0x80 and a 64-bit timestamp, base64
_CACHED: Final = 16_384  # decrypted channels remembered (by token: a changed channel is a new token)


class UndecryptableError(RuntimeError):
    """A stored channel cannot be decrypted by any configured key (a key was dropped too early)."""


class ChannelCipher:
    """Encrypts channel URLs with the first key; decrypts with any of them.

    ``keys``: Fernet keys (32 url-safe base64-encoded bytes each, as ``Fernet.generate_key()`` makes), the
    one to encrypt with first. Raises ``ValueError`` naming the position of a malformed key.
    """

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            msg = "at least one channel key is needed"
            raise ValueError(msg)
        fernets = []
        for index, key in enumerate(keys):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError):
                msg = f"channel key [{index}] is not a Fernet key (32 url-safe base64-encoded bytes)"
                raise ValueError(msg) from None
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)
        # The pipeline reads every active subscription per batch; decrypting costs ~30 us per channel.
        self._plain: dict[str, str] = {}

    @classmethod
    def ephemeral(cls) -> ChannelCipher:
        """A cipher with a key that lives as long as the object (tests, tools): nothing it made survives."""
        return cls([Fernet.generate_key()])

    def encrypt(self, url: str) -> str:
        """The Fernet token of ``url`` (ASCII), made with the first key."""
        return self._primary.encrypt(url.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The URL inside ``token``; ``UndecryptableError`` when no configured key made it."""
        plain = self._plain.get(token)
        if plain is not None:
            return plain
        try:
            plain = self._all.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            msg = "a stored channel cannot be decrypted with any of TOCSIN_NOTIFY__CHANNEL_KEYS"
            raise UndecryptableError(msg) from None
        if len(self._plain) >= _CACHED:
            self._plain.clear()
        self._plain[token] = plain
        return plain

    def is_current(self, token: str) -> bool:
        """Whether ``token`` was made with the first key (else :meth:`rotate` it)."""
        try:
            self._primary.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeError):
            return False
        return True

    def rotate(self, token: str) -> str:
        """``token`` made again with the first key (``UndecryptableError`` if no key can read it)."""
        try:
            return self._all.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            msg = "a stored channel cannot be decrypted with any of TOCSIN_NOTIFY__CHANNEL_KEYS"
            raise UndecryptableError(msg) from None

    @staticmethod
    def is_encrypted(value: str) -> bool:
        """Whether a stored value is a Fernet token rather than a plain URL (rows written before 0002)."""
        return value.startswith(_FERNET_PREFIX) and "://" not in value


def new_token() -> str:
    """A new API token: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 digest of a token, hex (64 characters): what is stored and compared."""
    return hashlib.sha256(token.encode()).hexdigest()


def private_file(path: Path) -> None:
    """Create ``path`` if missing, readable and writable by this user only (0600); tighten it if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(descriptor)
    path.chmod(0o600)


def load_or_create_key(path: Path) -> tuple[str, bool]:
    """The channel key saved in ``path``, else a new one saved there (mode 0600); and whether it is new.

    Replicas starting together agree on one key: the new key is written to a private temporary file and
    linked into place, which fails if another process got there first; its key is then read and used.
    """
    with contextlib.suppress(OSError):
        saved = path.read_text(encoding="ascii").strip()
        if saved:
            return saved, False
    key = Fernet.generate_key().decode("ascii")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    try:
        os.link(partial, path)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip(), False
    finally:
        partial.unlink()
    return key, True
