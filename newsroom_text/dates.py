"""Date mentions in Korean and English news, resolved against the publication date.

Why not a library: dateparser reads Korean ``10일`` as "ten days ago"; the PyPI package
``korean-datetime`` 1.0.0 (MIT) resolves most news forms well but puts a bare ``10일`` in the
*next* month when the reference date is past the 10th (news means the current month), and it is
Korean-only. The rules below are small, explicit and linear-time.

Resolution conventions (``published`` is the reference date):

* bare day ``30일`` → that day of the publication month; ``지난 10일`` → the most recent 10th on or
  before publication; ``오는 15일`` → the next 15th on or after it;
* month/day without a year (``6월 3일``, ``June 3``) and month alone (``9월까지``, ``by September``):
  the publication year, moved one year back when the result would be more than ~6 months
  (183 days) after publication and one year forward when it would be more than ~6 months before;
  ``지난``/``last`` forces the past, ``오는``/``next`` the future;
* weekdays (``Monday``) → the most recent such day on or before publication; ``last Monday`` →
  strictly before; ``next Monday`` → strictly after;
* periods carry both ends: month, quarter, half and year mentions get ``value`` = first day and
  ``end_value`` = last day, with ``precision`` month/quarter/half/year; day ranges (``1~2일``) get
  ``end_value`` too; a single day has ``end_value=None``;
* without ``published`` every relative mention is kept with ``value=None``, ``end_value=None``,
  ``resolved=False`` (its precision still set); mentions carrying a full year resolve anyway.

Durations (``5년 간``, ``2년 연속``, ``10일 동안``, ``3일째``) and counts (``800여개``) are not dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "extract_dates"]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: date | None
    end_value: date | None
    precision: str  # day | month | quarter | half | year | ""
    resolved: bool


_HALF_YEAR = timedelta(days=183)


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, _last_day(y, m))


def _quarter_span(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), _month_span(y, 3 * q)[1]


def _half_span(y: int, h: int) -> tuple[date, date]:
    return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))


def _year_span(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def _valid_year(y: int) -> bool:
    return 1 <= y <= 9998


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _nearest_year(month: int, day: int | None, pub: date, direction: str) -> int | None:
    """Year for a month(/day) without a year, by the conventions in the module docstring."""
    y = pub.year
    d = day or 1
    if day is not None and day > _last_day(y, month) and not (month == 2 and day == 29):
        return None

    def make(year: int) -> date | None:
        try:
            return date(year, month, min(d, _last_day(year, month)) if day is None else d)
        except ValueError:
            return None

    cand = make(y)
    if direction == "past":
        if day is None:
            return y if month <= pub.month else y - 1
        while cand is None or cand > pub:
            y -= 1
            cand = make(y)
            if y < pub.year - 8:
                return None
        return y
    if direction == "future":
        if day is None:
            return y if month >= pub.month else y + 1
        while cand is None or cand < pub:
            y += 1
            cand = make(y)
            if y > pub.year + 8:
                return None
        return y
    if cand is None:
        return None
    if cand - pub > _HALF_YEAR:
        return y - 1
    if pub - cand > _HALF_YEAR:
        return y + 1
    return y


# --------------------------------------------------------------------------------------------------
# Korean

_KO_REL_YEAR = {
    "재작년": -2, "지난해": -1, "작년": -1, "전년": -1, "지난 해": -1, "올해": 0, "금년": 0, "올": 0, "내년": 1,
    "다음해": 1, "다음 해": 1, "이듬해": 1,
}  # fmt: skip
_KO_REL_MONTH = {
    "지난달": -1, "지난 달": -1, "전월": -1, "전달": -1, "이번달": 0, "이번 달": 0, "이달": 0, "이 달": 0,
    "금월": 0, "다음달": 1, "다음 달": 1, "내달": 1,
}  # fmt: skip

_KO_YEAR_WORDS = "재작년|지난\\s?해|작년|전년|올해|금년|내년|다음\\s?해|이듬해"
_KO_MONTH_WORDS = "지난\\s?달|전월|전달|이번\\s?달|이\\s?달|금월|다음\\s?달|내달"
_RANGE = r"\s?[~∼〜\-–]\s?"

# One alternation; groups: y (4-digit year) / ry (relative year word) / oll (올 before a period),
# m (month), d, d2 (day range), half, q, rm (relative month), pre (지난/오는/이번 before a day),
# dotted dates (dy dm dd).
_KO_RE = re.compile(
    r"(?<![0-9A-Za-z.])"
    r"(?:"
    # 2024.6.3 / 2024-06-03 / 2024/6/3
    r"(?P<dy>(?:19|20)\d{2})(?P<sep>[./-])\s?(?P<dm>\d{1,2})(?P=sep)\s?(?P<dd>\d{1,2})\.?(?![0-9])"
    r"|"
    # [year] [month [day[-day2]]] | [year] half | [year] quarter
    r"(?:(?:(?P<y>\d{4})\s?년|(?P<ry>"
    + _KO_YEAR_WORDS
    + r")|(?P<oll>올)(?=\s?(?:\d{1,2}\s?월|상반기|하반기|[1-4]\s?(?:[·/]\s?4\s?)?분기)))\s?)?"
    r"(?:(?P<pre>지난|오는|이번)\s)?"
    r"(?:(?P<m>\d{1,2})\s?월(?:\s?(?P<d>\d{1,2})(?:" + _RANGE + r"(?P<d2>\d{1,2}))?\s?일)?"
    r"|(?P<half>상반기|하반기)"
    r"|(?P<q>[1-4])\s?(?:[·/]\s?4\s?)?분기)"
    r"|"
    # relative month [day[-day2]]
    r"(?P<rm>" + _KO_MONTH_WORDS + r")(?:\s?(?P<rmd>\d{1,2})(?:" + _RANGE + r"(?P<rmd2>\d{1,2}))?\s?일)?"
    r"|"
    # [지난|오는|이번] day[-day2]
    r"(?:(?P<dpre>지난|오는|이번)\s?)?(?P<bd>\d{1,2})(?:" + _RANGE + r"(?P<bd2>\d{1,2}))?\s?일"
    r"|"
    # year alone: 2022년, 지난해
    r"(?P<yo>\d{4})\s?년"
    r"|"
    r"(?P<ryo>" + _KO_YEAR_WORDS + r")"
    r")"
)

# Text right after a match that makes it a duration or a count rather than a date.
_KO_DURATION_AFTER = re.compile(
    r"\s?(?:간|동안|째|만에|만의|만이|이내|내내|연속|치|가량|정도|남짓|여|새|이상|이하|전후|일간)"
)
_KO_BEFORE_AFTER = re.compile(r"\s?[전후](?![가-힣])|\s?[전후](?:에|부터|까지|의|인|으로|로)")


def _ko_is_duration(text: str, end: int) -> bool:
    return bool(_KO_DURATION_AFTER.match(text, end) or _KO_BEFORE_AFTER.match(text, end))


# --------------------------------------------------------------------------------------------------
# English

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_MONTH_PREPOSITIONS = {
    "in", "by", "since", "until", "till", "from", "through", "last", "next", "this", "early", "late", "mid",
    "before", "after", "during", "of", "on", "end", "beginning", "start", "to", "and", "or", "between",
}  # fmt: skip

_EN_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d)"
    r"|"
    r"(?:(?P<mrel>last|next|this|early|late|mid-?)\s?)?(?P<mon>" + _MONTH_RE + r")\.?"
    r"(?:\s(?P<md>\d{1,2})(?:st|nd|rd|th)?(?:\s?[-–]\s?(?P<md2>\d{1,2})(?:st|nd|rd|th)?)?(?![\d:]))?"
    r"(?:,?\s(?P<my>(?:19|20)\d{2})(?!\d))?"
    r"|"
    r"(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?(?P<dm_mon>"
    + _MONTH_RE
    + r")(?:,?\s(?P<dm_y>(?:19|20)\d{2})(?!\d))?"
    r"|"
    r"(?P<rel>last|this|next|past|previous|coming)\s(?P<relunit>week|month|year|quarter)"
    r"|"
    r"(?P<day_word>yesterday|today|tomorrow)"
    r"|"
    r"(?:(?P<wrel>last|next|this|on|On|Last|Next|This)\s)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|"
    r"(?:(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th)\squarter|Q(?P<qn>[1-4]))"
    r"(?:\s(?:of\s)?(?P<qy>(?:19|20)\d{2})(?!\d)|\sof\s(?P<qrel>this|last|next)\syear)?"
    r"|"
    r"(?P<hord>first|second)\shalf(?:\s(?:of\s)?(?P<hy>(?:19|20)\d{2})(?!\d)|\sof\s(?P<hrel>this|last|next)\syear)?"
    r"|"
    r"(?P<prep>in|since|by|from|until|through|during|of|for|before|after|In|Since|By|From|Until|Through|During)"
    r"\s(?P<ey>(?:19|20)\d{2})(?![\d,.]\d|\s?%|\s(?:percent|million|billion|units|people|won|dollars))"
    r")(?![\w])",
    re.IGNORECASE,
)


def _mention(text: str, a: int, b: int, span: tuple[date, date | None] | None, precision: str) -> DateMention:
    if span is None:
        return DateMention(a, b, text[a:b], None, None, precision, False)
    return DateMention(a, b, text[a:b], span[0], span[1], precision, True)


def _korean(text: str, pub: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _KO_RE.finditer(text):
        a, b = m.start(), m.end()
        g = m.groupdict()
        try:
            mention = _korean_one(text, a, b, g, pub)
        except (ValueError, OverflowError):
            mention = None
        if mention is not None:
            out.append(mention)
    return out


def _korean_one(text: str, a: int, b: int, g: dict, pub: date | None) -> DateMention | None:
    if g["dy"]:
        y, mo, d = int(g["dy"]), int(g["dm"]), int(g["dd"])
        return _mention(text, a, b, (date(y, mo, d), None), "day")
    if g["yo"] is not None:
        if _ko_is_duration(text, b) or text.startswith("대", b):  # 2000년대: a decade
            return None
        y = int(g["yo"])
        return _mention(text, a, b, _year_span(y), "year") if _valid_year(y) else None
    if g["ryo"] is not None:
        word = g["ryo"]
        delta = _KO_REL_YEAR[" ".join(word.split()) if " " in word else word]
        if pub is None:
            return _mention(text, a, b, None, "year")
        return _mention(text, a, b, _year_span(pub.year + delta), "year")
    if g["rm"] is not None:
        word = g["rm"]
        delta = _KO_REL_MONTH.get(word, _KO_REL_MONTH.get(word.replace(" ", ""), 0))
        day, day2 = g["rmd"], g["rmd2"]
        if day is not None and _ko_is_duration(text, b):
            return None
        precision = "day" if day is not None else "month"
        if pub is None:
            return _mention(text, a, b, None, precision)
        y, mo = _shift_month(pub.year, pub.month, delta)
        if day is None:
            return _mention(text, a, b, _month_span(y, mo), "month")
        return _day_range(text, a, b, y, mo, int(day), day2)
    if g["bd"] is not None:
        if _ko_is_duration(text, b):
            return None
        d = int(g["bd"])
        d2 = g["bd2"]
        if not 1 <= d <= 31:
            return None
        if pub is None:
            return _mention(text, a, b, None, "day")
        pre = g["dpre"]
        y, mo = pub.year, pub.month
        if pre in ("지난", "오는"):
            step = -1 if pre == "지난" else 1
            if (step < 0 and d > pub.day) or (step > 0 and d < pub.day):
                y, mo = _shift_month(y, mo, step)
            while d > _last_day(y, mo):  # "지난 31일" in July → 31 May
                y, mo = _shift_month(y, mo, step)
        elif d > _last_day(y, mo):
            return None
        return _day_range(text, a, b, y, mo, d, d2)
    # year / month / half / quarter combination
    year: int | None = None
    has_year = False
    if g["y"]:
        year = int(g["y"])
        has_year = True
    elif g["ry"] or g["oll"]:
        word = g["ry"] or g["oll"]
        key = " ".join(word.split())
        delta = _KO_REL_YEAR.get(key, _KO_REL_YEAR.get(key.replace(" ", ""), 0))
        year = None if pub is None else pub.year + delta
        has_year = True
    pre = g["pre"]
    if g["m"] is not None:
        mo = int(g["m"])
        if not 1 <= mo <= 12:
            return None
        day = g["d"]
        if day is not None and _ko_is_duration(text, b):
            return None
        if day is None and _ko_is_duration(text, b):
            return None
        precision = "day" if day is not None else "month"
        if year is None:
            if has_year or pub is None:
                return _mention(text, a, b, None, precision)
            direction = {"지난": "past", "오는": "future"}.get(pre or "", "nearest")
            year = _nearest_year(mo, int(day) if day else None, pub, direction)
            if year is None:
                return None
        if day is None:
            return _mention(text, a, b, _month_span(year, mo), "month")
        return _day_range(text, a, b, year, mo, int(day), g["d2"])
    if g["half"] is not None or g["q"] is not None:
        precision = "half" if g["half"] else "quarter"
        if year is None:
            if pub is None:
                return _mention(text, a, b, None, precision)
            year = pub.year
        if g["half"]:
            return _mention(text, a, b, _half_span(year, 1 if g["half"] == "상반기" else 2), "half")
        return _mention(text, a, b, _quarter_span(year, int(g["q"])), "quarter")
    return None


def _day_range(text: str, a: int, b: int, y: int, mo: int, d: int, d2: str | None) -> DateMention | None:
    if not 1 <= d <= _last_day(y, mo):
        return None
    first = date(y, mo, d)
    last = None
    if d2 is not None:
        e = int(d2)
        if not d < e <= _last_day(y, mo):
            return None
        last = date(y, mo, e)
    return _mention(text, a, b, (first, last), "day")


def _english(text: str, pub: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _EN_RE.finditer(text):
        try:
            mention = _english_one(text, m, pub)
        except (ValueError, OverflowError):
            mention = None
        if mention is not None:
            out.append(mention)
    return out


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    k = j
    while k > 0 and text[k - 1].isalpha() and j - k < 12:
        k -= 1
    return text[k:j].lower()


def _english_one(text: str, m: re.Match, pub: date | None) -> DateMention | None:
    g = m.groupdict()
    a, b = m.start(), m.end()
    if g["iy"]:
        return _mention(text, a, b, (date(int(g["iy"]), int(g["im"]), int(g["id"])), None), "day")
    if g["mon"] or g["dm_mon"]:
        mon_word = g["mon"] or g["dm_mon"]
        if not mon_word[0].isupper():
            return None  # "may", "march" as ordinary words
        month = _MONTHS[mon_word.lower()]
        day_s = g["md"] or g["dm_d"]
        year_s = g["my"] or g["dm_y"]
        rel = (g["mrel"] or "").lower().rstrip("-")
        if day_s is None and year_s is None and not rel:
            # a bare month name needs a preposition ("by September", "in May")
            if _word_before(text, a) not in _MONTH_PREPOSITIONS:
                return None
            if len(mon_word) <= 4 and mon_word.lower() not in ("may", "june", "july"):
                return None
        if day_s is None and year_s is None and text[m.end("mon") : b] == ".":
            b = m.end("mon")  # "by September." — the period ends the sentence
        precision = "day" if day_s else "month"
        day = int(day_s) if day_s else None
        if day is not None and not 1 <= day <= 31:
            return None
        if year_s:
            year: int | None = int(year_s)
        elif pub is None:
            return _mention(text, a, b, None, precision)
        else:
            direction = {"last": "past", "next": "future"}.get(rel, "nearest")
            year = _nearest_year(month, day, pub, direction)
            if year is None:
                return None
            if rel == "last" and day is None and month >= pub.month:
                year = pub.year - 1
        if day is None:
            return _mention(text, a, b, _month_span(year, month), "month")
        d2 = g["md2"]
        return _day_range(text, a, b, year, month, day, d2)
    if g["rel"]:
        rel, unit = g["rel"].lower(), g["relunit"].lower()
        if unit == "week":
            return None
        delta = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[rel]
        precision = unit
        if pub is None:
            return _mention(text, a, b, None, precision)
        if unit == "year":
            return _mention(text, a, b, _year_span(pub.year + delta), "year")
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, delta)
            return _mention(text, a, b, _month_span(y, mo), "month")
        q = (pub.month - 1) // 3 + 1 + delta
        y = pub.year + (q - 1) // 4
        q = (q - 1) % 4 + 1
        return _mention(text, a, b, _quarter_span(y, q), "quarter")
    if g["day_word"]:
        if pub is None:
            return _mention(text, a, b, None, "day")
        delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["day_word"].lower()]
        return _mention(text, a, b, (pub + timedelta(days=delta), None), "day")
    if g["wd"]:
        if not g["wd"][0].isupper():
            return None
        rel = (g["wrel"] or "").lower()
        if rel == "on":
            # keep "on" out of the mention text
            a = m.start("wd")
        if pub is None:
            return _mention(text, a, b, None, "day")
        target = _WEEKDAYS[g["wd"].lower()]
        if rel == "next":
            diff = (target - pub.weekday()) % 7 or 7
            return _mention(text, a, b, (pub + timedelta(days=diff), None), "day")
        diff = (pub.weekday() - target) % 7
        if rel == "last" and diff == 0:
            diff = 7
        return _mention(text, a, b, (pub - timedelta(days=diff), None), "day")
    if g["qord"] or g["qn"]:
        q = _ORD[g["qord"].lower()] if g["qord"] else int(g["qn"])
        return _period(text, a, b, pub, g["qy"], g["qrel"], "quarter", q)
    if g["hord"]:
        h = 1 if g["hord"].lower() == "first" else 2
        return _period(text, a, b, pub, g["hy"], g["hrel"], "half", h)
    if g["ey"]:
        a = m.start("ey")
        y = int(g["ey"])
        return _mention(text, a, b, _year_span(y), "year")
    return None


def _period(text, a, b, pub, year_s, rel, precision, n) -> DateMention:
    if year_s:
        year = int(year_s)
    elif pub is None:
        return _mention(text, a, b, None, precision)
    else:
        year = pub.year + {"last": -1, "next": 1}.get((rel or "").lower(), 0)
    span = _quarter_span(year, n) if precision == "quarter" else _half_span(year, n)
    return _mention(text, a, b, span, precision)


def extract_dates(text: str, *, lang: str, published: date | None) -> list[DateMention]:
    """Date mentions in `text`, in order and non-overlapping (the longest candidate wins).

    Korean rules run for ``lang == "ko"``, English ones for ``"en"``; any other value runs both.
    Spans are ``text[start:end] == mention.text``; leading prepositions ("in 2022", "on Monday")
    are left out of the span, relative words ("지난", "last", "이번달") are kept in it.
    """
    if not text:
        return []
    if lang == "ko":
        found = _korean(text, published)
    elif lang == "en":
        found = _english(text, published)
    else:
        found = _korean(text, published) + _english(text, published)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    last_end = -1
    for d in found:
        if d.start >= last_end:
            out.append(d)
            last_end = d.end
    return out
