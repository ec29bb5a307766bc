"""End to end on the real broker: the seed article, emitted with ``tocsin emit``, goes through ingest,
classify and notify (each a subprocess) and ends as ONE email and ONE chat message, each naming both events
(prisoner release and sanctions lifted);
a restart of notify with a replay of every event, and the article emitted again, send nothing more."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.reliability._harness import Pipeline, email_text, until
from tocsin_notify.testing import ReceivedRequest, smtp_sink, webhook_sink
from tocsin_shared.contracts import Event
from tocsin_shared.testing import consume_records, unique_id

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_article.txt"
LABELS = {"prisoner_release": "Prisoners released", "sanctions_lifted": "Sanctions lifted"}


async def _emit(bootstrap: str, topic: str) -> None:
    """``tocsin emit TOPIC --raw --file seed_article.txt``, as a user types it."""
    command = ("emit", topic, "--raw", "--file", str(SEED), "--bootstrap", bootstrap)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tocsin_shared.cli", *command, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()


def _chat_text(request: ReceivedRequest) -> str:
    body = request.json()
    return f"{body['title']}\n{body['message']}"


async def test_seed_article_alerts_once_by_email_and_chat_and_a_replay_adds_nothing(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    async with webhook_sink() as chat:
        with smtp_sink() as smtp:
            await pipeline.start()
            try:
                await pipeline.subscribe([smtp.apprise_url(), chat.apprise_url("/chat")])
                await _emit(kafka_bootstrap, pipeline.topics.raw)

                records = await consume_records(kafka_bootstrap, pipeline.topics.events, timeout=60, idle=8)
                events = [Event.model_validate_json(r.value) for r in records]
                assert {e.type for e in events} == set(LABELS), [e.type for e in events]
                assert len({e.article_id for e in events}) == 1

                def covered() -> bool:
                    mails = "\n".join(f"{m['Subject']}\n{email_text(m)}" for m in smtp.messages)
                    chats = "\n".join(_chat_text(r) for r in chat.received)
                    return all(label in mails and label in chats for label in LABELS.values())

                await until(covered, 60, "an email and a chat message naming both events")
                # notify groups an article's events: one alert per channel names both.
                expected = 1

                # notify restarts in a new consumer group (a replay of every event from the beginning),
                # and the same article is emitted once more (ingest drops it as a duplicate).
                await pipeline.stop("notify")
                pipeline.groups["notify"] = unique_id("notify-replay")
                await pipeline.start("notify")
                await _emit(kafka_bootstrap, pipeline.topics.raw)

                async def replayed() -> bool:
                    return await pipeline.metric("notify", "tocsin_notify_events") >= len(events)

                await until(replayed, 60, "the replay of every event")
                await until(
                    lambda: pipeline.metric("ingest", "tocsin_ingest_duplicates"), 60, "the second copy"
                )
                await asyncio.sleep(3)  # anything sent twice would arrive now
            finally:
                codes = await pipeline.stop()
            assert set(codes.values()) == {0}, codes

            assert len(smtp.messages) == expected
            assert len(chat.received) == expected
            mails = list(smtp.messages)
            for label in LABELS.values():  # the one email and the one chat message each name both events
                assert label in f"{mails[0]['Subject']}\n{email_text(mails[0])}"
                assert label in _chat_text(chat.received[0])
            for mail in mails:
                assert mail["Subject"].startswith("[Tocsin] ")
                kinds = {p.get_content_type() for p in mail.walk()}
                assert {"text/plain", "text/html"} <= kinds, kinds
                assert "Belarus" in email_text(mail) or "BY" in email_text(mail)
            all_mail = "\n".join(f"{m['Subject']}\n{email_text(m)}" for m in mails)
            all_chat = "\n".join(_chat_text(r) for r in chat.received)
            for label in LABELS.values():
                assert label in all_mail
                assert label in all_chat
            assert all(r.path == "/chat" and json.loads(r.body)["title"] for r in chat.received)
