"""Every benchmark on one local broker, and the report: docs/benchmarks.md.

    .venv/bin/python bench/run_all.py [--soak-minutes 2] [--output docs/benchmarks.md]   (also: make bench)

Runs bench_ingest.py, bench_classify_service.py, bench_notify.py, bench_classifier.py, bench_replay.py,
bench_capacity.py and bench_latency.py one after the other (each alone on the machine), each against its
bare baseline in the same run, reads their figures and writes a markdown table with the machine described
and every goal marked met or not.
``--soak-minutes 10`` is the full memory soak; the default is shorter and the table says which was run.
Everything in the output file below NOTES_MARKER (the written analysis of the figures) is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RESULT_PREFIX, ROOT, broker, machine

BENCH = ROOT / "bench"
NOTES_MARKER = "<!-- analysis: kept by run_all.py when it rewrites the figures above -->"
METHODS = """## How each figure is measured

Every baseline is a bare aiokafka loop doing the same I/O as well as it can be done
(`bench/_common.py: batched_loop`): it reads with `getmany` (up to 200 records), decodes and encodes as the
service does with a null domain step in between, sends without waiting for each acknowledgement (an
idempotent `acks=all` producer, as the services use) and commits once per batch when all are acknowledged.

- **ingest**: `bench/bench_ingest.py`. The service as a subprocess reads pre-loaded `news.raw` JSON
  articles and publishes articles (normalise, SimHash, SQLite de-dup claims 25 records at a time while
  the next 25 are normalised, pipelined publish, one commit per batch); the baseline decodes each payload
  into `RawNews` and encodes an `Article` of its fields as they came. Both are rated between the first and
  last output records' broker timestamps. The script also prints the service's CPU time per article (user +
  system of all its threads, from /proc, over the same span), which other work on the shared machine sways
  far less.
- **classify service**: `bench/bench_classify_service.py`. The service as a subprocess over pre-loaded
  `Article` records (5% with an event); the baseline decodes each `Article`, asks a null classifier (the
  detections computed beforehand) and encodes and sends the same `Event`s.
- **notify**: `bench/bench_notify.py`. Events in through Kafka, the SQLite delivery log, Apprise `json://`
  out to a local webhook (20 events to 20 subscriptions each), against a bare loop reading the same events in
  batches, decoding each `Event`, a null matching step, the batch's POSTs concurrent over one pooled httpx
  client and a delivery record per alert. The sequential pooled POST loop of earlier reports is still
  printed by the script, for comparison.
- **classifier engine**: `bench/bench_classifier.py`. The pure engine over ~3 KB articles.
- **replay**: `bench/bench_replay.py`. `tocsin replay --from-offset 0` as a user runs it (a separate
  process) over 10,000 pre-loaded `Article` records (5% with an event) and the events published for them;
  timed from start to exit. 100,000 articles are extrapolated from the rate once the start-up (the same
  command over an empty window) is taken off.
- **pipeline capacity**: `bench/bench_capacity.py`. A backlog of 20,000 raw articles (~3 KB, 5% alerting,
  each a real-world event of its own; near-duplicate detection on, no two articles near-duplicates) is
  written before the services start; notify (one subscription, a local webhook), classify and ingest then
  drain it. Articles per second from the first article ingest published to the last alert received.
  `--ingest-replicas N` runs N ingest processes in one consumer group (not in this table; see below).
- **latency and memory**: `bench/bench_latency.py`. The three services as subprocesses; an open-loop
  generator offers articles at a fixed rate (20% alerting, each with its own event key); latency runs from
  the producer send to the webhook's receipt of the alert (the first tenth of each run is warm-up and not
  counted), and is split into stages by the CreateTime of the article's and the event's records; RSS is
  VmRSS from /proc at steady state (after the latency runs) and after the soak.
"""


def run_bench(script: str, bootstrap: str, *args: str, timeout: float = 1800) -> str:
    """Run one benchmark with the shared broker; echo and return its output."""
    print(f"\n=== {script} {' '.join(args)}", flush=True)
    env = {**os.environ, "TOCSIN_KAFKA__BOOTSTRAP_SERVERS": bootstrap}
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    print(done.stdout, end="", flush=True)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
    print(f"({script}: exit {done.returncode}, {time.monotonic() - began:.0f} s)", flush=True)
    return done.stdout


def number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1).replace(",", "")) if match else None


def result(text: str) -> dict[str, Any]:
    for line in text.splitlines():
        if line.startswith(RESULT_PREFIX):
            return dict(json.loads(line[len(RESULT_PREFIX) :]))
    return {}


def verdict(value: float | None, goal: float, *, at_least: bool) -> str:
    if value is None:
        return "not measured"
    met = value >= goal if at_least else value <= goal
    return "met" if met else "**not met**"


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{unit}"


def report(outputs: dict[str, str], soak_minutes: float) -> str:
    ingest, classify_svc, notify, engine, latency = (
        outputs["ingest"],
        result(outputs["classify_service"]),
        outputs["notify"],
        outputs["classifier"],
        result(outputs["latency"]),
    )
    rows: list[tuple[str, str, str, str, str]] = []

    ingest_svc = result(ingest)
    size = number(r"payloads: \d+ JSON articles, ([\d.]+) KiB", ingest)
    rows.append(
        (
            f"ingest throughput (JSON articles, {fmt(size, ' KiB', 1)} each)",
            (
                f"{fmt(ingest_svc.get('service'), ' msg/s')} vs bare batched loop "
                f"{fmt(ingest_svc.get('baseline'), ' msg/s')}"
            ),
            fmt(ingest_svc.get("ratio"), "x", 2),
            "≥ 0.5x",
            verdict(ingest_svc.get("ratio"), 0.5, at_least=True),
        )
    )
    rows.append(
        (
            "classify service throughput (3 KB articles)",
            (
                f"{fmt(classify_svc.get('service'), ' art/s')} vs bare batched loop "
                f"{fmt(classify_svc.get('baseline'), ' art/s')}"
            ),
            fmt(classify_svc.get("ratio"), "x", 2),
            "≥ 0.8x",
            verdict(classify_svc.get("ratio"), 0.8, at_least=True),
        )
    )
    bare_n = number(r"bare batched Kafka->HTTP\s*:.*=\s*([\d,.]+)/s", notify)
    piped = number(r"notify pipeline\s*:.*=\s*([\d,.]+)/s", notify)
    ratio_n = number(r"ratio pipeline / bare batched Kafka->HTTP loop:\s*([\d.]+)x", notify)
    rows.append(
        (
            "notify throughput (alerts to a local webhook)",
            f"{fmt(piped, ' alerts/s')} vs bare batched Kafka → HTTP loop {fmt(bare_n, ' alerts/s')}",
            fmt(ratio_n, "x", 2),
            "≥ 0.5x",
            verdict(ratio_n, 0.5, at_least=True),
        )
    )
    rate = number(r"engine:\s*([\d,.]+) articles/s", engine)
    rows.append(
        (
            "classifier engine alone (pure)",
            fmt(rate, " articles/s"),
            "",
            "≥ 1,000/s",
            verdict(rate, 1000, at_least=True),
        )
    )
    replayed = result(outputs.get("replay", ""))
    rows.append(
        (
            f"replay in shadow mode, {fmt(replayed.get('articles'))} articles (100,000 extrapolated)",
            (
                f"{fmt(replayed.get('seconds'), ' s', 1)} ({fmt(replayed.get('rate'), ' art/s')}); "
                f"100,000 in {fmt(replayed.get('projected'), ' s')}"
            ),
            "",
            "≤ 120 s",
            verdict(replayed.get("projected"), 120, at_least=False),
        )
    )
    capacity = result(outputs.get("capacity", ""))
    rows.append(
        (
            f"pipeline capacity, a backlog of {fmt(capacity.get('articles'))} articles drained to alerts",
            (
                f"{fmt(capacity.get('capacity_per_s'), ' art/s')} ({fmt(capacity.get('alerts'))} alerts, "
                f"{fmt(capacity.get('missing'))} missing; "
                f"ingest alone {fmt(capacity.get('ingest_per_s'), '/s')})"
            ),
            "",
            "≥ 1,000/s",
            verdict(capacity.get("capacity_per_s"), 1000, at_least=True),
        )
    )
    for row in latency.get("latency", []):
        at = f"{row['rate']:g}/s offered"
        rows.append(
            (
                f"ingest → alert latency, p50, {at}",
                (
                    f"{fmt(row['p50_ms'], ' ms')} (p90 {fmt(row['p90_ms'], ' ms')}, {row['alerts']} alerts, "
                    f"{row['missing']} missing)"
                ),
                "",
                "≤ 50 ms",
                verdict(row["p50_ms"], 50, at_least=False),
            )
        )
        rows.append(
            (
                f"ingest → alert latency, p99, {at}",
                f"{fmt(row['p99_ms'], ' ms')} (max {fmt(row['max_ms'], ' ms')})",
                "",
                "≤ 250 ms" if row["rate"] >= 100 else "(goal set at 100/s)",
                verdict(row["p99_ms"], 250, at_least=False) if row["rate"] >= 100 else "",
            )
        )
    rss = latency.get("rss", {})
    for service in ("ingest", "classify", "notify"):
        steady = rss.get("steady", {}).get(service)
        end = rss.get("end", {}).get(service)
        growth = (end / steady - 1) if steady and end else None
        rows.append(
            (
                f"{service} RSS at steady state",
                fmt(steady, " MB"),
                "",
                "≤ 200 MB",
                verdict(steady, 200, at_least=False),
            )
        )
        rows.append(
            (
                (
                    f"{service} RSS after the {rss.get('soak_minutes', soak_minutes):.1f}-min soak "
                    f"({rss.get('soak_rate', 0):g} art/s)"
                ),
                f"{fmt(end, ' MB')} (peak {fmt(rss.get('peak', {}).get(service), ' MB')})",
                fmt(None if growth is None else growth * 100, " %", 1),
                "growth ≤ 10 %" + ("" if soak_minutes >= 10 else " (goal over 10 min)"),
                verdict(None if growth is None else growth * 100, 10, at_least=False),
            )
        )

    lines = [
        "# Benchmarks",
        "",
        "Written by `.venv/bin/python bench/run_all.py"
        + (f" --soak-minutes {soak_minutes:g}" if soak_minutes != 2 else "")
        + "` (also `make bench`); every figure comes from that one run, each throughput against its bare "
        "baseline measured in the same run on the same broker. Re-run it to refresh this page.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine().items()),
        "",
        "## Figures",
        "",
        "| what | measured | ratio | goal | |",
        "|---|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows),
        "",
    ]
    histograms = latency.get("notify_histograms") or {}
    if histograms:
        lines += ["notify's own histograms (bucket upper bounds, seconds):", ""]
        lines += [f"- `{name}`: {values}" for name, values in histograms.items()]
    else:
        lines += [
            "notify exposes no latency histogram on /metrics in this run; only the end-to-end figure above."
        ]
    lines += ["", METHODS]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--soak-minutes", type=float, default=2.0, help="memory soak (full run: 10)")
    parser.add_argument("--latency-seconds", type=float, default=30.0, help="seconds per offered rate")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--render-from", type=Path, help="re-write the report from the saved output of an earlier run_all.py"
    )
    args = parser.parse_args()
    if args.render_from:
        outputs = sections(args.render_from.read_text())
        args.soak_minutes = float(re.findall(r"--soak-minutes (\S+)", args.render_from.read_text())[0])
        write(args.output, report(outputs, args.soak_minutes))
        return
    with broker() as bootstrap:
        outputs = {
            "ingest": run_bench("bench_ingest.py", bootstrap),
            "classify_service": run_bench("bench_classify_service.py", bootstrap),
            "notify": run_bench("bench_notify.py", bootstrap),
            "classifier": run_bench("bench_classifier.py", bootstrap),
            "replay": run_bench("bench_replay.py", bootstrap),
            "capacity": run_bench("bench_capacity.py", bootstrap),
            "latency": run_bench(
                "bench_latency.py",
                bootstrap,
                "--seconds",
                f"{args.latency_seconds:g}",
                "--soak-minutes",
                f"{args.soak_minutes:g}",
                timeout=args.soak_minutes * 60 + 1800,
            ),
        }
    write(args.output, report(outputs, args.soak_minutes))


SCRIPTS = {
    "bench_ingest.py": "ingest",
    "bench_classify_service.py": "classify_service",
    "bench_notify.py": "notify",
    "bench_classifier.py": "classifier",
    "bench_replay.py": "replay",
    "bench_capacity.py": "capacity",
    "bench_latency.py": "latency",
}


def sections(log: str) -> dict[str, str]:
    """Each benchmark's output, from the saved output of a run (its ``=== script`` headers)."""
    found = dict.fromkeys(SCRIPTS.values(), "")
    for part in log.split("\n=== ")[1:]:
        script = part.split(maxsplit=1)[0]
        if script in SCRIPTS:
            found[SCRIPTS[script]] = part
    return found


def write(output: Path, text: str) -> None:
    """Write the report; the hand-written analysis under NOTES_MARKER (what limits a figure) survives."""
    output.parent.mkdir(parents=True, exist_ok=True)
    previous = output.read_text() if output.exists() else ""
    if NOTES_MARKER in previous:
        text = text.rstrip("\n") + "\n\n" + previous[previous.index(NOTES_MARKER) :]
    output.write_text(text)
    print(f"\n{text}\nwritten to {output}")


if __name__ == "__main__":
    main()
