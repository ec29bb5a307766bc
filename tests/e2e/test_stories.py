"""End to end on the real broker: reports of real-world events as outlets write them go through ingest,
classify and notify (each a subprocess), and each real-world event is alerted once (issue 13, ADR 7).

Belarus frees 18 political prisoners on Wednesday and another 14 on Thursday: two events, two alerts,
though they share type, country and week. A second outlet's rewrite of Wednesday's release sends nothing;
a follow-up two days later that names people freed on Wednesday is one update, marked as such and linking
back to the first report. A replay of every event from the beginning sends nothing more.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from tests.reliability._harness import Pipeline, until
from tocsin_notify.testing import ReceivedRequest, webhook_sink
from tocsin_shared.testing import produce_records, unique_id

WEDNESDAY = {
    "id": "wire-1",
    "title": "Belarus frees 18 political prisoners",
    "text": (
        "VILNIUS, Nov 25 (Baltic Wire) - Belarus released 18 political prisoners on Wednesday, a "
        "rights group said, the latest in a series of pardons by President Alexander Lukashenko. "
        "Those freed had been jailed after the 2020 protests."
    ),
    "published_at": "2026-11-25T09:00:00Z",
    "source": "Baltic Wire",
    "url": "https://balticwire.example/2026/11/25/belarus-frees-18",
}
REWRITE = {
    "id": "courier-1",
    "title": "Lukashenko pardons 18 jailed opponents",
    "text": (
        "Belarusian authorities freed 18 political prisoners on Wednesday, according to a rights group, in "
        "what diplomats called a gesture towards the West. Most had served more than half of their sentences."
    ),
    "published_at": "2026-11-25T15:30:00Z",
    "source": "Northern Courier",
    "url": "https://courier.example/world/lukashenko-pardons-18",
}
THURSDAY = {
    "id": "daily-1",
    "title": "Belarus frees 14 political prisoners",
    "text": (
        "MINSK, Nov 26 (Minsk Daily) - Belarusian authorities released 14 political prisoners on "
        "Thursday, the presidential press service said. Among them was the blogger Siarhei "
        "Dubrouski, a human rights group said."
    ),
    "published_at": "2026-11-26T11:00:00Z",
    "source": "Minsk Daily",
    "url": "https://minskdaily.example/news/14-freed",
}
NAMES = {
    "id": "wire-2",
    "title": "Names of Belarus prisoners freed on Wednesday published",
    "text": (
        "VILNIUS, Nov 27 (Baltic Wire) - Among the 18 political prisoners Belarus released on Wednesday were "
        "the journalist Pavel Sudnik and the teacher Alena Kurylenka, a rights group said on Friday after "
        "speaking to their families."
    ),
    "published_at": "2026-11-27T10:00:00Z",
    "source": "Baltic Wire",
    "url": "https://balticwire.example/2026/11/27/names-published",
}


def _chat(request: ReceivedRequest) -> tuple[str, str]:
    body = request.json()
    return body["title"], body["message"]


async def test_each_real_world_event_is_alerted_once_and_an_update_as_an_update(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    async with webhook_sink() as chat:
        await pipeline.start()
        try:
            await pipeline.subscribe([chat.apprise_url("/chat")])
            handled = 0.0

            async def report(article: dict[str, Any], alerts: int) -> None:
                """Emit one article; wait until notify has handled its event and ``alerts`` were sent."""
                nonlocal handled
                await produce_records(kafka_bootstrap, pipeline.topics.raw, [json.dumps(article).encode()])

                async def seen() -> bool:
                    return await pipeline.metric("notify", "tocsin_notify_story_reports") > handled

                await until(seen, 60, f"notify handling {article['id']}")
                handled = await pipeline.metric("notify", "tocsin_notify_story_reports")
                await until(lambda: len(chat.received) >= alerts, 60, f"{alerts} alert(s)")
                await asyncio.sleep(1.5)  # an alert too many would come now
                assert len(chat.received) == alerts, [_chat(r)[0] for r in chat.received]

            await report(WEDNESDAY, 1)
            await report(REWRITE, 1)  # the same release, another outlet: nothing
            await report(THURSDAY, 2)  # same state, same week, another release: an alert of its own
            await report(NAMES, 3)  # Wednesday's release, with names: one update

            # notify restarts in a new consumer group: every event is read again; nothing is sent again.
            await pipeline.stop("notify")
            pipeline.groups["notify"] = unique_id("notify-replay")
            await pipeline.start("notify")

            async def replayed() -> bool:
                return await pipeline.metric("notify", "tocsin_notify_story_reports") >= 4

            await until(replayed, 60, "the replay of every event")
            await asyncio.sleep(3)
        finally:
            codes = await pipeline.stop()
        assert set(codes.values()) == {0}, codes

    (first, first_text), (second, _), (update, update_text) = map(_chat, chat.received)
    assert "18 people" in first
    assert "Belarus" in first
    assert "14 people" in second
    assert "Wednesday 25 November 2026" in first_text
    assert update.startswith("[Tocsin] Update: ")
    assert "Pavel Sudnik" in update_text
    assert "Alena Kurylenka" in update_text
    assert WEDNESDAY["url"] in update_text  # links back to the first report
    reference = update_text.split("T-", 1)[1][:6]
    assert f"T-{reference}" in first_text  # the same short reference as the first alert
