"""Recall against an exhaustive oracle over the real Korean Wikinews corpus (plus the two seeds).

The oracle is written independently of the analyser: a regular-expression scan of the ORIGINAL
texts for the base word standing alone or followed by a Korean particle/ending (Korean), or as a
whole Latin word, optionally inflected (English). Every document the oracle lists must be found.
"""

from __future__ import annotations

import json

import pytest
import regex
from django.db import connection

from articles.models import Article
from search.selectors import search_articles

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

N_ARTICLES = 300

# Particles and endings a Korean noun may carry in running text (the oracle's own list).
_PARTICLES = sorted(
    """이 가 은 는 을 를 의 에 에서 에게 에게서 께 께서 와 과 도 만 로 으로 까지 부터 보다 처럼 같이 이나 나 랑 이랑
    에는 에서는 으로는 로는 과의 와의 에서의 으로의 에의 과는 와는 에도 에서도 으로도 로도 와도 과도 이라도 라도
    이다 다 이며 며 이고 고 였다 이었다 인 이라는 라는 라고 이라고 이란 란 이지만 지만 들 들이 들은 들을 들의 들에게 들과
    에게는 한테 뿐 마저 조차 밖에 만이 만을 만의 이자 이던 였던 으로서 로서 으로써 로써 측 측은 측의 측이""".split(),
    key=len,
    reverse=True,
)
_KO_TAIL = "(?:" + "|".join(map(regex.escape, _PARTICLES)) + ")?"

# (query as a user types it, [(base word, kind), ...] every one of which must occur in an expected doc)
QUERIES = [
    ("대통령이", [("대통령", "ko")]),
    ("서울에서", [("서울", "ko")]),
    ("북한의", [("북한", "ko")]),
    ("일본은", [("일본", "ko")]),
    ("정부가", [("정부", "ko")]),
    ("경찰은", [("경찰", "ko")]),
    ("박근혜", [("박근혜", "ko")]),
    ("이명박", [("이명박", "ko")]),
    ("대한민국", [("대한민국", "ko")]),
    ("국회의원", [("국회의원", "ko")]),
    ("지진이", [("지진", "ko")]),
    ("김영섭이", [("김영섭", "ko")]),
    ("마이크로소프트와", [("마이크로소프트", "ko")]),
    ("통신사업자", [("통신사업자", "ko")]),
    ("FIFA가", [("FIFA", "latin")]),
    ("NASA는", [("NASA", "latin")]),
    ("KT", [("KT", "latin")]),
    ("IPv4", [("IPv4", "latin")]),
    ("FTA를", [("FTA", "latin")]),
    ("KT 대표", [("KT", "latin"), ("대표", "ko")]),
    ("미국 NASA", [("미국", "ko"), ("NASA", "latin")]),
    ("partners", [("partner", "en")]),
    ("outages", [("outage", "en")]),
    ("clouds", [("cloud", "en")]),
]


def oracle_pattern(word: str, kind: str) -> regex.Pattern:
    if kind == "ko":
        return regex.compile(rf"(?<![\p{{Hangul}}\p{{Han}}A-Za-z0-9]){regex.escape(word)}{_KO_TAIL}(?![\p{{Hangul}}])")
    if kind == "latin":
        return regex.compile(rf"(?<![A-Za-z0-9]){regex.escape(word)}(?![A-Za-z0-9])")
    # English: the word with a regular inflection, any case
    return regex.compile(rf"(?<![A-Za-z0-9]){regex.escape(word)}(?:s|es|ed|ing|'s|’s)?(?![A-Za-z0-9])", regex.I)


def expected_docs(texts: dict[int, str], words) -> set[int]:
    patterns = [oracle_pattern(w, k) for w, k in words]
    return {pk for pk, text in texts.items() if all(p.search(text) for p in patterns)}


def test_recall_against_an_exhaustive_oracle(shared_eval_dir, ingest, korean_seed_bytes, english_seed_bytes):
    path = shared_eval_dir / "ko_wikinews" / "ko_wikinews.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(N_ARTICLES), fh, strict=False)]
    articles = [ingest(korean_seed_bytes, "ko.txt"), ingest(english_seed_bytes, "en.txt")]
    for i, row in enumerate(rows):
        articles.append(ingest(f"{row['title']}\n{row['body']}", f"wiki{i}.txt"))
    # What is searchable is what the parser kept of the original: headline, subheadlines, body.
    texts = {}
    for a in Article.objects.filter(pk__in=[a.pk for a in articles]):
        texts[a.pk] = "\n".join([a.headline, *a.subheadlines, a.body_text])

    report = []
    for q, words in QUERIES:
        expected = expected_docs(texts, words)
        assert expected, f"oracle found nothing for {q!r}: pick another query"
        got, cursor = set(), None
        while True:
            result = search_articles(q, sort="newest", cursor=cursor, page_size=100, with_facets=False, with_snippets=False)
            got |= {h.article.pk for h in result.items}
            cursor = result.next_cursor
            if cursor is None:
                break
        recall = len(got & expected) / len(expected)
        precision = len(got & expected) / len(got) if got else 0.0
        report.append((q, len(expected), len(got), recall, precision, sorted(expected - got)))
    print(f"\nrecall/precision over {len(texts)} articles on {connection.vendor}")
    for q, n_expected, n_got, recall, precision, _missed in report:
        print(f"  {q:<16} expected {n_expected:>4} found {n_got:>4} recall {recall:.3f} precision {precision:.3f}")
    missed = {q: m for q, *_, m in report if m}
    assert not missed, f"documents the oracle lists but search missed: {missed}"
