"""Load test: mixed newsroom users against gunicorn + real Celery workers on PostgreSQL with N articles.

    .venv/bin/python scripts/bench_load.py [--n 100000] [--users 50] [--duration 300] [--keep-db]

1. The database newsroom_bench_load is recreated and populated exactly as bench_api's (scripts/
   bench_common.py: N processed articles written with COPY). One editor account and API token per
   simulated user are created.
2. gunicorn serves newsroom.wsgi with 2 sync workers; TWO separate `celery -A newsroom worker`
   processes (concurrency 1 each, prefork) consume the Redis queue (db 12, flushed before and after),
   so uploads are processed by the production path while the users keep coming. No beat runs: an
   upload left pending is reported, not swept.
3. locust (headless, its own process, scripts/bench_load_users.py) runs --users users for --duration
   seconds. Each user signs in with its token and, after a think time of --wait-min..--wait-max
   seconds, does one task, weighted: search (one- and two-term Korean and English queries drawn from
   the corpus), detail (a random existing article), upload (a new unique text, its id remembered),
   comment (clean, over-length or profane, on a random processed article). Expected outcomes (201/202
   /422 for comments, 202 for uploads) are not errors; any 5xx or connection error is.
4. After the run the workers drain the queue (at most --drain-timeout seconds); every upload the
   users made is then counted in the database by status: all must be processed.

Prints per request kind requests, req/s and p50/p95/p99; the last line is one JSON object. Exits 1
when a 5xx, a connection error or another status the API does not promise (e.g. a 404 on a detail)
happened, or an upload did not end processed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_common import (  # noqa: E402
    DEFAULT_PG,
    EXPECTED_STATUSES,
    analysed_sources,
    bench_environment,
    free_port,
    log,
    prepare_database,
    raw_sources,
    start_gunicorn,
    wait_for,
    warm_up,
)

DB_NAME = "newsroom_bench_load"
REDIS_URL = "redis://127.0.0.1:6379/12"
KINDS = ("search", "detail", "upload", "comment")
LOG_DIR = ROOT / "var" / "bench-load"
# One per language: screening loads the Korean and the English recogniser on first use, seconds each.
WARM_UP_COMMENTS = ("준비 댓글 {}입니다.", "A warm-up comment, number {}.")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def search_queries(raw: list, analysed: list[dict], rng) -> dict[str, list[str]]:
    """One- and two-term queries from the corpus: Korean analysed terms found in 1-10% of the source
    texts (two-term: both from the same text, so they can co-occur), English words of the sources."""
    ko_sets = [set(t for p in a["paragraphs"] for t in p) for a in analysed if a["lang"] == "ko"]
    df = Counter(t for terms in ko_sets for t in terms)
    medium = {t for t, c in df.items() if 0.01 * len(ko_sets) <= c <= 0.10 * len(ko_sets) and len(t) > 1}
    words_by_text = [
        {w.lower() for w in re.findall(r"[A-Za-z]{4,}", " ".join([title, *paragraphs]))}
        for _, title, paragraphs in raw
    ]
    en_df = Counter(w for words in words_by_text for w in words)
    english = {w for (lang, _, _), words in zip(raw, words_by_text, strict=True) if lang == "en" for w in words}
    english |= {w for w, c in en_df.items() if c >= 2}
    english_by_text = [sorted(words & english) for words in words_by_text]
    queries: dict[str, list[str]] = {"ko-1": sorted(medium), "en-1": sorted(english), "ko-2": [], "en-2": []}
    for _ in range(500):
        terms = sorted(rng.choice(ko_sets) & medium)
        if len(terms) >= 2:
            queries["ko-2"].append(" ".join(rng.sample(terms, 2)))
        words = english_by_text[rng.randrange(len(raw))]
        if len(words) >= 2:
            queries["en-2"].append(" ".join(rng.sample(words, 2)))
    return {k: v or queries["ko-1"] for k, v in queries.items()}


def create_users(names: list[str]) -> list[str]:
    """An editor account for each name and a fresh API token for each."""
    from django.contrib.auth import get_user_model

    from articles.roles import roles_ensure
    from newsroom.api import token_create

    editor_group, _ = roles_ensure()
    tokens = []
    for name in names:
        user, _ = get_user_model().objects.get_or_create(username=name, defaults={"is_staff": True})
        user.groups.add(editor_group)
        tokens.append(token_create(user=user).key)
    return tokens


def start_celery_worker(env: dict, index: int) -> subprocess.Popen:
    log_file = (LOG_DIR / f"celery-{index}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "newsroom", "worker", "--concurrency", "1", "--pool", "prefork",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO",
         "-n", f"bench-load-{index}@%h"],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_ready(index: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    path = LOG_DIR / f"celery-{index}.log"
    while time.monotonic() < deadline:
        if path.exists() and " ready." in path.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise SystemExit(f"celery worker {index} not ready after {timeout}s; see {path}")


def warm_up_processing(base: str, auth: dict, raw: list, *, workers: int, celery_workers: int) -> None:
    """Before measuring: every gunicorn worker screens a comment (loading the NER model) and every
    Celery worker processes an upload (loading kiwi and the NER model), so no user waits on a load."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def comment(i: int) -> None:
        httpx.post(f"{base}/api/v1/articles/{i + 1}/comments", json={"body": WARM_UP_COMMENTS[i % 2].format(i)}, headers=auth,
                   timeout=120).raise_for_status()

    with ThreadPoolExecutor(4 * workers) as pool:
        list(pool.map(comment, range(8 * workers)))
    ids = []
    for i in range(2 * celery_workers):
        _, title, paragraphs = raw[i]
        r = httpx.post(f"{base}/api/v1/articles", headers=auth, timeout=60, json={
            "text": "\n".join([title, *paragraphs, f"(warm-up {uuid.uuid4().hex})"]), "file_name": "bench-load-warm-up.txt",
        })
        r.raise_for_status()
        ids.append(str(r.json()["id"]))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        states = httpx.get(f"{base}/api/v1/uploads/status?ids={','.join(ids)}", headers=auth, timeout=30).json()
        if all(row["status"] in ("processed", "failed") for row in states["results"]):
            return
        time.sleep(1)
    raise SystemExit(f"the Celery workers did not process the warm-up uploads in 300s; see {LOG_DIR}")


def stop(proc: subprocess.Popen, *, group: bool) -> None:
    if proc.poll() is not None:
        return
    if group:
        os.killpg(proc.pid, signal.SIGTERM)
    else:
        proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.wait(timeout=10)


def upload_states(run_id: str) -> Counter:
    from articles.models import Article

    rows = Article.objects.filter(upload__file_name__startswith=f"bench-load-{run_id}-").values_list("status",
                                                                                                    flat=True)
    return Counter(rows)


def drain(run_id: str, timeout: float) -> tuple[Counter, float]:
    """Wait until none of this run's uploads is pending or processing (or the timeout)."""
    t0 = time.monotonic()
    while True:
        states = upload_states(run_id)
        busy = states["pending"] + states["processing"]
        if not busy or time.monotonic() - t0 > timeout:
            return states, round(time.monotonic() - t0, 1)
        log(f"  draining: {dict(states)}")
        time.sleep(5)


def summarise(result: dict) -> dict:
    """Per request kind: requests, req/s, exact p50/p95/p99 (ms), statuses."""
    seconds = max(result["seconds"], 1e-9)
    summary = {}
    for kind in (*KINDS, "sign-in"):
        values = result["latencies_ms"].get(kind, [])
        summary[kind] = {
            "requests": len(values), "rps": round(len(values) / seconds, 2),
            "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "statuses": dict(sorted(result["statuses"].get(kind, {}).items())),
        }
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="processed articles in the database")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started per second (users/10)")
    parser.add_argument("--wait-min", type=float, default=1.0, help="think time between tasks, seconds")
    parser.add_argument("--wait-max", type=float, default=3.0)
    parser.add_argument("--weights", default="search=4,detail=4,comment=2,upload=1",
                        help="task weights, kind=weight,...")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--celery-workers", type=int, default=2, help="celery worker processes, concurrency 1")
    parser.add_argument("--drain-timeout", type=float, default=900, help="seconds to wait for the queue")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG), help="PostgreSQL server URL")
    parser.add_argument("--keep-db", action="store_true", help="reuse the populated database of the last run")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "bench-cache")
    args = parser.parse_args()
    weights = {k: int(v) for k, v in (part.split("=") for part in args.weights.split(","))}
    if set(weights) != set(KINDS):
        parser.error(f"--weights needs exactly {', '.join(KINDS)}")

    rng = random.Random(11)
    run_id = uuid.uuid4().hex[:8]
    url = f"{args.pg}/{DB_NAME}"
    tmp = Path(tempfile.mkdtemp(prefix="bench_load_"))
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_environment(tmp, database_url=url, redis_url=REDIS_URL, settings_module="bench_load_settings")
    facts: dict = {"n": args.n, "users": args.users, "duration_s": args.duration, "wait_s": [args.wait_min,
                   args.wait_max], "weights": weights, "gunicorn_workers": args.workers,
                   "celery": f"{args.celery_workers} worker processes x concurrency 1 (prefork)"}
    facts.update(prepare_database(url, n=args.n, cache=args.cache, keep_db=args.keep_db,
                                  state_file=args.cache / f"bench_load_{args.n}.json", env=env))
    raw = raw_sources()
    queries = search_queries(raw, analysed_sources(args.cache), rng)
    warm_token, *tokens = create_users(["load-warm-up", *(f"load-{i}" for i in range(args.users))])
    from django.db import connections

    connections.close_all()
    redis.Redis.from_url(REDIS_URL).flushdb()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Token {warm_token}"}
    gunicorn_log = (LOG_DIR / "gunicorn.log").open("wb")
    gunicorn = start_gunicorn(env, port=port, workers=args.workers, output=gunicorn_log)
    celery = [start_celery_worker(env, i) for i in range(args.celery_workers)]
    plan_file, result_file = tmp / "plan.json", tmp / "result.json"
    try:
        wait_for(f"{base}/api/v1/articles/1", auth)
        q = quote(queries["ko-2"][0])
        warm_up([f"{base}/api/v1/articles?q={q}"], auth, workers=args.workers)
        for i in range(args.celery_workers):
            wait_ready(i)
        warm_up_processing(base, auth, raw, workers=args.workers, celery_workers=args.celery_workers)
        plan_file.write_text(json.dumps({
            "tokens": tokens, "n": args.n, "queries": queries, "sources": raw, "run_id": run_id,
            "weights": weights, "wait": [args.wait_min, args.wait_max], "result_file": str(result_file),
        }, ensure_ascii=False))
        from importlib.metadata import version

        facts["locust"] = version("locust")
        spawn_rate = args.spawn_rate or max(1.0, args.users / 10)
        log(f"locust {facts['locust']}: {args.users} users for {args.duration}s against {base}")
        subprocess.run(
            [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "scripts" / "bench_load_users.py"),
             "--headless", "-u", str(args.users), "-r", str(spawn_rate), "-t", f"{args.duration}s",
             "--host", base, "--stop-timeout", "60", "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "BENCH_LOAD_PLAN": str(plan_file)}, stdout=sys.stderr, check=False,
        )
        result = json.loads(result_file.read_text())
        queue_at_end = redis.Redis.from_url(REDIS_URL).llen("celery")
        log(f"load over; {queue_at_end} uploads still queued; draining (at most {args.drain_timeout:.0f}s)")
        states, drain_s = drain(run_id, args.drain_timeout)
        failed = []
        if states["failed"]:
            from articles.models import Article

            failed = list(Article.objects.filter(upload__file_name__startswith=f"bench-load-{run_id}-",
                                                 status="failed").values_list("pk", "error")[:10])
    finally:
        stop(gunicorn, group=False)
        gunicorn_log.close()
        for proc in celery:
            stop(proc, group=True)
        redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(tmp, ignore_errors=True)

    kinds = summarise(result)
    all_statuses = Counter()
    for counts in result["statuses"].values():
        all_statuses.update({int(k): v for k, v in counts.items()})
    errors_5xx = sum(v for k, v in all_statuses.items() if k >= 500)
    connection_errors = all_statuses.get(0, 0)
    # e.g. a 404 on a detail or a 429: not a server error, but not an outcome the API promised either
    unexpected = {
        kind: {status: count for status, count in s["statuses"].items()
               if 0 < int(status) < 500 and int(status) not in EXPECTED_STATUSES[kind]}
        for kind, s in kinds.items()
    }
    unexpected_count = sum(sum(v.values()) for v in unexpected.values())
    made = len(result["uploaded_ids"])
    from articles.models import Article

    recorded = Counter(Article.objects.filter(pk__in=result["uploaded_ids"]).values_list("status", flat=True))
    uploads = {
        "made": made, "in_db": sum(states.values()), "processed": states["processed"], "failed": states["failed"],
        "pending": states["pending"], "processing": states["processing"],
        "made_and_processed": recorded["processed"], "queued_at_end_of_load": queue_at_end, "drain_s": drain_s,
        "failed_examples": failed,
    }
    comments = {k.split(":", 1)[1]: v for k, v in sorted(result["variants"].items()) if k.startswith("comment:")}
    log("")
    log(f"{'kind':8s} {'requests':>9s} {'req/s':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}  statuses")
    for kind, s in kinds.items():
        log(f"{kind:8s} {s['requests']:9d} {s['rps']:7.2f} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} {s['p99_ms']:8.1f}"
            f"  {s['statuses']}")
    log(f"total {sum(all_statuses.values())} requests in {result['seconds']:.0f}s; 5xx: {errors_5xx}; "
        f"connection errors: {connection_errors}; other unexpected statuses: {unexpected_count}")
    log(f"comments by variant: {comments}")
    log(f"uploads: {made} made, {uploads['in_db']} in the database, {uploads['processed']} processed, "
        f"{uploads['failed']} failed, {uploads['pending'] + uploads['processing']} unfinished "
        f"(drained in {drain_s}s)")
    log(f"logs: {LOG_DIR}")
    targets = {
        "no_5xx": errors_5xx == 0,
        "no_connection_errors": connection_errors == 0,
        "no_unexpected_status": unexpected_count == 0,
        "every_upload_processed": made == recorded["processed"] == uploads["in_db"] == uploads["processed"],
    }
    print(json.dumps({
        **facts, "run_id": run_id, "requests_total": sum(all_statuses.values()), "seconds": round(result["seconds"], 1),
        "errors_5xx": errors_5xx, "connection_errors": connection_errors,
        "unexpected_statuses": {k: v for k, v in unexpected.items() if v}, "results": kinds, "comments": comments,
        "searches": {k.split(":", 1)[1]: v for k, v in sorted(result["variants"].items()) if k.startswith("search:")},
        "uploads": uploads, "targets": targets,
    }, ensure_ascii=False))
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
