#!/usr/bin/env python
"""Score comment screening on the hand-labelled set and record the figures in docs/quality.md.

Usage: .venv/bin/python scripts/eval_comments.py [--no-write] [--errors] [--data PATH]

Prints precision/recall per category, the false-positive rate on clean comments (any finding at all
counts as a false positive) and the outcome mix; rewrites only the block between
`<!-- comments:start -->` and `<!-- comments:end -->` in docs/quality.md (other sections untouched);
the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsroom_text.screening import CATEGORIES, Policy, PriorComment, screen_comment  # noqa: E402

DATA = ROOT / "newsroom_text" / "tests" / "data" / "comments_labelled.jsonl"
DOC = ROOT / "docs" / "quality.md"
START, END = "<!-- comments:start -->", "<!-- comments:end -->"
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
HELD_OUT = "d"  # ids d..., df...: set D, written after sets A-C were fixed; its misses are never fixed
# Held-out figures of the earlier sets, measured once when each was first run (before its misses were
# fixed - after that they became development data). Kept here so the doc shows how much fitting helps.
FREEZE_HISTORY = [
    "set B (98 comments, first run 07:30 UTC): profanity recall 17/24 = 0.708, defamation 9/11 = 0.818, "
    "slander 11/11, false_information 10/10, flooding 8/8, clean false positives 0/36",
    "set C (43 comments, first run 07:31 UTC): profanity recall 7/12 = 0.583, flooding 2/3, slander 4/4, "
    "false_information 4/4, defamation 4/4, clean false positives 0/16",
    "set D (48 comments, first run 07:33 UTC): profanity recall 8/14 = 0.571 with 2 false hits, slander 3/4, "
    "false_information 2/4, defamation 2/4, flooding 2/3, clean false positives 2/19",
]


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def screen_item(item: dict, policy: Policy):
    author = item.get("author", "reader")
    history = [
        PriorComment(h["text"], h.get("author", author), NOW - timedelta(seconds=h["seconds_ago"]))
        for h in item.get("history", [])
    ]
    return screen_comment(
        item["text"], policy=policy, lang=item.get("lang"), author=author, now=NOW, history=history
    )


def score(items: list[dict], policy: Policy) -> dict:
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    clean = clean_fp = 0
    outcomes: dict[str, int] = {}
    errors = []
    for item in items:
        result = screen_item(item, policy)
        got = {f.category for f in result.findings}
        want = set(item["labels"])
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        for c in CATEGORIES:
            if c in got and c in want:
                counts[c]["tp"] += 1
            elif c in got:
                counts[c]["fp"] += 1
            elif c in want:
                counts[c]["fn"] += 1
        if not want:
            clean += 1
            clean_fp += bool(got)
        if got != want:
            errors.append(
                (item["id"], sorted(want), sorted(got), item["text"], [f.reason for f in result.findings])
            )
    per = {}
    for c, k in counts.items():
        support = k["tp"] + k["fn"]
        per[c] = {
            "precision": round(k["tp"] / (k["tp"] + k["fp"]), 3) if k["tp"] + k["fp"] else None,
            "recall": round(k["tp"] / support, 3) if support else None,
            "support": support,
            **k,
        }
    return {
        "items": len(items),
        "clean": clean,
        "clean_false_positives": clean_fp,
        "clean_fp_rate": round(clean_fp / clean, 4) if clean else None,
        "per_category": per,
        "outcomes": outcomes,
        "errors": errors,
    }


SHARED_EVAL = ROOT.parent / "shared" / "eval"
REAL_TEXT = [  # (name, file, text key, lang, source filter)
    (
        "KLUE-NER dev, NSMC movie reviews (real user comments)",
        "klue_ner/klue-ner-v1.1_dev.spans.jsonl",
        "text",
        "ko",
        "nsmc",
    ),
    (
        "KLUE-NER dev, WIKITREE news sentences",
        "klue_ner/klue-ner-v1.1_dev.spans.jsonl",
        "text",
        "ko",
        "wikitree",
    ),
    ("Korean Wikinews articles (first 1000 chars)", "ko_wikinews/ko_wikinews.jsonl", "body", "ko", None),
    ("GMB English news sentences", "gmb_en/spans.jsonl", "text", "en", None),
]


def real_text() -> list[dict]:
    """Unlabelled real text from ../shared/eval: how often each category fires. Not comments (except NSMC),
    and not labelled, so these are rates to read with the listed examples, not precision."""
    policy = Policy(max_length=None, categories=("profanity", "slander", "defamation", "false_information"))
    rows = []
    for name, rel, key, lang, source in REAL_TEXT:
        path = SHARED_EVAL / rel
        if not path.exists():
            continue
        n = 0
        fired: dict[str, int] = {}
        examples: list[str] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if source and d.get("source") != source:
                    continue
                n += 1
                text = d[key][:1000]
                result = screen_comment(text, policy=policy, lang=lang)
                for c in {f.category for f in result.findings}:
                    fired[c] = fired.get(c, 0) + 1
                for f in result.findings:
                    if f.category == "profanity" and len(examples) < 6:
                        examples.append(f.evidence)
        rows.append({"name": name, "texts": n, "fired": fired, "profanity_examples": examples})
    return rows


def git_head() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "no-commit-yet"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def fmt(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(res: dict) -> list[str]:
    lines = [
        "| category | support | precision | recall | tp | fp | fn |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c, k in res["per_category"].items():
        lines.append(
            f"| {c} | {k['support']} | {fmt(k['precision'])} | {fmt(k['recall'])} | {k['tp']} | {k['fp']} | {k['fn']} |"
        )
    return lines


def block(full: dict, dev: dict, held_out: dict, head: str, real: list[dict]) -> str:
    today = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        "## Comment screening (newsroom_text/screening)",
        "",
        f"Run {today} at commit `{head}` by `scripts/eval_comments.py` with the default `Policy()` "
        f"on `newsroom_text/tests/data/comments_labelled.jsonl` ({full['items']} comments, {full['clean']} clean).",
        "",
        *table(full),
        "",
        f"False positives on clean comments (any finding): {full['clean_false_positives']}/{full['clean']} "
        f"= {100 * (full['clean_fp_rate'] or 0):.1f}% (target <= 2%). Targets: profanity recall >= 0.95, flooding recall 1.0.",
        "",
        f"Development part (sets A-C, {dev['items']} comments; the rules were tuned on these):",
        "",
        *table(dev),
        "",
        f"Development clean false positives: {dev['clean_false_positives']}/{dev['clean']}.",
        "",
        f"**Held-out part (set D, {held_out['items']} comments, written after sets A-C were fixed; its misses are left unfixed):**",
        "",
        *table(held_out),
        "",
        f"Held-out clean false positives: {held_out['clean_false_positives']}/{held_out['clean']}.",
        "",
        *(
            [
                "Unlabelled real text from `../shared/eval` (share of texts where a category fired; "
                "for the news corpora every profanity hit is a false positive unless quoted, and "
                "holds on news are expected since news reports accusations; the NSMC reviews are real "
                "user comments and their profanity hits were checked by hand to be slang such as 존나/졸라/닥치고):",
                "",
                "| corpus | texts | profanity | slander | defamation | false_information | profanity evidence |",
                "|---|---:|---:|---:|---:|---:|---|",
                *[
                    f"| {r['name']} | {r['texts']} | "
                    + " | ".join(
                        f"{r['fired'].get(c, 0)} ({100 * r['fired'].get(c, 0) / max(1, r['texts']):.1f}%)"
                        for c in ("profanity", "slander", "defamation", "false_information")
                    )
                    + f" | {', '.join(r['profanity_examples']) or '-'} |"
                    for r in real
                ],
                "",
            ]
            if real
            else []
        ),
        "Each earlier set, when it was first run and still unseen by the rules:",
        "",
        *[f"- {line}" for line in FREEZE_HISTORY],
        "",
        "**Caveat: every comment was written by the same team that wrote the rules, so the full-set figures are "
        "optimistic.** To limit fitting, set A (ids `a…`, `af…`) was written before any rule code existed; "
        "sets B and C were each written after the rules were frozen and scored once (figures above) before their "
        "misses were fixed; set D (ids `d…`, `df…`) was written last and its misses are deliberately left unfixed. "
        "After set D was first run the rules still changed, but only for reasons outside it (false positives found "
        "by screening the real text above, and one set-A miss); that moved some set-D figures, as the two set-D "
        "lines show. The first-run figures (profanity recall 0.57-0.71 on disguises nobody had thought of yet, a "
        "few innocent look-alikes caught) are the better estimate for real readers' comments. Slander, defamation and false information are holds "
        "for a human, keyed on trigger words plus a named target; they cannot judge truth, and sarcasm, implication "
        "and new slang will be missed. A sample of real, moderator-labelled comments is still needed.",
        END,
    ]
    return "\n".join(lines)


def write_block(text: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Quality\n"
    if START in current and END in current and current.index(START) < current.index(END):
        before = current[: current.index(START)]
        after = current[current.index(END) + len(END) :]
        new = before + text + after
    else:
        new = current.rstrip("\n") + "\n\n" + text + "\n"
    fd, tmp = tempfile.mkstemp(dir=DOC.parent, prefix=".quality.", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new)
    os.replace(tmp, DOC)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--no-write", action="store_true", help="do not touch docs/quality.md")
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    ap.add_argument(
        "--real-text", action="store_true", help="also screen the unlabelled corpora in ../shared/eval"
    )
    args = ap.parse_args(argv)

    items = load(args.data)
    policy = Policy()
    full = score(items, policy)
    dev = score([i for i in items if not i["id"].startswith(HELD_OUT)], policy)
    held_out = score([i for i in items if i["id"].startswith(HELD_OUT)], policy)
    head = git_head()
    real = real_text() if args.real_text else []
    for r in real:
        print(
            f"real text: {r['name']}: {r['texts']} texts, fired {r['fired']}, profanity e.g. {r['profanity_examples']}"
        )

    print(f"{full['items']} comments, {full['clean']} clean, commit {head}")
    print(f"{'category':<18} {'support':>7} {'precision':>9} {'recall':>7}")
    for c, k in full["per_category"].items():
        print(f"{c:<18} {k['support']:>7} {fmt(k['precision']):>9} {fmt(k['recall']):>7}")
    print(
        f"clean false-positive rate: {full['clean_false_positives']}/{full['clean']} = {fmt(full['clean_fp_rate'])}"
    )
    print(
        f"development (sets A-C): {dev['items']} comments, clean FP {dev['clean_false_positives']}/{dev['clean']}"
    )
    for c, k in dev["per_category"].items():
        print(
            f"  {c:<16} support {k['support']:>3}  precision {fmt(k['precision'])}  recall {fmt(k['recall'])}"
        )
    print(
        f"held-out (set D): {held_out['items']} comments, clean FP {held_out['clean_false_positives']}/{held_out['clean']}"
    )
    for c, k in held_out["per_category"].items():
        print(
            f"  {c:<16} support {k['support']:>3}  precision {fmt(k['precision'])}  recall {fmt(k['recall'])}"
        )
    if args.errors:
        for e in full["errors"]:
            print("ERR", *e, sep=" | ")
    if not args.no_write:
        write_block(block(full, dev, held_out, head, real))
    summary = {
        "items": full["items"],
        "commit": head,
        "clean_fp_rate": full["clean_fp_rate"],
        "precision": {c: k["precision"] for c, k in full["per_category"].items()},
        "recall": {c: k["recall"] for c, k in full["per_category"].items()},
        "dev_clean_fp_rate": dev["clean_fp_rate"],
        "dev_recall": {c: k["recall"] for c, k in dev["per_category"].items()},
        "held_out_items": held_out["items"],
        "held_out_clean_fp_rate": held_out["clean_fp_rate"],
        "held_out_recall": {c: k["recall"] for c, k in held_out["per_category"].items()},
        "errors": len(full["errors"]),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
