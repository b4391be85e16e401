"""Money, quantities, ratios and percentages in Korean and English news text.

``extract_amounts(text, lang=...)`` returns :class:`Amount` values in text order, never
overlapping. Both Korean and English patterns are always tried (Korean articles quote dollar
amounts and English ones quote won); ``lang`` is accepted for callers' symmetry and future tuning.

Conventions
-----------
* ``value`` is a :class:`~decimal.Decimal` in the base unit (won, dollars, items, percent points);
  ``2조4000억원`` → ``Decimal(2400000000000)``, ``3.5%`` → ``Decimal("3.5")``, ``1.4배`` → ``Decimal("1.4")``.
* Vague magnitudes take their **lower bound** and set ``approximate=True``: "수천억원" →
  2 × 천억 = 200,000,000,000; "several trillion won" → 2,000,000,000,000; "tens of millions of
  dollars" → 20,000,000; "hundreds of" → 200 × scale.  "수"/"몇"/several/a few/some count as 2.
* ``approximate`` is also set by hedges before the number (약, 대략, 거의, 최소, 최대, about, around,
  nearly, more than, up to ...) and after it (여, 가량, 정도, 안팎, 남짓, 내외, 이상, 이하, 미만, 초과, 쯤,
  and a glued 대 as in ``10억원대``); hedge words are included in the span (``약 2조4000억원``,
  ``250여개 이상``); ``value`` stays the number written (the bound), never a guessed midpoint.
* ``unit``: for Korean the counter or currency word as written (원, 달러, 개, 명, 배, ``%``, ``%p``);
  for English money the ISO code (USD ...) or the symbol when the currency is unknown (``HK$``),
  ``times`` for English ratios.
* kinds: ``money`` (a currency is known: KRW USD EUR JPY CNY GBP, or "" for other dollars such as
  HK$), ``percent`` (unit ``%`` or ``%p``), ``ratio`` (배, times, -fold; never money) and
  ``quantity`` (Korean counters 개 명 곳 건 대 ...; ``unit`` holds the counter).
  Durations and years (``5년``, ``3개월``, ``10일``) are not amounts.
* A number without a unit or currency is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

__all__ = ["Amount", "extract_amounts", "parse_korean_number"]


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    text: str
    kind: str  # money | quantity | ratio | percent
    currency: str  # KRW USD EUR JPY CNY GBP or ""
    value: Decimal
    approximate: bool
    unit: str


_BIG = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_SMALL = {"십": 10, "백": 100, "천": 1000}
_HANGUL_DIGITS = {
    "영": 0,
    "공": 0,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
_VAGUE = {"수": 2, "몇": 2}  # "several": lower bound 2 (see module docstring)
_MAX_DIGITS = 40
# No article states an amount of 10^24 or more (1경 is 10^16): a longer digit run is not an amount.
# Without this bound a "$" followed by 29+ digits raised decimal.InvalidOperation in _normalise and
# failed the whole extraction, and a 27-digit value overflows the archive's numeric(32, 6) column.
_MAX_VALUE = Decimal(10) ** 24


def _normalise(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def parse_korean_number(s: str) -> Decimal:
    """Parse a Korean-style number: "2조4000억" → 2400000000000, "3억5천만" → 350000000,
    "1,200만" → 12000000, "1.5억" → 150000000, "십이만" → 120000, "수천억" → 200000000000
    (수/몇 = 2, the lower bound). Spaces are allowed only after 조/억/만 ("2조 4000억").
    Raises ValueError when `s` is not a number.
    """
    parts = s.split()
    for part in parts[:-1]:
        if part[-1] not in _BIG:
            raise ValueError(f"space inside a number in {s!r}")
    s = "".join(parts)
    if not s:
        raise ValueError("empty number")
    total = Decimal(0)
    section = Decimal(0)  # value below the current big unit
    current: Decimal | None = None  # the pending digit group
    last_big = None
    last_small = 10**5
    seen = False
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch.isdigit() and ch.isascii():
            if current is not None:
                raise ValueError(f"two numbers in a row in {s!r}")
            j = i
            while j < n and ((s[j].isdigit() and s[j].isascii()) or s[j] == ","):
                j += 1
            if j < n and s[j] == "." and j + 1 < n and s[j + 1].isdigit():
                j += 1
                while j < n and s[j].isdigit() and s[j].isascii():
                    j += 1
            digits = s[i:j].replace(",", "")
            if not digits or len(digits) > _MAX_DIGITS or s[i:j].endswith(","):
                raise ValueError(f"bad digits in {s!r}")
            try:
                current = Decimal(digits)
            except InvalidOperation as exc:  # pragma: no cover - guarded above
                raise ValueError(s) from exc
            seen = True
            i = j
            continue
        if ch in _HANGUL_DIGITS or ch in _VAGUE:
            if current is not None:
                raise ValueError(f"two numbers in a row in {s!r}")
            current = Decimal(_HANGUL_DIGITS.get(ch, _VAGUE.get(ch, 0)))
            seen = True
            i += 1
            continue
        if ch in _SMALL:
            unit = _SMALL[ch]
            if unit >= last_small:
                raise ValueError(f"misordered unit in {s!r}")
            last_small = unit
            section += (current if current is not None else Decimal(1)) * unit
            current = None
            seen = True
            i += 1
            continue
        if ch in _BIG:
            unit = _BIG[ch]
            if last_big is not None and unit >= last_big:
                raise ValueError(f"misordered unit in {s!r}")
            last_big = unit
            group = section + (current if current is not None else Decimal(0))
            if group == 0:
                group = Decimal(1)
            total += group * unit
            section = Decimal(0)
            current = None
            last_small = 10**5
            seen = True
            i += 1
            continue
        raise ValueError(f"unexpected {ch!r} in {s!r}")
    if not seen:
        raise ValueError(s)
    total += section + (current if current is not None else Decimal(0))
    return _normalise(total)


# --- Korean -----------------------------------------------------------------------------------

_KO_RUN_CHARS = set("0123456789,.조억만천백십")
_KO_BIG_UNITS = set("조억만")

# (suffix, kind, currency, unit, characters that must NOT follow)
_KO_UNITS: list[tuple[str, str, str, str, str]] = [
    ("원", "money", "KRW", "원", "장칙리래인전자형점"),
    ("달러", "money", "USD", "달러", ""),
    ("유로", "money", "EUR", "유로", "존"),
    ("위안", "money", "CNY", "위안", "부"),
    ("파운드", "money", "GBP", "파운드", ""),
    ("엔", "money", "JPY", "엔", "진지터트화"),
    ("퍼센트", "percent", "", "%", ""),
    ("%p", "percent", "", "%p", ""),
    ("%포인트", "percent", "", "%p", ""),
    ("%", "percent", "", "%", ""),
    ("％", "percent", "", "%", ""),
    ("배", "ratio", "", "배", "터달포송추치우출관열정"),
    ("개국", "quantity", "", "개국", ""),
    ("개사", "quantity", "", "개사", ""),
    ("개", "quantity", "", "개", "월년발편혁선정최입념인성막"),
    ("명", "quantity", "", "명", "단의예령칭문소성함확"),
    ("곳", "quantity", "", "곳", ""),
    ("건", "quantity", "", "건", "물설강전의축"),
    ("가구", "quantity", "", "가구", ""),
    ("가지", "quantity", "", "가지", ""),
    ("종", "quantity", "", "종", "목류합로이료사"),
    ("대", "quantity", "", "대", "표학상응비통책회한신규형기"),
    ("척", "quantity", "", "척", ""),
    ("톤", "quantity", "", "톤", ""),
    ("마리", "quantity", "", "마리", ""),
    ("회", "quantity", "", "회", "의사장계원복견담"),
    ("차례", "quantity", "", "차례", ""),
]
_KO_PRE_HEDGES = ("약", "대략", "거의", "최소", "최대", "어림잡아", "줄잡아")
_POST_HEDGES = ("가량", "정도", "안팎", "남짓", "내외", "이상", "이하", "미만", "초과", "쯤", "여", "대")

# --- English ----------------------------------------------------------------------------------

_SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "mln": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "bln": 10**9, "trillion": 10**12, "tn": 10**12, "tril": 10**12,
}  # fmt: skip
_CURRENCY_WORDS = {
    "won": "KRW", "krw": "KRW", "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "usd": "USD", "euro": "EUR", "euros": "EUR", "eur": "EUR", "yen": "JPY", "jpy": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "cny": "CNY", "rmb": "CNY", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
    "gbp": "GBP",
}  # fmt: skip
_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "¥": "JPY",
    "￥": "JPY", "KRW": "KRW", "USD": "USD", "EUR": "EUR", "JPY": "JPY", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY",
}  # fmt: skip
_VAGUE_EN = {"several": 2, "a few": 2, "few": 2, "some": 2, "multiple": 2, "tens of": 20, "dozens of": 24,
             "hundreds of": 200, "thousands of": 2000}  # fmt: skip
_EN_PRE_HEDGES = ("about", "around", "approximately", "approx.", "roughly", "nearly", "almost", "some",
                  "an estimated", "estimated", "more than", "over", "under", "less than", "up to", "at least",
                  "at most", "close to", "upwards of", "as much as", "as many as")  # fmt: skip

_NUM = r"[0-9]{1,3}+(?:,[0-9]{3})++(?:\.[0-9]++)?+|[0-9]++(?:\.[0-9]++)?+"
_SCALE_RE = r"(?:thousand|million|billion|trillion|mln|bln|mn|bn|tn|[kmbKMB])(?![A-Za-z])"
_CUR_WORD_RE = r"(?:u\.s\.\s|us\s)?dollars?|won|euros?|yen|yuan|renminbi|pounds?(?:\ssterling)?|krw|usd|eur|jpy|cny|rmb|gbp"
_EN_SYMBOL_MONEY = regex.compile(
    rf"(?P<sym>U\.S\.\$|US\$|[A-Z]{{1,2}}\$|\$|₩|￦|€|£|¥|￥|(?<![A-Za-z])(?:KRW|USD|EUR|JPY|GBP|CNY|RMB)\s?)"
    rf"(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE_RE}))?",
    regex.V0,
)
_EN_WORD_MONEY = regex.compile(
    rf"(?<![\w.,$])(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE_RE}))?(?:\s(?:of\s)?)(?P<cur>{_CUR_WORD_RE})(?![A-Za-z])",
    regex.IGNORECASE,
)
_EN_VAGUE_MONEY = regex.compile(
    r"(?<![A-Za-z])(?P<vague>several|a\sfew|few|some|multiple|tens\sof|dozens\sof|hundreds\sof|thousands\sof)\s"
    r"(?P<scale>thousand|million|billion|trillion)s?\s(?:of\s)?"
    rf"(?P<cur>{_CUR_WORD_RE})(?![A-Za-z])",
    regex.IGNORECASE,
)
_EN_PERCENT = regex.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?P<unit>%|％|percent(?:age)?\spoints?|per\scent|percent|pct)(?![A-Za-z])",
    regex.IGNORECASE,
)
_EN_RATIO = regex.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?:\s?times|-fold|\sfold|x)(?![A-Za-z])", regex.IGNORECASE
)
_KO_START = regex.compile(r"[0-9]|[수몇](?=[십백천만억조])|[십백천](?=[0-9십백천만억조원])")


def _dec(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


def _hedge_before(text: str, start: int, hedges: tuple[str, ...], *, glued: bool) -> int:
    """Start of a hedge word right before `start` (separated by one space, or glued for Korean), else -1."""
    for hedge in hedges:
        for sep in (" ", "") if glued else (" ",):
            a = start - len(sep) - len(hedge)
            if a < 0 or text[a : start - len(sep)].lower() != hedge or text[start - len(sep) : start] != sep:
                continue
            if a > 0 and (text[a - 1].isalnum()):
                continue
            return a
    return -1


def _korean_candidates(text: str) -> list[Amount]:
    out: list[Amount] = []
    n = len(text)
    pos = 0
    for m in _KO_START.finditer(text):
        s = m.start()
        if s < pos:
            continue
        prev = text[s - 1] if s > 0 else ""
        if not text[s].isdigit() and prev.isalnum():
            pos = s + 1
            continue
        if prev and (prev.isascii() and (prev.isalnum() or prev in ".,$") or prev in "₩￦€£¥￥"):
            # inside a word/number, or an English/symbol amount handled elsewhere
            pos = s + 1
            continue
        e = s + 1
        while e < n:
            ch = text[e]
            if ch in _KO_RUN_CHARS:
                e += 1
            elif (
                ch == " "
                and text[e - 1] in _KO_BIG_UNITS
                and e + 1 < n
                and (text[e + 1].isdigit() or text[e + 1] in _SMALL)
            ):
                e += 1
            else:
                break
            if e - s > 80:
                break
        while e > s and text[e - 1] in ",.":
            e -= 1
        pos = e
        run = text[s:e]
        if not any(c.isdigit() for c in run) and run[0] not in _VAGUE and run[0] not in _SMALL:
            continue
        try:
            value = parse_korean_number(run)
        except (ValueError, InvalidOperation):
            continue
        if value >= _MAX_VALUE:
            continue
        approximate = run[0] in _VAGUE
        p = e
        if p < n and text[p] == "여":
            approximate = True
            p += 1
        q = p + 1 if p < n and text[p] == " " else p
        match = None
        for suffix, kind, currency, unit, blockers in _KO_UNITS:
            if text.startswith(suffix, q):
                after = q + len(suffix)
                if after < n and text[after] in blockers:
                    continue
                match = (suffix, kind, currency, unit, after)
                break
        if match is None:
            continue
        suffix, kind, currency, unit, end = match
        if run[0] in _SMALL and kind != "money":
            continue  # "천명했다", "십대": a bare 천/백/십 only starts money ("천만원")
        if q != p and kind != "money" and not (kind == "quantity" and run[-1] in _BIG):
            continue  # "3 배" is unusual; keep spaces for "10만 달러"
        if kind in ("ratio", "percent") and any(c in _BIG for c in run):
            continue
        hedged = [approximate]
        end = _post_hedge(text, end, hedged)
        approximate = hedged[0]
        start = s
        h = _hedge_before(text, s, _KO_PRE_HEDGES, glued=True)
        if h < 0:
            h = _hedge_before(text, s, _EN_PRE_HEDGES, glued=False)
        if h >= 0:
            start = h
            approximate = True
        out.append(Amount(start, end, text[start:end], kind, currency, value, approximate, unit))
        pos = end
    return out


def _post_hedge(text: str, end: int, approx: list[bool]) -> int:
    n = len(text)
    for gap in ("", " "):
        q = end + len(gap)
        if text[end:q] != gap:
            continue
        for hedge in _POST_HEDGES:
            if text.startswith(hedge, q):
                after = q + len(hedge)
                # "이상" must not be the start of a longer word ("이상한"), particles may follow
                if hedge in ("이상", "이하") and after < n and text[after] in "한해적형":
                    continue
                if hedge in ("여", "대") and gap:
                    continue
                approx[0] = True
                return after
    return end


def _english_candidates(text: str) -> list[Amount]:
    out: list[Amount] = []

    def add(
        start: int, end: int, kind: str, currency: str, value: Decimal, approximate: bool, unit: str
    ) -> None:
        if value >= _MAX_VALUE:
            return
        h = _hedge_before(text, start, _EN_PRE_HEDGES, glued=False)
        if h < 0:
            h = _hedge_before(text, start, _KO_PRE_HEDGES, glued=True)
        if h >= 0:
            start = h
            approximate = True
        out.append(Amount(start, end, text[start:end], kind, currency, _normalise(value), approximate, unit))

    for m in _EN_SYMBOL_MONEY.finditer(text):
        sym = m.group("sym").strip()
        s = m.start()
        if s > 0 and text[s - 1].isalnum() and not sym[0].isalpha():
            continue
        if len(sym) > 1 and sym.endswith("$") and sym not in _SYMBOLS:
            currency = ""  # HK$, A$, C$ ...
        else:
            currency = _SYMBOLS.get(sym, "")
        scale = m.group("scale")
        mult = _SCALES.get(scale.lower(), 1) if scale else 1
        value = _dec(m.group("num")) * mult
        add(s, m.end(), "money", currency, value, False, currency or sym)
    for m in _EN_WORD_MONEY.finditer(text):
        cur = " ".join(m.group("cur").lower().split())
        currency = _CURRENCY_WORDS.get(cur, "")
        scale = m.group("scale")
        mult = _SCALES.get(scale.lower(), 1) if scale else 1
        add(m.start(), m.end(), "money", currency, _dec(m.group("num")) * mult, False, currency)
    for m in _EN_VAGUE_MONEY.finditer(text):
        cur = " ".join(m.group("cur").lower().split())
        currency = _CURRENCY_WORDS.get(cur, "")
        vague = " ".join(m.group("vague").lower().split())
        value = Decimal(_VAGUE_EN[vague]) * _SCALES[m.group("scale").lower()]
        add(m.start(), m.end(), "money", currency, value, True, currency)
    for m in _EN_PERCENT.finditer(text):
        unit = "%p" if "point" in m.group("unit").lower() else "%"
        end = m.end()
        approx = [False]
        end = _post_hedge(text, end, approx)
        add(m.start(), end, "percent", "", _dec(m.group("num")), approx[0], unit)
    for m in _EN_RATIO.finditer(text):
        add(m.start(), m.end(), "ratio", "", _dec(m.group("num")), False, "times")
    return out


def extract_amounts(text: str, *, lang: str) -> list[Amount]:
    """All amounts in `text`, in order, without overlaps (the longest candidate wins)."""
    if not text:
        return []
    candidates = _english_candidates(text) + _korean_candidates(text)
    candidates.sort(key=lambda a: (a.start, -(a.end - a.start), a.kind != "money"))
    out: list[Amount] = []
    last_end = -1
    for cand in candidates:
        if cand.start >= last_end:
            out.append(cand)
            last_end = cand.end
        elif out and cand.end > out[-1].end and cand.start <= out[-1].start:
            out[-1] = cand  # pragma: no cover - sorted order makes this rare
            last_end = cand.end
    return out
