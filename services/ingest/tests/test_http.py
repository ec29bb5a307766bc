"""``POST /v1/articles``, ``/healthz``, ``/readyz`` and ``/metrics``: in memory for every answer, and once
end to end on the real broker."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from pydantic import SecretStr
from structlog.testing import capture_logs

from tocsin_ingest._settings import IngestSection, IngestSettings
from tocsin_ingest.main import IngestService, build_service
from tocsin_shared.contracts import Article
from tocsin_shared.settings import HttpServerSettings, KafkaSettings
from tocsin_shared.testing import (
    consume_records,
    create_topics,
    send_slowly,
    serving,
    unique_id,
    unique_topics,
)

TOKEN = "s3cret-ingest-token-for-tests"


def _settings(tmp_path: Path, bootstrap: str = "127.0.0.1:9", **section: Any) -> IngestSettings:
    return IngestSettings(
        kafka=KafkaSettings(bootstrap_servers=bootstrap),
        topics=unique_topics(),
        home=tmp_path,
        ingest=IngestSection(group_id=unique_id("ingest"), **section),
    )


class Api:
    def __init__(self, service: IngestService, client: httpx.AsyncClient) -> None:
        self.service = service
        self.client = client
        self.published: list[Article] = []


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    service = build_service(
        _settings(tmp_path, api_token=SecretStr(TOKEN), max_message_bytes=4_096, max_articles_per_request=3)
    )
    transport = httpx.ASGITransport(app=service.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
        wrapped = Api(service, client)

        @service.broker.subscriber(service.settings.topics.articles, group_id="t")
        async def on_article(msg: KafkaMessage) -> None:
            wrapped.published.append(Article.model_validate_json(msg.body))

        await service.store.create()
        async with TestKafkaBroker(service.broker):
            yield wrapped
        await service.store.close()


def _post(api: Api, body: Any, *, token: str | None = TOKEN, **headers: str) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"content-type": "application/json", **headers}
    if token is not None:
        sent["authorization"] = f"Bearer {token}"
    return api.client.post("/v1/articles", content=data, headers=sent)


async def test_one_article_is_accepted_and_published(api: Api) -> None:
    body = {"title": "Eritrea frees journalists", "text": "<p>ASMARA - Three journalists were freed.</p>"}
    response = await _post(api, body, **{"x-correlation-id": "req-1"})
    assert response.status_code == 202
    answer = response.json()
    [article] = api.published
    assert answer["articles"] == [{"article_id": article.article_id, "duplicate": False}]
    assert (answer["published"], answer["duplicates"], answer["correlation_id"]) == (1, 0, "req-1")
    assert (article.origin, article.text, article.correlation_id) == (
        "http",
        "ASMARA - Three journalists were freed.",
        "req-1",
    )


async def test_double_escaped_entities_reach_the_article_as_characters(api: Api) -> None:
    body = {
        "title": "Iran frees &amp;quot;Evin&amp;quot; inmates",
        "text": "<p>TEHRAN - Inmates of &amp;quot;Evin&amp;quot; were freed; one wrote &amp;lt;b&amp;gt;</p>",
    }
    assert (await _post(api, body)).status_code == 202
    [article] = api.published
    assert article.title == 'Iran frees "Evin" inmates'
    assert article.text == 'TEHRAN - Inmates of "Evin" were freed; one wrote <b>'


async def test_a_dropped_url_is_named_in_the_answer_and_the_log(api: Api) -> None:
    kept = {"text": "BAKU - Azerbaijan freed two journalists.", "url": "https://wire.example.net/baku"}
    dropped = {"text": "CAIRO - Egypt freed the activist on Monday.", "url": "javascript:alert(1)"}
    with capture_logs() as logs:
        response = await _post(api, [kept, dropped])
    assert response.status_code == 202
    rows = response.json()["articles"]
    note = "url dropped: not an absolute http(s) URL: 'javascript:alert(1)'"
    assert "notes" not in rows[0]
    assert rows[1]["notes"] == [note]
    assert [a.url for a in api.published] == ["https://wire.example.net/baku", None]
    [logged] = [line for line in logs if line["event"] == "fields_dropped"]
    assert (logged["log_level"], logged["notes"]) == ("warning", [note])
    assert logged["article_id"] == rows[1]["article_id"]
    assert logged["correlation_id"] == response.json()["correlation_id"]
    document = (await api.client.get("/v1/openapi.json")).json()
    accepted = document["paths"]["/v1/articles"]["post"]["responses"]["202"]["content"]["application/json"]
    assert accepted["schema"] == {"$ref": "#/components/schemas/Accepted"}
    assert "notes" in document["components"]["schemas"]["AcceptedArticle"]["properties"]


async def test_a_lone_surrogate_is_replaced_and_noted_in_the_answer(api: Api) -> None:
    body = (
        b'[{"text": "TUNIS - Tunisia freed two bloggers."}, {"title": "Cuba frees\\udc00 dissidents", '
        b'"text": "HAVANA - Cuba freed 12 dissidents\\ud800\\ud800."}]'
    )
    response = await _post(api, body)
    assert response.status_code == 202, response.text
    rows = response.json()["articles"]
    assert "notes" not in rows[0]
    replaced = "is not text: replaced with U+FFFD"
    assert rows[1]["notes"] == [
        f"title: a lone UTF-16 surrogate \\udc00 at character 11 {replaced}",
        f"text: a lone UTF-16 surrogate \\ud800 at character 34 {replaced} (and 1 more)",
    ]
    cuba = api.published[1]
    assert (cuba.title, cuba.text) == (
        "Cuba frees\ufffd dissidents",
        "HAVANA - Cuba freed 12 dissidents\ufffd\ufffd.",
    )


async def test_a_list_reports_which_were_duplicates(api: Api, articles: dict[str, str]) -> None:
    wire = {"text": articles["belarus-release-dec.wire"].partition("\n")[2], "url": "https://a.example/syria"}
    rerun = {
        "text": articles["belarus-release-dec.rerun"].partition("\n")[2],
        "url": "https://b.example/syria",
    }
    response = await _post(api, [wire, rerun, wire])
    assert response.status_code == 202
    rows = response.json()["articles"]
    assert [row["duplicate"] for row in rows] == [False, True, True]
    assert rows[1]["duplicate_of"] == rows[0]["article_id"] == rows[2]["article_id"]
    assert len(api.published) == 1
    again = await _post(api, wire)
    assert again.json()["articles"][0]["duplicate"] is True


UPDATED_URL = "https://wire.example.net/asia/uzbekistan-bloggers?utm_source=feed"
FIRST_VERSION = {
    "title": "Uzbekistan frees 8 jailed bloggers",
    "text": "TASHKENT, Dec 1 - Uzbekistan freed eight jailed bloggers on Monday under a presidential pardon, "
    "the justice ministry said.\nThe bloggers had been held for criticising local officials.",
    "url": UPDATED_URL,
}
UPDATED_VERSION = {
    "title": "UPDATE 2-Uzbekistan frees 31 jailed bloggers, including satirist Dilnoza Rakhimova",
    "text": "TASHKENT, Dec 1 - Uzbekistan freed 31 jailed bloggers on Monday under a presidential pardon, "
    "including the satirist Dilnoza Rakhimova, the justice ministry said.\nThe bloggers had been held for "
    "criticising local officials.",
    "url": UPDATED_URL,
}


async def test_an_article_updated_at_the_same_url_is_published_as_a_revision(api: Api) -> None:
    first = (await _post(api, FIRST_VERSION)).json()["articles"][0]
    with capture_logs() as logs:
        response = await _post(api, UPDATED_VERSION)
    assert response.status_code == 202
    [row] = response.json()["articles"]
    assert row == {"article_id": row["article_id"], "duplicate": False, "revision_of": first["article_id"]}
    assert row["article_id"] != first["article_id"]
    assert response.json()["published"] == 1
    [published] = [line for line in logs if line["event"] == "published"]
    assert (published["kind"], published["revision_of"], published["article_id"]) == (
        "revision",
        first["article_id"],
        row["article_id"],
    )
    assert published["url"] == "https://wire.example.net/asia/uzbekistan-bloggers"
    assert [a.article_id for a in api.published] == [first["article_id"], row["article_id"]]
    assert "Dilnoza Rakhimova" in api.published[1].text
    # Re-sending either version is a duplicate of that version; nothing more is published.
    again = (await _post(api, [UPDATED_VERSION, FIRST_VERSION])).json()["articles"]
    assert [(r["duplicate"], r["duplicate_of"]) for r in again] == [
        (True, row["article_id"]),
        (True, first["article_id"]),
    ]
    assert len(api.published) == 2


async def test_a_light_edit_at_the_same_url_is_a_revision_and_an_unchanged_copy_a_duplicate(api: Api) -> None:
    first = (await _post(api, FIRST_VERSION)).json()["articles"][0]
    unchanged = {**FIRST_VERSION, "url": UPDATED_URL.replace("?utm_source=feed", "#top")}  # the same URL
    again = (await _post(api, unchanged)).json()["articles"][0]
    assert (again["duplicate"], again["duplicate_of"]) == (True, first["article_id"])
    # A name added at the end, the lede as it was: notify decides whether that is news (it is: a name).
    named = {**unchanged, "text": FIRST_VERSION["text"] + " Among them was the blogger Otabek Sattoriy."}
    edited = (await _post(api, named)).json()["articles"][0]
    assert (edited["duplicate"], edited["revision_of"]) == (False, first["article_id"])
    assert len(api.published) == 2


async def test_concurrent_requests_share_claim_transactions_and_publish_each_story_once(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = api.service.store
    transactions: list[int] = []
    real = store.claim_batches

    async def counted(batches: Any, **kwargs: Any) -> Any:
        transactions.append(len(batches))
        return await real(batches, **kwargs)

    monkeypatch.setattr(store, "claim_batches", counted)
    stories = [
        {"title": f"Story {i}", "text": f"TUNIS - Report number {i} of a long day."} for i in range(12)
    ]
    repeat = {"title": "Story 0", "text": "TUNIS - Report number 0 of a long day."}
    responses = await asyncio.gather(*(_post(api, body) for body in [*stories, repeat]))
    assert [r.status_code for r in responses] == [202] * 13
    assert sorted(a.title or "" for a in api.published) == sorted(s["title"] for s in stories)
    assert sum(r.json()["duplicates"] for r in responses) == 1
    assert len(transactions) < 13  # requests that arrived while a claim ran were claimed together
    assert max(transactions) > 1


@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("wrong-token", 401), ("", 401)],
)
async def test_missing_or_wrong_token_is_401(api: Api, token: str | None, status: int) -> None:
    response = await _post(api, {"text": "Body."}, token=token)
    assert response.status_code == status
    assert response.headers["www-authenticate"] == "Bearer"
    assert "bearer token" in response.json()["detail"]
    assert not api.published


async def test_wrong_content_type_is_415(api: Api) -> None:
    response = await api.client.post(
        "/v1/articles",
        content=b"text=Body",
        headers={"content-type": "application/x-www-form-urlencoded", "authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({"content-type": "application/json; charset=latin-1"}, "must be UTF-8 JSON, not charset=latin-1"),
        ({"content-type": "application/json", "content-encoding": "gzip"}, "Content-Encoding gzip"),
    ],
)
async def test_a_body_in_another_charset_or_compressed_is_415_not_misread(
    api: Api, headers: dict[str, str], detail: str
) -> None:
    body = (
        gzip.compress(b'{"text": "Body"}')
        if "content-encoding" in headers
        else '{"text": "Bod\u00e9"}'.encode("latin-1")
    )
    response = await api.client.post(
        "/v1/articles", content=body, headers={**headers, "authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 415
    assert detail in response.json()["detail"]
    assert not api.published
    for declared in ('charset="UTF-8"', "charset=us-ascii"):  # UTF-8 in any case, quoted or not; ASCII
        plain = await api.client.post(
            "/v1/articles",
            content=b'{"text": "Body"}',
            headers={"content-type": f"application/json; {declared}", "authorization": f"Bearer {TOKEN}"},
        )
        assert plain.status_code == 202, declared


async def test_a_body_that_starts_with_a_byte_order_mark_is_read(api: Api) -> None:
    body = (
        b"\xef\xbb\xbf"
        + json.dumps({"title": "Eritrea frees journalists", "text": "Three were freed."}).encode()
    )
    response = await _post(api, body)
    assert response.status_code == 202, response.text
    assert [a.title for a in api.published] == ["Eritrea frees journalists"]


async def test_body_over_the_limit_is_413(api: Api) -> None:
    response = await _post(api, {"text": "x" * 5_000})
    assert response.status_code == 413
    assert "4,096" in response.json()["detail"]


async def test_body_over_the_limit_without_content_length_is_413(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b" " * 1_000

    response = await api.client.post(
        "/v1/articles",
        content=chunks(),
        headers={"content-type": "application/json", "authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "status", "detail", "field"),
    [
        (b"{not json", 400, "not valid JSON", "body"),
        (b"\xff\xfe", 400, "not UTF-8", "body"),
        ({"title": "no text"}, 422, "text: Field required", "text"),
        ([{"text": "ok"}, {"text": 5}], 422, "[1].text: Input should be a valid string", "[1].text"),
        ({"text": "x", "schema_version": 2}, 422, "schema_version 2", "body"),
        ({"text": "Body.", "published_at": "tomorrow"}, 422, "published_at: not a date", "published_at"),
        ([{"text": "Body."}, {"text": "<p> </p>"}], 422, "[1].text: no readable text", "[1].text"),
        ([{"text": "Body."}, "a string"], 422, "[1]: expected a JSON object", "[1]"),
        ([], 422, "the list is empty", "body"),
        ([{"text": "a"}, {"text": "b"}, {"text": "c"}, {"text": "d"}], 422, "the limit is 3", "body"),
        ("just a string", 422, "expected a JSON object", "body"),
    ],
)
async def test_bad_bodies_say_what_is_wrong_and_publish_nothing(
    api: Api, body: Any, status: int, detail: str, field: str
) -> None:
    response = await _post(api, body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert detail in problem["detail"]
    assert problem["status"] == status
    [error] = problem["errors"]
    assert error["field"] == field
    assert problem["detail"] == (error["problem"] if field == "body" else f"{field}: {error['problem']}")
    assert not api.published


async def test_a_wrong_method_or_an_unknown_path_is_a_problem_too(api: Api) -> None:
    listed = await api.client.get("/v1/articles")
    assert (listed.status_code, listed.headers["content-type"]) == (405, "application/problem+json")
    assert listed.json()["detail"] == "Method Not Allowed"
    assert listed.headers["allow"] == "POST"
    lost = await api.client.post("/v1/article", content=b"{}")
    assert (lost.status_code, lost.headers["content-type"]) == (404, "application/problem+json")
    assert lost.json()["detail"] == "no such path: /v1/article (the API is /v1/articles)"


async def test_errors_are_rfc_9457_problems(api: Api) -> None:
    refused = await _post(api, {"title": "no text"})
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json() == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "text: Field required",
        "errors": [{"field": "text", "problem": "Field required"}],
        "error": "invalid_contract",
    }
    unauthorised = await _post(api, {"text": "Body."}, token=None)
    assert unauthorised.json()["title"] == "Unauthorized"
    assert unauthorised.json()["status"] == 401
    documented = (await api.client.get("/v1/openapi.json")).json()
    answers = documented["paths"]["/v1/articles"]["post"]["responses"]
    for status in ("400", "401", "413", "415", "422", "503"):
        assert answers[status]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }, status
    problem = documented["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail", "errors"]


async def test_health_ready_and_metrics(api: Api) -> None:
    assert (await api.client.get("/healthz")).json()["status"] == "alive"
    await _post(api, {"text": "Body."}, token=None)
    metrics = (await api.client.get("/metrics")).text
    assert 'tocsin_ingest_http_rejected_total{status="401"} 1.0' in metrics
    assert "tocsin_ingest_articles_published_total" in metrics


async def test_no_token_configured_means_open_api(tmp_path: Path) -> None:
    service = build_service(_settings(tmp_path))
    await service.store.create()
    transport = httpx.ASGITransport(app=service.app)
    async with (
        TestKafkaBroker(service.broker),
        httpx.AsyncClient(transport=transport, base_url="http://ingest") as client,
    ):
        response = await client.post("/v1/articles", json={"text": "Open API article."})
    await service.store.close()
    assert response.status_code == 202


async def test_http_articles_reach_the_real_broker_and_readyz_checks_it(
    kafka_bootstrap: str, tmp_path: Path, articles: dict[str, str]
) -> None:
    settings = _settings(tmp_path, kafka_bootstrap, api_token=SecretStr(TOKEN))
    await create_topics(kafka_bootstrap, [settings.topics.raw, settings.topics.articles])
    service = build_service(settings)
    await service.app.start()
    try:
        transport = httpx.ASGITransport(app=service.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
            ready = await client.get("/readyz")
            body = [
                {"title": "Cuba to free 553 prisoners", "text": articles["cuba-vatican-release.wire"]},
                {"title": "China lifts sanctions on MEPs", "text": articles["china-lifts-meps.wire"]},
            ]
            response = await client.post(
                "/v1/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"}
            )
        records = await consume_records(kafka_bootstrap, settings.topics.articles, count=2, timeout=60)
    finally:
        await service.app.stop()
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"kafka": "ok", "database": "ok"}
    assert response.status_code == 202
    ids = [row["article_id"] for row in response.json()["articles"]]
    assert [record.key for record in records] == [i.encode() for i in ids]
    assert {Article.model_validate_json(r.value).origin for r in records} == {"http"}


async def test_readyz_is_503_when_the_broker_is_not_connected(tmp_path: Path) -> None:
    service = build_service(_settings(tmp_path))
    await service.store.create()
    transport = httpx.ASGITransport(app=service.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
        response = await client.get("/readyz")
    await service.store.close()
    assert response.status_code == 503
    assert response.json()["checks"]["kafka"] == "failing"


async def test_a_slow_client_is_cut_off_by_the_http_server(api: Api) -> None:
    limits = HttpServerSettings(header_timeout_seconds=0.5, body_timeout_seconds=0.5)
    head = (
        "POST /v1/articles HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Length: 3000\r\n\r\n"
    ).encode()
    async with serving(api.service.app, limits) as port:
        slow_body = await send_slowly(port, head + b'{"url": ', b" " * 400)
        slow_head = await send_slowly(port, head[:30], b"X" * 400)
    for outcome in (slow_body, slow_head):
        assert outcome.closed
        assert outcome.answer.startswith(b"HTTP/1.1 408 ")
    assert api.published == []
