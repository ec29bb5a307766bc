"""Unsubscribe links: in both parts of a real email and its List-Unsubscribe header, and the real endpoint
that pauses the subscription when the signature is right (400 otherwise, 404 for a deleted subscription)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from tocsin_notify._model import SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._rendering import Templates
from tocsin_notify._settings import NotifySection, NotifySettings, unsubscribe_key_path
from tocsin_notify._unsubscribe import UnsubscribeLinks, unsubscribe_links
from tocsin_notify.main import build_app
from tocsin_notify.testing import sample_event, smtp_sink
from tocsin_shared.settings import KafkaSettings, PlaceholderSecretError

KEY = b"unsubscribe-test-key-0123456789abcdef"


def _parts(message: EmailMessage) -> dict[str, str]:
    return {
        part.get_content_type(): str(part.get_content()) for part in message.walk() if not part.is_multipart()
    }


async def test_an_email_carries_a_link_that_pauses_its_subscription(
    api: FastAPI, api_url: str, api_runtime: Any
) -> None:
    links = UnsubscribeLinks(KEY, api_url)
    api.state.unsubscribe_links = links
    store = api_runtime.store
    section = NotifySection(backoff_base=0.01, max_attempts=2, allow_private_channels=True)
    notifier = Notifier(store, api_runtime.outbox, section, templates=Templates(links=links))
    with smtp_sink() as smtp:
        draft = SubscriptionDraft(
            name="Belarus desk", owner="desk@example.org", channels=(smtp.apprise_url(),)
        )
        sub = await store.create_subscription(draft, now=datetime.now(UTC))
        [record] = await notifier.on_event(sample_event())
        [message] = await smtp.wait_for(1)
    assert record.status == "delivered"
    url = f"{api_url}/unsubscribe/{sub.id}?sig={links.signature(sub.id)}"
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = _parts(message)
    assert f'<a href="{url}">unsubscribe</a>' in parts["text/html"]
    assert url in parts["text/plain"]

    async with httpx.AsyncClient() as http:
        wrong = await http.post(url.replace("sig=", "sig=0"), data={"List-Unsubscribe": "One-Click"})
        other = await http.get(f"{api_url}/unsubscribe/someone-else?sig={links.signature(sub.id)}")
        assert (await store.get_subscription(sub.id)).active
        # A person (or a mail scanner) opening the link gets a page with a button; nothing changes yet.
        opened = await http.get(url)
        assert opened.status_code == 200, opened.text
        assert "Belarus desk" in opened.text
        assert f"action='{url.replace('&', '&amp;')}'" in opened.text
        assert "method=post" in opened.text
        assert (await store.get_subscription(sub.id)).active
        # What a mail client does for RFC 8058's one-click button: POST the header's URL.
        header_url = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"])[1]  # type: ignore[index]
        clicked = await http.post(header_url, data={"List-Unsubscribe": "One-Click"})
        assert clicked.status_code == 200, clicked.text
        assert "Belarus desk" in clicked.text
        assert not (await store.get_subscription(sub.id)).active
        again = await http.get(url)  # the link in the email, opened later: still paused, still 200
        assert again.status_code == 200
        assert await store.delete_subscription(sub.id)
        gone = await http.get(url)
    assert wrong.status_code == 400
    assert wrong.headers["content-type"] == "application/problem+json"
    assert "signature is wrong" in wrong.json()["detail"]
    # Links opened by a person get a page that says what is wrong; the one-click POST above gets problem JSON.
    assert other.status_code == 400
    assert other.headers["content-type"].startswith("text/html")
    assert "This unsubscribe link is not valid (its signature is wrong)." in other.text
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("text/html")
    assert "This subscription no longer exists." in gone.text


async def test_chat_channels_get_no_unsubscribe_link(api_runtime: Any) -> None:
    links = UnsubscribeLinks(KEY, "https://alerts.example.org")
    notifier = Notifier(
        api_runtime.store, api_runtime.outbox, NotifySection(), templates=Templates(links=links)
    )
    draft = SubscriptionDraft(name="Desk", owner="o", channels=("json://h.example.org",))
    sub = await api_runtime.store.create_subscription(draft, now=datetime.now(UTC))
    alert = await notifier.renderer.render([sample_event()], sub)
    assert alert.unsubscribe == links.url(sub.id)
    chat = alert.for_url("json://h.example.org")
    assert chat is not None
    assert "unsubscribe" not in chat.body.lower()
    email = alert.for_url("mailto://127.0.0.1:2525?to=a@example.org&from=b@example.org&mode=insecure")
    assert email is not None
    assert links.url(sub.id) in email.body


def test_development_makes_and_keeps_a_key_production_needs_one(tmp_path: Path) -> None:
    development = NotifySettings(
        home=tmp_path, notify=NotifySection(public_url="https://alerts.example.org/")
    )
    first = unsubscribe_links(development)
    assert unsubscribe_key_path(tmp_path).stat().st_mode & 0o777 == 0o600
    assert unsubscribe_links(development) == first
    assert first.url("s1").startswith("https://alerts.example.org/unsubscribe/s1?sig=")
    assert first.valid("s1", first.signature("s1"))
    assert not first.valid("s2", first.signature("s1"))
    given = NotifySettings(
        home=tmp_path, notify=NotifySection(unsubscribe_key=SecretStr("a-real-key-for-links"))
    )
    assert unsubscribe_links(given).key == b"a-real-key-for-links"

    production = NotifySettings(
        home=tmp_path,
        env="production",
        kafka=KafkaSettings(bootstrap_servers="127.0.0.1:9"),
        notify=NotifySection(
            api_token=SecretStr("a-production-token-0123"), channel_keys=(SecretStr(_fernet()),)
        ),
    )
    with pytest.raises(PlaceholderSecretError, match=r"notify\.unsubscribe_key must be set"):
        build_app(production)


def _fernet() -> str:
    from cryptography.fernet import Fernet  # noqa: PLC0415  only this test needs it

    return Fernet.generate_key().decode()
