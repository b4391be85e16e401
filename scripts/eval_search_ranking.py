"""What ranking only the newest matches costs in relevance: headline queries on the search benchmark.

    .venv/bin/python scripts/eval_search_ranking.py [--database URL] [--cache DIR] [--queries 150]

Runs against the database `scripts/bench_search.py` built (default newsroom_bench, 100,000
articles made from the Korean Wikinews texts; it needs ../shared). Every benchmark article carries
the headline of the Wikinews text it was made from, so a query made from a source headline has a
known relevant set: the articles carrying that headline. Two query sets over the same sampled
sources: "distinctive", the headline's two rarest words (lowest document frequency among the
sources, two characters or more; tens to hundreds of matches), and "broad", its most common word
alone (thousands of matches: there the window ranks only the newest of them). Compared at 10:

- window: what the archive does (search.backends: ts_rank_cd x recency boost over the newest
  RANK_WINDOW matches of the window);
- exhaustive: the same score over every match (what the window approximates);
- newest: date order only;

as precision@10 (share of the top 10 carrying the headline), success@10 (at least one), and the
share of the exhaustive top 10 the window also shows. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def evaluate(kind: str, picked: list[int], sources: list[dict], df: Counter) -> dict:
    from django.db import connection

    from newsroom_text.search.query import parse_query, to_tsquery
    from search.backends import Filters, get_backend

    backend, today = get_backend(), datetime.date.today()
    precision: dict[str, list[float]] = {"window": [], "exhaustive": [], "newest": []}
    success = dict.fromkeys(precision, 0)
    shared, matches = [], []
    for i in picked:
        headline = sources[i]["headline"]
        words = sorted({t for t in headline if len(t) >= 2}, key=lambda t: (df[t], t))
        words = words[:2] if kind == "distinctive" else words[-1:]
        if len(words) != (2 if kind == "distinctive" else 1):
            continue
        node = parse_query(" ".join(words))
        q = to_tsquery(node) if node else ""
        if not q:
            continue
        with connection.cursor() as cur:
            # every match: its score and its headline (the weight-A lexemes)
            cur.execute(
                "SELECT article_id, sort_date, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', tsv, to_tsquery('simple', %s), 1),"
                " ARRAY(SELECT lexeme FROM unnest(ts_filter(tsv, '{a}')) ORDER BY 1)"
                " FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s)",
                [q, q],
            )
            rows = cur.fetchall()
        target = sorted(set(headline))
        relevant = {r[0] for r in rows if list(r[3]) == target}
        if not relevant:
            continue
        matches.append(len(rows))
        exhaustive = [r[0] for r in sorted(rows, key=lambda r: (-r[2] * backend._boost(r[1], today),
                                                                -r[1].toordinal(), -r[0]))[:10]]
        ranked = {
            "window": backend.search(node, Filters(), sort="relevance", page_size=10).ids,
            "exhaustive": exhaustive,
            "newest": backend.search(node, Filters(), sort="newest", page_size=10).ids,
        }
        for name, ids in ranked.items():
            hits = sum(1 for a in ids if a in relevant)
            precision[name].append(hits / 10)
            success[name] += hits > 0
        shared.append(len(set(ranked["window"]) & set(exhaustive)) / 10)
    used = len(matches)
    summary = {
        "queries": used,
        "median_matches": statistics.median(matches) if matches else 0,
        "precision_at_10": {k: round(statistics.mean(v), 3) for k, v in precision.items() if v},
        "success_at_10": {k: round(v / used, 3) for k, v in success.items()} if used else {},
        "window_shares_exhaustive_top10": round(statistics.mean(shared), 3) if shared else None,
    }
    print(f"{kind}: {used} queries, median {summary['median_matches']} matches")
    for k in precision:
        if precision[k]:
            print(f"  {k:<11} P@10 {summary['precision_at_10'][k]:.3f}  success@10 {summary['success_at_10'][k]:.3f}")
    if shared:
        print(f"  the window's top 10 holds {summary['window_shares_exhaustive_top10']:.1%} of the exhaustive top 10")
    return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/newsroom_bench")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsroom_bench")
    ap.add_argument("--queries", type=int, default=150)
    args = ap.parse_args()
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from bench_search import load_sources

    sources = load_sources(args.cache)
    df = Counter(t for s in sources for t in set(s["headline"]))
    picked = random.Random(5).sample(range(len(sources)), min(args.queries, len(sources)))
    summaries = {kind: evaluate(kind, picked, sources, df) for kind in ("distinctive", "broad")}
    print(json.dumps(summaries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
