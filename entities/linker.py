"""Finds the existing entities a new mention could be, then lets newsroom_text.linking decide.

Candidate retrieval is the database's part: exact normalised aliases through the index, Korean
personal names through their romanisation variants, Latin personal names through the Korean
family names they can spell, and cross-script organisation names through an in-process table of
names blocked by their first consonant class (refreshed when entities are added elsewhere).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from newsroom_text.linking import (
    LINK_THRESHOLD,
    Candidate,
    LinkDecision,
    _approx_latin,
    link_mention,
    normalise_alias,
)
from newsroom_text.romanise import FAMILY_NAMES, romanise_name

from .models import Alias, Entity

_FAMILIES_BY_SPELLING: dict[str, set[str]] = defaultdict(set)
for _hangul, _variants in FAMILY_NAMES.items():
    for _spelling, _cost in _variants:
        _FAMILIES_BY_SPELLING[_spelling.lower()].add(_hangul)

_CONSONANT_CLASS = str.maketrans({"c": "k", "g": "k", "q": "k", "f": "p", "b": "p", "v": "p", "l": "r", "t": "d", "z": "j"})


def _has_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _block(name: str) -> str:
    """First consonant class of a name's Latin spelling: Microsoft and 마이크로소프트 share 'm'."""
    latin = _approx_latin(name) if _has_hangul(name) else normalise_alias(name)
    for ch in latin:
        if ch.isalpha() and ch not in "aeiouwy":
            return ch.translate(_CONSONANT_CLASS)
    return latin[:1]


class _OrgTable:
    """Organisation and product names of live entities by block, shared by one process's tasks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_block: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._max_alias_id = 0

    def refresh(self) -> None:
        with self._lock:
            rows = (
                Alias.objects.filter(pk__gt=self._max_alias_id, entity__kind__in=["ORG", "PRODUCT"])
                .values_list("pk", "entity_id", "surface")
                .order_by("pk")
            )
            for pk, entity_id, surface in rows.iterator():
                self._by_block[_block(surface)][entity_id].add(surface)
                self._max_alias_id = pk

    def near(self, surface: str) -> dict[int, set[str]]:
        self.refresh()
        return self._by_block.get(_block(surface), {})

    def reset(self) -> None:
        with self._lock:
            self._by_block.clear()
            self._max_alias_id = 0


org_table = _OrgTable()


@dataclass
class ArticleLinker:
    """Links one article's mentions; remembers its own decisions so a name links once per article."""

    language: str
    context_names: list[str] = field(default_factory=list)
    decisions: dict[tuple[str, str], tuple[Entity, LinkDecision]] = field(default_factory=dict)

    def resolve(self, surface: str, kind: str) -> tuple[Entity, LinkDecision]:
        key = (normalise_alias(surface), kind)
        if key in self.decisions:
            return self.decisions[key]
        candidates = self._candidates(surface, kind)
        decision = link_mention(surface, kind, self.language, candidates, context_names=self.context_names)
        if decision.entity_id is not None:
            entity = Entity.objects.get(pk=decision.entity_id)
            entity = _follow_merges(entity)
        else:
            entity = Entity.objects.create(kind=kind, **_names_for(surface))
        _alias_record(entity, surface, self.language, decision)
        self.decisions[key] = (entity, decision)
        return entity, decision

    def _candidates(self, surface: str, kind: str) -> list[Candidate]:
        norm = normalise_alias(surface)
        keys = {norm}
        entity_ids: set[int] = set()
        if kind == "PERSON" and _has_hangul(surface):
            keys.update(romanise_name(surface))
        elif kind == "PERSON":
            words = [w for w in surface.replace("-", " ").split() if w]
            families = set()
            for w in (words[0], words[-1]) if words else ():
                families |= _FAMILIES_BY_SPELLING.get(w.lower(), set())
            if families:
                entity_ids.update(
                    Entity.objects.live()
                    .filter(kind="PERSON", name_ko__regex=r"^(" + "|".join(sorted(families)) + r")")
                    .values_list("pk", flat=True)[:2000]
                )
        if kind in ("ORG", "PRODUCT"):
            entity_ids.update(self._cross_script_orgs(surface))
        entity_ids.update(
            Alias.objects.filter(normalised__in=keys, entity__merged_into__isnull=True).values_list("entity_id", flat=True)
        )
        # Entities already linked in this article back acronyms and family names up.
        entity_ids.update(entity.pk for entity, _ in self.decisions.values())
        if not entity_ids:
            return []
        names: dict[int, list[str]] = defaultdict(list)
        kinds: dict[int, str] = {}
        for entity_id, entity_kind, name_ko, name_en in Entity.objects.live().filter(pk__in=entity_ids).values_list(
            "pk", "kind", "name_ko", "name_en"
        ):
            kinds[entity_id] = entity_kind
            names[entity_id].extend(n for n in (name_ko, name_en) if n)
        for entity_id, alias in Alias.objects.filter(entity_id__in=kinds, confidence__gte=LINK_THRESHOLD).values_list(
            "entity_id", "surface"
        ):
            names[entity_id].append(alias)
        return [Candidate(pk, kinds[pk], tuple(dict.fromkeys(names[pk]))) for pk in sorted(kinds)]

    def _cross_script_orgs(self, surface: str) -> set[int]:
        hangul = _has_hangul(surface)
        return {
            entity_id
            for entity_id, surfaces in org_table.near(surface).items()
            if any(_has_hangul(s) != hangul for s in surfaces)
        }


def _follow_merges(entity: Entity) -> Entity:
    seen = set()
    while entity.merged_into_id and entity.pk not in seen:
        seen.add(entity.pk)
        entity = entity.merged_into
    return entity


def _names_for(surface: str) -> dict[str, str]:
    return {"name_ko": surface} if _has_hangul(surface) else {"name_en": surface}


def _alias_record(entity: Entity, surface: str, language: str, decision: LinkDecision) -> None:
    """Remember the surface as an alias; fill the entity's name in the other script when it had none."""
    norm = normalise_alias(surface)
    if not norm:
        return
    source = Alias.Source.ROMANISATION if "romanisation" in decision.reason else Alias.Source.TEXT
    confidence = decision.confidence if decision.entity_id is not None else 1.0
    Alias.objects.get_or_create(
        entity=entity, normalised=norm[:200],
        defaults={"surface": surface[:200], "language": language, "source": source, "confidence": confidence},
    )
    field_name = "name_ko" if _has_hangul(surface) else "name_en"
    if not getattr(entity, field_name) and confidence >= LINK_THRESHOLD:
        setattr(entity, field_name, surface[:200])
        entity.save(update_fields=[field_name])
