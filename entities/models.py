"""What articles are about: entities and their aliases, mentions, events, quotes, amounts and dates.

Offsets (start, end; characters, end exclusive) always point into Article.body_text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from articles.models import Article

from .querysets import EntityQuerySet, EventQuerySet


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "PERSON", "person"
        ORG = "ORG", "organisation"
        PLACE = "PLACE", "place"
        PRODUCT = "PRODUCT", "product"
        EVENT = "EVENT", "named event"

    kind = models.CharField(max_length=8, choices=Kind.choices, db_index=True)
    name_ko = models.CharField("Korean name", max_length=200, blank=True)
    name_en = models.CharField("English name", max_length=200, blank=True)
    confirmed = models.BooleanField(default=False, help_text="An editor confirmed this entity's identity.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from",
        help_text="Set when an editor merged this entity into another one; kept for the record and for split.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["name_ko", "name_en"]

    def __str__(self) -> str:
        names = " / ".join(n for n in (self.name_ko, self.name_en) if n)
        return names or f"entity {self.pk}"

    def name_for(self, language: str) -> str:
        return (self.name_ko if language == "ko" else self.name_en) or self.name_ko or self.name_en


class Alias(models.Model):
    class Source(models.TextChoices):
        TEXT = "text", "seen in an article"
        DECLARED = "declared", "declared in an article, e.g. 마이크로소프트(MS)"
        ROMANISATION = "romanisation", "romanisation rule"
        EDITOR = "editor", "added by an editor"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    surface = models.CharField(max_length=200)
    language = models.CharField(max_length=2, blank=True)
    normalised = models.CharField(max_length=200, db_index=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.TEXT)
    confidence = models.FloatField(default=1.0)

    class Meta:
        verbose_name_plural = "aliases"
        constraints = [models.UniqueConstraint(fields=["entity", "normalised"], name="alias_unique_per_entity")]

    def __str__(self) -> str:
        return f"{self.surface} ({self.language or '?'})"


class EntityMerge(models.Model):
    """An editor's merge of `source` into `target`; records which mentions moved so it can be split again."""

    target = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="merges")
    source = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    moved_mentions = models.JSONField(default=list)
    moved_aliases = models.JSONField(default=list)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id} at {self.merged_at:%Y-%m-%d %H:%M}"


class Mention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    method = models.CharField(max_length=20, blank=True)
    confidence = models.FloatField(default=1.0)

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["entity", "article"])]

    def __str__(self) -> str:
        return f"{self.text} @{self.start}"


class Event(models.Model):
    class Type(models.TextChoices):
        APPOINTMENT = "appointment", "appointment"
        AGREEMENT = "agreement", "agreement / partnership"
        MEETING = "meeting", "conference or meeting held"
        INVESTMENT = "investment", "investment / deal"
        LAUNCH = "launch", "launch"
        OUTAGE = "outage", "outage / incident"
        FINANCIAL_RESULT = "financial_result", "financial result"
        OTHER = "other", "other"

    type = models.CharField(max_length=16, choices=Type.choices, db_index=True)
    trigger = models.CharField(max_length=100)
    date = models.DateField(null=True, blank=True, db_index=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, blank=True)
    date_text = models.CharField(max_length=100, blank=True)
    place = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_here")
    place_text = models.CharField(max_length=200, blank=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events", help_text="The article whose sentence is the evidence.")
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    evidence = models.TextField()
    amount = models.ForeignKey("Amount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidence = models.FloatField(default=0.5)
    reported_by = models.ManyToManyField(Article, related_name="reported_events", blank=True, help_text="Every article reporting this event.")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.trigger} ({self.date or self.date_text or 'undated'})"


class EventParticipant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_roles")
    text = models.CharField(max_length=200)
    role = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"{self.text} ({self.role})"


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    speaker_text = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "start"]

    def __str__(self) -> str:
        return f"{self.speaker_text or '?'}: {self.text[:50]}"


class Amount(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="amounts")
    kind = models.CharField(max_length=10)  # money | quantity | ratio | percent
    currency = models.CharField(max_length=3, blank=True)
    value = models.DecimalField(max_digits=32, decimal_places=6, null=True)
    approximate = models.BooleanField(default=False)
    unit = models.CharField(max_length=20, blank=True)
    text = models.CharField(max_length=100)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "start"]

    def __str__(self) -> str:
        return self.text


class DateMention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="date_mentions")
    text = models.CharField(max_length=100)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    value = models.DateField(null=True, blank=True)
    end_value = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=8, blank=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "start"]

    def __str__(self) -> str:
        return f"{self.text} -> {self.value or 'unresolved'}"
