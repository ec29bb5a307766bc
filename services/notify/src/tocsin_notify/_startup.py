"""What notify checks and prepares before it starts: the API's tokens (a development token made and saved
when none is configured), the channel cipher, and a private state folder. ``ConfigurationError`` when the
settings cannot work."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import structlog

from tocsin_notify._secrets import ChannelCipher, load_or_create_key
from tocsin_notify._settings import NotifySettings, channel_key_path, token_path

__all__ = [
    "ConfigurationError",
    "DevToken",
    "announce_dev_token",
    "api_tokens",
    "channel_cipher",
    "configured_cipher",
    "dev_token",
    "private_home",
    "save_dev_token",
]

_MIN_TOKEN = 16
_log = structlog.get_logger("tocsin.notify")


class ConfigurationError(RuntimeError):
    """The service cannot start with these settings; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DevToken:
    """The API token of a development run: generated now, or the one an earlier development run saved;
    ``saved`` once it is in its file."""

    value: str
    path: Path
    reused: bool
    saved: bool = False


def _read_token(path: Path) -> str | None:
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return saved if len(saved) >= _MIN_TOKEN and not any(c.isspace() for c in saved) else None


def dev_token(home: Path) -> DevToken:
    """The token saved under ``home`` by an earlier run, else a new one saved now — unless a process
    starting at the same moment saved its own first: then that one. Replicas sharing a home share a token.

    A token that cannot be saved (a read-only home) is returned unsaved; :func:`announce_dev_token` says so.
    """
    path = token_path(home)
    if (saved := _read_token(path)) is not None:
        return DevToken(saved, path, reused=True, saved=True)
    token = DevToken(secrets.token_urlsafe(24), path, reused=False)
    try:
        return _create_token_file(token)
    except OSError:
        return token


def _write_partial(token: DevToken) -> Path:
    token.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = token.path.with_name(f".{token.path.name}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token.value + "\n")
    partial.chmod(0o600)
    return partial


def _create_token_file(token: DevToken) -> DevToken:
    """Create the token file only if there is none (a hard link of a complete file: one process wins, and
    no reader sees it half-written); if another process created it first, its token."""
    partial = _write_partial(token)
    try:
        os.link(partial, token.path)
    except FileExistsError:
        if (winner := _read_token(token.path)) is not None:
            return DevToken(winner, token.path, reused=True, saved=True)
        partial.replace(token.path)  # an unusable file left by something else: ours replaces it
    finally:
        partial.unlink(missing_ok=True)
    return replace(token, saved=True)


def save_dev_token(token: DevToken) -> None:
    """Write the token to its file, readable by this user only (mode 0600), atomically."""
    partial = _write_partial(token)
    partial.replace(token.path)


def api_tokens(settings: NotifySettings) -> tuple[tuple[str, ...], DevToken | None]:
    """The accepted bearer tokens, and the development token when it is the one (no token configured, and
    ``settings.generates_token``: development, unless DEV_MODE=false)."""
    tokens = settings.accepted_tokens()
    if tokens:
        return tokens, None
    if settings.generates_token:
        token = dev_token(settings.home)
        return (token.value,), token
    msg = (
        "the notify API needs a bearer token: set TOCSIN_NOTIFY__API_TOKEN (or TOCSIN_NOTIFY__API_TOKENS "
        "as a JSON list)"
    )
    if settings.env == "development":
        msg += "; or leave TOCSIN_NOTIFY__DEV_MODE unset, and development generates one"
    raise ConfigurationError(msg)


def configured_cipher(settings: NotifySettings) -> ChannelCipher | None:
    """The cipher of TOCSIN_NOTIFY__CHANNEL_KEYS; None when none is set in development (see
    :func:`channel_cipher`). ``ConfigurationError`` in production without keys, or with a malformed one."""
    keys = [k.get_secret_value().strip() for k in settings.notify.channel_keys]
    if not keys:
        if settings.env == "development":
            return None
        msg = (
            "the notify store encrypts channel URLs: set TOCSIN_NOTIFY__CHANNEL_KEYS to a JSON list of "
            "Fernet keys (see docs/security.md)"
        )
        raise ConfigurationError(msg)
    try:
        return ChannelCipher(keys)
    except ValueError as exc:
        msg = f"TOCSIN_NOTIFY__CHANNEL_KEYS: {exc}"
        raise ConfigurationError(msg) from None


def channel_cipher(settings: NotifySettings) -> ChannelCipher:
    """:func:`configured_cipher`, else (development) the key saved under TOCSIN_HOME, made on first use."""
    configured = configured_cipher(settings)
    if configured is not None:
        return configured
    path = channel_key_path(settings.home)
    key, made = load_or_create_key(path)
    if made:
        _log.info("channel_key_generated", path=str(path))
    return ChannelCipher([key])


def private_home(home: Path) -> None:
    """Make the state folder readable by this user only (0700): it holds the database, keys and tokens.
    A folder this user may not change (a mounted volume) is left as it is, with a warning."""
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        home.chmod(0o700)
    except OSError as exc:
        _log.warning("home_not_private", home=str(home), reason=exc.strerror or str(exc))


def announce_dev_token(token: DevToken) -> None:
    """Save the development token for the CLI and print it where the person running notify sees it."""
    try:
        if not token.saved:
            save_dev_token(token)
    except OSError as exc:
        where = f"could not be saved in {token.path} ({exc.strerror or exc}); pass it to the CLI with --token"
    else:
        where = (
            f"saved in {token.path.resolve()} (readable by you only); `tocsin subscribe`, "
            "`tocsin subscriptions` and `tocsin test-alert` read it from there"
        )
    origin = "the one saved by an earlier run" if token.reused else "generated"
    print(
        f"notify: no TOCSIN_NOTIFY__API_TOKEN is set (development), so the API takes this token ({origin}):\n"
        f"notify:     {token.value}\n"
        f"notify: {where}",
        file=sys.stderr,
        flush=True,
    )
