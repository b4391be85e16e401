"""parse_article: the two seeds field by field, each supported article shape, and totality/linearity."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom_text.structure import (
    Block,
    Byline,
    Dateline,
    ParsedPolicy,
    parse_article,
    parse_policy,
)

KO_SEED = "000_329ef9b1478a6bb7.txt"
EN_SEED = "004_9e72b723b3a44e7c.txt"
ALL_CATEGORIES = ("profanity", "slander", "false_information", "defamation", "flooding")


@pytest.fixture
def ko(seeds_dir):
    return parse_article((seeds_dir / KO_SEED).read_text(encoding="utf-8"))


@pytest.fixture
def en(seeds_dir):
    return parse_article((seeds_dir / EN_SEED).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Korean seed


def test_korean_seed_header(ko, seeds_dir):
    lines = (seeds_dir / KO_SEED).read_text(encoding="utf-8").splitlines()
    assert ko.language == "ko"
    assert ko.rubric == "[뉴투분석]"
    assert ko.headline == "KT 김영섭 호(號), 세계 800여개 통신사와 손잡고 글로벌 AICT기업으로 도약"
    assert ko.headline_derived is False
    assert ko.subheadlines == tuple(lines[1:5])
    assert len(ko.subheadlines) == 4
    assert ko.byline == Byline(reporter="임성지", role="기자", outlet="뉴스투데이")
    assert ko.dateline is None
    assert ko.published is None and ko.published_precision == ""
    assert ko.warnings == ()


def test_korean_seed_body(ko, seeds_dir):
    lines = (seeds_dir / KO_SEED).read_text(encoding="utf-8").splitlines()
    first = ko.blocks[0]
    assert first.kind == "paragraph"
    assert first.text.startswith("KT(대표 김영섭·사진)가")
    assert "[" not in first.text[:5] and "기자]" not in first.text
    assert lines[5].endswith(first.text)
    headings = [b for b in ko.blocks if b.kind == "heading"]
    assert headings == [Block("heading", "김영섭 대표, KT를 AICT 컴퍼니로 자리매김")]
    assert not any(b.kind == "caption" for b in ko.blocks)
    # The body runs from the lead to the last paragraph before "댓글 (0)": 18 lines, 17 paragraphs.
    assert len(ko.blocks) == 18
    assert ko.blocks[-1].text == lines[-4]
    assert Block("paragraph", "공동 사업의 핵심은 AI다.") in ko.blocks
    assert "댓글" not in ko.body_text and "250자" not in ko.body_text


def test_korean_seed_comment_section(ko, seeds_dir):
    lines = (seeds_dir / KO_SEED).read_text(encoding="utf-8").splitlines()
    cs = ko.comment_section
    assert cs is not None
    assert cs.count == 0
    assert cs.text == "\n".join(lines[-3:])
    assert cs.policy == ParsedPolicy(
        max_length=250,
        spaces_count=True,
        categories=ALL_CATEGORIES,
        action="hide",
        source_text="\n".join(lines[-2:]),
    )


# ---------------------------------------------------------------------------------------------
# English seed


def test_english_seed(en, seeds_dir):
    text = (seeds_dir / EN_SEED).read_text(encoding="utf-8")
    assert en.language == "en"
    assert en.rubric == ""
    assert en.headline_derived is True
    assert en.headline.startswith("KT, South Korea’s top telecom company, partnered with Microsoft")
    assert len(en.headline) <= 111 and en.headline.endswith("…")
    assert text.startswith(en.headline[:-1])  # cut at a word boundary of the first sentence
    assert en.subheadlines == ()
    assert en.byline is None and en.dateline is None
    assert en.published is None and en.published_precision == ""
    assert en.comment_section is None
    assert [b.kind for b in en.blocks] == ["paragraph"] * 7
    assert en.body_text == text.strip()
    assert any("derived from the lead" in w for w in en.warnings)


def test_derived_headline_short_sentence_is_not_cut():
    art = parse_article("The council approved the budget on Monday. Critics said it was too small. " * 3)
    assert art.headline == "The council approved the budget on Monday"
    assert art.headline_derived


# ---------------------------------------------------------------------------------------------
# Bylines and datelines


def test_yonhap_korean_byline_and_dateline():
    art = parse_article(
        "북한, 동해상으로 단거리 탄도미사일 발사\n"
        "(서울=연합뉴스) 홍길동 기자 = 북한이 30일 오전 동해상으로 단거리 탄도미사일을 발사했다.\n"
        "합참은 추가 정보를 분석 중이라고 전했다.\n"
    )
    assert art.headline == "북한, 동해상으로 단거리 탄도미사일 발사"
    assert art.byline == Byline(reporter="홍길동", role="기자", outlet="연합뉴스")
    assert art.dateline == Dateline(place="서울", agency="연합뉴스")
    assert art.blocks[0] == Block("paragraph", "북한이 30일 오전 동해상으로 단거리 탄도미사일을 발사했다.")
    assert art.warnings == ()


def test_bracket_dateline_with_reporter_after():
    art = parse_article(
        "정부, 새 대책 발표\n【세종=뉴시스】김철수 기자 = 정부가 새 대책을 발표했다.\n두 번째 문단이다."
    )
    assert art.dateline == Dateline(place="세종", agency="뉴시스")
    assert art.byline == Byline("김철수", "기자", "뉴시스")
    assert art.blocks[0].text == "정부가 새 대책을 발표했다."


def test_name_role_equals_byline_without_outlet():
    art = parse_article("제목 줄\n박영희 특파원 = 워싱턴에서 회담이 열렸다.\n다음 문단이다.")
    assert art.byline == Byline("박영희", "특파원")
    assert art.blocks[0].text == "워싱턴에서 회담이 열렸다."


def test_bracket_byline_on_its_own_line_with_several_reporters():
    art = parse_article("제목 줄\n[한국경제=홍길동·김철수 기자]\n본문 첫 문장이다.\n둘째 문단이다.")
    assert art.byline == Byline("홍길동·김철수", "기자", "한국경제")
    assert art.blocks[0] == Block("paragraph", "본문 첫 문장이다.")


def test_bracket_byline_with_a_latin_name():
    art = parse_article("제목 줄\n[코리아헤럴드=John Doe 기자] 본문 첫 문장이다.\n둘째 문단이다.")
    assert art.byline == Byline("John Doe", "기자", "코리아헤럴드")
    assert art.dateline is None
    assert art.blocks[0].text == "본문 첫 문장이다."


def test_english_by_line_with_role():
    art = parse_article(
        "Seoul stocks close higher on tech gains\nBy Jane Doe, Staff Reporter\n"
        "South Korean stocks closed higher on Monday, led by tech shares.\nThe index rose 1.2 percent."
    )
    assert art.headline == "Seoul stocks close higher on tech gains"
    assert art.byline == Byline(reporter="Jane Doe", role="Staff Reporter")
    assert art.blocks[0].text.startswith("South Korean stocks")
    assert "By Jane" not in art.body_text


def test_english_by_line_without_role():
    art = parse_article("A headline here\nBy John Smith\nThe first paragraph says something.")
    assert art.byline == Byline(reporter="John Smith")


def test_english_yonhap_dateline():
    art = parse_article(
        "Seoul stocks close higher\n"
        "SEOUL, June 3 (Yonhap) -- South Korean stocks closed higher on Monday. Tech led.\n"
        "The index rose 1.2 percent."
    )
    assert art.dateline == Dateline(place="SEOUL", date_text="June 3", agency="Yonhap")
    assert art.published is None  # no year written: never invented
    assert art.blocks[0].text == "South Korean stocks closed higher on Monday. Tech led."


def test_english_ap_dateline_without_headline():
    art = parse_article(
        "WASHINGTON (AP) — The Senate passed the bill on Tuesday. Lawmakers cheered.\nIt goes on."
    )
    assert art.dateline == Dateline(place="WASHINGTON", agency="AP")
    assert art.headline == "The Senate passed the bill on Tuesday"
    assert art.headline_derived
    assert art.blocks[0].text.startswith("The Senate")


def test_dash_without_agency_needs_a_real_place():
    art = parse_article("NASA — the space agency — launched a probe on Monday. It flew.\nMore text here.")
    assert art.dateline is None
    art = parse_article("AI - the next frontier\nThe body paragraph is a full sentence.")
    assert art.headline == "AI - the next frontier" and art.dateline is None
    art = parse_article("Senate passes bill\nWASHINGTON — The Senate passed the bill on Tuesday.")
    assert art.dateline == Dateline(place="WASHINGTON")
    assert art.blocks[0].text == "The Senate passed the bill on Tuesday."


def test_title_hint_confirms_a_sentence_shaped_headline():
    text = "완벽히 구축되기 전에도 뇌는 기능한다.\n연구진은 새로운 사실을 밝혀냈다."
    assert parse_article(text).headline_derived
    art = parse_article(text, title_hint="완벽히 구축되기 전에도 뇌는 기능한다.")
    assert art.headline == "완벽히 구축되기 전에도 뇌는 기능한다." and not art.headline_derived
    assert art.body_text == "연구진은 새로운 사실을 밝혀냈다."
    assert art.warnings == ()


def test_title_hint_used_when_the_text_has_no_headline_line():
    art = parse_article("The council approved the budget. It was late.", title_hint="Budget approved")
    assert art.headline == "Budget approved" and not art.headline_derived
    assert any("title given" in w for w in art.warnings)


def test_metadata_line_with_input_and_update_times():
    art = parse_article("제목 줄\n입력 2024.07.30 10:00 | 수정 2024.07.31 11:00\n본문이다.")
    assert (art.published, art.published_precision) == (datetime.date(2024, 7, 30), "day")
    assert art.body_text == "본문이다."


def test_trailing_reporter_email_line():
    art = parse_article("제목 줄\n김철수 기자 = 본문 첫 문장이다.\n마지막 문단이다.\nkim@example.co.kr")
    assert art.byline == Byline("김철수", "기자", "", "kim@example.co.kr")
    assert "@" not in art.body_text
    assert art.blocks[-1].text == "마지막 문단이다."


def test_trailing_name_role_email_line_is_the_byline():
    art = parse_article("제목 줄\n본문 첫 문장이다.\n마지막 문단이다.\n홍길동 기자 hong@example.com")
    assert art.byline == Byline("홍길동", "기자", "", "hong@example.com")
    assert [b.text for b in art.blocks] == ["본문 첫 문장이다.", "마지막 문단이다."]


def test_copyright_trailer_dropped():
    art = parse_article("제목 줄\n본문 첫 문장이다.\n<저작권자 © 어느신문 무단전재 및 재배포 금지>")
    assert art.body_text == "본문 첫 문장이다."


# ---------------------------------------------------------------------------------------------
# Dates


def test_published_from_metadata_line():
    art = parse_article("[경제] 기준금리 동결\n입력 2024.07.30 10:00\n한국은행이 기준금리를 동결했다.")
    assert art.rubric == "[경제]"
    assert art.published == datetime.date(2024, 7, 30)
    assert art.published_precision == "day"
    assert art.body_text == "한국은행이 기준금리를 동결했다."


def test_published_month_precision_and_english():
    art = parse_article("Headline words\nPublished: March 2023\nThe body sentence is here.")
    assert (art.published, art.published_precision) == (datetime.date(2023, 3, 1), "month")
    art = parse_article("Headline words\nUpdated June 3, 2024 10:00 KST\nThe body sentence is here.")
    assert (art.published, art.published_precision) == (datetime.date(2024, 6, 3), "day")


def test_wikinews_style_bracket_date_prefix():
    art = parse_article("제목 줄\n【2012년 8월 28일】\n본문 문장이다.")
    assert (art.published, art.published_precision) == (datetime.date(2012, 8, 28), "day")
    assert art.body_text == "본문 문장이다."


def test_dates_in_the_body_are_not_the_publication_date():
    art = parse_article("제목 줄\n2008년 11월 4일, 그는 대통령에 당선되었다.\n둘째 문단이다.")
    assert art.published is None


def test_invalid_date_is_not_published():
    art = parse_article("제목 줄\n입력 2024.13.45\n본문이다.")
    assert art.published is None


# ---------------------------------------------------------------------------------------------
# Captions and headings


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("[사진=연합뉴스]", "[사진=연합뉴스]"),
        ("김 대표가 발언하고 있다. /사진=연합뉴스", "김 대표가 발언하고 있다. /사진=연합뉴스"),
        ("▲ 기자회견 장면", "기자회견 장면"),
        ("(Photo: Yonhap)", "(Photo: Yonhap)"),
        ("Photo by Jane Doe", "Photo by Jane Doe"),
        (
            "The minister speaks in Seoul. (AP Photo/John Roe)",
            "The minister speaks in Seoul. (AP Photo/John Roe)",
        ),
        ("(서울시 제공)", "(서울시 제공)"),
    ],
)
def test_captions(line, caption):
    art = parse_article(f"제목 줄\n첫 문단은 충분히 길게 쓴 문장이다.\n{line}\n마지막 문단이다.")
    assert Block("caption", caption) in art.blocks
    assert len(art.blocks) == 3


def test_caption_word_inside_a_sentence_is_not_a_caption():
    art = parse_article("日, 남수단 한빛부대에 실탄 제공\n본문 첫 문장이다.")
    assert art.headline == "日, 남수단 한빛부대에 실탄 제공"


@pytest.mark.parametrize("marker", ["■", "◆", "▶", "○", "◇"])
def test_marker_headings_drop_the_marker(marker):
    art = parse_article(f"제목 줄\n첫 문단이다.\n{marker} 소제목 하나\n둘째 문단이다.")
    assert art.blocks[1] == Block("heading", "소제목 하나")


def test_marker_line_that_is_a_sentence_stays_a_paragraph():
    art = parse_article(
        "제목 줄\n첫 문단이다.\n○ 정부는 오늘 새로운 대책을 발표했으며 내일부터 시행한다고 밝혔다.\n끝이다."
    )
    assert art.blocks[1] == Block(
        "paragraph", "○ 정부는 오늘 새로운 대책을 발표했으며 내일부터 시행한다고 밝혔다."
    )


def test_short_line_between_paragraphs_is_a_heading():
    para = "이 문단은 제목 다음에 오는 충분히 긴 본문 문단으로 여러 어절을 담고 있으며 마침표로 끝난다."
    art = parse_article(f"제목 줄\n{para}\n정부 대응 방안\n{para}")
    assert [b.kind for b in art.blocks] == ["paragraph", "heading", "paragraph"]
    assert art.blocks[1].text == "정부 대응 방안"


def test_short_sentence_between_paragraphs_is_a_paragraph(ko):
    assert Block("paragraph", "공동 사업의 핵심은 AI다.") in ko.blocks


# ---------------------------------------------------------------------------------------------
# Comment policies


@pytest.mark.parametrize(
    ("text", "max_length", "spaces", "categories", "action"),
    [
        ("공백 제외 300자 이내로 작성해 주세요.", 300, False, (), ""),
        ("최대 500자까지 쓸 수 있습니다.", 500, None, (), ""),
        ("Comments must be 1,000 characters or fewer, including spaces.", 1000, True, (), ""),
        ("Comments must be 1,000 characters or fewer.", 1000, None, (), ""),
        ("Profanity, slander, false information, defamation and flooding will be removed.",
         None, None, ALL_CATEGORIES, "hide"),
        ("명예훼손, 욕설 댓글은 등록이 제한됩니다.", None, None, ("defamation", "profanity"), "refuse"),
        ("Comments are held for review before they appear. No spam.", None, None, ("flooding",), "hold"),
        ("up to 200 characters; spaces are not counted", 200, False, (), ""),
    ],
)  # fmt: skip
def test_policy_parser(text, max_length, spaces, categories, action):
    policy = parse_policy(text)
    assert policy is not None
    assert (policy.max_length, policy.spaces_count, policy.categories, policy.action) == (
        max_length,
        spaces,
        categories,
        action,
    )
    assert policy.source_text == text


def test_text_without_policy_is_none():
    assert parse_policy("오늘 날씨가 맑습니다.") is None


def test_english_comment_section():
    art = parse_article(
        "Headline words here\nThe body paragraph is a sentence.\nComments (12)\n"
        "Comments must be 1,000 characters or fewer. Profanity and spam will be removed."
    )
    cs = art.comment_section
    assert cs is not None and cs.count == 12
    assert cs.policy.max_length == 1000
    assert cs.policy.categories == ("profanity", "flooding")
    assert cs.policy.action == "hide"
    assert art.body_text == "The body paragraph is a sentence."


def test_comment_header_without_count():
    art = parse_article("제목 줄\n본문이다.\n댓글\n욕설은 삭제됩니다.")
    assert art.comment_section.count is None
    assert art.comment_section.policy.categories == ("profanity",)


# ---------------------------------------------------------------------------------------------
# HTML and markdown


HTML = """<!doctype html><html><head><title>Site | 창밖 제목</title>
<style>p { color: red }</style><script>document.write("광고 스크립트")</script></head>
<body><nav><a href="/">홈</a> 메뉴</nav>
<article><h1>[단독] 시청 앞 광장 새 단장</h1>
<p>[서울신문=홍길동 기자] 서울 시청 앞 광장이 새로 단장됐다.</p>
<figure><img src="a.jpg"><figcaption>새로 단장한 광장 모습</figcaption></figure>
<h2>시민 반응</h2><p>시민들은 <b>대체로</b> 환영했다.</p>
<noscript>자바스크립트를 켜세요</noscript><iframe src="ad"></iframe>
<aside>많이 본 뉴스</aside><form>검색</form></article>
<footer>저작권 안내</footer></body></html>"""


def test_html_structure_and_removed_elements():
    art = parse_article(HTML, fmt="html")
    assert art.rubric == "[단독]"
    assert art.headline == "시청 앞 광장 새 단장"
    assert art.byline == Byline("홍길동", "기자", "서울신문")
    assert art.blocks == (
        Block("paragraph", "서울 시청 앞 광장이 새로 단장됐다."),
        Block("caption", "새로 단장한 광장 모습"),
        Block("heading", "시민 반응"),
        Block("paragraph", "시민들은 대체로 환영했다."),
    )
    for gone in ("광고 스크립트", "color", "메뉴", "자바스크립트", "많이 본 뉴스", "검색", "저작권 안내"):
        assert gone not in art.body_text


def test_html_title_used_when_no_h1():
    art = parse_article(
        "<html><head><title>Title only</title></head><body><p>Body text.</p></body></html>", fmt="html"
    )
    assert art.headline == "Title only"
    assert art.blocks == (Block("paragraph", "Body text."),)


def test_html_published_meta():
    html = ('<html><head><meta property="article:published_time" content="2024-06-03T09:00:00+09:00"></head>'
            "<body><h1>H</h1><p>Body.</p></body></html>")  # fmt: skip
    art = parse_article(html, fmt="html")
    assert (art.published, art.published_precision) == (datetime.date(2024, 6, 3), "day")


def test_markdown():
    md = (
        "# 시청 앞 광장 새 단장\n\n"
        "[서울신문=홍길동 기자] 서울 시청 앞 광장이 **새로** 단장됐다.\n\n"
        "![새로 단장한 광장 모습](a.jpg)\n\n"
        "## 시민 반응\n\n"
        "시민들은 [대체로](https://example.com) *환영*했다. snake_case_name 유지.\n"
    )
    art = parse_article(md, fmt="markdown")
    assert art.headline == "시청 앞 광장 새 단장"
    assert art.byline == Byline("홍길동", "기자", "서울신문")
    assert art.blocks == (
        Block("paragraph", "서울 시청 앞 광장이 새로 단장됐다."),
        Block("caption", "새로 단장한 광장 모습"),
        Block("heading", "시민 반응"),
        Block("paragraph", "시민들은 대체로 환영했다. snake_case_name 유지."),
    )


def test_markdown_setext_heading_and_lists():
    art = parse_article(
        "Big headline\n============\n\n- first point is here.\n- second point is here.\n", fmt="markdown"
    )
    assert art.headline == "Big headline"
    assert [b.text for b in art.blocks] == ["first point is here.", "second point is here."]


def test_hard_wrapped_plain_text_is_unwrapped():
    para = (
        "The city council voted on Tuesday to approve a new budget that\n"
        "increases spending on public transport and housing for the next\n"
        "three years, officials said.\n"
    )
    text = "Council approves budget\n\n" + para + "\n" + para + "\n" + para
    art = parse_article(text)
    assert art.headline == "Council approves budget"
    assert len(art.blocks) == 3
    assert art.blocks[0].text.startswith("The city council voted") and art.blocks[0].text.endswith(
        "officials said."
    )


# ---------------------------------------------------------------------------------------------
# Totality, linearity, substring property


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
@pytest.mark.parametrize(
    "text", ["", "   \n\n\t", "한 줄", "x", "\u200b\u200b", "[", "(=)", "댓글 (0)", "\ufeff\x00\x01"]
)
def test_degenerate_inputs_do_not_crash(text, fmt):
    art = parse_article(text, fmt=fmt)
    assert all(b.text.strip() for b in art.blocks)


def test_single_headline_line():
    art = parse_article("오늘의 헤드라인")
    assert art.headline == "오늘의 헤드라인" and art.blocks == ()
    assert "no body text found" in art.warnings


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(f"줄 {i} 은 본문이다." if i % 3 else f"■ 제목 {i}" for i in range(10_000)),
        "[" * 50_000,
        "[=" * 50_000,
        "(=" * 50_000,
        "a. " * 50_000,
        "**a" * 50_000,
        "[a](" * 50_000,
        "SEOUL " * 50_000,
        "a@b." * 50_000,
        "By " + "Abc " * 50_000,
        "홍길동 " * 50_000 + "기자",
        "2024." * 50_000,
        '"' * 100_000,
    ],
)
def test_large_and_adversarial_inputs_are_fast(text):
    for fmt in ("text", "markdown", "html"):
        start = time.perf_counter()
        parse_article(text, fmt=fmt)
        assert time.perf_counter() - start < 3.0, fmt


def _ws(s: str) -> str:
    return " ".join(s.split())


line_text = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["[뉴스=홍길동 기자] 본문이다.", "(서울=연합뉴스) 김철수 기자 = 기사.", "■ 소제목", "▲ 사진 설명", "댓글 (3)",
         "- 250자 이내, 욕설 금지", "By Jane Doe", "SEOUL, June 3 (Yonhap) -- Text.", "hong@x.com", "입력 2024.01.02",
         "[사진=연합뉴스]", "【2012년 8월 28일】", "# 제목", "<p>x</p>", "", "    "]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line_text, max_size=25).map("\n".join))
def test_property_any_text_parses_and_blocks_come_from_the_input(text):
    art = parse_article(text)
    source = _ws(text)
    for block in art.blocks:
        assert block.text.strip()
        assert _ws(block.text) in source
    assert art.published_precision in ("day", "month", "year", "")
    assert (art.published is None) == (art.published_precision == "")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["html", "markdown"]))
def test_property_other_formats_never_raise(text, fmt):
    art = parse_article(text, fmt=fmt)
    assert all(b.text.strip() for b in art.blocks)


def test_no_seed_strings_in_the_parser_source():
    import newsroom_text.structure as mod

    source = open(mod.__file__, encoding="utf-8").read()
    for constant in ("뉴스투데이", "임성지", "뉴투분석", "KT", "김영섭", "GSMA", "Microsoft"):
        assert not re.search(re.escape(constant), source), constant
