"""Fuzzer: hostile and random text through the parser and the whole extraction pipeline, timed per function.

Looks for catastrophic backtracking and any other super-linear blow-up: each input goes first
through what a worker runs for an upload ("article (worker path)": structure parse, extract() with
a cold morpheme cache, search analysis), then through every public text-processing entry point on
its own (decode, structure parse, language, sentences, Korean morphemes, NER in both languages,
alias pairs, linking, romanisation, dates, amounts, quotes, events, extract(), search analysis,
query parser, snippets, comment screening). The figure per function is its worst CPU seconds per
10,000 characters (process time: on a shared machine wall time mostly measures the neighbours; wall
time is printed beside it). The budget is 1 second per 10,000 characters; inputs shorter than 2,000
characters are charged as 2,000, so a millisecond of fixed cost on a ten-character input is not a
"violation". The query parser is charged per query instead (the search form and the API take 500
characters, parse_query keeps 2,000). A call that runs past 20 times its budget is interrupted
(SIGALRM) and reported as a timeout.

Inputs: first the adversarial families (long digit runs with 억/조, repeated "지난 ", nested and
unbalanced quotes, 100k-character lines without spaces, HTML with thousands of nested tags,
pathological Markdown, runs that target specific regular expressions), then random texts mixing
Hangul, jamo, Latin, digits, number units, currency words, punctuation, odd whitespace, control
characters and emoji, until --seconds or --iterations runs out.

    .venv/bin/python scripts/fuzz_text.py --seconds 900 [--iterations N] [--seed S] [--max-size 100000]
    make fuzz [FUZZ_SECONDS=900] [FUZZ_SIZE=100000]

Prints one line per function and every exception, then one JSON line. Exit status 1 when an
exception, a timeout or a budget violation occurred.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS_PER_10K = 1.0
MIN_CHARGED_CHARS = 2_000
TIMEOUT_FACTOR = 20

# --- inputs -----------------------------------------------------------------------------------------

HANGUL = [chr(c) for c in range(0xAC00, 0xD7A4)]
JAMO = [chr(c) for c in range(0x3131, 0x3164)] + [chr(c) for c in range(0x1100, 0x1113)]
PIECES = [
    "조", "억", "만", "천", "백", "십", "원", "달러", "유로", "엔", "위안", "%", "퍼센트", "배", "명", "개",
    "$", "₩", "€", "US$", "dollars", "won", "million", "billion", "percent", " times", "bn",
    "지난 ", "지난해", "올해", "내년", "오는 ", "이번 ", "월", "일", "년", "상반기", "1분기", "지난달", "2024.",
    "January", "last ", "next ", "June 3", "2024-06-03",
    "“", "”", "「", "」", "『", "』", '"', "'", "‘", "’", "(", ")", "[", "]", "【", "】", "<", ">", "=",
    "라고", "라며", "말했다", "said", "according to", "기자", "특파원", "@", ".com", "(서울=연합뉴스)",
    "선임", "체결", "출시", "투자", "개최", "launched", "appointed", "signed", "삼성전자", "KT", "김영섭",
    "(주)", "Samsung Electronics", "(AWS)", "Amazon Web Services", "MS", "마이크로소프트",
    " ", " ", " ", "\n", "\n\n", "\t", "\u00a0", "\u200b", "\u3000", "\r", "\x0b", "\x0c", "\x85", "\u2028",
    "\x00", "\x01", "\x1b", "\x7f", "\ufeff", "\ud7a4", "\U0001f600", "\U0001f469\u200d\U0001f4bb",
    "\u0301", "ᄀ", "ᅡ", "ᆨ", ".", ",", "!", "?", "。", "·", "…", "—", "-", "~", "*", "_", "#", "`", "|",
    "<p>", "</p>", "<script>", "</script>", "<b>", "&amp;", "&#0;", "**", "__", "![", "](", "> ", "# ",
    "댓글", "Comments (3)", "욕설", "비방", "250자 이내", "시발", "fuck", "f.u.c.k", "ㅋㅋㅋ",
]  # fmt: skip
ALPHABET = HANGUL[:400] + JAMO + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def random_text(rng: random.Random, size: int) -> str:
    out: list[str] = []
    n = 0
    while n < size:
        r = rng.random()
        if r < 0.45:
            s = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 8)))
        elif r < 0.9:
            s = rng.choice(PIECES)
        elif r < 0.97:
            s = rng.choice(PIECES + ALPHABET) * rng.randint(2, 300)
        else:
            s = chr(rng.randint(1, 0x10FFFF))
            if 0xD800 <= ord(s) <= 0xDFFF:
                s = "?"
        out.append(s)
        n += len(s)
    return "".join(out)[:size]


def _repeat_to(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def adversarial(size: int) -> Iterator[tuple[str, str, str]]:
    """(family, format, text) for every hostile family, each about `size` characters."""
    k = size
    yield "digits+억", "text", "1" * (k - 1) + "억"
    yield "digits+억 repeated", "text", _repeat_to("1234567890억", k)
    yield "조억만천 run", "text", _repeat_to("1조2억3만4천", k)
    yield "digit,comma run", "text", _repeat_to("1,000", k) + " dollars"
    yield "digits.dots", "text", _repeat_to("1.", k) + "5%"
    yield "$digits", "text", "$" + "9" * (k - 20) + " billion"
    yield "수천억 run", "text", _repeat_to("수천억", k) + "원"
    yield "지난 repeated", "text", _repeat_to("지난 ", k) + "3일"
    yield "지난 해 달 mix", "text", _repeat_to("지난 해 지난 달 오는 이번 ", k)
    yield "month-day run", "text", _repeat_to("6월 3일~", k)
    yield "nested “”", "text", "“" * (k // 2) + "”" * (k // 2)
    yield "nested 「『“", "text", _repeat_to("「『“‘\"'", k // 2) + _repeat_to("'\"’”』」", k // 2)
    yield "unbalanced quotes+said", "text", _repeat_to('“말했다 "said ', k)
    yield "quotes with speakers", "text", _repeat_to('“가나다”라고 김영섭 대표가 말했다. "Yes," said John Smith. ', k)
    yield "hangul no spaces", "text", "가" * k
    yield "random hangul no spaces", "text", "".join(random.Random(k).choice(HANGUL) for _ in range(k))
    yield "latin no spaces", "text", "a" * k
    yield "capitals no spaces", "text", "A" * k + " 행사"
    yield "capital words+행사", "text", _repeat_to("AB ", k) + "행사"
    yield "dots no spaces", "text", "." * k + "x"
    yield "exclamations+quotes", "text", _repeat_to("!”", k) + "x"
    yield "spaces run", "text", "가" + " " * k + "나"
    yield "nbsp/zwsp run", "text", _repeat_to("\u00a0\u200b", k)
    yield "parens run", "text", "(" * (k // 2) + ")" * (k // 2)
    yield "acronyms in parens", "text", _repeat_to("가나다라(AB) ", k)
    yield "long word then acronym", "text", "가" * (k - 5) + "(ABC)"
    yield "latin before acronym", "text", _repeat_to("Amazon Web Services (AWS) ", k)
    yield "email-ish", "text", _repeat_to("a.b+c-", k) + "@"
    yield "bracket prefix", "text", "[" * k
    yield "byline-ish", "text", _repeat_to("홍길동·", k) + " 기자"
    yield "dateline-ish", "text", _repeat_to("SEOUL ", k) + "--"
    yield "many short lines", "text", _repeat_to("가\n", k)
    yield "many blank lines", "text", "\n" * k
    yield "control chars", "text", _repeat_to("\x01\x02\x1b\x7f가", k)
    yield "emoji zwj", "text", _repeat_to("\U0001f469\u200d\U0001f4bb", k)
    yield "jamo run", "text", _repeat_to("ㅋㅎㅠ", k)
    yield "profanity spaced", "text", _repeat_to("f u c k ", k) + "ab"
    yield "html nested div", "html", "<div>" * (k // 11) + "본문" + "</div>" * (k // 11)
    yield "html nested inline", "html", "<p>" + "<b><i>" * (k // 6) + "텍스트" + "</i></b>" * (k // 8) + "</p>"
    yield "html unclosed", "html", "<div><p>" * (k // 8)
    yield "html script/style", "html", _repeat_to("<script>alert(1)</script><style>p{}</style><p>본문</p>", k)
    yield "html long attribute", "html", '<p title="' + "x" * k + '">본문</p>'
    yield "html comment run", "html", "<!--" * (k // 4)
    yield "html entities", "html", "<p>" + _repeat_to("&amp;&#x0;&lt;", k) + "</p>"
    yield "md asterisks", "markdown", "*" * k
    yield "md underscores", "markdown", _repeat_to("_a", k)
    yield "md emphasis open", "markdown", _repeat_to("**a", k)
    yield "md link brackets", "markdown", "[" * (k // 2) + "](" * (k // 4)
    yield "md image brackets", "markdown", _repeat_to("![", k)
    yield "md heading spaces", "markdown", "# x" + " " * k + "y"
    yield "md heading hashes", "markdown", "# " + _repeat_to("# ", k) + "x"
    yield "md quote run", "markdown", _repeat_to("> ", k) + "x"
    yield "md backticks", "markdown", "`" * k
    yield "md fence run", "markdown", _repeat_to("```\n", k)
    yield "md list run", "markdown", _repeat_to("- * + 1. ", k)
    yield "md hr-ish", "markdown", _repeat_to("- * _ ", k) + "x"
    yield "md setext", "markdown", _repeat_to("제목\n===\n", k)


# --- targets ----------------------------------------------------------------------------------------


class Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise Timeout("took more than its timeout")


def build_targets() -> list[tuple[str, Callable[[dict], object]]]:
    """(name, function of the per-input state); later targets may use earlier results in the state."""
    from newsroom_text import korean
    from newsroom_text.amounts import extract_amounts
    from newsroom_text.dates import extract_dates
    from newsroom_text.decode import UploadRejected, decode_upload
    from newsroom_text.events import extract_events
    from newsroom_text.extract import extract
    from newsroom_text.korean import morphemes
    from newsroom_text.language import detect_language
    from newsroom_text.linking import Candidate, aliases_from_text, link_mention
    from newsroom_text.ner import recognise
    from newsroom_text.quotes import extract_quotes
    from newsroom_text.romanise import name_key, revised_romanisation, romanise_name
    from newsroom_text.screening import Policy, screen_comment
    from newsroom_text.search.analysis import analyse
    from newsroom_text.search.query import parse_query, to_fts5, to_tsquery
    from newsroom_text.search.snippets import highlight
    from newsroom_text.sentences import split_sentences
    from newsroom_text.structure import parse_article

    policy = Policy(max_length=None)
    names = {"text": "article.txt", "html": "article.html", "markdown": "article.md"}

    def decode(st):
        try:
            return decode_upload(st["text"].encode("utf-8", "surrogatepass"), names[st["fmt"]], max_bytes=10**9)
        except UploadRejected:
            return None

    def parse(st):
        st["parsed"] = parse_article(st["text"], fmt=st["fmt"])
        st["body"] = st["parsed"].body_text or st["text"]

    def lang(st):
        st["lang"] = detect_language(st["body"])

    def ner(st, lang):
        st[f"spans_{lang}"] = recognise(st["body"], lang=lang)

    def dates(st):
        st["dates"] = extract_dates(st["body"], lang=st["lang"], published=date(2024, 6, 3))

    def amounts(st):
        st["amounts"] = extract_amounts(st["body"], lang=st["lang"])

    def spans(st):
        return st.get(f"spans_{st['lang']}", [])

    def link(st):
        cands = [Candidate(1, "ORG", ("삼성전자", "Samsung Electronics")), Candidate(2, "PERSON", ("김영섭", "Kim Young-shub"))]
        for s in spans(st)[:200]:
            link_mention(s.text, s.label, st["lang"], cands, context_names=[x.text for x in spans(st)[:50]])

    def article(st):
        """What a worker runs for one upload, with the per-process morpheme cache cold."""
        korean._cached_morphemes.cache_clear()
        parsed = parse_article(st["text"], fmt=st["fmt"])
        body = parsed.body_text
        language = parsed.language or detect_language(body or st["text"])
        extract(body, lang=language, published=parsed.published)
        for piece in (parsed.headline, *parsed.subheadlines, body):
            analyse(piece)

    def romanise(st):
        # As linking uses it: whole-text romanisation, Latin keys, k-best spellings of PERSON names.
        revised_romanisation(st["body"])
        for s in spans(st)[:200]:
            name_key(s.text)
            if s.label == "PERSON":
                romanise_name(s.text)

    def query(st):
        # The search form and the API accept 500 characters; parse_query itself keeps 2,000.
        for q in (st["body"][:500], st["body"][:2000]):
            node = parse_query(q)
            to_fts5(node)
            to_tsquery(node)

    def snippets(st):
        highlight(st["body"], parse_query(st["body"][:200]) or parse_query("삼성전자 KT said"), lang=st["lang"])

    return [
        ("article (worker path)", article),
        ("decode_upload", decode),
        ("parse_article", parse),
        ("detect_language", lang),
        ("split_sentences", lambda st: split_sentences(st["body"])),
        ("korean.morphemes", lambda st: morphemes(st["body"])),
        ("recognise[ko]", lambda st: ner(st, "ko")),
        ("recognise[en]", lambda st: ner(st, "en")),
        ("aliases_from_text", lambda st: aliases_from_text(st["body"], spans(st))),
        ("link_mention", link),
        ("romanise", romanise),
        ("extract_dates", dates),
        ("extract_amounts", amounts),
        ("extract_quotes", lambda st: extract_quotes(st["body"], lang=st["lang"],
                                                      people=[s for s in spans(st) if s.label == "PERSON"])),
        ("extract_events", lambda st: extract_events(st["body"], lang=st["lang"], entities=spans(st),
                                                      dates=st["dates"], amounts=st["amounts"])),
        ("extract", lambda st: extract(st["body"], lang=st["lang"], published=date(2024, 6, 3))),
        ("search.analyse", lambda st: analyse(st["body"])),
        ("parse_query", query),
        ("highlight", snippets),
        ("screen_comment", lambda st: screen_comment(st["body"], policy=policy)),
    ]


# --- the run ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=900, help="stop starting new inputs after this long")
    parser.add_argument("--iterations", type=int, default=0, help="stop after this many inputs (0 = no limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-size", type=int, default=100_000, help="largest input, in characters")
    parser.add_argument("--save-dir", default="", help="write inputs that raised or were too slow here")
    args = parser.parse_args()

    targets = build_targets()
    # Models load once per process; that second is not throughput.
    from newsroom_text.extract import extract

    extract("워밍업 문장입니다. 김영섭 KT 대표가 “좋다”고 말했다.", lang="ko", published=None)
    extract("Warm-up. John Smith of Samsung said “yes”.", lang="en", published=None)

    rng = random.Random(args.seed)
    sizes = sorted({s for s in (1_000, 10_000, args.max_size) if s <= args.max_size})

    counter = iter(range(1, 1 << 62))

    def random_input() -> tuple[str, str, str]:
        size = rng.choice((50, 300, 2_000, 10_000, min(30_000, args.max_size)))
        fmt = rng.choice(("text", "text", "html", "markdown"))
        return f"random #{next(counter)} [{size}]", fmt, random_text(rng, size)

    def inputs() -> Iterator[tuple[str, str, str]]:
        # Every family at the small sizes first, then the largest size interleaved with random input,
        # so a short run still sees both; then random input until the time or the count runs out.
        for size in sizes[:-1]:
            yield from ((f"{fam} [{size}]", fmt, text) for fam, fmt, text in adversarial(size))
        for fam, fmt, text in adversarial(sizes[-1]):
            yield f"{fam} [{sizes[-1]}]", fmt, text
            yield random_input()
        while True:
            yield random_input()

    # name -> (worst CPU seconds per 10k chars, wall seconds per 10k chars of that call, input)
    worst: dict[str, tuple[float, float, str]] = {name: (0.0, 0.0, "") for name, _ in targets}
    worst_query = (0.0, "")  # parse_query is charged per query (at most 2,000 characters), not per 10k
    problems: list[dict] = []
    started = time.monotonic()
    count = chars = 0
    signal.signal(signal.SIGALRM, _alarm)
    for label, fmt, text in inputs():
        if time.monotonic() - started > args.seconds or (args.iterations and count >= args.iterations):
            break
        count += 1
        chars += len(text)
        charged = max(len(text), MIN_CHARGED_CHARS)
        limit = max(5.0, TIMEOUT_FACTOR * BUDGET_SECONDS_PER_10K * charged / 10_000)
        state: dict = {"text": text, "fmt": fmt, "body": text, "lang": "ko", "dates": [], "amounts": []}
        failed_before = len(problems)
        # The fuzzer's own long-lived heap (the caches filled by every earlier input) is moved out of
        # the collector's way: otherwise a full collection of it was charged to whichever call set it
        # off (5x outliers on 2,000-character inputs that re-run in a fifth of the time).
        gc.collect()
        gc.freeze()
        for name, fn in targets:
            cpu0, wall0 = time.process_time(), time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                fn(state)
            except Timeout:
                problems.append({"function": name, "input": label, "error": f"timeout after {limit:.0f} s"})
            except Exception as exc:  # a fuzzer reports every failure and goes on
                problems.append({"function": name, "input": label, "error": f"{type(exc).__name__}: {exc}"[:300],
                                 "trace": traceback.format_exc(limit=-3)})
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
            if name == "parse_query":
                if cpu > worst_query[0]:
                    worst_query = (cpu, label)
                if cpu > BUDGET_SECONDS_PER_10K:
                    problems.append({"function": name, "input": label, "error": f"slow: {cpu:.2f} CPU s per query"})
                continue
            rate = cpu * 10_000 / charged
            if rate > worst[name][0]:
                worst[name] = (rate, wall * 10_000 / charged, label)
            if rate > BUDGET_SECONDS_PER_10K:
                problems.append({"function": name, "input": label,
                                 "error": f"slow: {rate:.2f} CPU s per 10k chars ({cpu:.2f} s for {len(text)} chars)"})
        if args.save_dir and len(problems) > failed_before:
            out = Path(args.save_dir)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"input-{count}.{fmt}").write_text(text, encoding="utf-8", errors="surrogatepass")

    total = time.monotonic() - started
    print(f"{count} inputs, {chars:,} characters, {total:.0f} s; budget {BUDGET_SECONDS_PER_10K} CPU s per 10k chars")
    print(f"{'function':24} {'CPU s/10k':>10} {'wall s/10k':>11}  worst input")
    for name, (rate, wall, label) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        if name != "parse_query":
            print(f"{name:24} {rate:10.3f} {wall:11.3f}  {label}")
    print(f"{'parse_query':24} {worst_query[0]:10.3f} {'':11}  CPU s per query, {worst_query[1]}")
    exceptions = [p for p in problems if not p["error"].startswith("slow")]
    slow = [p for p in problems if p["error"].startswith("slow")]
    for p in problems:
        print(f"PROBLEM {p['function']} on {p['input']}: {p['error']}")
        if "trace" in p:
            print(p["trace"])
    summary = {
        "inputs": count,
        "chars": chars,
        "seconds": round(total, 1),
        "seed": args.seed,
        "budget_cpu_seconds_per_10k_chars": BUDGET_SECONDS_PER_10K,
        "exceptions": len(exceptions),
        "over_budget": len(slow),
        "worst_cpu_seconds_per_10k_chars": {n: round(r, 4) for n, (r, _, _) in worst.items() if n != "parse_query"},
        "worst_input": {n: label for n, (_, _, label) in worst.items() if n != "parse_query"},
        "worst_parse_query_cpu_seconds": round(worst_query[0], 4),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
