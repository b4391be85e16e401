"""What the PostgreSQL benchmarks share: the populated bench database, the environment, gunicorn.

Used by bench_api.py (the REST API alone) and bench_load.py (mixed users with real Celery workers):

    env = bench_environment(tmp, database_url=..., redis_url=...)   # settings module + variables
    facts = prepare_database(url, n=..., cache=..., keep_db=..., state_file=..., env=env)
    gunicorn = start_gunicorn(env, port=..., workers=2)

prepare_database recreates the database, migrates it and writes N processed articles with COPY
(see populate); with keep_db it reuses the database of the last run with the same N.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "eval" / "ko_wikinews" / "ko_wikinews.jsonl"
SEEDS = [ROOT / "seeds" / "000_329ef9b1478a6bb7.txt", ROOT / "seeds" / "004_9e72b723b3a44e7c.txt"]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"
PIPELINE_VERSION = "structure@1+extraction@2+index@2"

# What the load test's users may be answered, per request kind; anything else is counted against the run.
EXPECTED_STATUSES = {"sign-in": {200}, "search": {200}, "detail": {200}, "upload": {202}, "comment": {201, 202, 422}}

# The project's settings with throttles out of the way: the benches measure capacity, not limits.
# Per second, not per minute: a throttle keeps every request of its window in a list that each
# request reads and writes back to the cache, so a minute's window at bench rates (9,000 entries
# per worker at 300 requests/s) costs ~0.5 ms a request, more than production's 1000/minute ever does.
BENCH_SETTINGS = '''
from newsroom.settings import *  # noqa
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"user": "100000000/second", "anon": "100000000/second"},
}
'''


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def raw_sources() -> list[tuple[str, str, list[str]]]:
    """(language, title, paragraphs) of every source text: Korean Wikinews, then the two seeds."""
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
    from search.models import INDEX_VERSION

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
                    created, PIPELINE_VERSION, created, created,
                ))
                chosen = rng.sample(list(entity_terms), 2)
                for entity_id in chosen:
                    mentions.append((pk, entity_id, 0, 2, body[:2] or "xx", "bench", 1.0))
                text = IndexText((tuple(terms["headline"]),), tuple(t for p in terms["paragraphs"] for t in p),
                                 tuple(entity_terms[e] for e in chosen))
                if pk <= 20_000:
                    df.update(set(text.body_terms))
                docs.append((pk, lang, outlet, reporter, day, created, day, PIPELINE_VERSION, INDEX_VERSION,
                             now, tsvector_literal(text, day)))
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
        # VACUUM too, as autovacuum would soon: otherwise it wakes up for the freshly copied tables
        # during the first measurement, and the first reads set every row's hint bits (2026-11-22:
        # the first two-term search run after populating gave 133 req/s, later runs 150-204).
        c.execute("VACUUM (ANALYZE)")
    # Two medium-frequency terms (in 2-10% of documents) for the two-term search.
    sample = min(n, 20_000)
    medium = [t for t, c in df.most_common() if 0.02 * sample <= c <= 0.10 * sample and len(t) > 1]
    terms = medium[:2] if len(medium) >= 2 else [t for t, _ in df.most_common(2)]
    return {"populate_s": round(time.perf_counter() - t0, 1), "search_terms": terms}


def bench_environment(tmp: Path, *, database_url: str, redis_url: str, settings_module: str) -> dict[str, str]:
    """Write the bench settings module into tmp; the environment for this process and its children.

    Also applied to os.environ (and tmp put on sys.path) so that django.setup() here uses it too.
    """
    (tmp / f"{settings_module}.py").write_text(BENCH_SETTINGS)
    env = {
        **os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": f"{tmp}:{ROOT}",
        "NEWSROOM_DATA_DIR": str(tmp / "data"), "LOG_LEVEL": "WARNING", "DEBUG": "false",
    }
    os.environ.update(env)
    sys.path.insert(0, str(tmp))
    return env


def prepare_database(url: str, *, n: int, cache: Path, keep_db: bool, state_file: Path, env: dict) -> dict:
    """Recreate, migrate and populate the bench database (or reuse it); django is set up on return.

    Returns {"populate_s", "search_terms"} (from the run that populated it when reused).
    """
    reuse = keep_db and state_file.exists()
    if not reuse:
        log(f"creating {url.rsplit('/', 1)[1]}")
        recreate_database(url)
    log("migrating")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    if reuse:
        return json.loads(state_file.read_text())
    raw = raw_sources()
    analysed = analysed_sources(cache)
    log(f"writing {n:,} articles from {len(raw)} sources")
    facts = populate(n, raw, analysed)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(facts))
    return facts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, *, port: int, workers: int, output=None) -> subprocess.Popen:
    """gunicorn serving newsroom.wsgi with `workers` sync workers on 127.0.0.1:port (output: a file)."""
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "newsroom.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env, stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )


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


def warm_up(urls: list[str], headers: dict, *, workers: int) -> None:
    """Each gunicorn worker loads the Korean analyser (kiwi, ~10 s) on its first search: call every
    URL often enough, concurrently, that every worker has served each before measuring."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def get(url: str) -> None:
        httpx.get(url, headers=headers, timeout=120)

    with ThreadPoolExecutor(4 * workers) as pool:
        list(pool.map(get, [u for u in urls for _ in range(8 * workers)]))
