#!/usr/bin/env python
"""Evaluate newsroom_text.ner on the shared evaluation sets and write docs/quality.md's NER section.

    .venv/bin/python scripts/eval_ner.py --lang ko|en|all [--folds 5] [--no-write]

Korean: KLUE-NER v1.1 dev, news ("wikitree") sentences only, exact-span micro P/R/F1.  The CRF is
5-fold cross-validated: for each fold a model is trained (same feature code as the shipped model) on
every KLUE sentence except that fold's news sentences (news + nsmc reviews), and only the held-out
news sentences are scored through the shipped recognise() code path with that fold's model.
English: GMB (research-use dev set, never used for training): the English recogniser is rule-only;
PLACE is scored against gmb_tag == "geo" only and predictions overlapping a "gpe" span are left out.
The data lives in ../shared (beside the repository), never in the repo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NEWSROOM_SHARED", ROOT.parent / "shared"))
KLUE = SHARED / "eval" / "klue_ner" / "klue-ner-v1.1_dev.spans.jsonl"
GMB = SHARED / "eval" / "gmb_en" / "spans.jsonl"
QUALITY = ROOT / "docs" / "quality.md"
MAIN = ("PERSON", "ORG", "PLACE")
START, END = "<!-- ner:start -->", "<!-- ner:end -->"


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(counts: dict[str, Counter], labels) -> dict:
    out = {lab: prf(counts[lab]["tp"], counts[lab]["fp"], counts[lab]["fn"]) for lab in labels}
    tot = Counter()
    for lab in MAIN:
        tot.update(counts[lab])
    out["micro(PERSON,ORG,PLACE)"] = prf(tot["tp"], tot["fp"], tot["fn"])
    return out


# ---------------------------------------------------------------- Korean
def _ko_fold(args):
    fold, folds, model_dir = args
    from newsroom_text.ner import _recognise
    from newsroom_text.ner.features_ko import FEATURE_VERSION
    from newsroom_text.ner.korean import KoreanTagger
    from newsroom_text.ner.training import DEFAULT_PARAMS, KLUE_LABELS, load_klue, sentence_xy, train

    rows = load_klue(KLUE)
    news = [i for i, r in enumerate(rows) if r["source"] == "wikitree"]
    held = set(news[fold::folds])
    model = Path(model_dir) / f"fold{fold}of{folds}.crfsuite"
    stamp = model.with_suffix(".json")
    meta = {"feature_version": FEATURE_VERSION, "params": DEFAULT_PARAMS, "held_out_news": len(held)}
    t0 = time.time()
    if not (model.exists() and stamp.exists() and json.loads(stamp.read_text()) == meta):
        # train on every KLUE sentence except this fold's news sentences; never reused across feature changes
        xy = [sentence_xy(r) for i, r in enumerate(rows) if i not in held]
        train(xy, model)
        stamp.write_text(json.dumps(meta))
    train_s = time.time() - t0
    tagger = KoreanTagger(model)
    counts: dict[str, Counter] = {lab: Counter() for lab in KLUE_LABELS.values()}
    for i in sorted(held):
        r = rows[i]
        gold = {(e["start"], e["end"], KLUE_LABELS[e["label"]]) for e in r["entities"]}
        pred = {(s.start, s.end, s.label) for s in _recognise(r["text"], lang="ko", ko_tagger=tagger)}
        for lab in counts:
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            counts[lab]["tp"] += len(g & p)
            counts[lab]["fp"] += len(p - g)
            counts[lab]["fn"] += len(g - p)
    return fold, counts, train_s, len(held)


def eval_ko(folds: int, jobs: int, fold_dir: str | None = None, only: list[int] | None = None) -> dict:
    from newsroom_text.ner.training import KLUE_LABELS

    counts: dict[str, Counter] = {lab: Counter() for lab in KLUE_LABELS.values()}
    n = 0
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(max_workers=jobs) as ex:
        model_dir = fold_dir or tmp
        Path(model_dir).mkdir(parents=True, exist_ok=True)
        todo = [f for f in range(folds) if only is None or f in only]
        for fold, c, train_s, held in ex.map(_ko_fold, [(f, folds, model_dir) for f in todo]):
            print(f"  ko fold {fold}: trained/loaded in {train_s:.0f}s, scored {held} held-out news sentences", flush=True)
            n += held
            for lab in counts:
                counts[lab].update(c[lab])
    res = score(counts, list(KLUE_LABELS.values()))
    res["_sentences"] = n
    res["_folds_scored"] = len(todo)
    return res


# ---------------------------------------------------------------- English
# The title words removed from GMB's gold PERSON spans, frozen here (a copy of lexicon_en.TITLES_PERSON as
# of 2026-11-21, 121 words) so that extending the recogniser's own title list cannot move the benchmark.
GOLD_TITLES = frozenset({
    'Acting', 'Actor', 'Actress', 'Adm', 'Admiral', 'Agent', 'Ambassador', 'Analyst', 'Archbishop',
    'Attorney', 'Author', 'Ayatollah', 'Bishop', 'CEO', 'CFO', 'COO', 'CTO', 'Capt', 'Captain',
    'Cardinal', 'Chair', 'Chairman', 'Chairperson', 'Chairwoman', 'Champion', 'Chancellor', 'Chief',
    'Cmdr', 'Co-founder', 'Coach', 'Cofounder', 'Col', 'Colonel', 'Commander', 'Commissioner',
    'Correspondent', 'Crown', 'Dame', 'Defender', 'Defense', 'Deputy', 'Detective', 'Director', 'Dr',
    'Economy', 'Editor', 'Education', 'Emperor', 'Envoy', 'Executive', 'Father', 'Finance', 'Foreign',
    'Former', 'Founder', 'Gen', 'General', 'Goalkeeper', 'Gov', 'Governor', 'Head', 'Health', 'Imam',
    'Inspector', 'Interim', 'Interior', 'Judge', 'Justice', 'King', 'Lady', 'Lawyer', 'Leader',
    'Lieutenant', 'Lord', 'Lt', 'Maj', 'Major', 'Marshal', 'Mayor', 'Midfielder', 'Militant',
    'Minister', 'Miss', 'Mr', 'Mrs', 'Ms', 'Officer', 'Opposition', 'Pastor', 'Pope', 'Premier',
    'President', 'Prime', 'Prince', 'Princess', 'Prof', 'Professor', 'Queen', 'Rebel', 'Rep',
    'Reporter', 'Representative', 'Rev', 'Reverend', 'Secretary', 'Sen', 'Senator', 'Senior',
    'Sergeant', 'Sgt', 'Sheikh', 'Singer', 'Sir', 'Speaker', 'Spokesman', 'Spokesperson', 'Spokeswoman',
    'Star', 'Striker', 'Trade', 'Vice'
})


def _strip_title(text: str, start: int, end: int) -> int:
    """GMB puts titles inside PERSON spans ("President Bush", "Mr. Blair"); the recogniser's convention
    (names only) drops them.  Move a gold PERSON start past leading title words (GOLD_TITLES)."""
    while True:
        sp = text.find(" ", start, end)
        if sp < 0:
            return start
        word = text[start:sp].rstrip(".")
        if word in GOLD_TITLES or word.capitalize() in GOLD_TITLES or (
                "-" in word and all(w.capitalize() in GOLD_TITLES for w in word.split("-"))):
            start = sp + 1
        else:
            return start


def _only_titles(span_text: str) -> bool:
    words = [w.rstrip(".") for w in span_text.split()]
    return all(w in GOLD_TITLES or w.capitalize() in GOLD_TITLES for w in words)


def eval_en(strip_titles: bool = False) -> dict:
    from newsroom_text.ner import _recognise

    labels = ("PERSON", "ORG", "PLACE")
    counts: dict[str, Counter] = {lab: Counter() for lab in labels}
    n = 0
    with open(GMB, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            n += 1
            text = r["text"]
            gold = set()
            gpe = []
            for e in r["entities"]:
                tag = e.get("gmb_tag")
                if tag == "gpe":
                    gpe.append((e["start"], e["end"]))
                elif tag in ("geo", "org", "per"):
                    start = _strip_title(text, e["start"], e["end"]) if strip_titles and tag == "per" else e["start"]
                    if strip_titles and tag == "per" and _only_titles(text[start:e["end"]]):
                        continue  # a title on its own ("Mr.", "Prime") is not a name
                    gold.add((start, e["end"], {"geo": "PLACE", "org": "ORG", "per": "PERSON"}[tag]))
            pred = set()
            for s in _recognise(text, lang="en"):
                if s.label not in labels:
                    continue
                if s.label == "PLACE" and any(a < s.end and s.start < b for a, b in gpe):
                    continue
                pred.add((s.start, s.end, s.label))
            for lab in labels:
                g = {x for x in gold if x[2] == lab}
                p = {x for x in pred if x[2] == lab}
                counts[lab]["tp"] += len(g & p)
                counts[lab]["fp"] += len(p - g)
                counts[lab]["fn"] += len(g - p)
    res = score(counts, labels)
    res["_sentences"] = n
    return res


# ---------------------------------------------------------------- throughput
def speed(rounds: int = 5) -> dict:
    """chars/s of recognise(lang="ko") vs raw kiwipiepy tokenize on the same texts (best of `rounds`,
    interleaved so that machine load affects both alike), plus English chars/s and peak RSS."""
    import resource

    from newsroom_text.korean import analyser
    from newsroom_text.ner import recognise

    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    ko = [d for d in docs if _is_ko(d)]
    en = [d for d in docs if not _is_ko(d)]
    if KLUE.exists():  # plus KLUE news sentences grouped into 2,000-character "articles"
        rows = [json.loads(line) for line in KLUE.open(encoding="utf-8")]
        buf = ""
        for r in rows:
            if r["source"] == "wikitree":
                buf += r["text"] + "\n"
                if len(buf) > 2000:
                    ko.append(buf)
                    buf = ""
                    if len(ko) >= 40:
                        break
    kiwi = analyser()
    recognise(ko[0], lang="ko")
    recognise(en[0] if en else "Warm up", lang="en")
    n_ko = sum(map(len, ko))
    n_en = sum(map(len, en))
    best_k = best_r = best_e = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for d in ko:
            kiwi.tokenize(d)
        best_k = min(best_k, time.perf_counter() - t)
        t = time.perf_counter()
        for d in ko:
            _clear_analysis_cache()  # newsroom_text.korean caches analyses by text: measure a cold analysis
            recognise(d, lang="ko")
        best_r = min(best_r, time.perf_counter() - t)
        if en:
            t = time.perf_counter()
            for d in en:
                recognise(d, lang="en")
            best_e = min(best_e, time.perf_counter() - t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"ko_chars": n_ko, "kiwi_tokenize_cps": round(n_ko / best_k), "recognise_ko_cps": round(n_ko / best_r),
            "ratio": round(best_k / best_r, 3), "recognise_en_cps": round(n_en / best_e) if en else None,
            "peak_rss_mb": round(rss)}


def _clear_analysis_cache() -> None:
    from newsroom_text import korean

    cached = getattr(korean, "_cached_morphemes", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()


def _is_ko(text: str) -> bool:
    from newsroom_text.language import detect_language

    return detect_language(text) == "ko"


# ---------------------------------------------------------------- report
def table(res: dict) -> list[str]:
    lines = ["| label | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for lab, v in res.items():
        if lab.startswith("_"):
            continue
        lines.append(f"| {lab} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} | {v['tp']} | {v['fp']} | {v['fn']} |")
    return lines


def git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except Exception:
        return "uncommitted"


def _sub(tag: str, lines: list[str]) -> str:
    return "\n".join([f"<!-- ner:{tag} -->", *lines, f"<!-- /ner:{tag} -->"])


def write_quality(results: dict, folds: int) -> None:
    """Replace the block between the ner markers; a language not evaluated in this run keeps its previous
    sub-block (so `--lang en` does not wipe the slower Korean cross-validation figures)."""
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    stamp = f"_Generated by `scripts/eval_ner.py` on {today} at commit `{git_head()}` (working tree may differ)._"
    QUALITY.parent.mkdir(parents=True, exist_ok=True)
    old = QUALITY.read_text(encoding="utf-8") if QUALITY.exists() else "# Quality\n"
    previous = {}
    if START in old and END in old:
        inner = old.split(START, 1)[1].split(END, 1)[0]
        for tag in ("ko", "en", "speed"):
            a, b = f"<!-- ner:{tag} -->", f"<!-- /ner:{tag} -->"
            if a in inner and b in inner:
                previous[tag] = a + inner.split(a, 1)[1].split(b, 1)[0] + b
    parts = {}
    if "ko" in results:
        r = results["ko"]
        parts["ko"] = _sub("ko", [stamp, "", f"**Korean** — KLUE-NER v1.1 dev, news (wikitree) sentences only "
                                  f"({r['_sentences']}), exact character spans. **{folds}-fold cross-validated**"
                                  + (f" (only {r['_folds_scored']} of the {folds} held-out folds scored in this run)"
                                     if r["_folds_scored"] < folds else "") + ": "
                                  "each fold's CRF is trained inside the evaluation on all other KLUE sentences "
                                  "(news + nsmc) with the shipped feature code and scored through `recognise()`; "
                                  "no sentence is scored by a model fitted on it.", "", *table(r), ""])
    if "en" in results:
        strict, norm = results["en"], results["en_titles"]
        parts["en"] = _sub("en", [stamp, "", f"**English** — GMB dev set ({strict['_sentences']} sentences, research "
                                  "use only, never trained on). **Rule-only** recogniser (no fitted model). PLACE "
                                  "scored against GMB `geo` only; predictions overlapping a `gpe` span left out.", "",
                                  "Title-normalised (GMB puts titles inside PERSON spans, \"President Bush\"; our "
                                  "spans are names only, so leading title words — from our own title list — are "
                                  "removed from gold PERSON spans, and title-only gold spans dropped):", "",
                                  *table(norm), "", "Strict (GMB spans as they are):", "", *table(strict), ""])
    if "speed" in results:
        sp = results["speed"]
        parts["speed"] = _sub("speed", [stamp, "", "**Throughput** (best of 5, same texts, this machine, shared "
                                        f"cores): Korean `recognise()` {sp['recognise_ko_cps']:,} chars/s vs raw "
                                        f"`analyser().tokenize` {sp['kiwi_tokenize_cps']:,} chars/s = "
                                        f"**{sp['ratio']:.0%}** of raw tokenisation ({sp['ko_chars']:,} chars of "
                                        f"Korean news). English: {sp['recognise_en_cps']:,} chars/s. Peak RSS of the "
                                        f"evaluating process: {sp['peak_rss_mb']} MB.", ""])
    blocks = [parts.get(t) or previous.get(t) for t in ("ko", "en", "speed")]
    block = "\n".join([START, "", *[b + "\n" for b in blocks if b], END])
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n## Named-entity recognition\n\n" + block + "\n"
    QUALITY.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=("ko", "en", "all"), default="all")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true", help="print only, leave docs/quality.md alone")
    ap.add_argument("--fold-models", metavar="DIR", help="keep the fold models in DIR and reuse them when the "
                    "feature version and training parameters match (re-scoring post-rule changes without retraining)")
    ap.add_argument("--only-folds", metavar="LIST", help="score only these folds, e.g. 0,1 (a partial CV; "
                    "the report says how many of the folds were scored)")
    ap.add_argument("--speed", action="store_true", help="also measure throughput (Korean vs raw kiwipiepy)")
    args = ap.parse_args()
    need = ([KLUE] if args.lang in ("ko", "all") else []) + ([GMB] if args.lang in ("en", "all") else [])
    missing = [str(p) for p in need if not p.exists()]
    if missing:
        print(f"eval_ner: evaluation data not found ({', '.join(missing)}). The data sets live in ../shared "
              "beside the repository (set NEWSROOM_SHARED to override); nothing was evaluated.", file=sys.stderr)
        return 2
    results = {}
    if args.lang in ("en", "all"):
        results["en"] = eval_en()
        results["en_titles"] = eval_en(strip_titles=True)
        print("English (GMB, rule-only), strict:")
        print("\n".join(table(results["en"])))
        print("English (GMB, rule-only), title-normalised gold PERSON spans:")
        print("\n".join(table(results["en_titles"])))
    if args.lang in ("ko", "all"):
        only = [int(x) for x in args.only_folds.split(",")] if args.only_folds else None
        results["ko"] = eval_ko(args.folds, args.jobs, args.fold_models, only)
        print(f"Korean (KLUE news, {args.folds}-fold CV):")
        print("\n".join(table(results["ko"])))
    if args.speed:
        results["speed"] = speed()
        print("throughput:", json.dumps(results["speed"]))
    if not args.no_write:
        write_quality(results, args.folds)
    summary = {k: {"micro_f1": v["micro(PERSON,ORG,PLACE)"]["f1"],
                   **{lab: v[lab]["f1"] for lab in v if not lab.startswith(("_", "micro"))}}
               for k, v in results.items() if k in ("ko", "en", "en_titles")}
    if "speed" in results:
        summary["speed"] = results["speed"]
    summary["cv"] = {k: v for k, v in (("ko", f"{args.folds}-fold"), ("en", "rule-only")) if k in results}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
