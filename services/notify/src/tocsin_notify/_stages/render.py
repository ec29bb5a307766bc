"""Stage 4, render: the title and bodies of an alert (the pure :func:`tocsin_notify._rendering.render`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from tocsin_notify._digest import render_digest
from tocsin_notify._model import Subscription
from tocsin_notify._rendering import Rendered, Templates, render
from tocsin_notify._schedule import DigestKind
from tocsin_notify._story_model import StoryRef
from tocsin_shared.contracts import Event

__all__ = ["Renderer"]


class Renderer:
    """Stage 4: the title and bodies of the alert."""

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates or Templates()

    async def render(
        self, events: Sequence[Event], subscription: Subscription, refs: Mapping[str, StoryRef] | None = None
    ) -> Rendered:
        """The alert about ``events`` (one article's) for ``subscription``; ``refs`` maps an event id to its
        story (None, or an event missing from it: a first alert with no story information)."""
        return render(
            events,
            subscription=subscription.name,
            templates=self._templates,
            subscription_id=subscription.id,
            refs=refs,
        )

    def digest(
        self,
        events: Sequence[Event],
        subscription: Subscription,
        refs: Mapping[str, StoryRef] | None,
        *,
        kind: DigestKind,
        now: datetime,
    ) -> Rendered:
        """The digest of ``events`` (many articles') for ``subscription``, sent at ``now`` (its local day
        in the title)."""
        return render_digest(
            events,
            kind=kind,
            now=now,
            timezone=subscription.timezone,
            subscription=subscription.name,
            templates=self._templates,
            subscription_id=subscription.id,
            refs=refs,
        )
