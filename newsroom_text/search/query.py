"""The archive search query language, parsed to a small AST and compiled for PostgreSQL and SQLite FTS5.

Syntax (never raises; anything unparseable degrades to plain words):
    words             ANDed:                 KT 5G             -> KT AND 5G
    "exact phrase"    consecutive positions  "통신 사업자"
    a OR b            uppercase OR, binary, lower precedence than AND:  a b OR c  ==  (a AND b) OR c
    -word, -"phrase"  exclusion
    ( ... )           grouping; a missing ")" is closed at the end, a stray ")" is ignored
    an unclosed quote runs to the end of the query.

Every word goes through ``analysis.analyse_query_word`` and every phrase through ``analysis.analyse``:
the same analysis as indexing. A word that analyses to nothing (stop word, punctuation) is dropped.

Compound words: a ``Term`` matches when every one of its groups matches; a group matches on all of
its parts OR any one of its alternatives (the joined compound, a particle-stripped form), e.g.
통신사업자 -> ('통신' & '사업자' | '통신사업자'). Documents index both parts and joined forms, so the
word finds documents writing it as one word or split.

Exclusions only mean something next to a positive: purely negative sub-expressions inside OR are
dropped, and a query that is only negative compiles to "" (callers refuse it).

Entities: with ``entities=True`` (the default) a run of capitalised Latin words (Kim Young-shub) and a
Hangul word (김영섭이) also match the entity token of that name (``normalise_entity_term``), which the
indexer appends for linked entities in every language: the node becomes Or(plain, EntityTerm).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from newsroom_text.search.analysis import (
    TermGroup,
    analyse,
    analyse_query_word,
    normalise_entity_term,
)


@dataclass(frozen=True)
class Term:
    terms: tuple[str, ...]  # every term of the word: parts then alternatives (what highlighting looks for)
    raw: str
    groups: tuple[TermGroup, ...] = ()  # match semantics; empty means "all of terms"


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]  # consecutive positions
    raw: str


@dataclass(frozen=True)
class EntityTerm:
    term: str  # e.g. "ǂkimyoungshub"
    raw: str


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | Phrase | EntityTerm | And | Or | Not

# ---------------------------------------------------------------- lexing

_LEX = regex.compile(r'"[^"]*"?|[()]|[^\s()"]+', regex.V0)
_TITLE = regex.compile(r"^\p{Lu}[\p{Ll}'\u2019]+(?:-\p{L}[\p{Ll}'\u2019]*)*$")
_ACRONYM = regex.compile(r"^\p{Lu}[\p{Lu}\p{N}&.]*\p{Lu}[\p{Lu}\p{N}.]*$")
_HANGUL = regex.compile(r"\p{Hangul}")


def _lex(q: str) -> list[tuple[str, str]]:
    """-> [(kind, text)] with kinds: word, phrase, neg_word, neg_phrase, or, lparen, rparen."""
    out: list[tuple[str, str]] = []
    pending_neg = False
    for m in _LEX.finditer(q):
        tok = m.group()
        # a "-" glued to a following quote: -"phrase"
        preceded_by_minus = m.start() > 0 and q[m.start() - 1] == "-" and pending_neg
        if tok.startswith('"'):
            text = tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
            out.append(("neg_phrase" if preceded_by_minus else "phrase", text))
            pending_neg = False
        elif tok == "(":
            out.append(("lparen", tok))
            pending_neg = False
        elif tok == ")":
            out.append(("rparen", tok))
            pending_neg = False
        elif tok == "OR":
            out.append(("or", tok))
            pending_neg = False
        elif tok.startswith("-"):
            word = tok.lstrip("-")
            if word:
                out.append(("neg_word", word))
                pending_neg = False
            else:
                pending_neg = m.end() < len(q) and q[m.end()] == '"'
        else:
            out.append(("word", tok))
            pending_neg = False
    return out


# ---------------------------------------------------------------- parsing


def _word_node(word: str) -> Term | None:
    groups = analyse_query_word(word)
    if not groups:
        return None
    terms: list[str] = []
    for g in groups:
        terms.extend(t for t in (*g.parts, *g.alternatives) if t not in terms)
    return Term(tuple(terms), word, groups)


def _phrase_node(text: str) -> Term | Phrase | None:
    terms = tuple(t.term for t in analyse(text))
    if not terms:
        return None
    if len(text.split()) == 1:
        # a one-word "phrase" is that word (with its compound alternatives) when it is one group
        word = _word_node(text.strip())
        if word is not None and len(word.groups) == 1:
            return word
    if len(terms) == 1:
        return Term(terms, text)
    return Phrase(terms, text)


_MAX_DEPTH = 20


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], entities: bool):
        self.toks = tokens
        self.i = 0
        self.entities = entities

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def parse_or(self, depth: int) -> Node | None:
        children: list[Node] = []
        node = self.parse_and(depth)
        if node is not None:
            children.append(node)
        while self.peek() == "or":
            self.i += 1
            node = self.parse_and(depth)
            if node is not None:
                children.append(node)
        return _mk(Or, children)

    def parse_and(self, depth: int) -> Node | None:
        children: list[Node] = []
        words: list[str] = []  # consecutive plain words, for entity detection

        def flush_words() -> None:
            if self.entities:
                children.extend(_with_entities(words))
            else:
                children.extend(n for n in map(_word_node, words) if n is not None)
            words.clear()

        while True:
            kind = self.peek()
            if kind is None or kind == "or":
                break
            if kind == "rparen":
                if depth > 0:
                    break
                self.i += 1  # stray ")"
                continue
            text = self.toks[self.i][1]
            self.i += 1
            if kind == "word":
                words.append(text)
                continue
            flush_words()
            if kind == "lparen":
                if depth >= _MAX_DEPTH:  # deeper nesting is ignored rather than recursed into
                    continue
                inner = self.parse_or(depth + 1)
                if self.peek() == "rparen":
                    self.i += 1
                if inner is not None:
                    children.append(inner)
            elif kind == "phrase":
                node = _phrase_node(text)
                if node is not None:
                    pwords = text.split()
                    if (
                        self.entities
                        and isinstance(node, Phrase)
                        and _entity_spans(pwords) == [(0, len(pwords))]
                    ):
                        ents = [EntityTerm(f, text) for f in _entity_forms_of(pwords)]
                        node = _mk(Or, [node, *ents])
                    children.append(node)
            elif kind in ("neg_word", "neg_phrase"):
                node = _word_node(text) if kind == "neg_word" else _phrase_node(text)
                if node is not None:
                    children.append(Not(node))
        flush_words()
        return _mk(And, children)


def _mk(cls: type[And] | type[Or], children: list[Node]) -> Node | None:
    flat: list[Node] = []
    for c in children:
        if isinstance(c, cls):
            flat.extend(c.children)
        elif c not in flat:
            flat.append(c)
    if not flat:
        return None
    if len(flat) == 1:
        return flat[0]
    return cls(tuple(flat))


def _entity_spans(words: list[str]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of words that may name an entity.

    Runs of Title-case Latin words (Kim Young-shub: two or more words, or one hyphenated word),
    single all-caps words (KT, GSMA) and single Hangul words (김영섭이).
    """
    spans = []
    i = 0
    while i < len(words):
        if _TITLE.match(words[i]):
            j = i
            while j < len(words) and _TITLE.match(words[j]):
                j += 1
            if j - i >= 2 or "-" in words[i]:
                spans.append((i, j))
            i = j
        elif _ACRONYM.match(words[i]) or _HANGUL.search(words[i]):
            spans.append((i, i + 1))
            i += 1
        else:
            i += 1
    return spans


def _entity_forms_of(words: list[str]) -> list[str]:
    forms = []
    for i, j in _entity_spans(words):
        if j - i == 1 and (_HANGUL.search(words[i]) or _ACRONYM.match(words[i])):
            for form in _hangul_name_forms(words[i]):
                if form not in forms:
                    forms.append(form)
        else:
            form = normalise_entity_term(" ".join(words[i:j]))
            if form and form not in forms:
                forms.append(form)
    return forms


def _hangul_name_forms(word: str) -> list[str]:
    """Entity forms of a Hangul query word: its joined noun forms (the word without its particle)."""
    groups = analyse_query_word(word)
    if len(groups) != 1:
        return []
    g = groups[0]
    candidates = [a for a in g.alternatives] or list(g.parts[:1] if len(g.parts) == 1 else [])
    surface = normalise_entity_term(word)
    out = []
    for c in candidates:
        form = normalise_entity_term(c)
        if len(c) < 2 or not surface.startswith(form):  # a name, possibly followed by a particle
            continue
        if form and form not in out:
            out.append(form)
    return out[:2]


def _with_entities(words: list[str]) -> list[Node]:
    nodes: list[Node] = []
    spans = {i: j for i, j in _entity_spans(words)}
    i = 0
    while i < len(words):
        j = spans.get(i)
        if j is None:
            node = _word_node(words[i])
            if node is not None:
                nodes.append(node)
            i += 1
            continue
        plain = _mk(And, [n for n in map(_word_node, words[i:j]) if n is not None])
        raw = " ".join(words[i:j])
        ents: list[Node] = [EntityTerm(f, raw) for f in _entity_forms_of(words[i:j])]
        if plain is not None:
            node = _mk(Or, [plain, *ents]) if ents else plain
            nodes.append(node)  # type: ignore[arg-type]
        i = j
    return nodes


def _prune(node: Node | None) -> Node | None:
    """Drop purely negative branches where they cannot mean anything (inside OR)."""
    if node is None:
        return None
    if isinstance(node, And):
        kids = [k for k in (_prune(c) for c in node.children) if k is not None]
        return _mk(And, kids)
    if isinstance(node, Or):
        kids = [k for k in (_prune(c) for c in node.children) if k is not None and _positive(k)]
        return _mk(Or, kids)
    return node


def _positive(node: Node) -> bool:
    """True when the node can match on its own (has a positive requirement)."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_positive(c) for c in node.children)
    if isinstance(node, Or):
        return all(_positive(c) for c in node.children)
    return True


def parse_query(q: str, *, entities: bool = True) -> Node | None:
    """Parse a user query; None when nothing searchable is left. Never raises."""
    if not isinstance(q, str) or not q.strip():
        return None
    q = q[:2000]
    parser = _Parser(_lex(q), entities)
    root = None
    while parser.peek() is not None:  # a stray ")" at depth 0 is skipped by parse_and
        node = parser.parse_or(0)
        if node is not None:
            root = node if root is None else _mk(And, [root, node])
        elif parser.peek() == "or":
            parser.i += 1
    return _prune(root)


def query_entity_forms(q: str) -> list[str]:
    """Entity-token forms of the names in the query's positive words (capitalised runs, Hangul words)."""
    node = parse_query(q, entities=True)
    forms: list[str] = []

    def walk(n: Node | None) -> None:
        if n is None or isinstance(n, Not):
            return
        if isinstance(n, EntityTerm):
            if n.term not in forms:
                forms.append(n.term)
        elif isinstance(n, And | Or):
            for c in n.children:
                walk(c)

    walk(node)
    return forms


def positive_terms(node: Node | None) -> set[str]:
    """Every term a positive part of the query looks for (for highlighting)."""
    out: set[str] = set()
    if node is None or isinstance(node, Not):
        return out
    if isinstance(node, Term | Phrase):
        out.update(node.terms)
    elif isinstance(node, EntityTerm):
        pass
    else:
        for c in node.children:
            out |= positive_terms(c)
    return out


# ---------------------------------------------------------------- PostgreSQL


# PostgreSQL refuses a lexeme over 2,047 bytes ("word is too long"). The index and the query clip
# terms the same way, so a (pathological) long word still finds its article.
MAX_LEXEME_BYTES = 2046


def ts_term(term: str) -> str:
    """The term as PostgreSQL stores it: at most MAX_LEXEME_BYTES of UTF-8, cut at a character."""
    raw = term.encode("utf-8")
    if len(raw) <= MAX_LEXEME_BYTES:
        return term
    return raw[:MAX_LEXEME_BYTES].decode("utf-8", errors="ignore")


def ts_quote(term: str) -> str:
    """A term quoted for a tsquery or tsvector literal, clipped to PostgreSQL's lexeme limit."""
    term = ts_term(term)
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_group(g: TermGroup) -> str:
    options = []
    if g.parts:
        options.append(" & ".join(ts_quote(t) for t in g.parts))
    options.extend(ts_quote(a) for a in g.alternatives)
    if len(options) == 1 and len(g.parts) <= 1:
        return options[0]
    return "( " + " | ".join(f"( {o} )" if " & " in o else o for o in options) + " )"


def _ts(node: Node) -> str:
    if isinstance(node, Term):
        groups = node.groups or (TermGroup(node.terms),)
        parts = [_ts_group(g) for g in groups]
        return parts[0] if len(parts) == 1 else "( " + " & ".join(parts) + " )"
    if isinstance(node, Phrase):
        return "( " + " <-> ".join(ts_quote(t) for t in node.terms) + " )"
    if isinstance(node, EntityTerm):
        return ts_quote(node.term)
    if isinstance(node, Not):
        return "!" + _ts(node.child)
    if isinstance(node, And):
        return "( " + " & ".join(_ts(c) for c in node.children) + " )"
    return "( " + " | ".join(_ts(c) for c in node.children) + " )"


def to_tsquery(node: Node | None) -> str:
    """Text for ``to_tsquery('simple', %s)`` (pass it as a parameter); "" when not positive/empty."""
    if node is None or not _positive(node):
        return ""
    return _ts(node)


# ---------------------------------------------------------------- SQLite FTS5


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_group(g: TermGroup) -> str:
    options = []
    if g.parts:
        options.append(" AND ".join(_fts_quote(t) for t in g.parts))
    options.extend(_fts_quote(a) for a in g.alternatives)
    if len(options) == 1 and len(g.parts) <= 1:
        return options[0]
    return "(" + " OR ".join(f"({o})" if " AND " in o else o for o in options) + ")"


def _fts(node: Node) -> str:
    if isinstance(node, Term):
        groups = node.groups or (TermGroup(node.terms),)
        parts = [_fts_group(g) for g in groups]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
    if isinstance(node, Phrase):
        return _fts_quote(" ".join(node.terms))
    if isinstance(node, EntityTerm):
        return _fts_quote(node.term)
    if isinstance(node, And):
        pos = [_fts(c) for c in node.children if _positive(c)]
        neg = [_fts(c.child) for c in node.children if isinstance(c, Not)]
        # non-positive And/Or children (e.g. "(-a -b)") have no FTS5 meaning alone; fold their Not parts
        for c in node.children:
            if not _positive(c) and not isinstance(c, Not):
                neg.extend(_fts(n.child) for n in _negations(c))
        text = pos[0] if len(pos) == 1 else "(" + " AND ".join(pos) + ")"
        for n in neg:
            text = f"({text} NOT {n})"
        return text
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(c) for c in node.children) + ")"
    raise ValueError("a bare NOT has no FTS5 form")  # guarded by _positive in to_fts5


def _negations(node: Node) -> list[Not]:
    if isinstance(node, Not):
        return [node]
    if isinstance(node, And):
        return [n for c in node.children for n in _negations(c)]
    return []


def to_fts5(node: Node | None) -> str:
    """An FTS5 MATCH expression (pass it as a parameter); "" when not positive/empty."""
    if node is None or not _positive(node):
        return ""
    return _fts(node)
