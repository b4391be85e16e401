from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs) -> None:
    from .roles import roles_ensure

    roles_ensure()


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        # After every app's migrations, not only this app's: the entities and comments permissions
        # exist only once their apps have migrated, and a fresh install must give them to the roles.
        post_migrate.connect(_ensure_roles, dispatch_uid="articles.ensure_roles")
