"""Every gold item of the two seeds (fixtures/seed_gold.json) comes out of the real pipeline."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from articles import services
from articles.models import Article
from entities.models import Amount, DateMention, Entity, Event, Mention, Quote

pytestmark = pytest.mark.django_db

GOLD = json.loads((Path(__file__).parent / "fixtures" / "seed_gold.json").read_text())


@pytest.fixture
def seeds(seeds_dir, django_capture_on_commit_callbacks) -> dict[str, Article]:
    """Both seeds imported, then dated by an editor (which re-processes them)."""
    articles = {}
    with django_capture_on_commit_callbacks(execute=True):
        for lang, gold in GOLD["articles"].items():
            data = (seeds_dir / gold["file"]).read_bytes()
            articles[lang] = services.article_ingest(data=data, file_name=gold["file"]).article
    for lang, article in articles.items():
        with django_capture_on_commit_callbacks(execute=True):
            services.article_update_metadata(
                article=article, user=None,
                published_date=datetime.date.fromisoformat(GOLD["articles"][lang]["published"]),
            )
        article.refresh_from_db()
        assert article.status == "processed", article.error
    return articles


def entity_of(article: Article, text: str) -> Entity:
    mention = Mention.objects.filter(article=article, text=text).select_related("entity").first()
    assert mention is not None, f"no mention {text!r} in {article.language} seed; got {sorted(set(Mention.objects.filter(article=article).values_list('text', flat=True)))}"
    entity = mention.entity
    while entity.merged_into_id:
        entity = entity.merged_into
    return entity


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_entities(seeds, lang):
    article = seeds[lang]
    for item in GOLD["articles"][lang]["entities"]:
        assert entity_of(article, item["text"]).kind == item["kind"], item
    for a, b in GOLD["articles"][lang]["same_entity"]:
        assert entity_of(article, a) == entity_of(article, b), (a, b)


def test_one_entity_across_languages(seeds):
    for ko_name, en_name in GOLD["cross_language"]:
        assert entity_of(seeds["ko"], ko_name) == entity_of(seeds["en"], en_name), (ko_name, en_name)
    for a, b in GOLD["distinct"]:
        assert entity_of(seeds["en"], a) != entity_of(seeds["en"], b)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_amounts(seeds, lang):
    rows = {a.text: a for a in Amount.objects.filter(article=seeds[lang])}
    for item in GOLD["articles"][lang]["amounts"]:
        row = next((r for t, r in rows.items() if item["text"] in t), None)
        assert row is not None, f"{item['text']} not found in {sorted(rows)}"
        assert row.kind == item["kind"]
        if "currency" in item:
            assert row.currency == item["currency"]
        if "value" in item:
            assert row.value == Decimal(item["value"])
        if "approximate" in item:
            assert row.approximate is item["approximate"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_dates_resolve_against_the_publication_date(seeds, lang):
    rows = list(DateMention.objects.filter(article=seeds[lang]))
    for item in GOLD["articles"][lang]["dates"]:
        matches = [r for r in rows if item["text"] in r.text]
        assert matches, f"{item['text']} not found in {[r.text for r in rows]}"
        row = matches[0]
        assert row.resolved and row.value == datetime.date.fromisoformat(item["value"]), (item, row.value)
        if "end_value" in item:
            assert row.end_value == datetime.date.fromisoformat(item["end_value"])
        if "precision" in item:
            assert row.precision == item["precision"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_events(seeds, lang):
    article = seeds[lang]
    events = list(Event.objects.filter(article=article).prefetch_related("participants__entity"))
    for item in GOLD["articles"][lang]["events"]:
        wanted = {entity_of(article, name) for name in item["participants"]}

        def fits(event, item=item, wanted=wanted):
            entities = {p.entity for p in event.participants.all() if p.entity}
            return (
                event.type == item["type"]
                and wanted <= entities
                and item.get("place_contains", "") in (event.place_text or "")
                and item.get("trigger_contains", "") in event.trigger
                and ("date" not in item or event.date == datetime.date.fromisoformat(item["date"]))
                and ("end_date" not in item or event.end_date == datetime.date.fromisoformat(item["end_date"]))
            )

        assert any(fits(e) for e in events), f"no event like {item}; got " + "; ".join(
            f"{e.type}/{e.trigger}/{e.date}/{e.place_text}/{[p.text for p in e.participants.all()]}" for e in events
        )


def test_the_partnership_is_one_event_reported_by_both_articles(seeds):
    ko_deal = Event.objects.filter(article=seeds["ko"], type="agreement", reported_by=seeds["en"])
    assert ko_deal.exists()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_gold_quotes(seeds, lang):
    quotes = list(Quote.objects.filter(article=seeds[lang]))
    for item in GOLD["articles"][lang]["quotes"]:
        assert any(q.text.startswith(item["starts"]) and item["speaker"] in q.speaker_text for q in quotes), (
            item, [(q.speaker_text, q.text[:20]) for q in quotes])


def test_dates_stay_unresolved_without_a_publication_date(seeds_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = (seeds_dir / GOLD["articles"]["ko"]["file"]).read_bytes()
        article = services.article_ingest(data=data, file_name="ko.txt").article
    relative = DateMention.objects.get(article=article, text__contains="지난 10일")
    assert not relative.resolved and relative.value is None
