"""Backup and restore (manage.py backup / restore): a backup restored into an empty database is the same archive.

PostgreSQL (integration): articles processed by the real pipeline, with entities and comments, are
backed up with pg_dump, restored with pg_restore into a fresh database created for the run (dropped
at the end), and both databases are read by tests/backup/probe.py in a subprocess: rows of every
model table, the bytes of every upload and the results of several searches must be equal.
SQLite (the embedded default, any machine): backup, restore into a new data dir, VACUUM INTO.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles import services
from articles.management.commands.backup import fingerprint
from articles.models import Article, Upload
from comments.services import comment_submit
from entities.models import Entity, Mention

ROOT = Path(__file__).resolve().parents[2]
# An upload in CP949, the legacy Korean encoding: its bytes must come back unchanged, not re-encoded.
CP949_ARTICLE = (
    "[사회] 서울시, 한강 공원 야간 개장 확대\n"
    "서울시는 21일 한강 공원 11곳의 야간 개장을 다음 달부터 자정까지 늘린다고 밝혔다.\n"
    "오세훈 서울시장은 이날 기자회견에서 \"시민들이 여름밤을 안전하게 즐길 수 있도록 하겠다\"고 말했다.\n"
    "김민수 기자 minsu@example.com\n"
).encode("cp949")


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300)


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def probe(url: str, data_dir: Path) -> dict:
    done = run(["-m", "tests.backup.probe"], DATABASE_URL=url, NEWSROOM_DATA_DIR=str(data_dir))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def an_upload() -> Upload:
    return Upload.objects.create(file_name="hangang.txt", content=CP949_ARTICLE, size=len(CP949_ARTICLE),
                                 sha256=hashlib.sha256(CP949_ARTICLE).hexdigest(), encoding="cp949", fmt="text")


def the_backup(parent: Path) -> Path:
    (folder,) = parent.iterdir()
    return folder


@pytest.fixture
def data_dir(settings, tmp_path, monkeypatch) -> Path:
    """A data dir of the test's own, with a generated-style secret key the backup must carry."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    path = tmp_path / "data"
    path.mkdir()
    (path / "secret_key").write_text("the-archive's-generated-key")
    settings.DATA_DIR = path
    return path


# ------------------------------------------------------------------------------- PostgreSQL


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
class TestPostgreSQL:
    @pytest.fixture
    def processed_archive(self, korean_seed_bytes, english_seed_bytes) -> list[Article]:
        """Three uploads processed in-process by the real pipeline (as the embedded archive does), comments."""
        from newsroom.celery import app

        eager, app.conf.task_always_eager = app.conf.task_always_eager, True
        try:
            articles = [
                services.article_ingest(data=data, file_name=name).article
                for data, name in ((korean_seed_bytes, "kt.txt"), (english_seed_bytes, "kt-en.txt"),
                                   (CP949_ARTICLE, "hangang.txt"))
            ]
        finally:
            app.conf.task_always_eager = eager
        for article in articles:
            article.refresh_from_db()
            assert article.status == "processed", article.error
        comment_submit(article=articles[0], author_name="독자", body="좋은 기사 잘 읽었습니다.")
        comment_submit(article=articles[0], author_name="독자2", body="이런 씨발 기사")  # hidden: profanity
        comment_submit(article=articles[2], author_name="reader", body="Thanks for the clear reporting.")
        assert Entity.objects.exists() and Mention.objects.exists()
        return articles

    @pytest.fixture
    def empty_database(self):
        import psycopg

        name = f"newsroom_restore_{uuid.uuid4().hex[:12]}"
        admin = database_url("postgres")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield name
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def test_restored_into_an_empty_database_it_is_the_same_archive(self, processed_archive, empty_database,
                                                                    data_dir, tmp_path):
        call_command("backup", str(tmp_path / "backups"))
        backup = the_backup(tmp_path / "backups")
        assert {p.name for p in backup.iterdir()} == {"manifest.json", "database.dump", "secret_key"}

        restored_data = tmp_path / "restored-data"
        done = run(["manage.py", "restore", str(backup)], DATABASE_URL=database_url(empty_database),
                   NEWSROOM_DATA_DIR=str(restored_data))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3 uploads byte for byte identical" in done.stdout
        assert (restored_data / "secret_key").read_text() == "the-archive's-generated-key"

        original = probe(database_url(connection.settings_dict["NAME"]), tmp_path / "probe-a")
        restored = probe(database_url(empty_database), tmp_path / "probe-b")
        assert restored["rows"] == original["rows"]
        assert restored["uploads"] == original["uploads"]
        assert restored["search"] == original["search"]
        # ... and the comparison is not of two empty archives.
        assert original["rows"]["articles_article"] == 3 and original["rows"]["comments_comment"] == 3
        assert original["rows"]["entities_mention"] > 0
        assert all(original["search"][q]["total"] > 0 for q in ("KT", "김영섭", "Microsoft cloud", "한강 공원"))
        cp949 = Upload.objects.get(file_name="hangang.txt")
        assert original["uploads"][str(cp949.pk)] == hashlib.sha256(CP949_ARTICLE).hexdigest()

    def test_restore_refuses_a_database_that_is_not_empty(self, data_dir, tmp_path):
        an_upload()
        call_command("backup", str(tmp_path / "backups"))
        before = Upload.objects.count()
        with pytest.raises(CommandError, match="is not empty"):
            call_command("restore", str(the_backup(tmp_path / "backups")))  # into the archive itself
        assert Upload.objects.count() == before

    def test_a_damaged_backup_is_refused_before_anything_is_written(self, data_dir, tmp_path):
        an_upload()
        call_command("backup", str(tmp_path / "backups"))
        dump = the_backup(tmp_path / "backups") / "database.dump"
        damaged = bytearray(dump.read_bytes())
        damaged[len(damaged) // 2] ^= 0xFF
        dump.write_bytes(bytes(damaged))
        with pytest.raises(CommandError, match="damaged"):
            call_command("restore", str(dump.parent))

    def test_verify_only_compares_the_live_database_with_the_backup(self, data_dir, tmp_path, capsys):
        an_upload()
        call_command("backup", str(tmp_path / "backups"))
        call_command("restore", str(the_backup(tmp_path / "backups")), "--verify-only")
        assert "1 uploads byte for byte identical" in capsys.readouterr().out
        Upload.objects.update(content=b"changed")
        with pytest.raises(CommandError, match="uploads: backup"):
            call_command("restore", str(the_backup(tmp_path / "backups")), "--verify-only")


# ------------------------------------------------------------------------------- SQLite


def test_sqlite_archive_backed_up_and_restored_into_a_new_data_dir(tmp_path):
    """The embedded default: the same commands on SQLite, and the documented `VACUUM INTO` copy."""
    source, target = tmp_path / "source", tmp_path / "target"
    source_env = {"NEWSROOM_DATA_DIR": str(source), "DATABASE_URL": f"sqlite:///{source}/newsroom.sqlite3",
                  "SECRET_KEY": ""}
    target_env = {"NEWSROOM_DATA_DIR": str(target), "DATABASE_URL": f"sqlite:///{target}/newsroom.sqlite3",
                  "SECRET_KEY": ""}
    for step in (["manage.py", "migrate", "-v0"],
                 ["manage.py", "shell", "-c",
                  "from articles.models import Outlet, Upload; Outlet.objects.create(name='한겨레'); "
                  f"Upload.objects.create(file_name='x.txt', content={CP949_ARTICLE!r}, size={len(CP949_ARTICLE)}, "
                  "sha256='-', encoding='cp949', fmt='text')"],
                 ["manage.py", "backup", str(tmp_path / "backups")]):
        done = run(step, **source_env)
        assert done.returncode == 0, done.stdout + done.stderr
    backup = the_backup(tmp_path / "backups")

    done = run(["manage.py", "restore", str(backup)], **target_env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "verified:" in done.stdout
    with sqlite3.connect(target / "newsroom.sqlite3") as db:
        assert db.execute("SELECT content FROM articles_upload").fetchone()[0] == CP949_ARTICLE
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()

    again = run(["manage.py", "restore", str(backup)], **target_env)
    assert again.returncode != 0 and "is not empty" in again.stderr

    # The documented one-line copy of a running embedded archive holds the same rows and bytes.
    manifest = json.loads((backup / "manifest.json").read_text())
    with sqlite3.connect(source / "newsroom.sqlite3") as db:
        db.execute("VACUUM INTO ?", [str(tmp_path / "copy.sqlite3")])
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        found = fingerprint(copy.cursor(), "sqlite", placeholder="?")
    assert found == {"tables": manifest["tables"], "uploads": manifest["uploads"]}
