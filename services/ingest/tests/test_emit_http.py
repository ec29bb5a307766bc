"""``tocsin emit --via http`` against ingest's real HTTP server on the real broker: the second sending of an
article is named a duplicate (ingest publishes it once), and a refused article is a one-line error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from click.testing import CliRunner, Result
from pydantic import SecretStr

from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest.main import build_service
from tocsin_shared.cli import tocsin
from tocsin_shared.contracts import Article
from tocsin_shared.settings import HttpServerSettings, KafkaSettings
from tocsin_shared.testing import consume_records, create_topics, serving, unique_id, unique_topics

TOKEN = "emit-over-http-token-7b41"
ARTICLE = {
    "title": "Court orders release of four detained trade unionists",
    "text": (
        "A regional court on Monday ordered the release of four trade unionists held since the spring "
        "strike, their lawyer said; the prosecutor has ten days to appeal the ruling."
    ),
    "url": "https://news.example.org/labour/unionists-released",
}


async def _emit(port: int, lines: str, *more: str, port_from_env: bool = False) -> Result:
    """``tocsin emit --via http`` to the port given by ``--ingest-url``, or (``port_from_env``) by
    ``TOCSIN_INGEST__HTTP_PORT`` alone, as a shell set up for ``tocsin run`` has it."""
    env = {"TOCSIN_INGEST__API_TOKEN": TOKEN, "TOCSIN_INGEST_URL": None}
    if port_from_env:
        env["TOCSIN_INGEST__HTTP_PORT"] = str(port)
        where = []
    else:
        where = ["--ingest-url", f"http://127.0.0.1:{port}"]
    args = ["emit", "--via", "http", *where, *more]
    return await asyncio.to_thread(CliRunner().invoke, tocsin, args, input=lines, env=env)


async def test_emit_over_http_names_the_duplicates(kafka_bootstrap: str, tmp_path: Path) -> None:
    settings = IngestSettings(
        kafka=KafkaSettings(bootstrap_servers=kafka_bootstrap),
        topics=unique_topics(),
        home=tmp_path,
        ingest=IngestSection(group_id=unique_id("ingest"), api_token=SecretStr(TOKEN)),
    )
    await create_topics(kafka_bootstrap, [settings.topics.raw, settings.topics.articles])
    service = build_service(settings)
    await service.app.start()
    try:
        async with serving(service.app, HttpServerSettings()) as port:
            first = await _emit(port, json.dumps(ARTICLE) + "\n")
            again = await _emit(port, json.dumps(ARTICLE) + "\n")
            by_env = await _emit(port, json.dumps(ARTICLE) + "\n", port_from_env=True)
            revised = {**ARTICLE, "text": ARTICLE["text"].replace("four trade", "nine trade")}
            revision = await _emit(port, json.dumps(revised) + "\n")
            refused = await _emit(port, '{"title": "No text"}\n')
            noted = {**ARTICLE, "text": "CAIRO - Egypt freed the activist on Monday.", "url": "javascript:x"}
            dropped_url = await _emit(port, json.dumps(noted) + "\n")
            unauthorised = await _emit(port, json.dumps(ARTICLE) + "\n", "--token", "wrong")
        records = await consume_records(kafka_bootstrap, settings.topics.articles, timeout=20, idle=3)
    finally:
        await service.app.stop()

    assert first.exit_code == 0, first.output
    [published, revised_article, without_url] = [Article.model_validate_json(r.value) for r in records]
    article_id = published.article_id
    assert revision.exit_code == 0, revision.output
    assert (
        f"published {revised_article.article_id} (a revision of {article_id}: the same URL, new facts)\n"
        in revision.output
    )
    assert f"published {article_id}\n" in first.output
    assert "1 published, 0 duplicate(s)" in first.output
    assert again.exit_code == 0, again.output
    assert f"duplicate: ingest already has {article_id}; this copy was dropped\n" in again.output
    assert "0 published, 1 duplicate(s)" in again.output
    assert by_env.exit_code == 0, by_env.output  # reached this server, not the default port
    assert f"duplicate: ingest already has {article_id}" in by_env.output
    assert refused.exit_code == 1
    assert "ingest answered 422 Unprocessable Entity: text: Field required" in refused.output
    assert dropped_url.exit_code == 0, dropped_url.output
    assert without_url.url is None
    assert (
        f"published {without_url.article_id}\n  url dropped: not an absolute http(s) URL: 'javascript:x'\n"
        in dropped_url.output
    )
    assert unauthorised.exit_code == 1
    assert "ingest answered 401 Unauthorized" in unauthorised.output
    assert "TOCSIN_INGEST__API_TOKEN" in unauthorised.output
