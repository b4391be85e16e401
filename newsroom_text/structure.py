"""Split a decoded article into headline, subheadlines, byline, dateline, body blocks and comment section.

The parser works on a list of lines ("items"), each optionally carrying a hint from the source format
(an HTML <h2> or a markdown "##" is a heading whatever its wording). Plain text has no hints, so the
shape of each line decides: a short line without a sentence ending is a headline/subheadline/heading
candidate, a bracketed "[OUTLET=NAME 기자]" prefix is a byline, "SEOUL, June 3 (Yonhap) --" a
dateline, and so on. Nothing here knows any particular outlet, reporter or rubric: every rule is a
pattern. All regular expressions are anchored or use bounded / negated character classes so the
parser stays linear in the size of its input, and every public entry point is total (no input makes
it raise).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from newsroom_text.language import detect_language

# --------------------------------------------------------------------------------------------------
# Public types


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" | "heading" | "caption"
    text: str


@dataclass(frozen=True)
class Byline:
    reporter: str
    role: str = ""
    outlet: str = ""
    email: str = ""


@dataclass(frozen=True)
class Dateline:
    place: str
    date_text: str = ""
    agency: str = ""


@dataclass(frozen=True)
class ParsedPolicy:
    max_length: int | None
    spaces_count: bool | None
    categories: tuple[str, ...]
    action: str
    source_text: str


@dataclass(frozen=True)
class CommentSection:
    count: int | None
    policy: ParsedPolicy | None
    text: str


@dataclass(frozen=True)
class ParsedArticle:
    language: str
    rubric: str
    headline: str
    headline_derived: bool
    subheadlines: tuple[str, ...]
    byline: Byline | None
    dateline: Dateline | None
    published: datetime.date | None
    published_precision: str
    blocks: tuple[Block, ...]
    comment_section: CommentSection | None
    warnings: tuple[str, ...]

    @property
    def body_text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


# --------------------------------------------------------------------------------------------------
# Shared patterns

_KNAME = r"[가-힣]{2,4}"
_KNAMES = rf"{_KNAME}(?:(?:\s*[·,/]\s*|\s+){_KNAME}){{0,4}}"
_ROLES = (
    "기자|특파원|선임기자|전문기자|객원기자|수습기자|인턴기자|취재기자|사진기자|영상기자|통신원|"
    "논설위원|논설실장|편집위원|편집국장|대기자|칼럼니스트|에디터|리포터|앵커|PD"
)
_EMAIL = r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}"
_EMAIL_RE = re.compile(_EMAIL)

# "홍길동 기자" / "홍길동·김철수 기자" (optionally followed by an e-mail), as the whole string.
_NAME_ROLE_RE = re.compile(rf"({_KNAMES})\s*({_ROLES})(?:\s*[(<\[]?\s*({_EMAIL})\s*[)>\]]?)?")
# "홍길동 기자 = " at the start of the lead.
_NAME_ROLE_EQ_RE = re.compile(rf"({_KNAMES})\s*({_ROLES})\s*(?:{_EMAIL}\s*)?=\s*")
# "[뉴스통신=홍길동 기자]", "[매체 홍길동 기자]", "【서울=뉴시스】", at the start of a line.
_BRACKET_PREFIX_RE = re.compile(r"[\[【]\s*([^\[\]【】\n]{1,80})\s*[\]】]\s*")
# "(서울=연합뉴스)" at the start of a line.
_PAREN_PREFIX_RE = re.compile(r"\(\s*([^()=\n]{1,30})=\s*([^()\n]{1,30})\)\s*")
# "SEOUL, June 3 (Yonhap) --", "WASHINGTON (AP) —", "NEW YORK, Jan. 5 --".
_MONTHS = (
    "Jan|January|Feb|February|Mar|March|Apr|April|May|Jun|June|Jul|July|Aug|August|"
    "Sep|Sept|September|Oct|October|Nov|November|Dec|December"
)
_EN_DATELINE_RE = re.compile(
    r"([A-Z][A-Z.'\-]{1,20}(?: [A-Z][A-Z.'\-]{1,20}){0,3})"
    rf"(?:,\s*((?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"(?:\s*\(([^()\n]{1,30})\))?"
    r"\s*(--|—|–|-)\s*"
)
_BY_RE = re.compile(r"[Bb][Yy]\s+(\S.{0,100})")
_EN_NAME_RE = re.compile(
    r"[A-Z][\w.'’-]{0,30}(?: (?:[A-Z][\w.'’-]{0,30}|van|von|de|da|del|bin|al-\w{1,20})){0,4}"
)
_CAPTION_WORDS = "사진|그래픽|이미지|영상|자료사진|자료|일러스트|표|캡처|출처|Photo|Photos|Image|Images|Graphic|Illustration|Video"
_CAPTION_START_RE = re.compile(
    rf"[\[(<【〈]\s*(?:{_CAPTION_WORDS})\s*(?:[=:：/]|제공|by\b|courtesy\b|\)|\])", re.I
)
_CAPTION_LEAD_RE = re.compile(r"(?:Photos?|Images?|Graphic|Illustration)\s*(?:by\b|courtesy\b|:|=)", re.I)
_CAPTION_TAIL_RE = re.compile(
    r"(?:/\s*(?:사진|그래픽|자료)\s*=\s*[^/\n]{1,40}|[\[(]\s*(?:사진|그래픽|자료|자료사진)\s*=?\s*[^\[\]()\n]{0,40}[\])]"
    r"|\([^()\n]{0,40}\b(?:Photo|photo|Getty Images|AFP|Reuters|AP|Yonhap|EPA)\b[^()\n]{0,40}\)"
    r"|©\s*\S{1,30}|[(\[/]\s*[^()\[\]/\n]{1,30}\s*제공\s*[)\]]?)\s*$"
)
_IMAGE_FILE_RE = re.compile(r"\S.{0,150}\.(?:jpe?g|png|gif|svg|webp|tiff?)", re.I)
_HEADING_MARKERS = "■□◆◇▶▷○●◎★☆◈▣"
_BULLET_MARKERS = "-–—·•*" + _HEADING_MARKERS
_FOOTNOTE_RE = re.compile(r"\[(?:\d{1,3}|[a-z])\]")
# Possessive, and never starting inside a run of sentence punctuation: a run not followed by
# whitespace used to be rescanned from each of its characters, O(n^2) ("." * 10,000 + "x" took 4.5 s).
# The run can only end at its last character, so the matches are the same.
_SENTENCE_END_RE = re.compile(r"(?<![.!?。．！？])[.!?。．！？]++[\"'”’」』)\]]*+(?=\s|$)")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "vs", "etc", "jr", "sr", "no", "gen", "sen", "rep", "gov", "lt",
    "col", "inc", "co", "corp", "ltd", "prof", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "p.m", "a.m", "e.g", "i.e", "mt", "ft", "sgt", "capt",
}  # fmt: skip
_COMMENT_HEADER_RE = re.compile(
    r"(?:댓글|독자\s*의견|Comments?|Reader comments)\s*"
    r"(?:[(\[]\s*(\d[\d,]{0,9})\s*[)\]]|(\d[\d,]{0,9})\s*(?:개|건)?)?\s*:?",
    re.I,
)
_COMMENT_HEADER_NUM_FIRST_RE = re.compile(r"(\d[\d,]{0,9})\s*(?:Comments?|개의 댓글)", re.I)
_META_DATE_RE = re.compile(
    r"(?:입력|등록|수정|기사입력|최종수정|최종\s*수정|승인|발행|송고|게재|작성|업데이트|발행일|등록일|입력일|"
    r"Published|Posted|Updated|Last updated|Date|Dated|Created)\s*(?:일시|시간)?\s*[:：]?\s*",
    re.I,
)
_DATE_YMD_RE = re.compile(r"(\d{4})\s*(?:[.\-/]|년)\s*(\d{1,2})\s*(?:[.\-/]|월)\s*(\d{1,2})\s*(?:일|\.)?")
_DATE_YM_RE = re.compile(r"(\d{4})\s*(?:년\s*(\d{1,2})\s*월|[.\-/]\s*(\d{1,2})(?![\d.\-/]))")
_DATE_EN_MDY_RE = re.compile(rf"({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_DATE_EN_DMY_RE = re.compile(rf"(\d{{1,2}})\s+({_MONTHS})\.?,?\s+(\d{{4}})")
_DATE_EN_MY_RE = re.compile(rf"({_MONTHS})\.?,?\s+(\d{{4}})")
_BRACKET_DATE_RE = re.compile(r"[【\[]\s*(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*[】\]]\s*")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|a\.m\.|p\.m\.|KST|UTC|GMT))?", re.I)
_COPYRIGHT_RE = re.compile(
    r"(?:저작권자|무단\s*전재|재배포\s*금지|Copyright\b|All rights reserved|ⓒ|©)", re.I
)
_WIKI_MARKUP_LINE_RE = re.compile(r"\[\[[^\[\]\n]{0,200}\]\]")


def _month_number(name: str) -> int:
    return {
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    }[name[:3].lower()]  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Small predicates on one line


def _strip_footnotes(s: str) -> str:
    """Drop trailing footnote marks ("[1][a]"), read from the end.

    The former regular expression (marks)+$ was tried from every mark of a long run and failed at
    "$" each time: O(n^2) ("[1]" * 10,000 + "x" took 6 s).
    """
    end = len(s)
    while end and s[end - 1] == "]":
        start = s.rfind("[", max(0, end - 5), end)
        if start < 0 or not _FOOTNOTE_RE.fullmatch(s, start, end):
            break
        end = start
    return s[:end].rstrip()


def _sentence_breaks(s: str) -> list[int]:
    """End offsets of sentence-final punctuation runs (abbreviations and initials skipped)."""
    ends = []
    for m in _SENTENCE_END_RE.finditer(s):
        if s[m.start()] == ".":
            j = m.start()
            k = j
            while k > 0 and (s[k - 1].isalnum() or s[k - 1] == "."):
                k -= 1
            word = s[k:j].lower()
            if word in _ABBREVIATIONS or (len(word) == 1 and s[k].isupper()):
                continue
            # An initial or acronym: "J.", "U.S.", "성주C.C." (one capital letter before the dot).
            if (
                j >= 1
                and "A" <= s[j - 1] <= "Z"
                and (j < 2 or not s[j - 2].isascii() or not s[j - 2].isalpha())
            ):
                continue
            if word.isdigit() and m.end() < len(s) and s[m.end() :].lstrip()[:1].isdigit():
                continue
        ends.append(m.end())
    return ends


def _ends_sentence(s: str) -> bool:
    s = _strip_footnotes(s.rstrip())
    if not s:
        return False
    breaks = _sentence_breaks(s)
    return bool(breaks) and breaks[-1] == len(s) and not s.endswith(("…", "..."))


def _internal_sentences(s: str) -> int:
    """Sentence ends inside `s` (not at its end); "?", "!" and ".." inside a headline do not count."""
    s = _strip_footnotes(s.rstrip())
    count = 0
    for e in _sentence_breaks(s):
        if e >= len(s):
            continue
        before = s[:e]
        if before.count('"') % 2 == 1 or before.count("“") > before.count("”"):
            continue  # inside a quotation: '청원 "사전투표가 조작됐다. 도와달라"'
        run = s[:e].rstrip("\"'”’」』)]")
        if run.endswith(("?", "!", "？", "！", "..")):
            continue
        count += 1
    return count


def _split_rubric(line: str) -> tuple[str, str]:
    """'[분석] Headline' -> ('[분석]', 'Headline'); a bracket holding '=' is a byline, not a rubric."""
    m = re.match(r"([\[【<〈]\s*[^\[\]【】<>〈〉=\n]{1,20}\s*[\]】>〉])\s*(\S.*)?$", line)
    if not m or not m.group(2):
        return "", line
    inner = m.group(1)[1:-1].strip()
    if not inner or re.fullmatch(_CAPTION_WORDS, inner, flags=re.I) or _NAME_ROLE_RE.fullmatch(inner):
        return "", line
    return m.group(1), m.group(2).strip()


def _looks_like_headline(line: str) -> bool:
    _, text = _split_rubric(line)
    if not text or len(text) > 200:
        return False
    if _internal_sentences(text) > 0:
        return False
    if _ends_sentence(text) and not text.rstrip().endswith(("?", "!", "?”", "!”", '?"', '!"')):
        return False
    return True


def _looks_like_subheadline(line: str) -> bool:
    text = line.lstrip(_BULLET_MARKERS + " ").strip()
    return bool(text) and len(text) <= 90 and not _ends_sentence(text) and _internal_sentences(text) == 0


def _is_caption(line: str) -> bool:
    if len(line) > 400:
        return False
    if line.startswith("▲"):
        return True
    if _CAPTION_START_RE.match(line) or _CAPTION_LEAD_RE.match(line):
        return True
    if len(line) <= 300 and _CAPTION_TAIL_RE.search(line):
        tail_m = _CAPTION_TAIL_RE.search(line)
        tail = tail_m.group(0) if tail_m else ""
        if "제공" in tail or tail.lstrip().startswith("©"):
            return len(line) <= 80
        return True
    return len(line) <= 160 and _IMAGE_FILE_RE.fullmatch(line) is not None


def _caption_text(line: str) -> str:
    return line[1:].strip() if line.startswith("▲") else line


def _is_copyright(line: str) -> bool:
    """A closing copyright notice ("저작권자 © ... 무단전재 및 재배포 금지"); long lines are prose."""
    return len(line) <= 120 and _COPYRIGHT_RE.search(line) is not None


# --------------------------------------------------------------------------------------------------
# Dates


def _safe_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        if 1800 <= y <= 2200:
            return datetime.date(y, m, d)
    except ValueError:
        return None
    return None


def _parse_date(text: str) -> tuple[datetime.date | None, str]:
    """A stated date in `text`: (date, precision); month precision uses day 1, year precision Jan 1."""
    m = _DATE_YMD_RE.search(text)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            return d, "day"
    m = _DATE_EN_MDY_RE.search(text)
    if m:
        d = _safe_date(int(m.group(3)), _month_number(m.group(1)), int(m.group(2)))
        if d:
            return d, "day"
    m = _DATE_EN_DMY_RE.search(text)
    if m:
        d = _safe_date(int(m.group(3)), _month_number(m.group(2)), int(m.group(1)))
        if d:
            return d, "day"
    m = _DATE_YM_RE.search(text)
    if m:
        month = int(m.group(2) or m.group(3))
        d = _safe_date(int(m.group(1)), month, 1)
        if d:
            return d, "month"
    m = _DATE_EN_MY_RE.search(text)
    if m:
        d = _safe_date(int(m.group(2)), _month_number(m.group(1)), 1)
        if d:
            return d, "month"
    m = re.fullmatch(r"(\d{4})\s*년?", text.strip())
    if m:
        d = _safe_date(int(m.group(1)), 1, 1)
        if d:
            return d, "year"
    return None, ""


def _date_line(line: str) -> tuple[datetime.date | None, str] | None:
    """Parse a metadata line that is only a date ("입력 2024.07.30 10:00", "Published: June 3, 2024")."""
    if len(line) > 120:
        return None
    m = _META_DATE_RE.match(line)
    rest = line[m.end() :] if m else line
    d, precision = _parse_date(rest)
    if d is None:
        return None
    # Everything on the line must be date/time/metadata words: no prose.
    leftover = _DATE_YMD_RE.sub(" ", rest)
    leftover = _DATE_EN_MDY_RE.sub(" ", leftover)
    leftover = _DATE_EN_DMY_RE.sub(" ", leftover)
    leftover = _DATE_YM_RE.sub(" ", leftover)
    leftover = _DATE_EN_MY_RE.sub(" ", leftover)
    leftover = _TIME_RE.sub(" ", leftover)
    leftover = _META_DATE_RE.sub(" ", leftover)
    leftover = re.sub(
        r"[\s|:：,/()\[\]·\-–—]+|[월화수목금토일]요일|\((?:[월화수목금토일])\)|오전|오후", "", leftover
    )
    if m is None and leftover:
        return None
    if len(leftover) > 12:
        return None
    return d, precision


# --------------------------------------------------------------------------------------------------
# Bylines and datelines


@dataclass
class _Header:
    byline: Byline | None = None
    dateline: Dateline | None = None
    published: datetime.date | None = None
    precision: str = ""
    warnings: list[str] = field(default_factory=list)

    def set_byline(self, b: Byline) -> None:
        """Keep the first byline; a later one for the same reporter (or with no name) fills in blanks."""
        if self.byline is None:
            self.byline = b
            return
        old = self.byline
        if b.reporter and old.reporter and b.reporter != old.reporter:
            return
        self.byline = Byline(
            old.reporter or b.reporter, old.role or b.role, old.outlet or b.outlet, old.email or b.email
        )

    def set_date(self, d: datetime.date | None, precision: str) -> None:
        if d is not None and self.published is None:
            self.published, self.precision = d, precision


def _name_role(text: str) -> tuple[str, str, str] | None:
    """'홍길동 기자 hong@x.com' -> ('홍길동', '기자', 'hong@x.com'); the whole string must match."""
    m = _NAME_ROLE_RE.fullmatch(text.strip())
    if not m:
        return None
    return m.group(1), m.group(2), m.group(3) or ""


def _english_byline(line: str) -> Byline | None:
    """'By Jane Doe', 'By Jane Doe, Staff Reporter', 'By Jane Doe and John Roe | Yonhap'."""
    m = _BY_RE.fullmatch(line)
    if not m or len(line) > 100 or _ends_sentence(line) and not line.endswith(("Jr.", "Sr.")):
        return None
    rest = m.group(1).strip()
    email = ""
    em = _EMAIL_RE.search(rest)
    if em:
        email = em.group(0)
        rest = (rest[: em.start()] + rest[em.end() :]).strip(" ,()<>|")
    parts = re.split(r"\s*[,|/]\s*|\s+-\s+", rest, maxsplit=1)
    names = parts[0].strip()
    role = parts[1].strip() if len(parts) > 1 else ""
    for name in re.split(r"\s+(?:and|&)\s+", names):
        if not _EN_NAME_RE.fullmatch(name):
            return None
    return Byline(reporter=names, role=role, email=email)


def _trailing_byline(line: str) -> Byline | None:
    """A closing line that is only a reporter mark: 'hong@x.com', '홍길동 기자 hong@x.com', '/홍길동 기자'."""
    s = line.strip().lstrip("/-–—=").strip()
    if not s or len(s) > 80:
        return None
    if _EMAIL_RE.fullmatch(s.strip("()<>[] ")):
        return Byline(reporter="", email=s.strip("()<>[] "))
    nr = _name_role(s)
    if nr:
        return Byline(reporter=nr[0], role=nr[1], email=nr[2])
    m = re.fullmatch(rf"(.{{0,30}}?)\s*({_EMAIL})\s*", s)
    if m and m.group(1):
        en = _english_byline(m.group(1)) if m.group(1).lower().startswith("by ") else None
        if en:
            return Byline(en.reporter, en.role, en.outlet, m.group(2))
    return None


def _strip_lead_prefix(line: str, header: _Header) -> str:
    """Remove a byline/dateline prefix from the lead, recording what it said; returns the rest."""
    rest = line
    for _ in range(3):  # e.g. a bracketed date, then "(서울=연합뉴스)", then "홍길동 기자 ="
        m = _BRACKET_DATE_RE.match(rest)
        if m:
            header.set_date(_safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day")
            rest = rest[m.end() :]
            continue
        m = _BRACKET_PREFIX_RE.match(rest)
        if m and "=" in m.group(1) or m and _name_role_tail(m.group(1)):
            inner = m.group(1).strip()
            if _CAPTION_START_RE.match(rest):
                break
            tail = _name_role_tail(inner)
            if tail:
                outlet_part, (name, role, email) = tail
                outlet = outlet_part.strip(" =|ㅣ/·:-")
                header.set_byline(Byline(name, role, outlet, email))
                rest = rest[m.end() :]
                continue
            left, _, right = inner.partition("=")
            left, right = left.strip(), right.strip()
            named = re.fullmatch(rf"(\S.{{0,40}}?)\s+({_ROLES})(?:\s+({_EMAIL}))?", right)
            if left and named:  # "[매체=John Doe 기자]": a reporter name in any script
                header.set_byline(Byline(named.group(1), named.group(2), left, named.group(3) or ""))
                rest = rest[m.end() :]
                continue
            if left and right and len(left) <= 15 and len(right) <= 20 and " " not in left:
                # "【서울=뉴시스】": place=agency, the reporter (if any) follows as "홍길동 기자 ="
                header.dateline = header.dateline or Dateline(place=left, agency=right)
                rest = rest[m.end() :]
                after = _NAME_ROLE_EQ_RE.match(rest)
                if after:
                    header.set_byline(Byline(after.group(1), after.group(2), right))
                    rest = rest[after.end() :]
                continue
            header.warnings.append(
                f"bracket at the start of the lead not understood: {m.group(0).strip()[:60]}"
            )
            break
        m = _PAREN_PREFIX_RE.match(rest)
        if m:
            place, agency = m.group(1).strip(), m.group(2).strip()
            header.dateline = header.dateline or Dateline(place=place, agency=agency)
            rest = rest[m.end() :]
            after = _NAME_ROLE_EQ_RE.match(rest)
            if after:
                header.set_byline(Byline(after.group(1), after.group(2), agency))
                rest = rest[after.end() :]
            continue
        m = _NAME_ROLE_EQ_RE.match(rest)
        if m:
            header.set_byline(Byline(m.group(1), m.group(2)))
            rest = rest[m.end() :]
            continue
        m = _en_dateline(rest)
        if m:
            header.dateline = header.dateline or Dateline(
                place=m.group(1).strip(),
                date_text=(m.group(2) or "").strip(),
                agency=(m.group(3) or "").strip(),
            )
            if m.group(2):
                d, precision = _parse_date(m.group(2))
                if precision == "day":
                    header.set_date(d, precision)
            rest = rest[m.end() :]
            continue
        break
    return rest.strip()


def _en_dateline(line: str) -> re.Match[str] | None:
    """'SEOUL, June 3 (Yonhap) --' / 'WASHINGTON (AP) —' / 'WASHINGTON —', validated; else None.

    Without an agency or a date only a long all-capitals place before a dash counts, so an acronym
    opening a sentence ("NASA — the agency ...") is not taken for a dateline.
    """
    m = _EN_DATELINE_RE.match(line)
    if not m:
        return None
    place = m.group(1).strip()
    letters = place.replace(".", "").replace(" ", "")
    if len(letters) < 2 or place.upper() != place or not any(c.isalpha() for c in place):
        return None
    if m.group(3) or m.group(2):
        return m
    if m.group(4) in ("--", "—", "–") and len(letters) >= 5:
        return m
    return None


def _name_role_tail(inner: str) -> tuple[str, tuple[str, str, str]] | None:
    """'뉴스통신=홍길동 기자 hong@x.com' -> ('뉴스통신=', ('홍길동', '기자', 'hong@x.com'))."""
    inner = inner.strip()
    m = re.search(rf"(?:^|[\s=|ㅣ/·:])({_KNAME})\s*({_ROLES})(?:\s+({_EMAIL}))?$", inner)
    if not m:
        return None
    start = m.start(1)
    # Allow several names: "홍길동·김철수 기자".
    names = m.group(1)
    head = inner[:start]
    while True:
        nm = re.search(rf"({_KNAME})\s*[·,]\s*$", head)
        if not nm:
            break
        names = nm.group(1) + "·" + names
        head = head[: nm.start()]
    if re.search(r"[.!?]$", head.strip()):
        return None
    return head, (names, m.group(2), m.group(3) or "")


# --------------------------------------------------------------------------------------------------
# Comment section and its policy

_CATEGORY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("profanity", re.compile(r"욕설|비속어|욕\b|profanit|obscen|swear|vulgar|foul language", re.I)),
    ("slander", re.compile(r"비방|인신공격|slander|insult|personal attack|abusive|abuse", re.I)),
    ("false_information", re.compile(r"허위|거짓|가짜\s*뉴스|false information|misinformation|disinformation|fake news|false claims?", re.I)),
    ("defamation", re.compile(r"명예\s*훼손|defamat|libel", re.I)),
    ("flooding", re.compile(r"도배|반복\s*게시|flooding|flood|spam|repetitive", re.I)),
)  # fmt: skip
_ACTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hold", re.compile(r"승인\s*후|검토\s*후|보류|held for (?:review|moderation)|awaiting moderation|pending (?:review|approval)|after (?:review|moderation|approval)", re.I)),
    ("refuse", re.compile(r"등록(?:이|을)?\s*(?:제한|거부|불가|차단)|작성(?:이|을)?\s*(?:제한|불가)|게시(?:가|를)?\s*(?:거부|불가)|거부|not be (?:accepted|posted|published)|will be rejected|rejected|refused", re.I)),
    ("hide", re.compile(r"표시(?:가|를|이)?\s*제한|노출(?:이|을)?\s*제한|노출되지|보이지\s*않|블라인드|숨김|숨겨|가려|비공개|삭제|not be (?:shown|displayed|visible)|hidden|hide|removed|deleted|blocked from view", re.I)),
)  # fmt: skip
_LENGTH_PATTERNS = (
    re.compile(r"(\d[\d,]{0,6})\s*자\s*(?:이내|이하|까지|내외|以內|이내로|제한)"),
    re.compile(r"최대\s*(\d[\d,]{0,6})\s*자"),
    re.compile(r"(\d[\d,]{0,6})\s*(?:characters?|chars?)\s*(?:or (?:fewer|less)|max(?:imum)?|limit|at most)", re.I),
    re.compile(r"(?:max(?:imum)?(?: of)?|up to|limit(?:ed)? to|no more than|at most|within|fewer than|less than)\s*(\d[\d,]{0,6})\s*(?:characters?|chars?)", re.I),
    re.compile(r"(?:글자\s*수|분량)\s*[:：]?\s*(\d[\d,]{0,6})\s*자"),
)  # fmt: skip
_SPACES_TRUE = re.compile(
    r"(?:띄어\s*쓰기|공백|빈칸|스페이스)\s*(?:를|을)?\s*포함|including spaces|spaces (?:are |included|count)|with spaces",
    re.I,
)
_SPACES_FALSE = re.compile(r"(?:띄어\s*쓰기|공백|빈칸|스페이스)\s*(?:를|을)?\s*(?:제외|빼고|미포함|불포함)|excluding spaces|not counting spaces|without spaces|spaces (?:are not|aren't|don't|do not) (?:counted|count|included)", re.I)  # fmt: skip


def parse_policy(text: str) -> ParsedPolicy | None:
    """Read a comment policy: length limit, whether spaces count, forbidden categories, and the action."""
    max_length = None
    best_pos = None
    for pattern in _LENGTH_PATTERNS:
        m = pattern.search(text)
        if m and (best_pos is None or m.start() < best_pos):
            try:
                max_length, best_pos = int(m.group(1).replace(",", "")), m.start()
            except ValueError:
                continue
    t, f = _SPACES_TRUE.search(text), _SPACES_FALSE.search(text)
    spaces_count: bool | None = None
    if t and f:
        spaces_count = t.start() < f.start()
    elif t or f:
        spaces_count = bool(t)
    found: list[tuple[int, str]] = []
    for name, pattern in _CATEGORY_PATTERNS:
        m = pattern.search(text)
        if m:
            found.append((m.start(), name))
    categories = tuple(name for _, name in sorted(found))
    action, action_pos = "", None
    for name, pattern in _ACTION_PATTERNS:
        m = pattern.search(text)
        if m and (action_pos is None or m.start() < action_pos):
            action, action_pos = name, m.start()
    if max_length is None and spaces_count is None and not categories and not action:
        return None
    return ParsedPolicy(max_length, spaces_count, categories, action, text)


def _comment_header(line: str) -> int | None | bool:
    """False when `line` is not a comment-section header, else the stated count (or None)."""
    if len(line) > 30:
        return False
    m = _COMMENT_HEADER_RE.fullmatch(line.strip())
    if m:
        digits = m.group(1) or m.group(2)
        return int(digits.replace(",", "")) if digits else None
    m = _COMMENT_HEADER_NUM_FIRST_RE.fullmatch(line.strip())
    if m:
        return int(m.group(1).replace(",", ""))
    return False


# --------------------------------------------------------------------------------------------------
# Turning the three formats into items


@dataclass
class _Item:
    text: str
    hint: str = ""  # "" | "h1" | "heading" | "caption" | "paragraph"


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped paragraphs (blank-line separated groups of near-equal-width lines)."""
    non_empty = [ln for ln in lines if ln.strip()]
    if len(non_empty) < 6 or len(non_empty) == len(lines):
        return lines
    lengths = sorted(len(ln) for ln in non_empty)
    width = lengths[int(len(lengths) * 0.9)]
    if width > 100 or width < 30:
        return lines
    full = sum(1 for ln in non_empty if len(ln) >= 0.7 * width)
    groups_multi = 0
    groups: list[list[str]] = [[]]
    for ln in lines:
        if ln.strip():
            groups[-1].append(ln.strip())
        elif groups[-1]:
            groups.append([])
    groups_multi = sum(1 for g in groups if len(g) > 1)
    if full < 0.5 * len(non_empty) or groups_multi < 2:
        return lines
    out: list[str] = []
    for g in groups:
        if not g:
            continue
        cur = g[0]
        for ln in g[1:]:
            if len(cur) >= 0.6 * width or (
                not _ends_sentence(cur) and not cur.startswith(tuple(_HEADING_MARKERS))
            ):
                cur = cur + " " + ln
            else:
                out.append(cur)
                cur = ln
        out.append(cur)
        out.append("")
    return out


def _text_items(text: str) -> list[_Item]:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = _unwrap(lines)
    return [_Item(ln) for ln in lines if ln]


_MD_INLINE = (  # (literal that must occur, pattern, replacement); the literal check keeps this fast
    ("](", re.compile(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)"), r"\1"),
    ("](", re.compile(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)"), r"\1"),
    ("][", re.compile(r"\[([^\]\n]{1,300})\]\[[^\]\n]{0,100}\]"), r"\1"),
    ("<http", re.compile(r"<(https?://[^>\s]{1,500})>"), r"\1"),
    ("**", re.compile(r"\*\*([^*\n]{1,1000})\*\*"), r"\1"),
    ("__", re.compile(r"__([^_\n]{1,1000})__"), r"\1"),
    ("*", re.compile(r"(?<!\*)\*([^*\s](?:[^*\n]{0,1000}[^*\s])?)\*(?!\*)"), r"\1"),
    ("_", re.compile(r"(?<![\w_])_([^_\s](?:[^_\n]{0,1000}[^_\s])?)_(?![\w_])"), r"\1"),
    ("~~", re.compile(r"~~([^~\n]{1,1000})~~"), r"\1"),
    ("`", re.compile(r"`([^`\n]{1,1000})`"), r"\1"),
    ("\\", re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),
)


def _md_inline(s: str) -> str:
    for literal, pattern, repl in _MD_INLINE:
        if literal in s:
            s = pattern.sub(repl, s)
    return s.strip()


def _markdown_items(text: str) -> list[_Item]:
    raw = [ln.rstrip() for ln in text.splitlines()]
    items: list[_Item] = []
    in_fence = False
    prev_blank = True
    plain: list[str] = []  # plain lines, unwrapped together later

    def flush() -> None:
        for ln in _unwrap(plain):
            if ln:
                items.append(_Item(_md_inline(ln)))
        plain.clear()

    for ln in raw:
        s = ln.strip()
        if s.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            if s:
                plain.append(s)
            continue
        if not s:
            plain.append("")
            prev_blank = True
            continue
        if re.fullmatch(r"=+", s) and not prev_blank and plain and plain[-1]:
            title = plain.pop()
            flush()
            items.append(_Item(_md_inline(title), "h1"))
            continue
        if re.fullmatch(r"-{2,}", s) and not prev_blank and plain and plain[-1]:
            title = plain.pop()
            flush()
            items.append(_Item(_md_inline(title), "heading"))
            continue
        prev_blank = False
        if re.fullmatch(r"(?:[-*_]\s*){3,}", s) or re.match(r"\[[^\]\n]{1,100}\]:\s*\S", s):
            continue
        # The closing "#"s are stripped with str methods: the former r"(.*?)\s*#*\s*$" retried the
        # three trailing quantifiers at every position of the lazy group, O(n^3) on a heading with a
        # long run of spaces inside ("# x" + 10,000 spaces + "y" never finished). Same result.
        m = re.match(r"(#{1,6})\s+(.*)", s)
        if m:
            flush()
            title = m.group(2).rstrip().rstrip("#").rstrip()
            if title:
                items.append(_Item(_md_inline(title), "h1" if len(m.group(1)) == 1 else "heading"))
            continue
        m = re.fullmatch(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)", s)
        if m:
            flush()
            if m.group(1).strip():
                items.append(_Item(_md_inline(m.group(1)), "caption"))
            continue
        s = re.sub(r"^(?:>\s?)+", "", s)
        s = re.sub(r"^(?:[-*+]|\d{1,3}[.)])\s+", "", s)
        if s:
            plain.append(s)
    flush()
    return [it for it in items if it.text]


_HTML_DROP = ("script", "style", "noscript", "iframe", "nav", "footer", "aside", "form", "template", "svg",
              "button", "select", "textarea", "object", "embed", "canvas")  # fmt: skip
_HTML_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "li", "ul", "ol", "blockquote", "figure",
    "figcaption", "table", "tr", "td", "th", "pre", "dd", "dt", "dl", "address", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "body", "caption",
}  # fmt: skip
_HTML_HINT = {"h1": "h1", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
              "figcaption": "caption", "caption": "caption", "p": "paragraph", "li": "paragraph"}  # fmt: skip


def _html_items(text: str) -> tuple[list[_Item], str, tuple[datetime.date | None, str]]:
    """Items, the <title>, and a published date stated in metadata (article:published_time, <time>)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else ""
    published: tuple[datetime.date | None, str] = (None, "")
    for selector, attr in (
        ('meta[property="article:published_time"]', "content"),
        ('meta[name="date"]', "content"),
        ('meta[itemprop="datePublished"]', "content"),
        ("time[datetime]", "datetime"),
    ):
        node = tree.css_first(selector)
        value = (node.attributes.get(attr) or "") if node is not None else ""
        if value:
            d, precision = _parse_date(value)
            if d is not None:
                published = (d, precision)
                break
    for tag in _HTML_DROP:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("time"):  # a standalone <time> is page metadata, not article text
        parent = node.parent
        if parent is None or parent.tag not in ("p", "li", "td", "span", "a", "em", "strong", "b", "i"):
            node.decompose()
    root = tree.body
    if root is None:
        return [], title, published
    items: list[_Item] = []
    buf: list[str] = []
    hints: list[str] = []

    def flush() -> None:
        s = " ".join("".join(buf).split())
        buf.clear()
        if s:
            hint = next((h for h in reversed(hints) if h), "")
            items.append(_Item(s, hint))

    # Explicit stack (no recursion): ("enter", node) / ("exit", tag).
    stack: list[tuple[str, object]] = [("enter", root)]
    while stack:
        action, obj = stack.pop()
        if action == "exit":
            flush()
            hints.pop()
            continue
        node = obj
        tag = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            buf.append(node.text_content or "")  # type: ignore[attr-defined]
            continue
        if tag == "br":
            flush()
            continue
        if tag in ("-comment", "_comment"):
            continue
        if tag in _HTML_BLOCKS:
            flush()
            hints.append(_HTML_HINT.get(tag, ""))
            stack.append(("exit", tag))
        children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
        for child in reversed(children):
            stack.append(("enter", child))
    flush()
    return items, title, published


# --------------------------------------------------------------------------------------------------
# The parser


def _derive_headline(lead: str, limit: int = 110) -> str:
    s = " ".join(lead.split())
    breaks = _sentence_breaks(s)
    if breaks:
        s = s[: breaks[0]]
    s = s.rstrip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1].rstrip()
    if len(s) > limit:
        cut = s.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit - 1
        s = s[:cut].rstrip(" ,;:-–—") + "…"
    return s


def _classify_body(items: list[_Item], start_blocks: list[Block]) -> list[Block]:
    blocks = list(start_blocks)
    n = len(items)
    for i, it in enumerate(items):
        s = it.text.strip()
        if not s:
            continue
        if it.hint == "caption":
            blocks.append(Block("caption", s))
            continue
        if it.hint in ("heading", "h1"):
            t = s.lstrip(_HEADING_MARKERS + " ").strip() or s
            blocks.append(Block("heading", t))
            continue
        if _is_caption(s):
            t = _caption_text(s)
            if t:
                blocks.append(Block("caption", t))
            continue
        if s[0] in _HEADING_MARKERS:
            t = s[1:].strip()
            if not t:
                continue
            if len(t) <= 80 and not _ends_sentence(t):
                blocks.append(Block("heading", t))
            else:
                blocks.append(Block("paragraph", s))
            continue
        if (
            it.hint != "paragraph"
            and blocks
            and blocks[-1].kind == "paragraph"
            and i + 1 < n
            and len(s) <= 40
            and not _ends_sentence(s)
            and not s.endswith((":", "：", ",", "，"))
            and s[0] not in "\"'“‘(-"
            and len(items[i + 1].text) >= max(40, 2 * len(s))
        ):
            blocks.append(Block("heading", s))
            continue
        blocks.append(Block("paragraph", s))
    return blocks


def parse_article(text: str, *, fmt: str = "text", title_hint: str = "") -> ParsedArticle:
    """Parse decoded article text ("text", "html" or "markdown") into its parts; never raises on any str."""
    try:
        return _parse(text if isinstance(text, str) else str(text or ""), fmt, title_hint or "")
    except RecursionError:  # pragma: no cover - defensive: the parser has no recursion
        return _empty_article(text, ["input too deeply nested to parse"])


def _empty_article(text: str, warnings: list[str]) -> ParsedArticle:
    return ParsedArticle(
        language=detect_language(text or ""),
        rubric="",
        headline="",
        headline_derived=False,
        subheadlines=(),
        byline=None,
        dateline=None,
        published=None,
        published_precision="",
        blocks=(),
        comment_section=None,
        warnings=tuple(warnings),
    )


def _parse(text: str, fmt: str, title_hint: str) -> ParsedArticle:
    warnings: list[str] = []
    header = _Header(warnings=warnings)
    html_title = ""
    if fmt == "html":
        items, html_title, (meta_date, meta_precision) = _html_items(text)
        header.set_date(meta_date, meta_precision)
    elif fmt == "markdown":
        items = _markdown_items(text)
    else:
        items = _text_items(text)
        head = text.lstrip()[:200].lower()
        if head.startswith(("<!doctype", "<html", "<body", "<p>", "<div")):
            warnings.append("text looks like HTML but was parsed as plain text")
    plain_text = "\n".join(it.text for it in items)
    language = detect_language(plain_text)
    if not items:
        return _empty_article(plain_text, ["no text found"])

    # Comment section: from the first comment header (after the first line) to the end.
    comment_section = None
    for idx in range(1, len(items)):
        count = _comment_header(items[idx].text)
        if count is False:
            continue
        rest = [it.text for it in items[idx + 1 :]]
        policy_lines = [ln for ln in rest if parse_policy(ln) is not None]
        policy = parse_policy("\n".join(policy_lines)) if policy_lines else None
        if rest and policy is None and idx + 1 < len(items) and len(rest) > 20:
            continue  # a "Comments" line followed by a long article: not a comment section
        comment_section = CommentSection(
            count=count if isinstance(count, int) and not isinstance(count, bool) else None,
            policy=policy,
            text="\n".join(it.text for it in items[idx:]),
        )
        if rest and policy is None:
            warnings.append("comment section found but no comment policy could be read from it")
        items = items[:idx]
        break

    # Trailer: reporter e-mail / byline lines, copyright lines, date lines, wiki markup at the end.
    trailer_bylines: list[Byline] = []
    while items:
        s = items[-1].text
        tb = _trailing_byline(s)
        if tb is not None and len(items) > 1:
            trailer_bylines.append(tb)
            items.pop()
            continue
        if len(items) > 1 and (_is_copyright(s) or _WIKI_MARKUP_LINE_RE.fullmatch(s)):
            items.pop()
            continue
        dl = _date_line(s) if len(items) > 1 else None
        if dl is not None and _META_DATE_RE.match(s):
            header.set_date(*dl)
            items.pop()
            continue
        break

    # Headline.
    rubric, headline, derived = "", "", False
    pos = 0
    h1_index = next((i for i, it in enumerate(items) if it.hint == "h1"), None)
    if h1_index is not None:
        rubric, headline = _split_rubric(items[h1_index].text)
        leading = items[:h1_index]
        items = items[h1_index + 1 :]
        # Anything before the <h1> (a kicker, a breadcrumb) is kept only if it is a rubric-like tag.
        if leading and not rubric and len(leading) == 1 and len(leading[0].text) <= 20:
            rubric = leading[0].text
        elif leading:
            items = leading + items
            warnings.append("text before the main heading was kept in the body")
    elif fmt == "html" and html_title:
        rubric, headline = _split_rubric(html_title)
    else:
        first = items[0].text
        hint_match = title_hint and " ".join(first.split()) == " ".join(title_hint.split())
        byline_first = (
            (_BRACKET_PREFIX_RE.match(first) is not None and _split_rubric(first)[0] == "")
            or _PAREN_PREFIX_RE.match(first)
            or _NAME_ROLE_EQ_RE.match(first)
            or _en_dateline(first)
        )
        if hint_match or (
            not byline_first
            and not _is_caption(first)
            and _looks_like_headline(first)
            and (len(items) > 1 or not _ends_sentence(first))
            and _date_line(first) is None
            and _english_byline(first) is None
        ):
            rubric, headline = _split_rubric(first)
            pos = 1
            if hint_match and not headline:
                headline = first

    # Subheadlines: short lines without a sentence ending, up to the byline / lead.
    subheads: list[str] = []
    if headline:
        j = pos
        while j < len(items) and len(subheads) < 8:
            s = items[j].text
            if (
                items[j].hint in ("h1", "caption")
                or _is_caption(s)
                or _trailing_byline(s)
                or _english_byline(s)
            ):
                break
            if _date_line(s) is not None or _comment_header(s) is not False:
                break
            if _BRACKET_PREFIX_RE.match(s) and not _split_rubric(s)[0] or _PAREN_PREFIX_RE.match(s):
                break
            if not _looks_like_subheadline(s) or items[j].hint == "heading":
                break
            subheads.append(s.lstrip(_BULLET_MARKERS + " ").strip())
            j += 1
        if subheads and j >= len(items):
            subheads = []  # nothing after them: they are the body, not subheadlines
        elif subheads:
            pos = j
        if len(subheads) > 5:
            warnings.append(f"{len(subheads)} short lines after the headline were taken as subheadlines")

    # Header lines before the lead: standalone byline / date / caption lines.
    pre_blocks: list[Block] = []
    while pos < len(items):
        s = items[pos].text
        eb = _english_byline(s)
        if eb is not None:
            header.set_byline(eb)
            pos += 1
            continue
        tb = _trailing_byline(s)
        if tb is not None and tb.reporter:
            header.set_byline(tb)
            pos += 1
            continue
        dl = _date_line(s)
        if dl is not None:
            header.set_date(*dl)
            pos += 1
            continue
        if _is_caption(s) or items[pos].hint == "caption":
            caption = _caption_text(s)
            if caption:  # a bare "▲" gave an empty caption block, against the blocks' promise of text
                pre_blocks.append(Block("caption", caption))
            pos += 1
            continue
        rest = _strip_lead_prefix(s, header)
        if rest != s:
            if rest:
                items[pos] = _Item(rest, items[pos].hint)
                break
            pos += 1
            continue
        break

    for tb in reversed(trailer_bylines):  # the header byline wins; the trailer adds the e-mail
        header.set_byline(tb)
    body_items = items[pos:]
    blocks = _classify_body(body_items, pre_blocks)

    if not headline:
        lead = next((b.text for b in blocks if b.kind == "paragraph"), "")
        if title_hint.strip():
            headline = " ".join(title_hint.split())
            warnings.append("no headline line in the text; the title given with the upload was used")
        elif lead:
            headline, derived = _derive_headline(lead), True
            warnings.append("no headline line in the text; the headline was derived from the lead")
        else:
            warnings.append("no headline found")
    if not blocks:
        warnings.append("no body text found")
    if len(headline) > 150:
        warnings.append(f"headline is unusually long ({len(headline)} characters)")

    return ParsedArticle(
        language=language,
        rubric=rubric,
        headline=headline,
        headline_derived=derived,
        subheadlines=tuple(subheads),
        byline=header.byline,
        dateline=header.dateline,
        published=header.published,
        published_precision=header.precision if header.published else "",
        blocks=tuple(blocks),
        comment_section=comment_section,
        warnings=tuple(dict.fromkeys(warnings)),
    )
