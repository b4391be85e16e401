"""The two roles as a fresh installation gets them from `migrate`, before any test factory refreshes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_ROLES = (
    "import json\n"
    "from django.contrib.auth.models import Group\n"
    "print(json.dumps({g.name: sorted({p.content_type.app_label for p in g.permissions.all()})"
    " for g in Group.objects.all()}))\n"
)


def test_a_fresh_migrate_gives_the_roles_every_apps_permissions(tmp_path):
    env = {**os.environ, "NEWSROOM_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True, "timeout": 300}
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], **run)
    assert migrated.returncode == 0, migrated.stderr
    shown = subprocess.run([sys.executable, "manage.py", "shell", "-c", PRINT_ROLES], **run)
    assert shown.returncode == 0, shown.stderr
    roles = json.loads(shown.stdout.strip().splitlines()[-1])
    assert roles == {"editor": ["articles", "comments", "entities"], "viewer": ["articles", "comments", "entities"]}
