"""extract_entities: the evaluation entry point runs the shipped recogniser over JSON Lines."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_extract_entities_writes_character_spans(tmp_path):
    source = tmp_path / "in.jsonl"
    text = "김영섭 KT 대표는 마이크로소프트와 협약을 체결했다."
    source.write_text(json.dumps({"id": "s1", "text": text, "lang": "ko"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    call_command("extract_entities", "--input", str(source), "--output", str(out))

    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["id"] == "s1"
    found = {(e["text"], e["label"]) for e in row["entities"]}
    assert ("김영섭", "PERSON") in found and ("KT", "ORG") in found
    for e in row["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]


def test_extract_entities_reports_bad_input(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("not json\n")
    with pytest.raises(CommandError, match="not a JSON object"):
        call_command("extract_entities", "--input", str(source), "--output", str(tmp_path / "o.jsonl"))
