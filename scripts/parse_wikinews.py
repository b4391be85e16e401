"""Parse the Korean Wikinews corpus (../shared/eval/ko_wikinews) as uploads and report how cleanly it parses.

Each article becomes the text an uploaded file would hold: its title on the first line, then the body.
"Clean" means: headline == title, at least one body block, no empty block and no parser warnings.
Failures are grouped by reason; the last line printed is one JSON object with the counts.

    .venv/bin/python scripts/parse_wikinews.py [--examples 3] [--path ../shared/eval/ko_wikinews/ko_wikinews.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsroom_text.structure import parse_article  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "ko_wikinews" / "ko_wikinews.jsonl"


def failure_reasons(article, title: str) -> list[str]:
    """Why this parse is not clean (empty list when it is)."""
    reasons = []
    if article.headline != title:
        if article.headline_derived:
            reasons.append("title line not recognised as a headline (headline derived from the lead)")
        else:
            reasons.append("headline differs from the title")
    if not article.blocks:
        reasons.append("no body blocks")
    if any(not b.text.strip() for b in article.blocks):
        reasons.append("empty body block")
    for w in article.warnings:
        if "derived from the lead" in w:
            continue  # already counted under the headline reason
        reasons.append("warning: " + w.split(":")[0])
    return reasons


def evaluate(path: Path) -> tuple[int, Counter, dict[str, list[tuple[str, str]]], list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    failures: Counter = Counter()
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    results = []
    for row in rows:
        title = " ".join(row["title"].split())
        article = parse_article(title + "\n" + row["body"])
        reasons = failure_reasons(article, title)
        hinted = parse_article(title + "\n" + row["body"], title_hint=title)
        results.append(
            {
                "id": row["id"],
                "reasons": reasons,
                "headline_ok": article.headline == title,
                "headline_ok_with_hint": hinted.headline == title,
                "kinds": [b.kind for b in article.blocks],
                "subheadlines": len(article.subheadlines),
                "published": article.published is not None,
            }
        )
        for reason in dict.fromkeys(reasons):
            failures[reason] += 1
            examples[reason].append((title, article.headline))
    return len(rows), failures, examples, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(
            f"error: the Wikinews corpus was not found at {args.path}; it lives in ../shared/eval, which is only "
            "present on the team's machines (pass --path to point elsewhere)",
            file=sys.stderr,
        )
        return 2
    total, failures, examples, results = evaluate(args.path)
    clean = sum(1 for r in results if not r["reasons"])
    headline_ok = sum(1 for r in results if r["headline_ok"])
    print(f"articles: {total}")
    print(f"clean: {clean} ({clean / total:.1%})")
    print(f"headline == title: {headline_ok} ({headline_ok / total:.1%})")
    hinted = sum(1 for r in results if r["headline_ok_with_hint"])
    print(f"headline == title when the title is also passed as title_hint: {hinted} ({hinted / total:.1%})")
    kinds = Counter(k for r in results for k in r["kinds"])
    print(f"blocks: {dict(kinds)}")
    print(f"articles with subheadlines: {sum(1 for r in results if r['subheadlines'])}")
    print(f"articles with a published date found in the text: {sum(1 for r in results if r['published'])}")
    for reason, n in failures.most_common():
        print(f"\n{reason}: {n}")
        for title, headline in examples[reason][: args.examples]:
            print(f"  title={title!r}\n    headline={headline!r}")
    print(
        json.dumps(
            {
                "articles": total,
                "clean": clean,
                "headline_equals_title": headline_ok,
                "headline_equals_title_with_hint": hinted,
                "failures": dict(failures),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
