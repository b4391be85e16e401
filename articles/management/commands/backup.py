"""Back up the archive: the database (pg_dump, or SQLite's online backup) and the data files that matter.

    python manage.py backup [DIRECTORY]          (default: <data dir>/backups)

Writes DIRECTORY/newsroom-<database>-<UTC time>/ (mode 0700: it holds every article and the key):

    manifest.json     when, from which database, file checksums, and the archive's fingerprint:
                      the row count of every table and one digest over every upload's bytes
    database.dump     PostgreSQL: pg_dump --format=custom (restore with pg_restore, or `restore`)
    database.sqlite3  SQLite (the embedded default): a consistent copy made by SQLite's backup API
    secret_key        the data dir's generated secret key, when SECRET_KEY is not set in the environment

Uploads are bytes in the database (articles.Upload.content), so the dump holds them: there are no
media files. Static files are rebuilt by collectstatic; nothing else in the data dir is needed.
The backup is consistent while the archive runs: on PostgreSQL the fingerprint is taken in the
very snapshot pg_dump exports (pg_dump --snapshot), on SQLite from the copy itself. A backup is
written under <name>.partial and renamed when complete, so a half-written one never looks whole.
`restore` checks the checksums, restores into an empty database and compares the fingerprint.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

FORMAT_VERSION = 1
UPLOAD_BATCH = 500


# ---------------------------------------------------------------- shared with `restore`


def vendor() -> str:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise CommandError(f"backup supports PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def table_names(cursor, kind: str) -> list[str]:
    """Every table of the archive's schema (including django_migrations and search index tables)."""
    if kind == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                       " ORDER BY name")
    return [row[0] for row in cursor.fetchall()]


def fingerprint(cursor, kind: str, placeholder: str = "%s") -> dict:
    """Row counts of every table and a digest over (id, sha256 of the bytes) of every upload.

    Raw SQL on any DB-API cursor (Django's or sqlite3's: `placeholder` is its parameter style), so
    the same function reads the live database, a fresh copy and a restored database.
    """
    tables = table_names(cursor, kind)
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    digest, uploads, last = hashlib.sha256(), 0, 0
    if "articles_upload" in tables:
        while True:  # keyset batches: the bytes of a large archive never sit in memory at once
            cursor.execute(f"SELECT id, content FROM articles_upload WHERE id > {placeholder} ORDER BY id LIMIT "
                           f"{UPLOAD_BATCH}", [last])
            rows = cursor.fetchall()
            if not rows:
                break
            for pk, content in rows:
                digest.update(f"{pk}:".encode() + hashlib.sha256(bytes(content)).digest())
            uploads += len(rows)
            last = rows[-1][0]
    return {"tables": counts, "uploads": {"count": uploads, "sha256": digest.hexdigest()}}


def pg_environment() -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore from the default database settings (the password never
    appears on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"),
                     ("PORT", "PGPORT")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def run_tool(args: list[str], env: dict[str, str]) -> None:
    if shutil.which(args[0]) is None:
        raise CommandError(f"{args[0]} not found: install the PostgreSQL client (Debian: postgresql-client)")
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{args[0]} failed ({done.returncode}):\n{done.stderr.strip()}")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def secret_key_file() -> Path | None:
    """The data dir's generated key, when the running settings use it (no SECRET_KEY in the environment)."""
    path = Path(settings.DATA_DIR) / "secret_key"
    if os.environ.get("SECRET_KEY") or not path.exists():
        return None
    return path


# ---------------------------------------------------------------- the command


class Command(BaseCommand):
    help = ("Back up the database (pg_dump custom format, or an SQLite copy) and the secret key into a new "
            "directory, with a manifest that `restore` verifies. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="where to create the backup (default: <data dir>/backups)")

    def handle(self, *args, directory, **options):
        kind = vendor()
        if connection.in_atomic_block:  # the snapshot transaction below must be a transaction of its own
            raise CommandError("run backup outside a transaction")
        parent = Path(directory) if directory else Path(settings.DATA_DIR) / "backups"
        parent.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.UTC)
        name = Path(connection.settings_dict["NAME"]).stem
        final = parent / f"backup-{name}-{now:%Y%m%dT%H%M%SZ}"
        work = final.with_name(final.name + ".partial")
        if final.exists() or work.exists():
            raise CommandError(f"{final} already exists")
        work.mkdir(mode=0o700)
        try:
            if kind == "postgresql":
                database_file, write = work / "database.dump", self._dump_postgresql
            else:
                database_file, write = work / "database.sqlite3", self._copy_sqlite
            archive = write(database_file)
            files = [database_file]
            key = secret_key_file()
            if key is not None:
                shutil.copyfile(key, work / "secret_key")
                (work / "secret_key").chmod(0o600)
                files.append(work / "secret_key")
            manifest = {
                "format_version": FORMAT_VERSION,
                "created_at": now.isoformat(),
                "engine": kind,
                "database": connection.settings_dict["NAME"],
                "secret_key": "secret_key" if key is not None else "from the environment (SECRET_KEY): not backed up",
                "files": {f.name: {"sha256": sha256_file(f), "size": f.stat().st_size} for f in files},
                **archive,
            }
            (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
            work.rename(final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"backup written: {final}\n  {len(manifest['tables'])} tables, {rows:,} rows, "
            f"{manifest['uploads']['count']:,} uploads; secret key: {manifest['secret_key']}"
        ))

    def _dump_postgresql(self, path: Path) -> dict:
        # pg_dump reads the snapshot this transaction exports; the fingerprint is taken in the same
        # snapshot, so it describes exactly what the dump holds even while the archive takes writes.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            run_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={path}"],
                     pg_environment())
            return fingerprint(cursor, "postgresql")

    def _copy_sqlite(self, path: Path) -> dict:
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # a consistent copy, safe while the archive writes (WAL)
            return fingerprint(target.cursor(), "sqlite", placeholder="?")
        finally:
            target.close()
            source.close()
