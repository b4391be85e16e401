"""Writes to entities: store one article's extraction, add aliases, merge and split entities."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article
from articles.services import article_reprocess
from newsroom_text.extract import Extraction
from newsroom_text.linking import normalise_alias

from .linker import ArticleLinker
from .models import Alias, Amount, DateMention, Entity, EntityMerge, Event, EventParticipant, Mention, Quote


def _clear_article(article: Article) -> None:
    Mention.objects.filter(article=article).delete()
    Quote.objects.filter(article=article).delete()
    Event.objects.filter(article=article).delete()
    article.reported_events.clear()
    Amount.objects.filter(article=article).delete()
    DateMention.objects.filter(article=article).delete()


def entities_store_extraction(*, article: Article, extraction: Extraction) -> None:
    """Replace the article's extracted rows with this run's.

    Runs inside the processing transaction, so a failure leaves the previous run's rows intact.
    """
    _clear_article(article)
    body = article.body_text
    spans = extraction.entities
    # The names declared equal in the text (마이크로소프트(MS)) link the short one to the long one.
    declared = {normalise_alias(short): long for long, short in extraction.declared_aliases}
    context = [s.text for s in spans] + [n for pair in extraction.declared_aliases for n in pair]
    linker = ArticleLinker(language=article.language, context_names=context)

    by_offset: dict[tuple[int, int], Entity] = {}
    ordered = sorted(spans, key=lambda s: (normalise_alias(s.text) in declared, s.start))
    for span in ordered:
        long_name = declared.get(normalise_alias(span.text))
        if long_name is not None:
            long_span = next((s for s in spans if s.text == long_name), None)
            entity, _ = linker.resolve(long_name, long_span.label if long_span else span.label)
            Alias.objects.get_or_create(
                entity=entity, normalised=normalise_alias(span.text)[:200],
                defaults={"surface": span.text[:200], "language": article.language, "source": Alias.Source.DECLARED},
            )
        else:
            entity, _ = linker.resolve(span.text, span.label)
        by_offset[(span.start, span.end)] = entity
    Mention.objects.bulk_create(
        Mention(article=article, entity=by_offset[(s.start, s.end)], start=s.start, end=s.end, text=s.text[:200],
                method=s.method[:20], confidence=s.confidence)
        for s in spans
    )

    DateMention.objects.bulk_create(
        DateMention(article=article, text=d.text[:100], start=d.start, end=d.end, value=d.value, end_value=d.end_value,
                    precision=d.precision, resolved=d.resolved)
        for d in extraction.dates
    )
    amounts = {
        a.start: Amount.objects.create(
            article=article, kind=a.kind, currency=a.currency, value=a.value, approximate=a.approximate,
            unit=a.unit[:20], text=a.text[:100], start=a.start, end=a.end,
        )
        for a in extraction.amounts
    }
    for q in extraction.quotes:
        speaker = by_offset.get((q.speaker_start, q.speaker_end)) if q.speaker_start is not None else None
        Quote.objects.create(article=article, speaker=speaker, speaker_text=q.speaker[:200], text=q.text, start=q.start, end=q.end)

    for candidate in extraction.events:
        _store_event(article, body, candidate, by_offset, amounts, linker)


def _store_event(article, body, candidate, by_offset, amounts, linker) -> None:
    date = candidate.date
    place_entity = None
    if candidate.place is not None:
        place_entity = by_offset.get((candidate.place.start, candidate.place.end))
    event = Event.objects.create(
        type=candidate.type if candidate.type in Event.Type.values else Event.Type.OTHER,
        trigger=candidate.trigger[:100],
        date=date.value if date and date.resolved else None,
        end_date=date.end_value if date and date.resolved else None,
        date_precision=date.precision if date and date.resolved else "",
        date_text=date.text[:100] if date else "",
        place=place_entity,
        place_text=candidate.place.text[:200] if candidate.place else "",
        article=article,
        evidence_start=candidate.sentence_start,
        evidence_end=candidate.sentence_end,
        evidence=body[candidate.sentence_start : candidate.sentence_end],
        amount=amounts.get(candidate.amount.start) if candidate.amount else None,
        confidence=candidate.confidence,
    )
    participants = []
    for p in candidate.participants:
        entity = by_offset.get((p.start, p.end))
        if entity is None and p.label in Entity.Kind.values:
            entity, _ = linker.resolve(p.text, p.label)
        participants.append(EventParticipant(event=event, entity=entity, text=p.text[:200], role=p.role[:20]))
    EventParticipant.objects.bulk_create(participants)
    event.reported_by.add(article)
    _join_same_event_elsewhere(event)


def _join_same_event_elsewhere(event: Event) -> None:
    """Cross-reference the event with the same event reported by other articles.

    Same type and at least two shared participant entities (one when an event has only one),
    and compatible dates when both are dated.
    """
    mine = set(event.participants.exclude(entity=None).values_list("entity_id", flat=True))
    if not mine:
        return
    needed = 1 if len(mine) == 1 else 2
    others = (
        Event.objects.filter(type=event.type, participants__entity__in=mine)
        .exclude(article=event.article)
        .annotate(shared=Count("participants__entity", filter=Q(participants__entity__in=mine), distinct=True))
        .filter(shared__gte=needed)
    )
    for other in others:
        if event.date and other.date and abs((event.date - other.date).days) > 1:
            continue
        other.reported_by.add(event.article)
        event.reported_by.add(other.article)


# --- editorial changes ----------------------------------------------------------------------


def _articles_mentioning(entity: Entity):
    return Article.objects.filter(mentions__entity=entity).distinct()


@transaction.atomic
def alias_add(*, entity: Entity, surface: str, language: str, user=None) -> Alias:
    """An editor's alias: confirmed, fed to the recogniser, and articles containing it are re-linked."""
    norm = normalise_alias(surface)
    if not norm:
        raise ValueError("an alias needs at least one letter or digit")
    alias, _ = Alias.objects.update_or_create(
        entity=entity, normalised=norm[:200],
        defaults={"surface": surface[:200], "language": language, "source": Alias.Source.EDITOR, "confidence": 1.0},
    )
    for article in Article.objects.processed().filter(body_text__contains=surface.strip()).only("pk"):
        article_reprocess(article=article)
    return alias


@transaction.atomic
def entity_merge(*, source: Entity, target: Entity, user=None) -> EntityMerge:
    """Merge `source` into `target`: every mention, role, quote and alias moves; a record allows a split."""
    if source.pk == target.pk:
        raise ValueError("an entity cannot be merged into itself")
    if source.merged_into_id:
        raise ValueError(f"{source} was already merged into another entity")
    mention_ids = list(Mention.objects.filter(entity=source).values_list("pk", flat=True))
    alias_ids = list(Alias.objects.filter(entity=source).values_list("pk", flat=True))
    merge = EntityMerge.objects.create(
        source=source, target=target, moved_mentions=mention_ids, moved_aliases=alias_ids, merged_by=user
    )
    Mention.objects.filter(pk__in=mention_ids).update(entity=target)
    EventParticipant.objects.filter(entity=source).update(entity=target)
    Quote.objects.filter(speaker=source).update(speaker=target)
    Event.objects.filter(place=source).update(place=target)
    existing = set(Alias.objects.filter(entity=target).values_list("normalised", flat=True))
    for alias in Alias.objects.filter(pk__in=alias_ids):
        if alias.normalised in existing:
            alias.delete()
        else:
            alias.entity = target
            alias.save(update_fields=["entity"])
    for field_name in ("name_ko", "name_en"):
        if not getattr(target, field_name) and getattr(source, field_name):
            setattr(target, field_name, getattr(source, field_name))
    target.confirmed = True
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return merge


@transaction.atomic
def entity_split(*, merge: EntityMerge, user=None) -> Entity:
    """Undo a merge: the source entity gets back the mentions and aliases that came with it."""
    if merge.undone_at:
        raise ValueError("this merge was already split")
    source = merge.source
    Mention.objects.filter(pk__in=merge.moved_mentions, entity=merge.target).update(entity=source)
    Alias.objects.filter(pk__in=merge.moved_aliases).update(entity=source)
    moved_articles = Mention.objects.filter(pk__in=merge.moved_mentions).values_list("article_id", flat=True)
    source_names = {source.name_ko, source.name_en} - {""}
    EventParticipant.objects.filter(
        entity=merge.target, event__article_id__in=moved_articles, text__in=source_names | set(
            Alias.objects.filter(entity=source).values_list("surface", flat=True)
        )
    ).update(entity=source)
    source.merged_into = None
    source.save(update_fields=["merged_into"])
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return source
