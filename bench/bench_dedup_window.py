"""CPU time of one de-dup claim as the de-dup window fills: what ingest pays per article after days of news.

    .venv/bin/python bench/bench_dedup_window.py [--windows 10000,50000,100000,200000] [--batch 200]

The other benchmarks start ingest on an empty store. In service the store holds every article of the
window (7 days by default), and a claim's near-duplicate look-up probes each band of the new fingerprint and
its one-bit neighbours (ADR 1): every stored article whose band equals a probe key is a candidate whose
Hamming distance the database computes. Random fingerprints match a probe key with probability 2^-width, so
the candidates, and the claim's cost, grow with the articles the look-up reads: those of the near-duplicate
window (48 hours by default), not the whole de-dup window.

For each window size, a new SQLite store (the default) is filled with that many claims of random
fingerprints, none near another, in batches as ingest makes them, arriving evenly over the 7 days before
now; then the CPU time (this process, all threads: the store's worker thread included) of ``--rounds`` more
batches is measured, with the default near-duplicate window and with one as long as the whole window (how
every claim looked before the near-duplicate window existed). No broker is needed. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import emit_result

from tocsin_ingest._settings import IngestSection
from tocsin_ingest._simhash import bands
from tocsin_ingest._store import Claim, DedupPolicy, DedupStore


def _policy(*, whole_window: bool = False) -> DedupPolicy:
    section = IngestSection()
    window_ms = int(section.dedup_window_days * 86_400_000)
    return DedupPolicy(
        window_ms=window_ms,
        lease_ms=60_000,
        max_distance=section.near_duplicate_bits,
        near_window_ms=window_ms if whole_window else int(section.near_duplicate_window_hours * 3_600_000),
    )


def expected_share(policy: DedupPolicy) -> float:
    """The share of the window a claim of a random fingerprint meets as candidates: a band ``w`` bits wide
    is probed with its value and its ``w`` one-bit neighbours (radius 1), each matching a stored band with
    probability 2^-w."""
    widths = [value.bit_length() for value in bands((1 << 64) - 1, policy.band_count)]
    radius = policy.probe_radius
    return float(sum((1 + radius * width) / 2**width for width in widths))


async def cpu_per_claim(policy: DedupPolicy, window: int, batch: int, rounds: int) -> float:
    """µs of CPU per claim once ``window`` articles arrived over the de-dup window before now."""
    rng = random.Random(7)
    now_ms = int(time.time() * 1000)
    fills = max(1, window // batch)
    step_ms = (policy.window_ms - 60_000) / fills
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-dedup-") as home:
        store = DedupStore(f"sqlite+aiosqlite:///{Path(home) / 'ingest.db'}", policy)
        await store.create()
        stored = 0

        async def claim_batch(at_ms: int) -> None:
            nonlocal stored
            claims = [
                Claim(f"bench{stored + i:012d}", rng.getrandbits(64), f"kafka:bench:0:{stored + i}", "kafka")
                for i in range(batch)
            ]
            stored += batch
            await store.claim_batches([(claims, ())], now_ms=at_ms)

        try:
            for index in range(fills):
                await claim_batch(now_ms - policy.window_ms + 60_000 + int(index * step_ms))
            began = time.process_time()
            for _ in range(rounds):
                await claim_batch(now_ms)
            return (time.process_time() - began) / (rounds * batch) * 1e6
        finally:
            await store.close()


async def run(windows: list[int], batch: int, rounds: int) -> list[dict[str, float]]:
    rows: list[dict[str, float]] = []
    near, whole = _policy(), _policy(whole_window=True)
    hours = near.near_span_ms / 3_600_000
    for window in windows:
        bounded = await cpu_per_claim(near, window, batch, rounds)
        unbounded = await cpu_per_claim(whole, window, batch, rounds)
        rows.append({"window": float(window), "cpu_us_per_claim": bounded, "whole_window_us": unbounded})
        print(
            f"{window:>9,} articles in the window: {bounded:6.0f} µs of CPU per claim "
            f"(near-duplicates within {hours:g} h); {unbounded:6.0f} µs looking through the whole window",
            flush=True,
        )
    print(
        f"candidates per claim: about {expected_share(near):.2%} of the articles looked through "
        f"({near.band_count} bands, probe radius {near.probe_radius}, k = {near.max_distance})"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--windows", default="10000,50000,100000,200000", help="window sizes, in articles")
    parser.add_argument("--batch", type=int, default=200, help="claims per transaction (ingest's batch size)")
    parser.add_argument("--rounds", type=int, default=5, help="batches measured at each window size")
    args = parser.parse_args()
    try:
        windows = sorted(int(w) for w in args.windows.split(","))
    except ValueError:
        sys.exit(f"--windows takes whole numbers separated by commas, not {args.windows!r}")
    rows = asyncio.run(run(windows, args.batch, args.rounds))
    emit_result("dedup_window", rows=rows, share=expected_share(_policy()))


if __name__ == "__main__":
    main()
