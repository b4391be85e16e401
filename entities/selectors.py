"""Composite reads for the entity and event pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from articles.models import Article

from .models import Entity, EntityMerge, Event, EventParticipant


def entity_articles(entity: Entity):
    """Articles mentioning the entity, newest first."""
    return (
        Article.objects.filter(pk__in=entity.mentions.values("article_id"))
        .select_related("outlet", "upload")
        .newest_first()
    )


def entity_co_mentioned(entity: Entity, limit: int = 10) -> list[Entity]:
    """Entities mentioned in the same articles, most shared articles first (one aggregate query)."""
    return list(
        Entity.objects.live()
        .exclude(pk=entity.pk)
        .filter(mentions__article__in=entity.mentions.values("article_id"))
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name_ko", "name_en")[:limit]
    )


def entity_events(entity: Entity):
    return (
        Event.objects.involving(entity)
        .select_related("article")
        .prefetch_related(Prefetch("participants", queryset=EventParticipant.objects.select_related("entity")))
        .order_by("date", "pk")
    )


def entity_open_merges(entity: Entity):
    return EntityMerge.objects.filter(target=entity, undone_at__isnull=True).select_related("source", "merged_by")


def entity_search(text: str, limit: int = 50):
    qs = Entity.objects.live().annotate(n_mentions=Count("mentions", distinct=True))
    if text.strip():
        qs = qs.filter(pk__in=Entity.objects.named(text).values("pk"))
    return qs.order_by("-n_mentions", "name_ko", "name_en")[:limit] if limit else qs.order_by("-n_mentions", "name_ko")


def events_filtered(*, type: str = "", entity: Entity | None = None, date_from=None, date_to=None):
    qs = Event.objects.select_related("article").prefetch_related(
        Prefetch("participants", queryset=EventParticipant.objects.select_related("entity"))
    )
    if type:
        qs = qs.filter(type=type)
    if entity is not None:
        qs = qs.involving(entity)
    if date_from or date_to:
        qs = qs.between(date_from, date_to)
    return qs


# --- the timeline drawing ------------------------------------------------------------------------

TIMELINE_WIDTH = 1000
TIMELINE_MARGIN = 40
LANE_HEIGHT = 26
AXIS_Y = 30


@dataclass
class TimelineMark:
    event: Event
    x: float
    y: float
    width: float  # > 0 for an event with an end date
    label: str = ""
    label_x: float = 0
    label_anchor: str = "start"


@dataclass
class TimelineTick:
    x: float
    label: str


@dataclass
class Timeline:
    marks: list[TimelineMark]
    ticks: list[TimelineTick]
    width: int
    height: int


def timeline_layout(events: list[Event]) -> Timeline | None:
    """Place dated events on a horizontal time axis, in lanes so that marks do not overlap."""
    dated = [e for e in events if e.date]
    if not dated:
        return None
    first = min(e.date for e in dated)
    last = max((e.end_date or e.date) for e in dated)
    span = max((last - first).days, 1)
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN

    def x_of(day: datetime.date) -> float:
        if first == last:
            return TIMELINE_WIDTH / 2
        return TIMELINE_MARGIN + usable * (day - first).days / span

    lanes: list[tuple[float, float]] = []  # (left, right) of what each lane holds so far
    marks = []
    for event in sorted(dated, key=lambda e: (e.date, e.pk)):
        x = x_of(event.date)
        width = max(x_of(event.end_date) - x, 0) if event.end_date and event.end_date > event.date else 0
        label = _short(f"{event.date:%Y-%m-%d} {event.trigger}")
        text_width = _text_width(label)
        # The label goes right of the mark, or left of it near the right edge of the drawing.
        if x + width + 14 + text_width <= TIMELINE_WIDTH:
            left, right, label_x, anchor = x - 10, x + width + 14 + text_width, x + width + 14, "start"
        else:
            left, right, label_x, anchor = x - 14 - text_width, x + width + 10, x - 14, "end"
        lane = next((i for i, (_, end) in enumerate(lanes) if left > end + 6), None)
        if lane is None:
            lanes.append((left, right))
            lane = len(lanes) - 1
        lanes[lane] = (left, right)
        marks.append(TimelineMark(event, round(x, 1), AXIS_Y + 22 + lane * LANE_HEIGHT, round(width, 1),
                                  label, round(label_x, 1), anchor))
    ticks = _ticks(first, last, x_of)
    return Timeline(marks, ticks, TIMELINE_WIDTH, AXIS_Y + 22 + len(lanes) * LANE_HEIGHT + 10)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_width(text: str) -> float:
    """Rough width in the SVG's 12px font: wide for Hangul and CJK, narrow otherwise."""
    return sum(12.5 if ord(ch) >= 0x1100 else 7 for ch in text)


def _ticks(first: datetime.date, last: datetime.date, x_of) -> list[TimelineTick]:
    if first == last:
        return [TimelineTick(x_of(first), first.isoformat())]
    days = (last - first).days
    if days > 3 * 365:
        points = [datetime.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
        fmt = "%Y"
    elif days > 90:
        points, y, m = [], first.year, first.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            day = datetime.date(y, m, 1)
            if day > last:
                break
            points.append(day)
        step = max(1, len(points) // 8)
        points = points[::step]
        fmt = "%Y-%m"
    else:
        step = max(1, days // 6)
        points = [first + datetime.timedelta(days=i) for i in range(0, days + 1, step)]
        fmt = "%m-%d"
    ticks = [TimelineTick(round(x_of(p), 1), p.strftime(fmt)) for p in points]
    ticks.insert(0, TimelineTick(round(x_of(first), 1), first.isoformat()))
    ticks.append(TimelineTick(round(x_of(last), 1), last.isoformat()))
    # Drop ticks too close to a previous one (labels would overlap).
    kept: list[TimelineTick] = []
    for tick in ticks:
        if not kept or tick.x - kept[-1].x >= 90:
            kept.append(tick)
    return kept
