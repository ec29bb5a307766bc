"""Topic names: the one place they are spelled.

Every name here is a default; each can be overridden by settings (``TOCSIN_TOPICS__RAW`` and so on,
see :class:`tocsin_shared.settings.TopicSettings`).
"""

from __future__ import annotations

from typing import Final

__all__ = ["ALERTS_DLQ", "ARTICLES", "DELIVERED", "DLQ_SUFFIX", "EVENTS", "RAW", "dlq"]

RAW: Final = "news.raw"
"""Raw news messages as they arrive: JSON per the raw contract, or plain UTF-8 text."""

ARTICLES: Final = "news.articles"
"""Validated, normalised, de-duplicated articles, keyed by article id."""

EVENTS: Final = "news.events"
"""Detected events (prisoner releases, sanctions imposed or lifted), keyed by article id (an article's events
share a partition, in order)."""

DELIVERED: Final = "alerts.delivered"
"""One delivery record per alert attempt outcome, keyed by subscription id."""

ALERTS_DLQ: Final = "alerts.dlq"
"""Alerts that could not be delivered (permanent failure or retries exhausted), with the reason."""

DLQ_SUFFIX: Final = ".dlq"


def dlq(topic: str) -> str:
    """Return the dead-letter topic of an input topic: ``news.raw`` → ``news.raw.dlq``."""
    return f"{topic}{DLQ_SUFFIX}"
