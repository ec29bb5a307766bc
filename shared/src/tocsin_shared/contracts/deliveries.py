"""Contract of ``alerts.delivered``: the outcome of delivering one alert to one channel."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from tocsin_shared.contracts._base import Contract

__all__ = ["DeliveryRecord", "DeliveryStatus"]

DeliveryStatus = Literal["delivered", "failed", "dead_lettered"]


class DeliveryRecord(Contract):
    """One alert to one channel of one subscription. Keyed on Kafka by ``subscription_id``."""

    schema_version: Literal[1] = Field(default=1, description="Contract version.")
    delivery_id: str = Field(description="Unique id of the (event_key, subscription, channel) delivery.")
    event_key: str = Field(description="The event the alert is about.")
    event_id: str = Field(description="The event message that triggered the alert.")
    event_type: str = Field(description="prisoner_release, sanctions_imposed or sanctions_lifted.")
    subscription_id: str = Field(description="The subscription alerted.")
    channel: str = Field(description="The channel, masked: scheme and host only, never credentials.")
    status: DeliveryStatus = Field(description="Outcome.")
    attempts: int = Field(ge=0, description="How many sends were tried.")
    error: str | None = Field(default=None, description="Last error, when not delivered.")
    first_attempt_at: AwareDatetime | None = Field(default=None, description="When the first send started.")
    finished_at: AwareDatetime = Field(description="When the outcome was recorded.")
    correlation_id: str | None = Field(default=None, description="Carried over from the event.")
    unknown_outcome: Literal["not_resent", "resent"] | None = Field(
        default=None,
        description=(
            "Set when a send got no answer after its request went out (the channel may have it): "
            "not_resent (recorded delivered, not sent again) or resent (sent again with the same "
            "idempotency key). Absent: every send was answered. Added compatibly in schema version 1."
        ),
    )
