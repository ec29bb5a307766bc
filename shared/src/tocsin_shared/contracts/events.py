"""Contract of ``news.events``: one detected real-world event."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field

from tocsin_shared.contracts._base import Contract

__all__ = ["CountQualifier", "Event", "EventType", "Evidence", "Role", "RoleName"]

EventType = Literal["prisoner_release", "sanctions_imposed", "sanctions_lifted"]
EVENT_TYPES: tuple[EventType, ...] = ("prisoner_release", "sanctions_imposed", "sanctions_lifted")

RoleName = Literal["releaser", "released", "sanctioner", "target", "mediator"]
CountQualifier = Literal["exact", "at_least", "at_most", "about"]


class Evidence(Contract):
    """A sentence of the article that reports the event."""

    text: str = Field(description="The sentence as it stands in the article.")
    start: int = Field(ge=0, description="Offset of its first character in the article text.")
    end: int = Field(ge=0, description="Offset just past its last character (text == article[start:end]).")
    field: Literal["title", "text"] = Field(default="text", description="Which field the offsets refer to.")


class Role(Contract):
    """Who did what to whom, where the text makes it clear."""

    role: RoleName = Field(description="The part played in the event.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code, or 'EU' / 'UN'.")
    name: str | None = Field(default=None, description="Person, body or firm, as written.")


class Event(Contract):
    """A prisoner release or a sanctions change reported by one article. Keyed on Kafka by ``article_id``, so
    that the events of one article share a partition and keep their order."""

    schema_version: Literal[1] = Field(default=1, description="Contract version.")
    event_id: str = Field(description="Unique per (article, event type): hash of both.")
    event_key: str = Field(
        description=(
            "A coarse hint at which real-world event this is: the type, the core countries and the ISO "
            "week of the event ('prisoner_release:BY:2025-W48'). Reports of one event may differ in it and "
            "different events may share it: notify's story step decides which real-world event a report is "
            "about."
        )
    )
    type: EventType = Field(description="What happened.")
    confidence: float = Field(ge=0.0, le=1.0, description="How sure the classifier is, 0 to 1.")
    evidence: tuple[Evidence, ...] = Field(min_length=1, description="The sentences that say so.")
    countries: tuple[str, ...] = Field(
        default=(), description="Countries involved, ISO 3166-1 alpha-2 (and 'EU', 'UN' for those bodies)."
    )
    roles: tuple[Role, ...] = Field(default=(), description="Who released or sanctioned whom.")
    people_count: int | None = Field(default=None, ge=0, description="Number of people released, if stated.")
    count_qualifier: CountQualifier | None = Field(
        default=None, description="How exact people_count is: '123' exact, 'more than 100' at_least, ..."
    )
    people: tuple[str, ...] = Field(default=(), description="Named people released or designated.")
    cameo: str = Field(description="CAMEO event code: 0841 release persons; 163/172 impose; 081/085 ease.")
    article_id: str = Field(description="The article that reports it.")
    title: str | None = Field(default=None, description="The article's headline.")
    url: str | None = Field(default=None, description="The article's canonical URL.")
    source: str | None = Field(default=None, description="The outlet.")
    published_at: AwareDatetime | None = Field(default=None, description="When the article was published.")
    detected_at: AwareDatetime = Field(description="When classify detected it, UTC.")
    classifier_version: str = Field(description="Version of the rules that found it.")
    correlation_id: str | None = Field(default=None, description="Carried over from the article.")
    also: tuple[EventType, ...] = Field(
        default=(),
        description=(
            "The other event types the same article reports (one message each on the topic), so that a "
            "consumer can present them together."
        ),
    )
    ingested_at: AwareDatetime | None = Field(
        default=None,
        description="When ingest accepted the article: the start of the ingest-to-alert latency.",
    )
    occurred_on: date | None = Field(
        default=None,
        description=(
            "The day the event happened: the day the article states ('freed on Saturday', 'on 3 March'), "
            "else the day it was published (UTC). None when the article has no date at all."
        ),
    )
    occurred_on_stated: bool = Field(
        default=False, description="Whether the article states the day (true) or it is the publication day."
    )
    actors: tuple[str, ...] = Field(
        default=(),
        description=(
            "The core country: the releasing state of a release; the most salient target of a sanctions "
            "change (the sanctioner is in ``roles``). ISO 3166-1 alpha-2, 'EU', 'UN'. Countries only in "
            "the background are left out."
        ),
    )
