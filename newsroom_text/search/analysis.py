"""Index/query term analysis for archive search (Korean + English), shared by every search backend.

Both backends (PostgreSQL ``tsvector`` with the ``simple`` config, SQLite FTS5 with ``unicode61``) only ever
see the terms produced here, so documents and queries MUST go through the same functions.

Contract of a term
    Every term is lower-case NFKC and consists only of Unicode letters, digits and combining marks
    (no spaces, no punctuation), so PostgreSQL's parser and FTS5's unicode61/ascii tokenizers keep each
    term as exactly one token. Store ``index_text(tokens)`` (terms joined by single spaces, in order):
    ``to_tsvector('simple', index_text)`` and an FTS5 column then assign the same positions as
    ``Token.position`` (PostgreSQL counts from 1).

Korean (kiwipiepy, one ``tokenize`` per text, through the shared analyser in ``newsroom_text.korean``)
    kept: nouns NNG/NNP, numerals NR, roots XR, hanja SH, verb/adjective stems VV*/VA* (열었다 -> 열);
    dropped: particles J*, endings E*, bound nouns NNB, pronouns NP, copulas VCP/VCN, auxiliaries VX,
    derivational suffixes XSV/XSA (체결하다 -> 체결), adverbs, determiners, interjections, symbols.
    Compounds: a run of adjacent nouns written as one word (통신사업자 -> 통신 + 사업자) yields the parts
    *and* the joined run (통신사업자). Prefixes XPN and noun suffixes XSN only contribute to the joined
    run (사회적 -> 사회, 사회적). Person names that kiwi splits (김영섭 -> 김 + 영섭) get their joined form
    too, which is what makes names match however kiwi splits them in a given context.
    A noun kiwi could not analyse (``oov``) that ends in a particle (김영섭이 as a bare headline word) also
    yields the form without the particle (김영섭).
    A few passive verbs also yield their active stem (열리 -> 열리, 열), so 열렸다/열린 find 연다.

Latin script, digits and other alphabets (whether the text is English or Korean; the ``lang`` argument
never changes the terms, because queries have no language)
    words are lower-cased, possessive 's dropped, other apostrophes removed (didn't -> didnt),
    Snowball English stemmed (``snowballstemmer``), stop words dropped (``STOP_WORDS``);
    hyphenated words yield their parts and the joined word (Young-shub -> young, shub, youngshub);
    dotted acronyms are joined (U.S. -> us); digit groups are joined (1,000 -> 1000); decimals become
    their parts (3.5 -> 3, 5); words containing digits are not stemmed (5G -> 5g, S24 -> s24).

Entity terms
    ``normalise_entity_term(name)`` = ``ENTITY_PREFIX`` + the name lower-cased with everything but
    letters and digits removed: "김영섭" -> "ǂ김영섭", "Kim Young-shub" -> "ǂkimyoungshub".
    The prefix is the letter U+01C2 (ǂ) rather than "e:" because ":" would be split off by both
    engines' tokenizers; word terms never contain it (it is removed from words), so entity tokens
    never collide with words.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex
import snowballstemmer

from newsroom_text import korean

ENTITY_PREFIX = "\u01c2"  # ǂ LATIN LETTER ALVEOLAR CLICK: a letter to both engines, never in word terms
# ǁ LATIN LETTER LATERAL CLICK: prefix of the PostgreSQL index's year tokens (ǁ2024), which let a
# query ask the text index for one year's matches; like ENTITY_PREFIX never part of a word term.
YEAR_PREFIX = "\u01c1"

STOP_WORDS = frozenset(
    "the a an of to and in on for is are was were be by with at from that this it as".split()
)

# Korean particles a bare (out-of-vocabulary) noun may end with, longest first.
PARTICLES = tuple(
    sorted(
        "이 가 은 는 을 를 의 에 와 과 도 만 로 으로 에서 에게 께서 한테 까지 부터 보다 처럼 이나 나 랑 이랑"
        " 이다 이며 이고 라고 이라고 에는 에서는 으로는 로는 과의 와의 에게서 마저 조차 밖에".split(),
        key=len,
        reverse=True,
    )
)

# Passive/causative stems that also index their base verb: 열리(다) "be held" -> 열(다) "open".
PASSIVE_BASES = {
    "열리": "열",
    "닫히": "닫",
    "팔리": "팔",
    "풀리": "풀",
    "밀리": "밀",
    "잡히": "잡",
    "막히": "막",
    "뽑히": "뽑",
    "읽히": "읽",
    "쌓이": "쌓",
    "놓이": "놓",
    "쓰이": "쓰",
    "보이": "보",
    "나뉘": "나누",
}

_NOUN_PARTS = frozenset({"NNG", "NNP", "NR", "XR", "SH"})
_JOIN_ONLY = frozenset({"XPN", "XSN"})
_KIWI_SCRIPT = regex.compile(r"[\p{Hangul}\p{Han}]")
_HANGUL_HAN_RUN = regex.compile(r"[\p{Hangul}\p{Han}]+")
# A "Latin" word: letters/digits/marks of any script except Hangul and Han, with inner hyphens and
# apostrophes, thousands separators and decimals.
_W = r"(?:(?![\p{Hangul}\p{Han}])[\p{L}\p{N}\p{M}])+"
_LATIN_WORD = regex.compile(
    rf"(?:\p{{L}}\.){{2,}}(?!\p{{L}})"  # dotted acronym U.S.
    rf"|\p{{Lu}}{{1,4}}&\p{{Lu}}{{1,4}}(?!\p{{L}})"  # AT&T
    rf"|\d{{1,3}}(?:,\d{{3}})+(?!\d)"  # 1,000,000
    rf"|{_W}(?:['\u2019]{_W})*(?:-{_W}(?:['\u2019]{_W})*)*"
)
_ALNUM = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_HAS_DIGIT = regex.compile(r"\d")
_HAS_HANGUL = regex.compile(r"\p{Hangul}")
_POSSESSIVE = regex.compile(r"['\u2019][sS]$")
_POSSESSIVE_INNER = regex.compile(r"['\u2019][sS](?=-|$)")
_HYPHEN_PIECE = regex.compile(r"[^-]+")
_KOREAN_GROUPS = 1 << 40  # group ids of the Korean pass start here, above any Latin group id


@dataclass(frozen=True, slots=True)
class Token:
    term: str
    start: int  # character offsets into the ORIGINAL text (0, 0 for appended entity terms)
    end: int
    position: int  # 0-based index in the token stream == the order of index_text()


@dataclass(frozen=True, slots=True)
class _Raw:
    """A term before positions are assigned; ``role`` tells the query compiler how it matches."""

    term: str
    start: int
    end: int
    role: str  # "part" (all parts of a group must match) or "alt" (the group matches on this alone)
    group: int  # index of the word/run the term belongs to


_stemmer = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if _HAS_DIGIT.search(word) or not word.isascii():
        return word
    return _stemmer.stemWord(word)


@functools.lru_cache(maxsize=200_000)
def _clean(text: str) -> str:
    """NFKC, lower-case, keep letters/digits/marks only, never the entity or year prefix."""
    text = unicodedata.normalize("NFKC", text).lower().replace(ENTITY_PREFIX, "").replace(YEAR_PREFIX, "")
    return "".join(_ALNUM.findall(text))


def _latin_simple(piece: str) -> str | None:
    """One hyphen-free piece of a Latin word -> its term, or None for stop words/empties."""
    piece = _POSSESSIVE.sub("", piece)
    word = _clean(piece)
    if not word or word in STOP_WORDS:
        return None
    return _stem(word)


def _latin_terms(text: str, offset: int, group: int) -> list[_Raw]:
    """Terms of the non-Hangul/Han words in ``text`` (offsets shifted by ``offset``)."""
    out: list[_Raw] = []
    for m in _LATIN_WORD.finditer(text):
        s = m.group()
        start, end = m.start() + offset, m.end() + offset
        if "." in s and s[0].isalpha():  # U.S.
            term = _clean(s)
            if term and term not in STOP_WORDS:
                out.append(_Raw(term, start, end, "part", group))
                group += 1
            continue
        if "," in s:  # 1,000
            out.append(_Raw(_clean(s), start, end, "part", group))
            group += 1
            continue
        pieces = [(p.start(), p.end()) for p in _HYPHEN_PIECE.finditer(s)] if "-" in s else [(0, len(s))]
        terms = []
        for ps, pe in pieces:
            piece = s[ps:pe]
            # strip a possessive from the span too, so highlighting covers "KT" in "KT's"
            pe2 = pe - 2 if _POSSESSIVE.search(piece) else pe
            t = _latin_simple(piece)
            if t:
                terms.append(_Raw(t, start + ps, start + pe2, "part", group))
        out.extend(terms)
        if len(pieces) > 1:
            joined = _clean(_POSSESSIVE_INNER.sub("", s))
            if joined and joined not in STOP_WORDS:
                joined = _stem(joined)
                if not any(t.term == joined for t in terms):
                    out.append(_Raw(joined, start, end, "alt" if terms else "part", group))
        if terms or len(pieces) > 1:
            group += 1
    return out


# PARTICLES by length, longest first: the same answer as trying each in PARTICLES' order (at most
# one particle of a given length can end a word), in three set lookups instead of forty endswith.
_PARTICLES_BY_LENGTH = tuple(
    (n, frozenset(p for p in PARTICLES if len(p) == n)) for n in sorted({len(p) for p in PARTICLES}, reverse=True)
)


def _strip_particle(word: str) -> str | None:
    for n, particles in _PARTICLES_BY_LENGTH:
        if len(word) - n >= 2 and word[-n:] in particles:
            return word[:-n]
    return None


# full-width Latin letters and digits (kiwi mis-tags what follows them); folding is length-preserving
_FULLWIDTH = {
    c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
}
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _kiwi_tokens(text: str) -> tuple[korean.Morpheme, ...]:
    """kiwi morphemes of ``text`` through the shared, cached ``korean.morphemes`` (so the pipeline's
    other steps analysing the same body reuse one analysis); offsets are into ``text``. Full-width
    letters/digits are folded and lone surrogates blanked first, both length-preserving."""
    text = _SURROGATE.sub(" ", text.translate(_FULLWIDTH))
    return korean.morphemes(text)


# Longer "nouns" are runs kiwi could not split (a line of one repeated syllable), not names with a
# particle; asking kiwi about one re-analysed the whole run, doubling the cost of such an article.
_MAX_UNKNOWN_WORD = 30


@functools.lru_cache(maxsize=20_000)
def _is_unknown_word(form: str) -> bool:
    """Did kiwi only guess this noun (out of vocabulary)? One small cached analysis per distinct form,
    asked only for nouns of 3+ characters that end like a particle (김영섭이)."""
    toks = korean.analyser().tokenize(form)
    return len(toks) == 1 and bool(getattr(toks[0], "oov", False))


def _korean_terms(text: str, group: int) -> list[_Raw]:
    """Terms of the Hangul/Han morphemes of ``text`` (one kiwi tokenize)."""
    out: list[_Raw] = []
    run: list[tuple[str, int, int, bool]] = []  # (form, start, end, is_part)

    def flush() -> None:
        nonlocal group
        if not run:
            return
        parts = [r for r in run if r[3]]
        if parts:
            emitted = []
            for form, s, e, _ in parts:
                # mixed-script nouns (SK텔레콤): the Latin side comes from the Latin pass
                for m in _HANGUL_HAN_RUN.finditer(form):
                    t = _clean(m.group())
                    if t:
                        emitted.append(t)
                        out.append(_Raw(t, s, e, "part", group))
            joined = _clean("".join(r[0] for r in run))
            if joined and (len(emitted) != 1 or emitted[0] != joined):
                out.append(_Raw(joined, run[0][1], run[-1][2], "alt" if emitted else "part", group))
            group += 1
        elif len(run) >= 2 and _KIWI_SCRIPT.search(run[-1][0]):
            joined = _clean("".join(r[0] for r in run))
            out.append(_Raw(joined, run[0][1], run[-1][2], "part", group))
            group += 1
        run.clear()

    for tok in _kiwi_tokens(text):
        tag, form, start, end = tok.tag, tok.form, tok.start, tok.end
        if tag == "SN" or (tag == "NNB" and run and not run[-1][3] and run[-1][2] == start):
            # numbers with counters (7호선, 1호기, 2024년) are joined; the digits come from the Latin pass
            if tag == "SN" or run[-1][0][-1:].isdigit():
                if tag == "SN":
                    flush()
                run.append((form, start, end, False))
                continue
        if tag in _NOUN_PARTS or tag in _JOIN_ONLY:
            if not _KIWI_SCRIPT.search(form):
                if run:
                    flush()  # Latin/digits are handled by the Latin pass
                continue
            if run and not run[-1][3] and run[-1][2] == start and tag == "XPN":
                flush()
            if run and run[-1][2] != start:
                flush()
            if tag == "XPN" and run:
                flush()
            run.append((form, start, end, tag in _NOUN_PARTS))
            if tag == "XSN":
                flush()
            elif (
                tag in ("NNG", "NNP")
                and 3 <= len(form) <= _MAX_UNKNOWN_WORD
                and (bare := _strip_particle(form))
                and _HAS_HANGUL.search(form)
                and _is_unknown_word(form)
            ):
                flush()
                out.append(_Raw(_clean(bare), start, start + len(bare), "alt", group - 1))
            continue
        if run:  # most tokens (particles, endings, punctuation) follow an already flushed run
            flush()
        if tag.startswith(("VV", "VA")) and _KIWI_SCRIPT.search(form):
            t = _clean(form)
            if t:
                # conjugated stems (연다 -> 열) have no exact surface: span the eojeol piece kiwi covers
                out.append(_Raw(t, start, end, "part", group))
                base = PASSIVE_BASES.get(t)
                if base:
                    out.append(_Raw(base, start, end, "part", group))
                group += 1
    flush()
    return out


def _raw_terms(text: str) -> list[_Raw]:
    if not text:
        return []
    raws = _latin_terms(text, 0, 0)
    if not _KIWI_SCRIPT.search(text):
        return raws
    ko = _korean_terms(text, _KOREAN_GROUPS)
    # merge the two streams by where each group starts, keeping each group's internal order
    first: dict[int, int] = {}
    for r in raws + ko:
        first[r.group] = min(first.get(r.group, r.start), r.start)
    keyed = [(first[r.group], 0, i, r) for i, r in enumerate(raws)]
    keyed += [(first[r.group], 1, i, r) for i, r in enumerate(ko)]
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


def analyse(text: str, *, lang: str | None = None, entity_terms: Iterable[str] = ()) -> list[Token]:
    """Index tokens of ``text`` in order; ``entity_terms`` (already normalised) are appended at the end.

    ``lang`` is accepted for callers' convenience but deliberately does not change the terms: queries
    have no language, and documents mix scripts.
    """
    del lang
    tokens = [Token(r.term, r.start, r.end, i) for i, r in enumerate(_raw_terms(text))]
    n = len(tokens)
    for term in entity_terms:
        if term:
            tokens.append(Token(term, 0, 0, n))
            n += 1
    return tokens


def index_text(tokens: Iterable[Token]) -> str:
    """The string to store for a backend: terms in position order separated by single spaces."""
    return " ".join(t.term for t in tokens)


@dataclass(frozen=True, slots=True)
class TermGroup:
    """How one analysed word (or noun run) matches: all ``parts``, or any one of ``alternatives``."""

    parts: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


def _surface_alternatives(word: str) -> list[str]:
    """Surface forms of a Hangul query word that a document may have indexed as one noun.

    Analysed alone, a word can split where the same word in an article is one noun (한나라 -> 한 + 나라,
    예수상 -> 예 + 수상, 해이라고 -> 해 + 이라고 where the article has 해이). Every prefix of at least two
    characters that does not itself end in a particle/ending, and is followed only by particles,
    endings and copulas, is tried as well (a document must hold it as one term, so this only adds
    recall for words an article indexed whole).
    """
    toks = _kiwi_tokens(word)
    out = []
    for i in range(len(toks), 0, -1):
        head, tail = toks[:i], toks[i:]
        if head[-1].tag.startswith(("J", "E")):
            continue
        if not all(t.tag.startswith(("J", "E")) or t.tag in ("VCP", "VCN") for t in tail):
            continue
        end = head[-1].end
        if end < 2 or (tail and tail[0].start < end):
            continue
        form = _clean(word[:end])
        if form and _HAS_HANGUL.search(form) and form not in out:
            out.append(form)
    return out


@functools.lru_cache(maxsize=4096)
def analyse_query_word(word: str) -> tuple[TermGroup, ...]:
    """Match groups for one query word; the word matches when every group matches.

    Compounds: 통신사업자 -> (parts 통신, 사업자 | alternative 통신사업자): a document matches if it has
    the joined compound (written as one word anywhere, or however kiwi split it) or all the parts
    (written apart). Particles: kiwi tags a bare unknown name such as 김영섭이 as one noun; the word
    without the particle is then tried as an alternative, and the analysis of the stripped word too.
    A one-group Hangul word also gets ``_surface_alternatives``.
    """
    return _analyse_query_word(word, 0)


# A word carries a particle or two (김영섭에게서는); re-analysing the stripped word without a bound
# recursed once per character of a long Hangul "word" in a query, each time through kiwi: a
# 1,000-character query word took minutes.
_MAX_PARTICLE_STRIPS = 3


def _analyse_query_word(word: str, depth: int) -> tuple[TermGroup, ...]:
    """analyse_query_word, stripping at most _MAX_PARTICLE_STRIPS - depth more particles."""
    groups: dict[int, tuple[list[str], list[str]]] = {}
    for r in _raw_terms(word):
        parts, alts = groups.setdefault(r.group, ([], []))
        (parts if r.role == "part" else alts).append(r.term)
    result = []
    for parts, alts in groups.values():
        result.append(
            TermGroup(tuple(dict.fromkeys(parts)), tuple(dict.fromkeys(a for a in alts if a not in parts)))
        )
    result = [g for g in result if g.parts or g.alternatives]
    # A lone out-of-vocabulary noun with a particle: prefer the analysis of the stripped word.
    if len(result) == 1 and result[0].alternatives and len(result[0].parts) == 1:
        only = result[0]
        bare = only.alternatives[-1]
        if _strip_particle(only.parts[0]) == bare and bare != word and depth < _MAX_PARTICLE_STRIPS:
            inner = _analyse_query_word(bare, depth + 1)
            if len(inner) == 1:
                g = inner[0]
                alts = tuple(dict.fromkeys((*g.alternatives, bare, only.parts[0])))
                result = [TermGroup(g.parts, tuple(a for a in alts if a not in g.parts))]
    if len(result) == 1 and _HAS_HANGUL.search(word):
        g = result[0]
        extra = [a for a in _surface_alternatives(word) if a not in g.parts and a not in g.alternatives]
        if extra:
            result = [TermGroup(g.parts, (*g.alternatives, *extra))]
    return tuple(result)


def analyse_query_term(word: str) -> list[str]:
    """The terms a query word must match, all ANDed (the parts of every group).

    This is the recall-safe reading: documents always index the parts. ``analyse_query_word`` also
    gives the alternatives (joined compounds, particle-stripped forms) the query compiler ORs in.
    """
    out: list[str] = []
    for g in analyse_query_word(word):
        out.extend(t for t in (g.parts or g.alternatives[:1]) if t not in out)
    return out


def normalise_entity_term(name: str) -> str:
    """Whole-token form of an entity name or alias: prefix + lower-case letters and digits only.

    "김영섭" -> "ǂ김영섭", "Kim Young-shub" -> "ǂkimyoungshub", "KT" -> "ǂkt"; "" for a name without
    letters or digits.
    """
    core = _clean(name)
    return ENTITY_PREFIX + core if core else ""
