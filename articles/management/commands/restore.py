"""Restore a backup made by `backup` into an EMPTY database, then verify it against the backup's manifest.

    python manage.py restore BACKUP_DIRECTORY                 (DATABASE_URL names the empty target)
    python manage.py restore BACKUP_DIRECTORY --verify-only   (compare the current database, change nothing)

1. The manifest's file checksums are checked: a damaged or truncated backup is refused before
   anything is written.
2. The target must be empty (no tables): a restore never merges into or overwrites an archive.
   PostgreSQL: create it first (`createdb newsroom`); SQLite: the database file must not exist yet or
   hold no tables.
3. PostgreSQL: pg_restore --single-transaction --exit-on-error --no-owner --no-privileges, so a failed
   restore leaves the database empty. SQLite: the copy is written with SQLite's backup API.
4. The restored database's fingerprint (rows in every table, digest of every upload's bytes) must
   equal the manifest's; otherwise the command fails.
5. The generated secret key is put back in the data dir (the one there is kept as
   secret_key.replaced-<time>), unless SECRET_KEY comes from the environment.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .backup import FORMAT_VERSION, fingerprint, pg_environment, run_tool, sha256_file, table_names, vendor


class Command(BaseCommand):
    help = ("Restore a `backup` directory into an empty database and verify row counts and upload bytes against "
            "its manifest; --verify-only compares the current database. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a directory written by `manage.py backup`")
        parser.add_argument("--verify-only", action="store_true",
                            help="restore nothing: compare the current database with the backup's manifest")

    def handle(self, *args, backup, verify_only, **options):
        kind = vendor()
        folder = Path(backup)
        manifest = self._checked_manifest(folder, kind)
        if not verify_only:
            self._require_empty(kind)
            if kind == "postgresql":
                self._restore_postgresql(folder / "database.dump")
            else:
                self._restore_sqlite(folder / "database.sqlite3")
            self.stdout.write(f"restored {folder.name} into {connection.settings_dict['NAME']}")
        self._verify(manifest, kind)
        if not verify_only:
            self._restore_secret_key(folder, manifest)
            self._report_pending_migrations()

    # ------------------------------------------------------------ steps

    def _checked_manifest(self, folder: Path, kind: str) -> dict:
        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except FileNotFoundError:
            raise CommandError(f"{folder} has no manifest.json: not a complete backup") from None
        if manifest.get("format_version") != FORMAT_VERSION:
            raise CommandError(f"unknown backup format {manifest.get('format_version')!r}")
        if manifest["engine"] != kind:
            raise CommandError(f"this backup is of a {manifest['engine']} database; DATABASE_URL names a {kind} one")
        for name, expected in manifest["files"].items():
            path = folder / name
            if not path.exists():
                raise CommandError(f"{path} is missing")
            if sha256_file(path) != expected["sha256"]:
                raise CommandError(f"{path} does not match its checksum in the manifest: the backup is damaged")
        return manifest

    def _require_empty(self, kind: str) -> None:
        if kind == "sqlite":
            path = Path(connection.settings_dict["NAME"])
            if not path.exists():
                return
            with sqlite3.connect(path) as db:
                tables = table_names(db.cursor(), kind)
        else:
            with connection.cursor() as cursor:
                tables = table_names(cursor, kind)
        if tables:
            raise CommandError(
                f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): restore into an "
                "empty database (PostgreSQL: createdb <name>; SQLite: a path that does not exist yet)"
            )

    def _restore_postgresql(self, dump: Path) -> None:
        connection.close()  # pg_restore's single transaction must not wait on ours
        run_tool(["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                  "--no-password", f"--dbname={connection.settings_dict['NAME']}", str(dump)], pg_environment())

    def _restore_sqlite(self, copy: Path) -> None:
        connection.close()
        target_path = Path(connection.settings_dict["NAME"])
        target_path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()

    def _verify(self, manifest: dict, kind: str) -> None:
        with connection.cursor() as cursor:
            found = fingerprint(cursor, kind)
        expected = {"tables": manifest["tables"], "uploads": manifest["uploads"]}
        if found != expected:
            differences = [
                f"  {table}: backup {expected['tables'].get(table)}, database {found['tables'].get(table)}"
                for table in sorted(set(expected["tables"]) | set(found["tables"]))
                if expected["tables"].get(table) != found["tables"].get(table)
            ]
            if found["uploads"] != expected["uploads"]:
                differences.append(f"  uploads: backup {expected['uploads']}, database {found['uploads']}")
            raise CommandError("the database does not match the backup:\n" + "\n".join(differences))
        rows = sum(found["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"verified: {len(found['tables'])} tables and {rows:,} rows as in the backup; "
            f"{found['uploads']['count']:,} uploads byte for byte identical"
        ))

    def _restore_secret_key(self, folder: Path, manifest: dict) -> None:
        if "secret_key" not in manifest["files"]:
            self.stdout.write(f"secret key: {manifest['secret_key']}; set the same SECRET_KEY on this machine")
            return
        if os.environ.get("SECRET_KEY"):
            self.stdout.write("secret key: SECRET_KEY is set in the environment; the backup's key file is not used")
            return
        target = Path(settings.DATA_DIR) / "secret_key"
        backed_up = (folder / "secret_key").read_text()
        if target.exists() and target.read_text() != backed_up:
            kept = target.with_name(f"secret_key.replaced-{datetime.datetime.now():%Y%m%d-%H%M%S}")
            target.rename(kept)
            self.stdout.write(f"secret key: the data dir's key was kept as {kept.name}")
        shutil.copyfile(folder / "secret_key", target)
        target.chmod(0o600)
        self.stdout.write(f"secret key restored to {target} (restart the web and worker processes)")

    def _report_pending_migrations(self) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(self.style.WARNING(
                f"this code has {len(plan)} migration(s) newer than the backup: run `manage.py migrate`"
            ))
