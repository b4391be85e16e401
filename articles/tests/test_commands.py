"""Management commands: import_seeds, reprocess, create_editor, sweep."""

import io
import re
import shutil

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Upload

pytestmark = pytest.mark.django_db(transaction=True)  # eager tasks run on commit, as in `make run`


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out, **kwargs)
    return out.getvalue()


def test_import_seeds_is_idempotent():
    first = run("import_seeds")
    assert "created 2, skipped 0, failed 0" in first
    assert Article.objects.processed().count() == 2

    second = run("import_seeds")
    assert "created 0, skipped 2, failed 0" in second
    assert Article.objects.count() == 2 and Upload.objects.count() == 2


def test_import_reports_failures_and_exits_non_zero(tmp_path, seeds_dir):
    shutil.copy(seeds_dir / "000_329ef9b1478a6bb7.txt", tmp_path / "good.txt")
    (tmp_path / "fake.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_seeds", str(tmp_path), stdout=out, stderr=out)

    assert info.value.returncode == 1
    text = out.getvalue()
    assert "created 1, skipped 0, failed 1" in text
    assert re.search(r"fake\.txt.*PNG", text)
    assert Article.objects.count() == 1


def test_import_of_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_seeds", str(tmp_path / "nope"))


def test_reprocess_requeues_and_processes_again():
    run("import_seeds")
    out = run("reprocess", "--all")
    assert "queued 2 article(s)" in out
    assert set(Article.objects.values_list("attempts", flat=True)) == {2}
    assert Article.objects.processed().count() == 2

    with pytest.raises(CommandError, match="no article with id 999"):
        run("reprocess", "999")


def test_create_editor_uses_the_environment_password(monkeypatch):
    monkeypatch.setenv("NEWSROOM_EDITOR_PASSWORD", "correct horse battery staple")
    out = run("create_editor", "alice")
    assert "password: correct horse battery staple" in out
    user = authenticate(username="alice", password="correct horse battery staple")
    assert user is not None and user.is_staff and user.groups.filter(name="editor").exists()


def test_create_editor_generates_a_password_when_none_is_given(monkeypatch):
    monkeypatch.delenv("NEWSROOM_EDITOR_PASSWORD", raising=False)
    first = re.search(r"password: (\S+)", run("create_editor", "bob")).group(1)
    second = re.search(r"password: (\S+)", run("create_editor", "bob")).group(1)
    assert first != second and len(first) >= 12
    assert authenticate(username="bob", password=second) is not None
