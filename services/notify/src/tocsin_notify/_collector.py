"""Python's cyclic garbage collector, set for notify's way of working: many short-lived objects per alert.

Each alert makes a few hundred container objects (the store's rows, Apprise's plugin and result objects,
the HTTP request and response) that live for the alert's few milliseconds. With Python's default young
threshold (700 allocations) most of them outlive two young collections while their alert is still in
flight, are moved to the oldest generation, and make a full collection (every object of the process, some
200,000 once Apprise's plugins are loaded) due every few hundred alerts. Measured on the notify benchmark's
workload: about 15% of the process's CPU time went to the collector, in pauses of 100-170 ms each. A young
threshold of :data:`YOUNG_THRESHOLD` lets an alert's objects die young; the collector then took about 1%.
Reference counting frees everything that is not in a cycle at once either way.
"""

from __future__ import annotations

import gc
from typing import Final

__all__ = ["YOUNG_THRESHOLD", "collect_less_often"]

YOUNG_THRESHOLD: Final = 10_000
"""Allocations (less deallocations) of container objects between two young collections."""


def collect_less_often() -> tuple[int, int, int]:
    """Raise the collector's young threshold to :data:`YOUNG_THRESHOLD` (a higher one is kept; the older
    generations' thresholds are left alone). Process-wide; notify calls it when it starts. The thresholds
    now in force."""
    young, middle, old = gc.get_threshold()
    if young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    return gc.get_threshold()
