"""notify's API, fuzzed from its own OpenAPI document (schemathesis, property-based): valid and invalid
requests of every operation never get a 5xx, and no write goes through without a valid token.

notify runs as a subprocess on the real broker, as in production. ``TOCSIN_RELIABILITY_API_EXAMPLES``
(default 60) is the number of generated requests per operation and mode.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.schemas import BaseSchema

from tests.reliability._harness import TOKEN, Pipeline

EXAMPLES = int(os.environ.get("TOCSIN_RELIABILITY_API_EXAMPLES", "60"))
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def notify_api(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pipeline = Pipeline(
        kafka_bootstrap,
        tmp_path_factory.mktemp("notify-api"),
        # Test alerts to generated channels fail fast.
        extra={"notify": {"TOCSIN_NOTIFY__SEND_TIMEOUT": "2", "TOCSIN_NOTIFY__MAX_ATTEMPTS": "1"}},
    )
    asyncio.run(pipeline.create_topics())
    asyncio.run(pipeline.start("notify"))
    try:
        yield pipeline.url("notify", "")
    finally:
        codes = asyncio.run(pipeline.stop())
        assert codes == {"notify": 0}, pipeline.log("notify").read_text()[-3000:]


@pytest.fixture(scope="module")
def notify_schema(notify_api: str) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{notify_api}/openapi.json")


@pytest.fixture
def existing(notify_api: str) -> str:
    """A subscription that exists, so that requests about one reach past the 404."""
    answer = httpx.post(
        f"{notify_api}/v1/subscriptions",
        json={"name": "Fuzz desk", "owner": "fuzz@example.org", "channels": ["json://127.0.0.1:9/hook"]},
        headers=AUTH,
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _runner(
    operation: Any, strategy: Any, check: Callable[[Any, Any], str | None], problems: list[str]
) -> Callable[[], None]:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(case: Any) -> None:
        problem = check(case, operation)
        if problem is not None:
            problems.append(problem)

    return run  # type: ignore[no-any-return]


def _fuzz(
    schema: BaseSchema, mode: GenerationMode, existing: str, check: Callable[[Any, Any], str | None]
) -> list[str]:
    """Run ``check(case, response)`` on generated requests of every operation; return the problems."""
    problems: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy(mode)
        if "{subscription_id}" in operation.path:  # half of the requests name a subscription that exists
            strategy = strategy | operation.as_strategy(mode, path_parameters={"subscription_id": existing})

        _runner(operation, strategy, check, problems)()
    return problems


def test_no_request_gets_a_server_error(notify_schema: BaseSchema, notify_api: str, existing: str) -> None:
    def check(case: Any, operation: Any) -> str | None:
        response = case.call(base_url=notify_api, headers=AUTH, timeout=30)
        if response.status_code >= 500:
            return f"{operation.label} -> {response.status_code}: {case.as_curl_command()}"
        return None

    problems = _fuzz(notify_schema, GenerationMode.POSITIVE, existing, check)
    problems += _fuzz(notify_schema, GenerationMode.NEGATIVE, existing, check)
    assert problems == []


def test_an_offset_beyond_64_bits_is_a_client_error(notify_api: str) -> None:
    """Found by the fuzzer: it was a 500 (the database driver overflowed)."""
    answer = httpx.get(f"{notify_api}/v1/subscriptions", params={"offset": 2**63}, headers=AUTH, timeout=10)
    assert answer.status_code == 422, answer.text


def test_no_write_without_a_valid_token(notify_schema: BaseSchema, notify_api: str, existing: str) -> None:
    def check(case: Any, operation: Any) -> str | None:
        if case.method.upper() not in WRITES:
            return None
        # An unsubscribe link carries a signature instead of a token: without the right one, a 400.
        refused = (400,) if operation.path.startswith("/unsubscribe/") else (401, 403)
        for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"Authorization": "Basic YTpi"}):
            case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
            response = case.call(base_url=notify_api, headers=headers, timeout=30)
            if response.status_code not in refused:
                return f"{operation.label} with {headers} -> {response.status_code}"
        return None

    assert _fuzz(notify_schema, GenerationMode.POSITIVE, existing, check) == []
    assert httpx.get(f"{notify_api}/v1/subscriptions/{existing}", headers=AUTH, timeout=10).status_code == 200


def test_the_document_lists_the_subscription_writes(notify_api: str) -> None:
    document = httpx.get(f"{notify_api}/openapi.json", timeout=10).json()
    writes = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops if m.upper() in WRITES}
    assert ("POST", "/v1/subscriptions") in writes
    assert {m for m, _ in writes} == {"POST", "PATCH", "DELETE"}, writes
