"""Screen a file of comments with the archive's screening and default policy, without storing anything."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsroom_text.screening import PriorComment

from ...screening import DEFAULT_POLICY, is_length_refusal, reasons_of, screen


class Command(BaseCommand):
    help = (
        'Read JSON lines {"id", "text"} (optional "author", "article", "created" as ISO 8601) and write '
        '{"id", "outcome", "categories", "reasons"} per line, screened with the default policy. Each author\'s '
        "earlier lines in the file are their history (flooding); lines without \"created\" count as posted now. "
        '"article" is accepted and ignored: the file is screened under one policy.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSON-lines file to read")
        parser.add_argument("--output", required=True, help="JSON-lines file to write")
        parser.add_argument("--no-entities", action="store_true",
                            help="skip named-entity recognition (faster; slander/defamation targets then come "
                                 "from the screening's own heuristics)")

    def handle(self, *args, input: str, output: str, no_entities: bool = False, **options):
        now = timezone.now()
        history: dict[str, list[PriorComment]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        try:
            source = open(input, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {input}: {exc}") from exc
        with source, open(output, "w", encoding="utf-8") as out:
            for number, line in enumerate(source, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text = item["text"]
                    item_id = item["id"]
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise CommandError(f"{input}:{number}: need a JSON object with \"id\" and \"text\" ({exc})") from exc
                if not isinstance(text, str):
                    raise CommandError(f"{input}:{number}: \"text\" must be a string")
                created = self._created(item.get("created"), now, where=f"{input}:{number}")
                author = item.get("author")
                author_key = f"author:{author}" if author not in (None, "") else f"line:{number}"
                result = screen(text, policy=DEFAULT_POLICY, author=author_key, now=created,
                                history=tuple(history[author_key]), entities=not no_entities)
                history[author_key].append(PriorComment(text, author_key, created))
                reasons = reasons_of(result)
                outcome = "refused" if is_length_refusal(result) else result.outcome
                counts[outcome] += 1
                out.write(json.dumps({
                    "id": item_id,
                    "outcome": outcome,
                    "categories": list(dict.fromkeys(f.category for f in result.findings)),
                    "reasons": [r["reason"] for r in reasons],
                }, ensure_ascii=False) + "\n")
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no comments"
        self.stdout.write(f"screened {sum(counts.values())} comments: {summary}")

    @staticmethod
    def _created(value, default: datetime, *, where: str) -> datetime:
        if value in (None, ""):
            return default
        parsed = parse_datetime(str(value))
        if parsed is None:
            raise CommandError(f"{where}: \"created\" is not an ISO 8601 date-time: {value!r}")
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
