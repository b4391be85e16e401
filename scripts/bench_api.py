"""Benchmark the REST API: gunicorn (2 workers) on PostgreSQL with N processed articles.

    .venv/bin/python scripts/bench_api.py --n 100000 [--duration 15] [--connections 8] [--keep-db] [--only detail,search]

1. A dedicated database (newsroom_bench_api or --database, recreated) is migrated; N processed articles are written
   with COPY: Korean Wikinews texts (../shared/eval/ko_wikinews) + the seeds, each article a random
   source with its paragraphs shuffled, a published date over 2000-2025, one of 30 outlets, two entity
   mentions, its Upload row, and its search index row (tsvector built from the source's analysed
   terms exactly as search.pipeline.IndexStep would): scripts/bench_common.py, shared with bench_load.py.
   An editor and its token are created.
2. gunicorn serves newsroom.wsgi with 2 sync workers (settings: newsroom.settings + high throttle
   rates, written to a temporary module), Celery tasks go to Redis (db 13, --redis) so an upload is accepted
   the way production accepts it (no worker runs: the bench measures the API, not processing).
3. The load generator runs in a second process: wrk (Debian package) with a Lua script per endpoint
   that reports p50/p95/p99 from wrk's latency histogram; without wrk, a small asyncio+httpx
   generator. Endpoints: detail (random ids), list (first page), search (two terms, relevance),
   create (JSON upload of a new text each request).

The last line printed is one JSON object, with the load average before and after the run (the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import (  # noqa: E402
    DEFAULT_PG,
    bench_environment,
    free_port,
    log,
    prepare_database,
    start_gunicorn,
    wait_for,
    warm_up,
)

DB_NAME = "newsroom_bench_api"


LUA = r'''
local token = "%(token)s"
local n = %(n)d
local kind = "%(kind)s"
local path = "%(path)s"
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
function init(args) math.randomseed(os.time() * 1000 + tid) end
wrk.headers["Authorization"] = "Token " .. token
wrk.headers["Accept"] = "application/json"
request = function()
  if kind == "detail" then
    return wrk.format("GET", "/api/v1/articles/" .. math.random(1, n))
  elseif kind == "create" then
    counter = counter + 1
    local body = '{"text": "벤치마크 기사 ' .. tid .. '-' .. counter .. '-' .. math.random(1, 1000000000) ..
      '\\n벤치마크 본문 문장입니다. 업로드 지연을 잰다.", "language": "ko"}'
    return wrk.format("POST", "/api/v1/articles",
      {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token, ["Accept"] = "application/json"},
      body)
  else
    return wrk.format("GET", path)
  end
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %%d %%f %%f %%f %%f %%d\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
'''


def run_wrk(base: str, token: str, n: int, kind: str, path: str, duration: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % {"token": token, "n": n, "kind": kind, "path": path})
        script = fh.name
    try:
        done = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s", "-s", script, base],
            capture_output=True, text=True,
        )
    finally:
        os.unlink(script)
    if done.returncode:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    out = done.stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    requests, seconds, p50, p95, p99, errors = line.split()[1:]
    return {"rps": round(int(requests) / float(seconds), 1), "p50_ms": round(float(p50), 2),
            "p95_ms": round(float(p95), 2), "p99_ms": round(float(p99), 2), "requests": int(requests),
            "errors": int(errors)}


async def _httpx_load(base: str, token: str, n: int, kind: str, path: str, duration: int, connections: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + duration
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        rng = random.Random()
        while time.perf_counter() < deadline:
            counter += 1
            t = time.perf_counter()
            if kind == "detail":
                r = await client.get(f"/api/v1/articles/{rng.randint(1, n)}")
            elif kind == "create":
                text = f"벤치마크 기사 {counter}-{rng.random()}\n벤치마크 본문 문장입니다."
                r = await client.post("/api/v1/articles", json={"text": text, "language": "ko"})
            else:
                r = await client.get(path)
            latencies.append(time.perf_counter() - t)
            errors += r.status_code >= 400

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=10) as client:
        await asyncio.gather(*(worker(client) for _ in range(connections)))
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {"rps": round(len(latencies) / elapsed, 1), "p50_ms": round(q[49] * 1000, 2),
            "p95_ms": round(q[94] * 1000, 2), "p99_ms": round(q[98] * 1000, 2), "requests": len(latencies),
            "errors": errors}


def run_httpx(*args) -> dict:
    """The fallback generator, in a second process like wrk would be."""
    code = (
        "import asyncio, json, sys; sys.path.insert(0, {!r}); import bench_api; "
        "print(json.dumps(asyncio.run(bench_api._httpx_load(*json.loads(sys.argv[1])))))".format(str(ROOT / "scripts"))
    )
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG), help="PostgreSQL server URL")
    parser.add_argument("--database", default=DB_NAME, help="database name (recreated unless --keep-db)")
    parser.add_argument("--keep-db", action="store_true", help="reuse the populated database of the last run")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13",
                        help="broker for the uploads (a Redis database of its own: flushed at the end)")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench-cache")
    parser.add_argument("--query", default="", help="the search's words (default: two medium-frequency terms"
                        " picked when the database was populated)")
    parser.add_argument("--only", default="", help="comma-separated endpoints to measure (detail, list, search,"
                        " search_facets, create); default all")
    args = parser.parse_args()

    url = f"{args.pg}/{args.database}"
    state_name = f"bench_api_{args.n}.json" if args.database == DB_NAME else f"bench_api_{args.database}_{args.n}.json"
    tmp = Path(tempfile.mkdtemp(prefix="bench_api_"))
    env = bench_environment(tmp, database_url=url, redis_url=args.redis,
                            settings_module="bench_api_settings")
    # The machine is shared: the load average before the run says how much of it others were using.
    facts: dict = {"n": args.n, "workers": args.workers, "connections": args.connections, "duration_s": args.duration,
                   "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    facts.update(prepare_database(url, n=args.n, cache=args.cache, keep_db=args.keep_db,
                                  state_file=args.cache / state_name, env=env))
    from articles.tests.factories import editor
    from newsroom.api import token_create

    token = token_create(user=editor(username="bench-editor")).key
    from django.db import connections

    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = start_gunicorn(env, port=port, workers=args.workers)
    results: dict = {}
    try:
        wait_for(f"{base}/api/v1/articles/1", {"Authorization": f"Token {token}"})
        if args.query:
            facts["search_terms"] = args.query.split()
        q = "+".join(quote(t, safe="") for t in facts["search_terms"])
        plan = [
            ("detail", "detail", ""), ("list", "list", "/api/v1/articles"),
            ("search", "search", f"/api/v1/articles?q={q}"),
            ("search_facets", "search", f"/api/v1/articles?q={q}&facets=true"), ("create", "create", ""),
        ]
        if args.only:
            wanted = set(args.only.split(","))
            plan = [step for step in plan if step[0] in wanted]
        warm_up([f"{base}/api/v1/articles?q={q}"], {"Authorization": f"Token {token}"}, workers=args.workers)
        generator = "wrk" if shutil.which("wrk") else "httpx"
        facts["generator"] = generator
        for name, kind, path in plan:
            # a short warm-up so both workers have connections and caches
            warm = min(3, args.duration)
            call = run_wrk if generator == "wrk" else run_httpx
            call(base, token, args.n, kind, path, warm, args.connections)
            results[name] = call(base, token, args.n, kind, path, args.duration, args.connections)
            log(f"{name:7s} {json.dumps(results[name])}")
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            import redis

            redis.Redis.from_url(args.redis).flushdb()
        except Exception as exc:  # the queue of never-processed bench uploads; harmless if left
            log(f"could not flush {args.redis}: {exc}")
    targets = {}
    if "detail" in results:
        targets["detail_p95_le_50ms"] = results["detail"]["p95_ms"] <= 50
        targets["detail_ge_300rps"] = results["detail"]["rps"] >= 300
    if "search" in results:
        targets["search_p95_le_50ms"] = results["search"]["p95_ms"] <= 50
    facts["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps({**facts, "results": results, "targets": targets}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
