"""Unsubscribe links in emails: signed, one per subscription, and the endpoint that pauses it.

Every email carries a link ``<public URL>/unsubscribe/<subscription id>?sig=<signature>`` in its HTML and
text parts, and the same URL in a ``List-Unsubscribe`` header with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058), so mail clients offer their own unsubscribe button. The signature
is an HMAC-SHA256 of the subscription id under ``TOCSIN_NOTIFY__UNSUBSCRIBE_KEY`` (generated and saved under
``TOCSIN_HOME`` in development), so a link works for its subscription only and no one can make one without
the key. ``POST`` on it (the mail client's one-click button, or the page's button) pauses the subscription
(``active: false``; ``tocsin subscriptions resume`` undoes it). ``GET`` (a person opening the link) changes
nothing: it shows a page with that button, because mail scanners and link previews open links on their own
(RFC 8058 section 3.2). Both answer 400 for a wrong signature, 404 for a subscription that no longer exists.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Annotated, Any, Final
from urllib.parse import quote

import structlog
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from tocsin_notify._secrets import load_or_create_key
from tocsin_notify._settings import NotifySettings, unsubscribe_key_path
from tocsin_shared.problems import problem_responses

__all__ = ["ONE_CLICK", "UnsubscribeLinks", "list_unsubscribe", "router", "unsubscribe_links"]

ONE_CLICK: Final = "List-Unsubscribe=One-Click"
_CONTEXT: Final = b"tocsin unsubscribe\x1f"
_log = structlog.get_logger("tocsin.notify.unsubscribe")


@dataclass(frozen=True, slots=True)
class UnsubscribeLinks:
    """Makes and checks unsubscribe links. ``key``: the HMAC key (any length; 32 random bytes or more);
    ``base_url``: where notify's HTTP server is reached from a mail client (``https://alerts.example.org``)."""

    key: bytes
    base_url: str

    def signature(self, subscription_id: str) -> str:
        """The signature of ``subscription_id``: HMAC-SHA256, hex, 64 characters."""
        return hmac.new(self.key, _CONTEXT + subscription_id.encode(), hashlib.sha256).hexdigest()

    def url(self, subscription_id: str) -> str:
        """The link that pauses ``subscription_id``."""
        base = self.base_url.rstrip("/")
        return f"{base}/unsubscribe/{quote(subscription_id, safe='')}?sig={self.signature(subscription_id)}"

    def valid(self, subscription_id: str, signature: str) -> bool:
        """Whether ``signature`` is the signature of ``subscription_id`` (compared in constant time)."""
        return hmac.compare_digest(self.signature(subscription_id).encode(), signature.encode())


def list_unsubscribe(url: str) -> dict[str, str]:
    """The email headers of RFC 2369 and RFC 8058 for the unsubscribe link ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}


def unsubscribe_links(settings: NotifySettings) -> UnsubscribeLinks:
    """The links of ``settings``: UNSUBSCRIBE_KEY, else (development) the key saved under TOCSIN_HOME, made
    on first use. ``PlaceholderSecretError`` (a ValueError) outside development without a real key."""
    given = settings.require_secret("notify.unsubscribe_key", settings.notify.unsubscribe_key)
    key = given.get_secret_value().strip() if given is not None else ""
    if not key:
        path = unsubscribe_key_path(settings.home)
        key, made = load_or_create_key(path)
        if made:
            _log.info("unsubscribe_key_generated", path=str(path))
    return UnsubscribeLinks(key.encode(), settings.public_url)


router = APIRouter()

_DONE: Final = (
    "<!doctype html><html lang=en><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>Unsubscribed</title>"
    "<p>Alerts of the subscription <b>{name}</b> are paused: no more will be sent.</p>"
    "<p>To receive them again: <code>tocsin subscriptions resume {id}</code>.</p></html>"
)
_CONFIRM: Final = (
    "<!doctype html><html lang=en><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>Unsubscribe</title>"
    "<p>Stop the alerts of the subscription <b>{name}</b>?</p>"
    "<form method=post action='{action}'><button type=submit>Unsubscribe</button></form></html>"
)
_FAILED: Final = (
    "<!doctype html><html lang=en><meta charset=utf-8>"
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>Unsubscribe</title>"
    "<p>{reason}.</p><p>Use the link of the latest alert you received, or ask whoever runs Tocsin.</p></html>"
)
_ANSWERS: Final = problem_responses({400: "The signature is wrong.", 404: "No such subscription."})
_SIGNATURE = Annotated[str, Query(max_length=128, description="The link's signature.")]


async def _signed(request: Request, subscription_id: str, sig: str) -> tuple[Any, UnsubscribeLinks]:
    """The store and the links, once the link's signature is checked (503, 400 otherwise)."""
    links: UnsubscribeLinks | None = request.app.state.unsubscribe_links
    store = request.app.state.runtime.store
    if links is None or store is None:
        raise HTTPException(503, "the service is starting; try again in a moment")
    if not links.valid(subscription_id, sig):
        raise HTTPException(400, "this unsubscribe link is not valid (its signature is wrong)")
    return store, links


@router.get("/unsubscribe/{subscription_id}", response_class=HTMLResponse, responses=_ANSWERS)
async def confirm_unsubscribe(subscription_id: str, request: Request, sig: _SIGNATURE = "") -> HTMLResponse:
    """A page asking to confirm (changes nothing: scanners and previews open links by themselves). A person
    opened it: a wrong link gets a page that says so (400, 404), not problem JSON."""
    try:
        store, links = await _signed(request, subscription_id, sig)
    except HTTPException as exc:
        return HTMLResponse(_FAILED.format(reason=escape(str(exc.detail).capitalize())), exc.status_code)
    sub = await store.get_subscription(subscription_id)
    if sub is None:
        return HTMLResponse(_FAILED.format(reason="This subscription no longer exists"), 404)
    action = escape(links.url(subscription_id), quote=True)
    return HTMLResponse(_CONFIRM.format(name=escape(sub.name), action=action))


@router.post("/unsubscribe/{subscription_id}", response_class=HTMLResponse, responses=_ANSWERS)
async def unsubscribe(subscription_id: str, request: Request, sig: _SIGNATURE = "") -> HTMLResponse:
    """Pause the subscription of a signed link (RFC 8058's one-click POST, or the confirmation page)."""
    store, _ = await _signed(request, subscription_id, sig)
    now: datetime = request.app.state.clock()
    changed = await store.update_subscription(subscription_id, {"active": False}, now=now)
    if changed is None:
        raise HTTPException(404, "this subscription no longer exists")
    _log.info("unsubscribed", subscription_id=subscription_id)
    return HTMLResponse(_DONE.format(name=escape(changed.name), id=escape(changed.id)))
