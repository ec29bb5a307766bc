"""Stage 4, render: the title and bodies of an alert (the pure :func:`tocsin_notify._rendering.render`)."""

from __future__ import annotations

from collections.abc import Sequence

from tocsin_notify._model import Subscription
from tocsin_notify._rendering import Rendered, Templates, render
from tocsin_shared.contracts import Event

__all__ = ["Renderer"]


class Renderer:
    """Stage 4: the title and bodies of the alert."""

    def __init__(self, templates: Templates | None = None) -> None:
        self._templates = templates or Templates()

    async def render(self, events: Sequence[Event], subscription: Subscription) -> Rendered:
        return render(
            events, subscription=subscription.name, templates=self._templates, subscription_id=subscription.id
        )
