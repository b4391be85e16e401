"""JSONL batch extraction; `python manage.py extract_entities --input IN --output OUT` wraps this.

Input lines: {"id", "text", optional "lang", optional "published"}.
Output lines: {"id", "entities": [{"start", "end", "text", "label"}]}.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import recognise


def extract_jsonl(in_path: str | Path, out_path: str | Path) -> int:
    """Recognise entities in every line of `in_path`, write one result line per input; return the count."""
    count = 0
    with open(in_path, encoding="utf-8") as fin, open(out_path, "w", encoding="utf-8") as fout:
        for lineno, line in enumerate(fin, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{in_path}:{lineno}: not a JSON object ({exc.msg})") from None
            text = row.get("text") or ""
            spans = recognise(text, lang=row.get("lang") or None)
            out = {
                "id": row.get("id"),
                "entities": [
                    {"start": s.start, "end": s.end, "text": s.text, "label": s.label} for s in spans
                ],
            }
            fout.write(json.dumps(out, ensure_ascii=False) + "\n")
            count += 1
    return count
