"""Benchmark the REST API: gunicorn (2 workers) on PostgreSQL with N processed articles.

    .venv/bin/python scripts/bench_api.py --n 100000 [--duration 15] [--connections 8] [--keep-db]

1. A dedicated database (newsroom_bench_api, recreated) is migrated; N processed articles are written
   with COPY: Korean Wikinews texts (../shared/eval/ko_wikinews) + the seeds, each article a random
   source with its paragraphs shuffled, a published date over 2000-2025, one of 30 outlets, two entity
   mentions, its Upload row, and its search index row (tsvector built from the source's analysed
   terms exactly as search.pipeline.IndexStep would). An editor and its token are created.
2. gunicorn serves newsroom.wsgi with 2 sync workers (settings: newsroom.settings + high throttle
   rates, written to a temporary module), Celery tasks go to Redis (db 13) so an upload is accepted
   the way production accepts it (no worker runs: the bench measures the API, not processing).
3. The load generator runs in a second process: wrk (Debian package) with a Lua script per endpoint
   that reports p50/p95/p99 from wrk's latency histogram; without wrk, a small asyncio+httpx
   generator. Endpoints: detail (random ids), list (first page), search (two terms, relevance),
   create (JSON upload of a new text each request).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import importlib.util
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "eval" / "ko_wikinews" / "ko_wikinews.jsonl"
SEEDS = [ROOT / "seeds" / "000_329ef9b1478a6bb7.txt", ROOT / "seeds" / "004_9e72b723b3a44e7c.txt"]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "newsroom_bench_api"

BENCH_SETTINGS = '''
from newsroom.settings import *  # noqa
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"user": "100000000/minute", "anon": "100000000/minute"},
}
'''


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def raw_sources() -> list[tuple[str, str, list[str]]]:
    texts = []
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                texts.append(("ko", row["title"], [p for p in row["body"].split("\n") if p.strip()]))
    for path, lang in zip(SEEDS, ("ko", "en"), strict=True):
        lines = [x for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]
        texts.append((lang, lines[0], lines[1:]))
    return texts


def analysed_sources(cache: Path) -> list[dict]:
    """The search bench's analysed sources (same order as raw_sources), cached on disk."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "scripts" / "bench_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_sources(cache)


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def populate(n: int, raw: list, analysed: list[dict]) -> dict:
    """COPY n processed articles (uploads, articles, mentions, index rows); returns bench facts."""
    from django.db import connection

    from articles.models import Outlet
    from entities.models import Entity
    from newsroom_text.search.analysis import normalise_entity_term
    from search.backends import IndexText, tsvector_literal

    rng = random.Random(7)
    outlets = [Outlet.objects.create(name=f"매체{k}").pk for k in range(30)]
    entities = Entity.objects.bulk_create(
        [Entity(kind="PERSON" if k % 2 else "ORG", name_ko=f"개체{k}") for k in range(2000)]
    )
    entity_terms = {e.pk: normalise_entity_term(e.name_ko) for e in entities}
    start, span = datetime.date(2000, 1, 1).toordinal(), 26 * 365
    now = datetime.datetime.now(datetime.UTC)
    pairs = list(zip(raw, analysed, strict=True))
    df: Counter = Counter()
    t0 = time.perf_counter()
    with connection.cursor() as dj:
        cur = dj.cursor
        batch_size = 5000
        for first in range(1, n + 1, batch_size):
            uploads, articles, docs, mentions = [], [], [], []
            for pk in range(first, min(first + batch_size, n + 1)):
                (lang, title, paragraphs), terms = pairs[rng.randrange(len(pairs))]
                order = list(range(len(paragraphs)))
                rng.shuffle(order)
                body = "\n".join(paragraphs[i] for i in order)
                source = f"{title}\n{body}\n<!-- bench {pk} -->"
                data = source.encode()
                day = datetime.date.fromordinal(start + rng.randrange(span))
                created = datetime.datetime.combine(day, datetime.time(9), datetime.UTC)
                outlet = outlets[rng.randrange(30)]
                reporter = f"기자{rng.randrange(500)}"
                blocks = json.dumps([{"kind": "paragraph", "text": paragraphs[i]} for i in order], ensure_ascii=False)
                uploads.append((pk, f"bench-{pk}.txt", data, len(data), hashlib.sha256(data).hexdigest(), "utf-8",
                                "text", created))
                articles.append((
                    pk, pk, source, hashlib.sha256(source.encode()).hexdigest(), lang, False, outlet, "", title,
                    False, "[]", reporter, "", "", "{}", day, "day", False, blocks, body, 0, "processed", "", 1,
                    created, "structure@1+extraction@1+index@1", created, created,
                ))
                chosen = rng.sample(list(entity_terms), 2)
                for entity_id in chosen:
                    mentions.append((pk, entity_id, 0, 2, body[:2] or "xx", "bench", 1.0))
                text = IndexText((tuple(terms["headline"]),), tuple(t for p in terms["paragraphs"] for t in p),
                                 tuple(entity_terms[e] for e in chosen))
                if pk <= 20_000:
                    df.update(set(text.body_terms))
                docs.append((pk, lang, outlet, reporter, day, created, day, "structure@1+extraction@1+index@1", "1",
                             now, tsvector_literal(text)))
            with cur.copy("COPY articles_upload (id, file_name, content, size, sha256, encoding, fmt, uploaded_at)"
                          " FROM STDIN") as cp:
                for row in uploads:
                    cp.write_row(row)
            with cur.copy(
                "COPY articles_article (id, upload_id, source_text, content_hash, language, language_fixed, outlet_id,"
                " rubric, headline, headline_derived, subheadlines, reporter_name, reporter_role, reporter_email,"
                " dateline, published_date, published_precision, published_date_set_by_editor, blocks, body_text,"
                " comment_count, status, error, attempts, processed_at, pipeline_version, created_at, updated_at)"
                " FROM STDIN"
            ) as cp:
                for row in articles:
                    cp.write_row(row)
            with cur.copy('COPY entities_mention (article_id, entity_id, start, "end", text, method, confidence)'
                          " FROM STDIN") as cp:
                for row in mentions:
                    cp.write_row(row)
            with cur.copy(
                "COPY search_searchdocument (article_id, language, outlet_id, reporter, published_date, created_at,"
                " sort_date, pipeline_version, index_version, indexed_at, tsv) FROM STDIN"
            ) as cp:
                for row in docs:
                    cp.write_row(row)
            log(f"  {min(first + batch_size - 1, n):,} articles")
        for table in ("articles_upload", "articles_article", "entities_mention"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with connection.cursor() as c:
        c.execute("ANALYZE")
    # Two medium-frequency terms (in 2-10% of documents) for the two-term search.
    sample = min(n, 20_000)
    medium = [t for t, c in df.most_common() if 0.02 * sample <= c <= 0.10 * sample and len(t) > 1]
    terms = medium[:2] if len(medium) >= 2 else [t for t, _ in df.most_common(2)]
    return {"populate_s": round(time.perf_counter() - t0, 1), "search_terms": terms}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, headers: dict, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, headers=headers, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}")


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
    parser.add_argument("--keep-db", action="store_true", help="reuse the populated database of the last run")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench-cache")
    args = parser.parse_args()

    url = f"{args.pg}/{DB_NAME}"
    tmp = Path(tempfile.mkdtemp(prefix="bench_api_"))
    (tmp / "bench_api_settings.py").write_text(BENCH_SETTINGS)
    env = {
        **os.environ, "DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:6379/13",
        "DJANGO_SETTINGS_MODULE": "bench_api_settings", "PYTHONPATH": f"{tmp}:{ROOT}",
        "NEWSROOM_DATA_DIR": str(tmp / "data"), "LOG_LEVEL": "WARNING", "DEBUG": "false",
    }
    os.environ.update(env)
    sys.path.insert(0, str(tmp))
    facts: dict = {"n": args.n, "workers": args.workers, "connections": args.connections, "duration_s": args.duration}
    state_file = args.cache / f"bench_api_{args.n}.json"
    reuse = args.keep_db and state_file.exists()
    if not reuse:
        log(f"creating {DB_NAME}")
        recreate_database(url)
    log("migrating")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    if reuse:
        facts.update(json.loads(state_file.read_text()))
    else:
        raw = raw_sources()
        analysed = analysed_sources(args.cache)
        log(f"writing {args.n:,} articles from {len(raw)} sources")
        facts.update(populate(args.n, raw, analysed))
        args.cache.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps({k: facts[k] for k in ("populate_s", "search_terms")}))
    from articles.tests.factories import editor
    from newsroom.api import token_create

    token = token_create(user=editor(username="bench-editor")).key
    from django.db import connections

    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "newsroom.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    results: dict = {}
    try:
        wait_for(f"{base}/api/v1/articles/1", {"Authorization": f"Token {token}"})
        q = "+".join(quote(t, safe="") for t in facts["search_terms"])
        plan = [
            ("detail", "detail", ""), ("list", "list", "/api/v1/articles"),
            ("search", "search", f"/api/v1/articles?q={q}"), ("create", "create", ""),
        ]
        # Each worker loads the Korean analyser (kiwi, ~10 s) on its first search: warm both up first.
        from concurrent.futures import ThreadPoolExecutor

        import httpx

        def warm(_):
            httpx.get(f"{base}/api/v1/articles?q={q}", headers={"Authorization": f"Token {token}"}, timeout=120)

        with ThreadPoolExecutor(4 * args.workers) as pool:
            list(pool.map(warm, range(8 * args.workers)))
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

            redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
        except Exception as exc:  # the queue of never-processed bench uploads; harmless if left
            log(f"could not flush redis db 13: {exc}")
    targets = {
        "detail_p95_le_50ms": results["detail"]["p95_ms"] <= 50,
        "search_p95_le_50ms": results["search"]["p95_ms"] <= 50,
        "detail_ge_300rps": results["detail"]["rps"] >= 300,
    }
    print(json.dumps({**facts, "results": results, "targets": targets}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
