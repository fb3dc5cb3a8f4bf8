#!/usr/bin/env python3
"""Reads a `make bench` log and prints the aims table of issue 28: each aim, the figure this run measured, the figure
it is compared with (from the same run), and whether it is met. A figure the log lacks is "not measured"."""
import re
import statistics
import sys

WEBHOOK = re.compile(r"^(?P<label>\S.*?)\s+(?P<rps>\d+) req/s\s+p50\s+(?P<p50>[\d.]+) ms\s+p99\s+(?P<p99>[\d.]+) ms\s+cpu\s+(?P<cpu>\d+) us/req")
BACKLOG = re.compile(r"round \d+, (?P<mode>in-process|process), backlog: .*= (?P<rate>\d+) messages/s.*cpu (?P<cpu>\d+) us/send")
STEADY = re.compile(r"round \d+, process, steady (?P<rate>\d+)/s: .*p99 (?P<p99>[\d.]+) ms")
MEDIAN = re.compile(r"median backlog: in-process (?P<inprocess>\d+) messages/s, process (?P<process>\d+) messages/s")
PLUGIN = re.compile(r"^plugin (?P<id>\S+)")
CALL = re.compile(r"^\s+(?P<name>direct invoke noop|dispatched invoke noop, in-process|dispatched invoke noop, process|16 callers at once, process):\s+(?P<ns>\d+) ns/call")
FLOOR = re.compile(r"^socket floor: (?P<ns>\d+) ns")


def read(lines):
    figures = {"webhook": {}, "backlog": {"in-process": [], "process": []}, "calls": {}}
    first, current = None, None  # the call figures are the first plugin's (the C example)
    for line in lines:
        if m := WEBHOOK.match(line):
            figures["webhook"][m["label"].strip()] = {k: float(m[k]) for k in ("rps", "p50", "p99", "cpu")}
        elif m := BACKLOG.search(line):
            figures["backlog"][m["mode"]].append(float(m["cpu"]))
        elif m := STEADY.search(line):
            figures["steady"] = (float(m["rate"]), float(m["p99"]))
        elif m := MEDIAN.search(line):
            figures["median"] = (float(m["inprocess"]), float(m["process"]))
        elif m := PLUGIN.match(line):
            current = m["id"]
            first = first or current
            figures["calls"]["plugin"] = first
        elif (m := CALL.match(line)) and current == first:
            figures["calls"][m["name"]] = float(m["ns"]) / 1000
        elif m := FLOOR.match(line):
            figures["floor"] = float(m["ns"]) / 1000
    return figures


def rows(f):
    web = f["webhook"]
    health, ingest = web.get("embedded: GET /health"), web.get("embedded: POST /webhooks/uazapi (unique ids)")
    pg = web.get("postgres+redis: POST /webhooks/uazapi")
    if ingest and health:
        share = 100 * ingest["rps"] / health["rps"]
        yield ("webhook ingest, embedded: server + provider CPU <= 80 us per delivery", f"{ingest['cpu']:.0f} us",
               f"/health {health['rps']:,.0f} req/s ({health['cpu']:.0f} us); ingest {ingest['rps']:,.0f} req/s = {share:.0f}% of it", ingest["cpu"] <= 80)
        yield ("webhook ingest, embedded: p99 <= 10 ms", f"{ingest['p99']:.1f} ms", f"/health p99 {health['p99']:.1f} ms", ingest["p99"] <= 10)
    else:
        yield ("webhook ingest, embedded", None, None, None)
    if pg and ingest:
        share = 100 * pg["rps"] / ingest["rps"]
        yield ("webhook ingest, PostgreSQL (fsync) + Redis: >= 60% of the embedded rate", f"{pg['rps']:,.0f} req/s = {share:.0f}%",
               f"embedded {ingest['rps']:,.0f} req/s", share >= 60)
        yield ("webhook ingest, PostgreSQL (fsync) + Redis: p99 <= 25 ms", f"{pg['p99']:.1f} ms", f"embedded p99 {ingest['p99']:.1f} ms", pg["p99"] <= 25)
    else:
        yield ("webhook ingest, PostgreSQL (fsync) + Redis", None, None, None)
    if "median" in f:
        in_process, process = f["median"]
        cpu = f["backlog"]["process"]
        cpu_text = f", {statistics.median(cpu):.0f} us CPU/send" if cpu else ""
        yield ("sends: backlog >= 12,000 messages/s through a provider process", f"{process:,.0f}/s{cpu_text}",
               f"in-process {in_process:,.0f}/s", process >= 12_000)
    else:
        yield ("sends: backlog through a provider process", None, None, None)
    if "steady" in f:
        rate, p99 = f["steady"]
        yield ("sends: steady p99 enqueue-to-sent <= 30 ms at half the backlog rate", f"{p99:.1f} ms", f"at {rate:,.0f}/s", p99 <= 30)
    else:
        yield ("sends: steady p99 enqueue-to-sent", None, None, None)
    calls, floor = f["calls"], f.get("floor")
    direct, in_process = calls.get("direct invoke noop"), calls.get("dispatched invoke noop, in-process")
    process, amortised = calls.get("dispatched invoke noop, process"), calls.get("16 callers at once, process")
    label = f" ({calls['plugin']})" if "plugin" in calls else ""
    if in_process is not None:
        yield (f"plugin calls{label}: dispatched no-op in-process <= 10 us", f"{in_process:.1f} us",
               f"direct {direct * 1000:.0f} ns" if direct is not None else "", in_process <= 10)
    else:
        yield ("plugin calls: dispatched no-op in-process", None, None, None)
    if process is not None and floor:
        yield (f"plugin calls{label}: provider process <= 1.3x the socket floor", f"{process:.1f} us = {process / floor:.2f}x",
               f"socket floor {floor:.1f} us", process <= 1.3 * floor)
    else:
        yield ("plugin calls: provider process vs the socket floor", None, None, None)
    if amortised is not None:
        yield (f"plugin calls{label}: <= 10 us per call with 16 callers (provider process)", f"{amortised:.1f} us",
               f"one caller {process:.1f} us" if process is not None else "", amortised <= 10)
    else:
        yield ("plugin calls: 16 callers (provider process)", None, None, None)


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        figures = read(log)
    table = [("aim", "figure", "compared with (same run)", "met")]
    for aim, figure, compared, met in rows(figures):
        table.append((aim, figure or "not measured", compared or "", "-" if met is None else ("yes" if met else "no")))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    print("\naims (issue 28), this run:")
    for row in table:
        print("  " + "  |  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
