"""Tocsin notify: subscriptions, matching and exactly-once alert delivery through Apprise.

Run it with ``tocsin run`` (or ``python -c "from tocsin_notify.main import main; main()"``); manage
subscriptions with the API under ``/v1``, or with ``tocsin subscribe``, ``tocsin subscriptions`` and
``tocsin test-alert``.
"""

from tocsin_notify._model import Delivery, Subscription, SubscriptionDraft
from tocsin_notify._pipeline import Notifier
from tocsin_notify._settings import NotifySection, NotifySettings
from tocsin_notify._store import Store
from tocsin_notify.main import build_app, main

__all__ = [
    "Delivery",
    "Notifier",
    "NotifySection",
    "NotifySettings",
    "Store",
    "Subscription",
    "SubscriptionDraft",
    "build_app",
    "main",
]
