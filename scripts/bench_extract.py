"""Benchmark: raw kiwipiepy tokenisation vs the whole text pipeline on Korean Wikinews, and worker memory.

Runs both measurements in one process, alternating rounds so machine noise hits both alike, and
quotes medians. The pipeline is what a worker runs per article: structure parse + extraction
(NER, linking inputs, dates, amounts, quotes, events) + search analysis when available. Resident memory
is read after the Korean rounds and again after the English seed article (a worker takes both languages).
Last line: one JSON object. Needs ../shared/eval/ko_wikinews (exits 2 with a message otherwise).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "eval" / "ko_wikinews" / "ko_wikinews.jsonl"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="articles per round (0 = all 644)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared/eval/ko_wikinews", file=sys.stderr)
        return 2

    from newsroom_text.extract import extract
    from newsroom_text.korean import analyser
    from newsroom_text.language import detect_language
    from newsroom_text.structure import parse_article

    try:
        from newsroom_text.search.analysis import analyse as search_analyse
    except ImportError:  # the search analysis may not exist in older checkouts
        search_analyse = None

    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    texts = [f"{r['title']}\n{r['body']}" for r in rows]
    published = [date.fromisoformat(r["date"]) for r in rows]
    chars = sum(len(t) for t in texts)
    rss_before = rss_mb()

    kiwi = analyser()
    kiwi.tokenize("워밍업 문장입니다.")  # model load is not throughput
    extract("워밍업 문장입니다. 김영섭 KT 대표가 말했다.", lang="ko", published=None)

    def raw_round() -> float:
        start = time.perf_counter()
        for text in texts:
            kiwi.tokenize(text)
        return time.perf_counter() - start

    from newsroom_text.korean import _cached_morphemes

    def pipeline_round() -> float:
        _cached_morphemes.cache_clear()  # every round analyses afresh, like a worker meeting new articles
        start = time.perf_counter()
        for text, pub in zip(texts, published, strict=True):
            parsed = parse_article(text)
            body = parsed.body_text
            extract(body, lang="ko", published=pub)
            if search_analyse is not None:  # as search.services.index_text_for: each field alone
                for field in (parsed.headline, *parsed.subheadlines, body):
                    search_analyse(field, lang="ko")
        return time.perf_counter() - start

    raw_times, pipe_times = [], []
    for n in range(args.rounds):
        raw_times.append(raw_round())
        pipe_times.append(pipeline_round())
        print(f"round {n + 1}: raw {raw_times[-1]:.2f}s, pipeline {pipe_times[-1]:.2f}s", flush=True)

    raw_s, pipe_s = statistics.median(raw_times), statistics.median(pipe_times)
    rss_ko = rss_mb()
    # A worker takes English articles too: their models (spaCy's blank pipeline, gazetteers, word
    # statistics) load beside the Korean ones, so the memory figure is taken after an English article.
    english = sorted((ROOT / "seeds").glob("*.txt"))
    for path in english:
        text = path.read_text(encoding="utf-8")
        if detect_language(text) == "en":
            parsed = parse_article(text)
            extract(parsed.body_text, lang="en", published=None)
            if search_analyse is not None:
                search_analyse(parsed.body_text, lang="en")
    result = {
        "articles": len(texts),
        "chars": chars,
        "rounds": args.rounds,
        "raw_kiwi_chars_per_s": round(chars / raw_s),
        "raw_kiwi_articles_per_s": round(len(texts) / raw_s, 1),
        "pipeline_chars_per_s": round(chars / pipe_s),
        "pipeline_articles_per_s": round(len(texts) / pipe_s, 1),
        "pipeline_vs_raw": round(raw_s / pipe_s, 3),
        "rss_mb_before_models": round(rss_before, 1),
        "rss_mb_after_korean": round(rss_ko, 1),
        "rss_mb_after": round(rss_mb(), 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(f"raw kiwipiepy: {result['raw_kiwi_chars_per_s']:,} chars/s, {result['raw_kiwi_articles_per_s']} articles/s")
    print(f"pipeline:      {result['pipeline_chars_per_s']:,} chars/s, {result['pipeline_articles_per_s']} articles/s "
          f"({result['pipeline_vs_raw']:.0%} of raw)")
    print(f"resident memory: {result['rss_mb_after_korean']} MB after the Korean articles, {result['rss_mb_after']} MB "
          f"after an English one too (peak {result['max_rss_mb']} MB)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
