"""The API under load: concurrent clients on loopback against the dyad and events endpoints.

Usage: .venv/bin/python benchmarks/web_load.py [--events 1000000] [--clients 50] [--seconds 30]
                                               [--dyads 20] [--pages 3] [--client wrk|python]
The bar (issue 6): zero errors and a 95th-percentile latency under 500 ms on this machine, on a
database of at least 1,000,000 events (generated as in relations_speed.py, kept in --db).

`frenemy serve` runs in its own process. The load comes from wrk (`apt-get install wrk`; C, so the
clients take little of the two cores the server needs) or, without it, from Python's httpx. Each
client draws requests at random (seeded) from the most active dyads (--dyads): a dyad page's JSON
(`/api/dyad/A/B`, by month and by quarter) or one of the first --pages pages of its events
(`/api/events?dyad=A-B&offset=...`). First 40 distinct requests are timed one at a time from a
cold server (the "cold" line: what the first analyst to open a page waits); the others are still
uncomputed when the load starts. `--dyads 40 --pages 10` (480 distinct requests) is the wider mix.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

sys.path.insert(0, str(Path(__file__).parent))
from relations_speed import generate  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def requests_for(db: Path, dyads: int, pages: int) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        top = conn.execute(
            "SELECT least(source_country, target_country) AS a, greatest(source_country, "
            "target_country) AS b, count(*) AS n FROM events WHERE source_country <> "
            "target_country GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?", [dyads]).fetchall()
    urls = []
    for a, b, _ in top:
        urls += [f"/api/dyad/{a}/{b}", f"/api/dyad/{a}/{b}?by=quarter"]
        urls += [f"/api/events?dyad={a}-{b}&limit=50&offset={50 * page}" for page in range(pages)]
    return urls


async def client(http: httpx.AsyncClient, urls: list[str], seed: int, deadline: float,
                 results: list[tuple[str, float, bool]]) -> None:
    chooser = random.Random(seed)
    while time.perf_counter() < deadline:
        url = chooser.choice(urls)
        kind = "dyad" if url.startswith("/api/dyad") else "events"
        started = time.perf_counter()
        try:
            response = await http.get(url)
            ok = response.status_code == 200 and len(response.content) > 0
            if not ok:
                print(f"error: {url}: {response.status_code} {response.text[:200]}")
        except httpx.HTTPError as exc:
            print(f"error: {url}: {type(exc).__name__} {exc}")
            ok = False
        results.append((kind, time.perf_counter() - started, ok))


async def load(base: str, urls: list[str], clients: int, seconds: float
               ) -> list[tuple[str, float, bool]]:
    results: list[tuple[str, float, bool]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(client(http, urls, n, deadline, results)
                               for n in range(clients)))
    return results


WRK_SCRIPT = """
local paths = {%s}
local threads = 0
function setup(thread) thread:set("seed", 1000 + threads); threads = threads + 1 end
function init(args) math.randomseed(seed) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%.1f %%.1f %%.1f %%.1f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def load_wrk(base: str, urls: list[str], clients: int, seconds: float) -> dict[str, float]:
    """The load from wrk (C, two threads): the clients cost the server's two cores little."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{u}"' for u in urls))
    try:
        output = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s",
                                 "--timeout", "10s", "-s", script.name, base],
                                capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    fields = next(line for line in output.splitlines() if line.startswith("RESULT")).split()[1:]
    names = ("requests", "socket_errors", "http_errors", "p50", "p95", "p99", "max")
    return dict(zip(names, map(float, fields), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--dyads", type=int, default=20, help="most active dyads requested")
    parser.add_argument("--pages", type=int, default=3, help="event pages per dyad")
    parser.add_argument("--cold", type=int, default=40, help="requests timed cold, alone")
    parser.add_argument("--db", type=Path, default=Path("build/web-load.duckdb"))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--client", choices=("wrk", "python"),
                        default="wrk" if shutil.which("wrk") else "python",
                        help="load generator: wrk (apt-get install wrk) or Python's httpx")
    parser.add_argument("--no-memory", action="store_true",
                        help="serve from the file, without the in-memory copy")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        print(f"generating {args.events:,} events into {args.db} ...", flush=True)
        generate(args.db, args.events)
    with duckdb.connect(str(args.db), read_only=True) as conn:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]  # type: ignore[index]
    urls = requests_for(args.db, args.dyads, args.pages)
    base = f"http://127.0.0.1:{args.port}"
    command = [sys.executable, "-m", "frenemy", "serve", "--db", str(args.db), "--port",
               str(args.port), *(["--no-memory"] if args.no_memory else [])]
    server = subprocess.Popen(command, env={**os.environ, "FRENEMY_TOKEN": ""},
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        cold_urls = random.Random(0).sample(urls, min(args.cold, len(urls)))
        cold = []
        for url in cold_urls:
            started = time.perf_counter()
            httpx.get(base + url, timeout=60).raise_for_status()
            cold.append(time.perf_counter() - started)
        if args.client == "wrk":
            measured = load_wrk(base, urls, args.clients, args.seconds)
        else:
            results = asyncio.run(load(base, urls, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; database: {events:,} events; server: frenemy serve "
          f"(one uvicorn process{', no in-memory copy' if args.no_memory else ''}); "
          f"clients: {args.client}")
    print(f"requests: {len(urls)} distinct ({args.dyads} dyads x (2 dyad pages + "
          f"{args.pages} event pages))")
    print(f"cold, one at a time ({len(cold)} distinct requests): p50 "
          f"{1000 * statistics.median(cold):.0f} ms, max {1000 * max(cold):.0f} ms")
    print(f"load: {args.clients} clients for {args.seconds:.0f} s")
    if args.client == "wrk":
        errors = int(measured["socket_errors"] + measured["http_errors"])
        print(f"requests {measured['requests']:,.0f}, errors {errors}, p50 "
              f"{measured['p50']:.1f} ms, p95 {measured['p95']:.1f} ms, p99 "
              f"{measured['p99']:.1f} ms, max {measured['max']:.1f} ms")
        print(f"throughput: {measured['requests'] / args.seconds:,.0f} requests/s")
        return
    print(f"{'endpoint':10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'max ms':>8}")
    for kind in ("dyad", "events", "all"):
        chosen = [r for r in results if kind in ("all", r[0])]
        times = [1000 * r[1] for r in chosen]
        print(f"{kind:10} {len(chosen):>9} {sum(1 for r in chosen if not r[2]):>7} "
              f"{percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
              f"{percentile(times, 0.99):>8.1f} {max(times, default=0):>8.1f}")
    print(f"throughput: {len(results) / args.seconds:,.0f} requests/s")


if __name__ == "__main__":
    main()
