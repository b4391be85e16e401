#!/usr/bin/env python
"""Train the shipped Korean NER CRF (newsroom_text/ner/models/ko_crf.crfsuite).

    .venv/bin/python scripts/train_ner_ko.py [--data ../shared/eval/klue_ner/klue-ner-v1.1_dev.spans.jsonl]

Trains a character-level CRF (python-crfsuite) on ALL KLUE-NER v1.1 dev sentences (news + nsmc;
labels PS/OG/LC/DT/TI/QT -> PERSON/ORG/PLACE/DATE/TIME/QUANTITY) with the feature code in
newsroom_text/ner/features_ko.py.  KLUE-NER is CC BY-SA 4.0: the model file is a derivative and is
shipped under the same licence with attribution (newsroom_text/ner/models/README.md).
Honest quality figures come from scripts/eval_ner.py (5-fold CV, fold models trained there).
Takes about 2-4 minutes on one core.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NEWSROOM_SHARED", ROOT.parent / "shared"))
DEFAULT_DATA = SHARED / "eval" / "klue_ner" / "klue-ner-v1.1_dev.spans.jsonl"


def main() -> int:
    from newsroom_text.ner.korean import MODEL_PATH, SHIPPED_MODEL_PATH
    from newsroom_text.ner.training import DEFAULT_PARAMS, load_klue, sentence_xy, train

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"train_ner_ko: training data not found at {args.data} (KLUE-NER lives in ../shared; "
              "set NEWSROOM_SHARED or pass --data)", file=sys.stderr)
        return 2
    t0 = time.time()
    rows = load_klue(args.data)
    xy = [sentence_xy(r) for r in rows]
    t1 = time.time()
    print(f"features for {len(rows)} sentences in {t1 - t0:.0f}s; training with {DEFAULT_PARAMS}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    train(xy, tmp, verbose=args.verbose)
    os.replace(tmp, args.out)
    print(f"trained in {time.time() - t1:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.out == MODEL_PATH:  # the repository ships the gzipped copy (see newsroom_text/ner/korean.py)
        shipped = SHIPPED_MODEL_PATH
        shipped.write_bytes(gzip.compress(args.out.read_bytes(), compresslevel=9, mtime=0))
        args.out.unlink()
        print(f"shipped as {shipped} ({shipped.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
