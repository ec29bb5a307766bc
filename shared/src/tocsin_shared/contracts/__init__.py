"""Message contracts, one module per topic. Every message carries ``schema_version``."""

from tocsin_shared.contracts._base import Contract
from tocsin_shared.contracts.articles import Article, Origin
from tocsin_shared.contracts.dead_letter import DeadLetter
from tocsin_shared.contracts.deliveries import DeliveryRecord, DeliveryStatus
from tocsin_shared.contracts.events import (
    EVENT_TYPES,
    CountQualifier,
    Event,
    EventType,
    Evidence,
    Role,
    RoleName,
)
from tocsin_shared.contracts.raw import RawNews

__all__ = [
    "EVENT_TYPES",
    "Article",
    "Contract",
    "CountQualifier",
    "DeadLetter",
    "DeliveryRecord",
    "DeliveryStatus",
    "Event",
    "EventType",
    "Evidence",
    "Origin",
    "RawNews",
    "Role",
    "RoleName",
]
