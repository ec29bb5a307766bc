"""Tocsin's common library: contracts, topic names, settings, logging and Kafka helpers.

Imported by every service, never run by itself, and never importing a service.
"""

from tocsin_shared.kafka import DeadLetterer, MessageContextMiddleware, build_broker
from tocsin_shared.log import configure_logging, mask_url, redact_text
from tocsin_shared.settings import (
    KafkaSettings,
    LogSettings,
    NoBrokerError,
    TocsinSettings,
    TopicSettings,
    resolve_bootstrap,
)

__all__ = [
    "DeadLetterer",
    "KafkaSettings",
    "LogSettings",
    "MessageContextMiddleware",
    "NoBrokerError",
    "TocsinSettings",
    "TopicSettings",
    "build_broker",
    "configure_logging",
    "mask_url",
    "redact_text",
    "resolve_bootstrap",
]
