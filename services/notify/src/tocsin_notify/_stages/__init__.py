"""The stages of notify's delivery pipeline, one module each, in the order an event meets them.

``story`` → ``match`` → group (the pure :func:`tocsin_notify._grouping.group_alerts`) → ``claim`` →
``render`` → ``throttle`` → ``send`` (under ``retry``) → ``record``; ``dispatch`` sends again, when due, the
alerts left pending in the store. Each stage is one object with one async method;
:class:`tocsin_notify._pipeline.Notifier` runs them.
"""

from tocsin_notify._stages.claim import Claimer
from tocsin_notify._stages.dispatch import Dispatcher
from tocsin_notify._stages.match import Matcher
from tocsin_notify._stages.record import Outbox, Recorder
from tocsin_notify._stages.render import Renderer
from tocsin_notify._stages.retry import Retrier, RetryOutcome
from tocsin_notify._stages.send import AppriseSender, Sender
from tocsin_notify._stages.story import Storyteller
from tocsin_notify._stages.throttle import Throttle

__all__ = [
    "AppriseSender",
    "Claimer",
    "Dispatcher",
    "Matcher",
    "Outbox",
    "Recorder",
    "Renderer",
    "Retrier",
    "RetryOutcome",
    "Sender",
    "Storyteller",
    "Throttle",
]
