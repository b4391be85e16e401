"""Print a user's API token (created when they have none), or replace or revoke it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from newsroom.api import token_create, token_revoke


class Command(BaseCommand):
    help = "Print USER's API token, creating one if needed; --rotate replaces it, --revoke deletes it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rotate", action="store_true", help="replace the token with a new one")
        group.add_argument("--revoke", action="store_true", help="delete the token (API access ends)")

    def handle(self, *args, username: str, rotate: bool, revoke: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r} (create one with `manage.py create_editor {username}`)")
        if revoke:
            revoked = token_revoke(user=user)
            self.stderr.write(f"token of {username} revoked" if revoked else f"{username} had no token")
            return
        token = Token.objects.filter(user=user).first()
        if token is None or rotate:
            token = token_create(user=user)
        self.stdout.write(token.key)
