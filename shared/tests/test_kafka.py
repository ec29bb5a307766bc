"""Kafka helpers: security from settings, dead-lettering and per-message context (in-memory broker)."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import structlog
from faststream import AckPolicy
from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from structlog.testing import capture_logs

from tocsin_shared.contracts import DeadLetter, RawNews
from tocsin_shared.decode import RefusedMessage, decode_contract
from tocsin_shared.kafka import DLQ_REASON_HEADER, DeadLetterer, build_broker, build_security
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
    dead = DeadLetterer(broker, service="test")
    accepted: list[RawNews] = []

    @broker.subscriber("in", group_id="g", ack_policy=AckPolicy.NACK_ON_ERROR)
    async def on_in(msg: KafkaMessage) -> None:
        try:
            accepted.append(decode_contract(msg.body, RawNews))
        except RefusedMessage as refused:
            await dead.send(msg, error_class=refused.error_class, reason=refused.reason)

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
