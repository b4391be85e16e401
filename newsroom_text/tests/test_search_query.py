"""Query language: parsing, tsquery/FTS5 compilation and escaping, end-to-end recall on SQLite FTS5."""

from __future__ import annotations

import os
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_text.search.analysis import ENTITY_PREFIX, TermGroup, normalise_entity_term
from newsroom_text.search.fts5 import MemoryIndex
from newsroom_text.search.query import (
    And,
    EntityTerm,
    Not,
    Or,
    Phrase,
    Term,
    parse_query,
    query_entity_forms,
    to_fts5,
    to_tsquery,
)


def plain(q: str):
    return parse_query(q, entities=False)


def raws(node) -> list:
    if isinstance(node, Term | Phrase):
        return [node.raw]
    if isinstance(node, Not):
        return ["-" + r for r in raws(node.child)]
    if isinstance(node, And | Or):
        return [r for c in node.children for r in raws(c)]
    return []


# ------------------------------------------------------------------ parsing


def test_words_are_anded():
    node = plain("KT 5G 요금제")
    assert isinstance(node, And)
    assert [c.terms for c in node.children] == [("kt",), ("5g",), ("요금", "요금제")]  # 요금 + 제(XSN)


def test_single_word():
    assert plain("KT가") == Term(("kt",), "KT가", (TermGroup(("kt",)),))


def test_or_has_lower_precedence_than_and():
    node = plain("KT 5G OR LTE")
    assert isinstance(node, Or)
    assert isinstance(node.children[0], And) and raws(node.children[0]) == ["KT", "5G"]
    assert raws(node.children[1]) == ["LTE"]
    assert isinstance(plain("a OR b OR c"), Or) and len(plain("x OR y OR z").children) == 3
    # lower-case "or" is a word
    assert "or" in [t for c in plain("KT or LTE").children for t in c.terms]


def test_phrase_and_exclusion():
    node = plain('"통신 사업자" -장애 -"망 장애"')
    assert isinstance(node, And)
    phrase, not1, not2 = node.children
    assert phrase == Phrase(("통신", "사업자"), "통신 사업자")
    assert isinstance(not1, Not) and not1.child.terms == ("장애",)
    assert isinstance(not2, Not) and isinstance(not2.child, Phrase)


def test_parentheses():
    node = plain("(KT OR SKT) 5G")
    assert isinstance(node, And)
    assert isinstance(node.children[0], Or)
    assert to_tsquery(node) == "( ( 'kt' | 'skt' ) & '5g' )"
    assert to_fts5(node) == '(("kt" OR "skt") AND "5g")'


@pytest.mark.parametrize(
    "q", ["", "   ", "...", '""', "()", "OR", "OR OR", "-", "--", "the of a", "(((", ")))", '"', '- " "']
)
def test_garbage_parses_to_nothing(q):
    assert parse_query(q) is None
    assert to_tsquery(parse_query(q)) == "" and to_fts5(parse_query(q)) == ""


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"unclosed phrase', ["unclosed phrase"]),
        ("((KT", ["KT"]),
        ("KT))) 5G", ["KT", "5G"]),
        ("KT OR", ["KT"]),
        ("OR KT", ["KT"]),
        ("KT -", ["KT"]),
        ('KT -"', ["KT"]),
    ],
)
def test_broken_syntax_degrades_gracefully(q, expected):
    assert raws(plain(q)) == expected


@pytest.mark.parametrize(
    "q", ["(" * 1500 + "KT", "(a " * 600 + "KT", "-" * 3000 + "KT", " OR ".join(["KT"] * 400)]
)
def test_pathological_queries_do_not_blow_up(q):
    node = parse_query(q)
    to_tsquery(node), to_fts5(node)


def test_negative_only_queries_compile_to_empty():
    for q in ("-KT", '-"망 장애"', "-KT -SKT", "(-KT)"):
        node = plain(q)
        assert to_tsquery(node) == "" and to_fts5(node) == "", q
    # a negative alternative inside OR cannot mean anything alone and is dropped
    assert plain("KT OR -SKT") == plain("KT")


def test_compound_word_matches_joined_or_parts():
    node = plain("통신사업자가")
    assert to_tsquery(node) == "( ( '통신' & '사업자' ) | '통신사업자' )"
    assert to_fts5(node) == '(("통신" AND "사업자") OR "통신사업자")'


def test_one_word_phrase_is_the_word():
    assert plain('"통신사업자"') == plain("통신사업자")


def test_stop_words_are_dropped_from_queries():
    assert raws(plain("the outage of KT")) == ["outage", "KT"]


# ------------------------------------------------------------------ compilation and escaping


def test_tsquery_operators():
    node = plain('KT "통신 사업자" OR LTE -장애')
    assert to_tsquery(node) == "( ( 'kt' & ( '통신' <-> '사업자' ) ) | ( 'lte' & !'장애' ) )"
    assert to_fts5(node) == '(("kt" AND "통신 사업자") OR ("lte" NOT "장애"))'


NASTY = ["it's", "back\\slash", "co:lon", "a&b|c!d", "<->", "(x)", '"dq"', "''", "\\'"]


@pytest.mark.parametrize("term", NASTY)
def test_tsquery_escaping_of_hand_made_terms(term):
    expr = to_tsquery(And((Term((term,), term), Not(Term(("ok",), "ok")))))
    quoted = expr[2 : expr.index(" & !")]
    assert quoted.startswith("'") and quoted.endswith("'")
    inner = quoted[1:-1]
    # the only quotes inside are doubled, backslashes are doubled: the term cannot end the literal early
    assert inner.replace("''", "").count("'") == 0
    assert inner.replace("\\\\", "").count("\\") == 0
    assert inner.replace("''", "'").replace("\\\\", "\\") == term


@pytest.mark.parametrize("term", NASTY)
def test_fts5_escaping_of_hand_made_terms(term):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(body)")
    db.execute("INSERT INTO d VALUES ('ok')")
    expr = to_fts5(Or((Term((term,), term), Term(("ok",), "ok"))))
    assert db.execute("SELECT count(*) FROM d WHERE d MATCH ?", (expr,)).fetchone() == (1,)


def test_analysed_terms_never_need_escaping():
    node = plain("it's a \\ 'q' : & | ! <-> () x:y 'KT'")
    assert to_tsquery(node) == "( 'q' & ( 'x' & 'y' ) & 'kt' )"
    assert to_fts5(node) == '("q" AND ("x" AND "y") AND "kt")'


def _balanced_quotes(expr: str, quote: str) -> bool:
    return expr.replace(quote * 2, "").count(quote) % 2 == 0


def _balanced_parens_outside_quotes(expr: str, quote: str) -> bool:
    depth, inside = 0, False
    for ch in expr:
        if ch == quote:
            inside = not inside
        elif not inside:
            depth += ch == "("
            depth -= ch == ")"
            if depth < 0:
                return False
    return depth == 0 and not inside


QUERY_CHARS = st.sampled_from(list("KTab가나김영섭이는 -\"()OR|&!<>:'\\*^.,ǂ5")) | st.characters()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=QUERY_CHARS, max_size=40)
    | st.lists(
        st.sampled_from(
            ["KT", "OR", "-", '"', "(", ")", "김영섭이", "Kim", "Young-shub", "-x", "the", "a'b", "\\"]
        ),
        max_size=10,
    ).map(" ".join)
)
def test_any_string_parses_and_compiles_safely(q):
    node = parse_query(q)
    ts, fts = to_tsquery(node), to_fts5(node)
    assert isinstance(ts, str) and isinstance(fts, str)
    assert _balanced_quotes(ts, "'") and _balanced_parens_outside_quotes(ts.replace("''", ""), "'")
    assert _balanced_quotes(fts, '"') and _balanced_parens_outside_quotes(fts.replace('""', ""), '"')
    assert (ts == "") == (fts == "")
    if fts:  # FTS5 itself accepts every compiled expression
        db = _fts_db()
        db.execute("SELECT count(*) FROM d WHERE d MATCH ?", (fts,)).fetchone()
    query_entity_forms(q)


_DB: list[sqlite3.Connection] = []


def _fts_db() -> sqlite3.Connection:
    if not _DB:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE d USING fts5(body)")
        db.execute("INSERT INTO d VALUES ('kt 김 영섭 김영섭 x')")
        _DB.append(db)
    return _DB[0]


# ------------------------------------------------------------------ entities


def test_query_entity_forms():
    assert query_entity_forms("Kim Young-shub") == [ENTITY_PREFIX + "kimyoungshub"]
    assert query_entity_forms("Kim Young-shub KT 5G") == [
        ENTITY_PREFIX + "kimyoungshub",
        ENTITY_PREFIX + "kt",
    ]
    assert normalise_entity_term("김영섭") in query_entity_forms("김영섭이 발표")
    assert query_entity_forms("-김영섭") == []
    assert query_entity_forms("partnered outages") == []


def test_entity_alternative_in_the_tree():
    node = parse_query("Kim Young-shub 5G")
    assert isinstance(node, And)
    first = node.children[0]
    assert (
        isinstance(first, Or)
        and EntityTerm(ENTITY_PREFIX + "kimyoungshub", "Kim Young-shub") in first.children
    )
    assert "'ǂkimyoungshub'" in to_tsquery(node) and '"ǂkimyoungshub"' in to_fts5(node)


def test_quoted_name_also_matches_the_entity():
    node = parse_query('"Kim Young-shub" board')
    assert isinstance(node, And) and isinstance(node.children[0], Or)
    assert EntityTerm(ENTITY_PREFIX + "kimyoungshub", "Kim Young-shub") in node.children[0].children
    assert query_entity_forms('"Kim Young-shub"') == [ENTITY_PREFIX + "kimyoungshub"]
    assert query_entity_forms('"the board met"') == []


# ------------------------------------------------------------------ end to end on SQLite FTS5

ARTICLES = {
    1: (
        "KT(대표 김영섭)가 전 세계 800여개 통신사업자와 손잡고 마이크로소프트와 협약을 체결했다.",
        ["김영섭", "Kim Young-shub", "KT"],
    ),
    2: ("통신 사업자들이 모인 GSMA는 총회가 열린다고 밝혔다. SK텔레콤도 참석했다.", ["GSMA"]),
    3: ("KT partnered with Microsoft after outages hit the companies' networks.", ["KT", "Microsoft"]),
    4: (
        "The GSMA board met in Barcelona. Kim Young-shub joined the board.",
        ["GSMA", "Kim Young-shub", "김영섭"],
    ),
    5: ("망 장애로 통신 서비스가 중단됐다. 다음 날 회의를 연다.", []),
}


@pytest.fixture(scope="module")
def index() -> MemoryIndex:
    idx = MemoryIndex()
    for i, (text, ents) in ARTICLES.items():
        idx.add(i, text, entities=ents)
    return idx


RECALL = [
    ("KT가", {1, 3}),
    ("김영섭이", {1, 4}),  # 4 only through the linked entity's Korean name
    ("Kim Young-shub", {1, 4}),  # 1 only through the entity alias
    ("통신사업자", {1, 2}),  # joined in 1, written apart in 2
    ("사업자", {1, 2}),
    ('"통신 사업자"', {1, 2}),
    ("마이크로소프트와", {1}),
    ("Microsoft", {3}),
    ("GSMA는", {2, 4}),
    ("partners outage company", {3}),
    ("연다", {2, 5}),  # 열린다 (열리다) also indexes 열
    ("KT -마이크로소프트", {3}),
    ('통신 -"망 장애"', {1, 2}),
    ("GSMA OR 장애", {2, 4, 5}),
    ("(KT OR GSMA) board", {4}),
    ("텔레콤", {2}),
    ("-KT", set()),
    ("", set()),
]


@pytest.mark.parametrize(("q", "expected"), RECALL)
def test_fts5_recall(index, q, expected):
    assert set(index.search(q)) == expected


def test_fts5_ascii_tokenizer_too():
    idx = MemoryIndex(tokenizer="ascii")
    for i, (text, ents) in ARTICLES.items():
        idx.add(i, text, entities=ents)
    assert set(idx.search("김영섭이")) == {1, 4}
    assert set(idx.search("통신사업자")) == {1, 2}


# ------------------------------------------------------------------ PostgreSQL, when one is configured


@pytest.mark.integration
def test_postgres_recall():
    """Same recall table on PostgreSQL's to_tsvector/to_tsquery('simple'); read-only SELECTs only."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL is not PostgreSQL")
    psycopg = pytest.importorskip("psycopg")
    from newsroom_text.search.analysis import analyse, index_text

    # Only read-only to_tsvector/to_tsquery calls: the server's maintenance database is enough
    # (the database named in DATABASE_URL belongs to the Django test run and may not exist).
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as conn:
        for q, expected in RECALL:
            tq = to_tsquery(parse_query(q))
            if not tq:
                assert expected == set()
                continue
            got = set()
            for i, (text, ents) in ARTICLES.items():
                doc = index_text(analyse(text, entity_terms=[normalise_entity_term(e) for e in ents]))
                row = conn.execute(
                    "SELECT to_tsvector('simple', %s) @@ to_tsquery('simple', %s)", (doc, tq)
                ).fetchone()
                if row[0]:
                    got.add(i)
            assert got == expected, q
