"""CPU time of one de-dup claim as the de-dup window fills: what ingest pays per article after days of news.

    .venv/bin/python bench/bench_dedup_window.py [--windows 10000,50000,100000,200000] [--batch 200]

The other benchmarks start ingest on an empty store. In service the store holds every article of the
window (7 days by default), and a claim's near-duplicate look-up probes each band of the new fingerprint and
its one-bit neighbours (ADR 1): every stored article whose band equals a probe key is a candidate whose
Hamming distance the database computes. Random fingerprints match a probe key with probability 2^-width, so
the candidates, and the claim's cost, grow with the window. This fills a SQLite store (the default) with
claims of random fingerprints, none near another, in batches as ingest makes them, and at each window size
measures the CPU time (this process, all threads: the store's worker thread included) of the next
``--rounds`` batches. No broker is needed. Prints figures; asserts nothing.
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


def _policy() -> DedupPolicy:
    section = IngestSection()
    return DedupPolicy(
        window_ms=int(section.dedup_window_days * 86_400_000),
        lease_ms=60_000,
        max_distance=section.near_duplicate_bits,
    )


def expected_share(policy: DedupPolicy) -> float:
    """The share of the window a claim of a random fingerprint meets as candidates: a band ``w`` bits wide
    is probed with its value and its ``w`` one-bit neighbours (radius 1), each matching a stored band with
    probability 2^-w."""
    widths = [value.bit_length() for value in bands((1 << 64) - 1, policy.band_count)]
    radius = policy.probe_radius
    return float(sum((1 + radius * width) / 2**width for width in widths))


async def run(windows: list[int], batch: int, rounds: int) -> list[dict[str, float]]:
    policy = _policy()
    rng = random.Random(7)
    rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="tocsin-bench-dedup-") as home:
        store = DedupStore(f"sqlite+aiosqlite:///{Path(home) / 'ingest.db'}", policy)
        await store.create()
        stored = 0

        async def claim_batch() -> None:
            nonlocal stored
            claims = [
                Claim(f"bench{stored + i:012d}", rng.getrandbits(64), f"kafka:bench:0:{stored + i}", "kafka")
                for i in range(batch)
            ]
            stored += batch
            await store.claim_batches([(claims, ())], now_ms=int(time.time() * 1000))

        try:
            for window in windows:
                while stored < window:
                    await claim_batch()
                began = time.process_time()
                for _ in range(rounds):
                    await claim_batch()
                per_claim = (time.process_time() - began) / (rounds * batch) * 1e6
                row = {"window": float(stored), "cpu_us_per_claim": per_claim}
                rows.append(row)
                print(f"window {stored:>9,} articles: {per_claim:7.0f} µs of CPU per claim", flush=True)
        finally:
            await store.close()
    share = expected_share(policy)
    print(
        f"candidates per claim: about {share:.2%} of the window ({policy.band_count} bands, "
        f"probe radius {policy.probe_radius}, k = {policy.max_distance})"
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
