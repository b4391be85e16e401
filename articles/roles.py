"""The two roles: editors change the archive, viewers read and search it."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

EDITOR, VIEWER = "editor", "viewer"
_APPS = ("articles", "entities", "comments")


def roles_ensure() -> tuple[Group, Group]:
    """Create or refresh both groups with their model permissions (safe to run at every migrate)."""
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    perms = Permission.objects.filter(content_type__app_label__in=_APPS)
    editor.permissions.set(perms)
    viewer.permissions.set(perms.filter(codename__startswith="view_"))
    return editor, viewer


def is_editor(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.groups.filter(name=EDITOR).exists()))
