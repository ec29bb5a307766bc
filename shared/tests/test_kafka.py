"""Kafka helpers: security from settings, dead-lettering and per-message context (in-memory broker)."""

from __future__ import annotations

import json
import ssl
from pathlib import Path
from typing import Any

import pytest
import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from structlog.testing import capture_logs

from tocsin_shared.contracts import DeadLetter, RawNews
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import DLQ_REASON_HEADER, DeadLetterer, build_broker, build_security, refuse
from tocsin_shared.settings import KafkaSettings, TocsinSettings


def test_plaintext_needs_no_security() -> None:
    assert build_security(KafkaSettings()) is None


@pytest.mark.parametrize(
    ("mechanism", "cls"),
    [("PLAIN", SASLPlaintext), ("SCRAM-SHA-256", SASLScram256), ("SCRAM-SHA-512", SASLScram512)],
)
def test_sasl_mechanisms(mechanism: str, cls: type[BaseSecurity]) -> None:
    security = build_security(
        KafkaSettings.model_validate(
            {
                "security_protocol": "SASL_SSL",
                "sasl_mechanism": mechanism,
                "sasl_username": "svc",
                "sasl_password": "pa55word-long",
            }
        )
    )
    assert isinstance(security, cls)
    assert security.use_ssl is True
    assert isinstance(security.ssl_context, ssl.SSLContext)


def test_tls_with_a_missing_ca_file_fails_loudly(tmp_path: Path) -> None:
    settings = KafkaSettings(security_protocol="SSL", ssl_cafile=tmp_path / "absent.pem")
    with pytest.raises(FileNotFoundError):
        build_security(settings)


def _settings() -> TocsinSettings:
    return TocsinSettings(kafka=KafkaSettings(bootstrap_servers="localhost:9092"))


async def test_refused_message_goes_to_the_dead_letter_topic_and_the_next_one_is_handled() -> None:
    broker = build_broker(_settings(), service="test")
    accepted: list[RawNews] = []

    @broker.subscriber("in", group_id="g", ack_policy=AckPolicy.NACK_ON_ERROR)
    async def on_in(msg: KafkaMessage) -> None:
        accepted.append(decode_contract(msg.body, RawNews))  # RefusedMessage: to the dead-letter topic

    @broker.subscriber("in.dlq", group_id="g-dlq")
    async def on_dead(msg: KafkaMessage) -> None:
        letters.append((DeadLetter.model_validate_json(msg.body), msg.headers))

    letters: list[tuple[DeadLetter, dict[str, object]]] = []
    async with TestKafkaBroker(broker) as br:
        await br.publish(b"\xff\xfe", "in", key=b"k1")
        await br.publish(b'{"text": "Minsk frees 14 prisoners"}', "in")

    assert [a.text for a in accepted] == ["Minsk frees 14 prisoners"]
    [(letter, headers)] = letters
    assert letter.original == b"\xff\xfe"
    assert letter.original_key == b"k1"
    assert letter.error_class == "not_utf8"
    assert letter.service == "test"
    assert "UTF-8" in str(headers[DLQ_REASON_HEADER])


async def test_each_handled_message_logs_with_its_topic_and_key() -> None:
    broker = build_broker(_settings(), service="test")

    @broker.subscriber("ctx", group_id="g")
    async def on_ctx(msg: KafkaMessage) -> None:
        structlog.get_logger().info("handled")

    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        async with TestKafkaBroker(broker) as br:
            await br.publish(b"{}", "ctx", key=b"article-1", correlation_id="corr-9")
    [handled] = [line for line in logs if line["event"] == "handled"]
    assert handled["topic"] == "ctx"
    assert handled["key"] == "article-1"
    assert handled["correlation_id"] == "corr-9"


async def test_an_original_too_big_for_the_envelope_is_cut_and_the_reason_says_so() -> None:
    broker = build_broker(_settings(), service="test")
    dead = DeadLetterer(broker, service="test", max_message_bytes=64 * 1024)
    letters: list[DeadLetter] = []

    @broker.subscriber("big.dlq", group_id="g")
    async def on_dead(msg: KafkaMessage) -> None:
        letters.append(DeadLetter.model_validate_json(msg.body))

    async with TestKafkaBroker(broker):
        await dead.send_bytes(b"A" * 200_000, topic="big", error_class="too_large", reason="over the limit")
        await dead.send_bytes(b"small", topic="big", error_class="invalid_json", reason="not JSON")
    [cut, whole] = letters
    assert 40_000 < len(cut.original) < 64 * 1024 * 3 // 4
    assert cut.original == b"A" * len(cut.original)
    assert cut.reason.startswith("over the limit (the dead letter keeps the first ")
    assert "of 200,000 bytes" in cut.reason
    assert whole.original == b"small"
    assert whole.reason == "not JSON"


def _record(value: bytes, headers: list[tuple[str, bytes | None]], *, topic: str, offset: int = 0) -> Any:
    return ConsumerRecord(
        topic=topic,
        partition=0,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(value),
        headers=headers,
    )


BAD_HEADERS: list[tuple[str, bytes | None]] = [
    ("content-type", b"application/json"),
    ("x-bad", b"\xc3\x28"),
    ("x-null", None),
    ("x-bad", b"second"),
]


def _dead_letters(broker: KafkaBroker, topic: str) -> list[DeadLetter]:
    letters: list[DeadLetter] = []

    @broker.subscriber(f"{topic}.dlq", group_id=f"{topic}-dlq")
    async def on_dead(msg: KafkaMessage) -> None:
        letters.append(DeadLetter.model_validate_json(msg.body))

    return letters


async def test_a_header_that_is_not_utf8_or_null_is_dropped_and_the_message_handled() -> None:
    broker = build_broker(_settings(), service="test")
    seen: list[tuple[dict[str, Any], Any]] = []
    subscriber = broker.subscriber("hdr", group_id="g", ack_policy=AckPolicy.NACK_ON_ERROR)

    @subscriber
    async def on_hdr(msg: KafkaMessage) -> None:
        seen.append((dict(msg.headers), msg.raw_message))

    record = _record(b"{}", BAD_HEADERS, topic="hdr", offset=7)
    with capture_logs() as logs:
        async with TestKafkaBroker(broker):
            await subscriber.consume(record)
    [(headers, raw)] = seen
    assert headers == {"content-type": "application/json", "x-bad": "second"}
    assert raw is record  # the record as received, every header's bytes
    [dropped] = [line for line in logs if line["event"] == "headers_dropped"]
    assert dropped["offset"] == 7
    assert set(dropped["headers"]) == {"x-bad", "x-null"}


async def test_a_refused_message_is_dead_lettered_with_its_headers_exactly_and_counted() -> None:
    counted: list[DeadLetter] = []
    broker = build_broker(_settings(), service="test", on_dead_letter=counted.append)
    subscriber = broker.subscriber("ref", group_id="g", ack_policy=AckPolicy.NACK_ON_ERROR)

    @subscriber
    async def on_ref(msg: KafkaMessage) -> None:
        decode_contract(msg.body, RawNews)

    letters = _dead_letters(broker, "ref")
    async with TestKafkaBroker(broker):
        await subscriber.consume(_record(b"\xff", BAD_HEADERS, topic="ref"))
    [letter] = letters
    assert counted == letters
    assert letter.error_class == "not_utf8"
    assert letter.original == b"\xff"
    assert letter.original_headers == BAD_HEADERS
    assert letter.headers["x-bad"] == "second"


async def test_one_record_refused_in_a_batch_is_dead_lettered_and_the_others_handled() -> None:
    broker = build_broker(_settings(), service="test")
    subscriber = broker.subscriber("bat", group_id="g", batch=True, ack_policy=AckPolicy.NACK_ON_ERROR)
    handled: list[str] = []

    @subscriber
    async def on_batch(msg: KafkaMessage) -> None:
        for record in msg.raw_message:
            try:
                handled.append(decode_contract(record.value, RawNews).text)
            except RefusedMessage as refused:
                refuse(record, refused)

    letters = _dead_letters(broker, "bat")
    good = [_record(json.dumps({"text": f"n{i}"}).encode(), [], topic="bat", offset=i) for i in range(5)]
    bad = _record(b'{"text": "x"', BAD_HEADERS, topic="bat", offset=5)
    async with TestKafkaBroker(broker):
        await subscriber.consume((*good[:2], bad, *good[2:]))
    assert handled == ["n0", "n1", "n2", "n3", "n4"]
    [letter] = letters
    assert (letter.offset, letter.error_class) == (5, "invalid_json")
    assert letter.original_headers == BAD_HEADERS


async def test_a_passing_failure_is_not_dead_lettered_and_refusals_wait_for_success() -> None:
    broker = build_broker(_settings(), service="test")
    subscriber = broker.subscriber("tr", group_id="g", batch=True, ack_policy=AckPolicy.NACK_ON_ERROR)

    @subscriber
    async def on_batch(msg: KafkaMessage) -> None:
        refuse(msg.raw_message[0], RefusedMessage("empty", "nothing"))
        raise ConnectionError("database unavailable")

    letters = _dead_letters(broker, "tr")
    async with TestKafkaBroker(broker):
        await subscriber.consume((_record(b"", [], topic="tr"),))
    assert letters == []  # not committed either: read again, refused again then


async def test_a_message_the_parser_cannot_read_is_dead_lettered() -> None:
    broker = build_broker(_settings(), service="test")

    async def broken(msg: Any) -> Any:
        raise ValueError("cannot parse this")

    subscriber = broker.subscriber("unp", group_id="g", parser=broken, ack_policy=AckPolicy.NACK_ON_ERROR)

    @subscriber
    async def on_unp(msg: KafkaMessage) -> None:
        raise AssertionError("never reached")

    letters = _dead_letters(broker, "unp")
    async with TestKafkaBroker(broker):
        await subscriber.consume(_record(b"{}", [("h", None)], topic="unp"))
    [letter] = letters
    assert letter.error_class == "unparseable"
    assert "cannot parse this" in letter.reason


def test_refuse_outside_a_handler_says_where_it_belongs() -> None:
    with pytest.raises(LookupError, match="build_broker"):
        refuse(_record(b"", [], topic="x"), RefusedMessage("empty", "nothing"))


async def test_a_reply_to_header_does_not_make_a_service_publish_there() -> None:
    broker = build_broker(_settings(), service="test")
    subscriber = broker.subscriber("ask", group_id="g", ack_policy=AckPolicy.NACK_ON_ERROR)
    replies: list[bytes] = []

    @subscriber
    async def on_ask(msg: KafkaMessage) -> str:
        return "an answer"

    @broker.subscriber("news.events", group_id="g2")
    async def on_events(msg: KafkaMessage) -> None:
        replies.append(msg.body)

    async with TestKafkaBroker(broker):
        await subscriber.consume(_record(b"{}", [("reply_to", b"news.events")], topic="ask"))
    assert replies == []
