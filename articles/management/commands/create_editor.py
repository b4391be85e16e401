"""Create (or reset) an editor account and print how to log in.

The password comes from NEWSROOM_EDITOR_PASSWORD, or is generated and printed: never a fixed one.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.roles import EDITOR, VIEWER, roles_ensure


class Command(BaseCommand):
    help = "Create or reset an editor (or --viewer) account; prints the login."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="editor")
        parser.add_argument("--viewer", action="store_true", help="create a read-only viewer instead")

    def handle(self, *args, username: str, viewer: bool, **options):
        editor_group, viewer_group = roles_ensure()
        password = os.environ.get("NEWSROOM_EDITOR_PASSWORD") or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = not viewer  # editors also maintain data in the Django admin
        user.save()
        user.groups.set([viewer_group if viewer else editor_group])
        role = VIEWER if viewer else EDITOR
        self.stdout.write(
            f"{'created' if created else 'reset'} {role} account\n"
            f"  log in at http://127.0.0.1:8000/accounts/login/ (admin: /admin/)\n"
            f"  username: {username}\n  password: {password}"
        )
