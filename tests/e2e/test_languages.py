"""End to end on the real broker, in other languages: the seed article in Spanish, emitted with
``tocsin emit``, is detected as Spanish by ingest, classified by classify with the Spanish lexicon and alerts
once by email naming both events; an article in Portuguese (no rules) is counted by classify as not
classified, and alerts nothing."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.reliability._harness import Pipeline, email_text, until
from tocsin_notify.testing import smtp_sink
from tocsin_shared.contracts import Article, Event
from tocsin_shared.testing import consume_records

SPANISH_SEED = Path(__file__).resolve().parents[1] / "classify" / "seed_translations" / "es.txt"
PORTUGUESE = (
    "Governo liberta 40 presos políticos após acordo\n"
    "O governo libertou no sábado 40 presos políticos, entre eles dois jornalistas, depois de semanas de "
    "negociações com a União Europeia, informou o Ministério dos Negócios Estrangeiros. Os familiares "
    "esperavam à porta da prisão desde o início da manhã."
)
LABELS = {"prisoner_release": "Prisoners released", "sanctions_lifted": "Sanctions lifted"}


async def _emit(bootstrap: str, topic: str, path: Path) -> None:
    """``tocsin emit TOPIC --raw --file FILE``, as a user types it."""
    command = ("emit", topic, "--raw", "--file", str(path), "--bootstrap", bootstrap)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tocsin_shared.cli", *command, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()


async def test_a_spanish_article_alerts_and_a_portuguese_one_is_counted(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    portuguese = tmp_path / "pt.txt"
    portuguese.write_text(PORTUGUESE, encoding="utf-8")
    pipeline = Pipeline(kafka_bootstrap, tmp_path)
    await pipeline.create_topics()
    with smtp_sink() as smtp:
        await pipeline.start()
        try:
            await pipeline.subscribe([smtp.apprise_url()])
            await _emit(kafka_bootstrap, pipeline.topics.raw, SPANISH_SEED)
            await _emit(kafka_bootstrap, pipeline.topics.raw, portuguese)

            articles = await consume_records(kafka_bootstrap, pipeline.topics.articles, timeout=60, idle=8)
            languages = sorted(Article.model_validate_json(r.value).language or "und" for r in articles)
            assert languages == ["es", "pt"], languages
            records = await consume_records(kafka_bootstrap, pipeline.topics.events, timeout=60, idle=8)
            events = [Event.model_validate_json(r.value) for r in records]
            assert sorted(e.type for e in events) == sorted(LABELS), [e.type for e in events]
            release = next(e for e in events if e.type == "prisoner_release")
            assert (release.people_count, {"BY", "US"} <= set(release.countries)) == (123, True)

            def alerted() -> bool:
                mails = "\n".join(f"{m['Subject']}\n{email_text(m)}" for m in smtp.messages)
                return all(label in mails for label in LABELS.values())

            await until(alerted, 60, "an email naming both events")

            async def counted() -> bool:
                return await pipeline.metric("classify", "tocsin_classify_unclassified_language") >= 1

            await until(counted, 60, "the Portuguese article counted as not classified")
            await asyncio.sleep(3)  # a second alert would arrive now
        finally:
            codes = await pipeline.stop()
        assert set(codes.values()) == {0}, codes
        assert len(smtp.messages) == 1
        assert "Bielorrusia" in email_text(smtp.messages[0]) or "BY" in email_text(smtp.messages[0])
