"""Keep entity tokens in step when an entity gains a name after its articles were indexed.

An article is indexed with the names of the entities it mentions at that moment. When a later
article teaches an entity a new name (the English seed gives 김영섭 the alias "Kim Young-shub"), the
earlier articles' rows get the new entity token appended (no re-analysis of their text); a full
`reindex` produces the same tokens from the database.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from entities.models import Alias, Entity, Mention

from .backends import get_backend
from .services import normalised_entity_terms


def _refresh(entity_id: int, names: list[str]) -> None:
    terms = normalised_entity_terms(names)
    if not terms:
        return
    article_ids = sorted(set(Mention.objects.filter(entity_id=entity_id).values_list("article_id", flat=True)))
    if article_ids:
        get_backend().add_entity_terms(article_ids, terms)


@receiver(post_save, sender=Alias, dispatch_uid="search_alias_saved")
def alias_saved(sender, instance: Alias, raw=False, **kwargs) -> None:
    if not raw:
        _refresh(instance.entity_id, [instance.surface])


@receiver(post_save, sender=Entity, dispatch_uid="search_entity_saved")
def entity_saved(sender, instance: Entity, created=False, raw=False, **kwargs) -> None:
    if not raw and not created:  # a new entity has no mentions yet
        _refresh(instance.pk, [instance.name_ko, instance.name_en])
