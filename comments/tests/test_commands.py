"""screen_comments: a JSON-lines file screened with the default policy, history by author within the file."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.models import Comment


def run(tmp_path, items, *args):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    out = io.StringIO()
    call_command("screen_comments", "--input", str(src), "--output", str(dst), *args, stdout=out)
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    return rows, out.getvalue()


@pytest.mark.django_db
def test_screen_comments_writes_one_line_per_comment(tmp_path):
    items = [
        {"id": "c1", "text": "좋은 기사 잘 읽었습니다", "author": "a"},
        {"id": "c2", "text": "시발 이게 기사냐", "author": "b"},
        {"id": "c3", "text": "김영섭 대표는 사기꾼이다", "author": "c", "article": 1},
        {"id": "c4", "text": "좋은 기사 잘 읽었습니다", "author": "a"},  # a repeats: flooding
        {"id": "c5", "text": "좋은 기사 잘 읽었습니다", "author": "d"},  # someone else: fine
        {"id": 6, "text": "가나다라마바사 " * 40},
    ]
    rows, summary = run(tmp_path, items)
    by_id = {r["id"]: r for r in rows}
    assert [r["id"] for r in rows] == ["c1", "c2", "c3", "c4", "c5", 6]
    assert set(rows[0]) == {"id", "outcome", "categories", "reasons"}
    assert by_id["c1"] == {"id": "c1", "outcome": "published", "categories": [], "reasons": []}
    assert by_id["c2"]["outcome"] == "hidden" and by_id["c2"]["categories"] == ["profanity"]
    assert "시발" in by_id["c2"]["reasons"][0]
    assert by_id["c3"]["outcome"] == "held" and "slander" in by_id["c3"]["categories"]
    assert any("김영섭" in r for r in by_id["c3"]["reasons"])
    assert by_id["c4"]["outcome"] == "hidden" and by_id["c4"]["categories"] == ["flooding"]
    assert by_id["c5"]["outcome"] == "published"
    assert by_id[6]["outcome"] == "refused" and "320" in by_id[6]["reasons"][0] and "250" in by_id[6]["reasons"][0]
    assert "screened 6 comments" in summary
    assert not Comment.objects.exists()  # screening a file stores nothing


@pytest.mark.django_db
def test_screen_comments_uses_timestamps_for_rate_flooding(tmp_path):
    texts = ["첫 번째 의견입니다", "두 번째로 드리는 말씀", "세 번째 생각은 이렇습니다", "네 번째: 통신비 문제", "다섯 번째 마지막 의견"]
    fast = [{"id": i, "text": t, "author": "x", "created": f"2026-01-01T12:00:{i * 5:02d}+00:00"} for i, t in enumerate(texts)]
    slow = [{"id": i, "text": t, "author": "y", "created": f"2026-01-01T12:{i * 5:02d}:00+00:00"} for i, t in enumerate(texts)]
    rows, _ = run(tmp_path, fast, "--no-entities")
    assert [r["outcome"] for r in rows] == ["published"] * 4 + ["hidden"]
    rows, _ = run(tmp_path, slow, "--no-entities")
    assert [r["outcome"] for r in rows] == ["published"] * 5


@pytest.mark.django_db
def test_screen_comments_rejects_bad_input(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="bad.jsonl:1"):
        call_command("screen_comments", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("screen_comments", "--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "o.jsonl"))
