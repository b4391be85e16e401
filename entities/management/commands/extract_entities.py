"""Run the shipped recogniser over a JSON Lines file: {"id","text"[,"lang","published"]} -> {"id","entities":[...]}."""

from django.core.management.base import BaseCommand, CommandError

from newsroom_text.ner.cli import extract_jsonl


class Command(BaseCommand):
    help = "Extract entities from IN.jsonl into OUT.jsonl with the archive's own recogniser (for evaluation)."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True)
        parser.add_argument("--output", required=True)

    def handle(self, *args, input: str, output: str, **options):
        try:
            count = extract_jsonl(input, output)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"wrote {output}" + (f" ({count} lines)" if isinstance(count, int) else ""))
