"""Combinable entity and event filters."""

from django.db import models


class EntityQuerySet(models.QuerySet):
    def live(self):
        """Entities not merged into another one."""
        return self.filter(merged_into__isnull=True)

    def named(self, text: str):
        text = text.strip()
        return self.filter(
            models.Q(name_ko__icontains=text) | models.Q(name_en__icontains=text) | models.Q(aliases__surface__icontains=text)
        ).distinct()


class EventQuerySet(models.QuerySet):
    def involving(self, entity):
        return self.filter(participants__entity=entity).distinct()

    def between(self, start, end):
        qs = self
        if start:
            qs = qs.filter(models.Q(end_date__gte=start) | models.Q(end_date__isnull=True, date__gte=start))
        if end:
            qs = qs.filter(date__lte=end)
        return qs
