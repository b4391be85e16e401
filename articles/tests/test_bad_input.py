"""Hostile uploads through the real API and the upload page: a clear refusal with nothing stored, or a clean article.

Every case goes through the Django test client (SQLite, tasks in-process on commit). A refusal is a
4xx in the API's one error shape (the upload page shows "name: message (code)" with the form again)
and leaves no Upload or Article row behind; an accepted upload is stored byte for byte under a safe
file name and processes to "processed" (never "failed"), and its page shows nothing of the
upload as live markup.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import zipfile

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from articles.models import Article, Upload
from articles.tests.factories import editor
from tests.api.helpers import client_for, error_of

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles"
KOREAN = (
    "삼성전자, 새 반도체 공장 착공\n\n"
    "삼성전자가 3일 경기 평택에 20조원 규모의 반도체 공장을 착공했다고 밝혔다.\n\n"
    "김영섭 대표는 “생산 능력을 두 배로 늘리겠다”고 말했다.\n"
)
ENGLISH = (
    "Samsung breaks ground on a new chip plant\n\n"
    "Samsung Electronics said on Monday it had started building a $15 billion plant in Pyeongtaek.\n\n"
    "“We will double our capacity,” said Kim Young-shub.\n"
)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # upload throttles count per user id, and ids repeat across rolled-back tests
    yield
    cache.clear()


@pytest.fixture
def api():
    return client_for(editor())


@pytest.fixture
def web():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor())
    return client


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what the request enqueued on commit (processing), as the embedded setup does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def rows() -> tuple[int, int]:
    return Upload.objects.count(), Article.objects.count()


def post_file(api, data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return api.post(LIST, {"file": upload}, format="multipart")


def assert_refused(response, before: tuple[int, int], *, status: int = 400, code: str | None = None) -> dict:
    """A 4xx in the one error shape with a sentence for a person, and nothing stored."""
    assert response.status_code == status, response.content[:500]
    error = error_of(response)
    if code is not None:
        assert error["code"] == code, error
    assert len(error["message"]) >= 10 and error["message"][0].isalnum(), error
    assert rows() == before, "a refused upload left a row behind"
    return error


def assert_safe_name(name: str) -> None:
    assert name and len(name) <= 255
    assert not any(ch in name for ch in "/\\\x00") and not name.startswith(".")
    assert all(ch.isprintable() for ch in name), repr(name)


def assert_clean_article(response, data: bytes, before: tuple[int, int]) -> Article:
    """Accepted: one new Upload holding the bytes untouched, a safe name, processed without error."""
    assert response.status_code == 202, response.content[:500]
    assert rows() == (before[0] + 1, before[1] + 1)
    article = Article.objects.select_related("upload").get(pk=response.json()["id"])
    assert bytes(article.upload.content) == data and article.upload.size == len(data)
    assert_safe_name(article.upload.file_name)
    assert article.status == Article.Status.PROCESSED, article.error
    return article


def refused_on_page(web, files, before) -> str:
    """The upload page re-shown (as for any invalid form) with every refusal, and nothing stored."""
    response = web.post(reverse("articles:upload"), {"files": files}, follow=True)
    assert response.status_code == 200
    assert rows() == before
    return response.content.decode()


# --- random bytes ------------------------------------------------------------------------------------

RANDOM_CASES = [(seed, size) for seed in range(8) for size in (1, 7, 300, 5000)]


@pytest.mark.parametrize("seed,size", RANDOM_CASES)
def test_random_bytes_are_refused_or_clean(api, run_tasks, seed, size):
    data = random.Random(seed).randbytes(size)
    before = rows()
    with run_tasks():
        response = post_file(api, data, "random.txt")
    if response.status_code == 202:
        assert_clean_article(response, data, before)
    else:
        assert_refused(response, before)


def test_random_bytes_on_the_upload_page(web):
    files = [SimpleUploadedFile(f"noise{i}.txt", random.Random(i).randbytes(2000)) for i in range(4)]
    page = refused_on_page(web, files, rows())
    for i in range(4):
        assert f"noise{i}.txt: " in page


# --- size ----------------------------------------------------------------------------------------------


@override_settings(NEWSROOM_MAX_UPLOAD_BYTES=2000)
def test_a_file_over_the_limit_is_a_413(api, run_tasks):
    data = (ENGLISH * 40).encode()[:2001]
    before = rows()
    error = assert_refused(post_file(api, data, "big.txt"), before, status=413, code="too_large")
    assert "2,001 bytes" in error["message"] and "2,000" in error["message"]
    with run_tasks():
        response = post_file(api, data[:2000], "big.txt")
    assert_clean_article(response, data[:2000], before)


@override_settings(NEWSROOM_MAX_UPLOAD_BYTES=2000)
def test_pasted_text_over_the_limit_is_a_413(api):
    before = rows()
    response = api.post(LIST, {"text": "가" * 700}, format="json")  # 2,100 bytes of UTF-8
    assert_refused(response, before, status=413, code="too_large")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_djangos_limit_is_a_413_too(api):
    before = rows()
    assert_refused(api.post(LIST, {"text": ENGLISH * 20}, format="json"), before, status=413, code="too_large")


@override_settings(NEWSROOM_MAX_UPLOAD_BYTES=2000)
def test_a_file_over_the_limit_on_the_upload_page(web):
    page = refused_on_page(web, [SimpleUploadedFile("big.txt", b"x" * 2001)], rows())
    assert "big.txt: big.txt is 2,001 bytes; the limit is 2,000 bytes (too_large)" in page


# --- cut multi-byte characters -------------------------------------------------------------------------


def _cut_mid_character(text: str, encoding: str) -> bytes:
    data = text.rstrip().encode(encoding)
    return data[:-1]  # the text ends in a Hangul syllable: 3 bytes in UTF-8, 2 in CP949


@pytest.mark.parametrize("encoding,phrase", [
    ("utf-8", "is mostly UTF-8 but is broken at byte"),
    ("cp949", "looks like Korean CP949/EUC-KR text cut off in the middle of a character"),
])
def test_truncated_korean_is_refused_with_the_right_diagnosis(api, encoding, phrase):
    data = _cut_mid_character(KOREAN + "끝", encoding)
    before = rows()
    error = assert_refused(post_file(api, data, "cut.txt"), before, code="undecodable")
    assert phrase in error["message"] and error["fields"] == {"file": [error["message"]]}


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_truncated_korean_on_the_upload_page(web, encoding):
    page = refused_on_page(web, [SimpleUploadedFile("cut.txt", _cut_mid_character(KOREAN + "끝", encoding))], rows())
    assert "cut.txt: cut.txt " in page and "(undecodable)" in page


def test_whole_cp949_is_accepted(api, run_tasks):
    data = KOREAN.encode("cp949")
    before = rows()
    with run_tasks():
        response = post_file(api, data, "euc-kr.txt")
    article = assert_clean_article(response, data, before)
    assert article.upload.encoding == "cp949" and "평택" in article.body_text


# --- hostile HTML ------------------------------------------------------------------------------------------

PAYLOADS = ("alert(1)", "steal()", "evil-style", "frame-src", "javascript:", "onerror", "onload", "onmouseover")
HOSTILE_HTML = """<!doctype html><html><head><title>Chip plant &lt;script&gt;alert(1)&lt;/script&gt;</title>
<style>body { background: url(evil-style) }</style><script>alert(1); steal()</script></head>
<body onload="steal()"><h1 onmouseover="steal()">Samsung breaks ground on a chip plant</h1>
<iframe src="https://frame-src.example/"></iframe>
<p>Samsung Electronics said on Monday it had started building a $15 billion plant.
<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">Read more</a></p>
<p>Kim Young-shub said the plant would open in 2027.<script type="text/javascript">steal()</script></p>
<noscript><p>alert(1)</p></noscript><svg onload="alert(1)"><script>alert(1)</script></svg>
</body></html>"""


# The payload's own tags and attributes, as a browser would run them.
LIVE_MARKUP = ("<script>alert", "<script type=\"text/javascript\">", "<style>body", "<iframe src", "<img src=\"x\"",
               "<svg onload", "<a href=\"javascript", "<body onload", "<h1 onmouseover", "<noscript>")


def _page(web, article: Article) -> str:
    return web.get(reverse("articles:detail", args=[article.pk])).content.decode()


def test_hostile_html_is_kept_byte_for_byte_and_shown_without_any_of_it(api, web, run_tasks):
    data = HOSTILE_HTML.encode()
    before = rows()
    with run_tasks():
        response = post_file(api, data, "hostile.html")
    article = assert_clean_article(response, data, before)
    assert article.upload.fmt == "html"
    assert "Samsung Electronics said on Monday" in article.body_text and "Read more" in article.body_text
    stored = " ".join([article.headline, article.body_text, *article.subheadlines, json.dumps(article.blocks)])
    for payload in PAYLOADS:
        assert payload not in stored, payload
    page = _page(web, article)
    assert "said on Monday it had started building" in page
    for payload in PAYLOADS:
        assert payload not in page, payload
    _scripts_are_ours(page)
    detail = api.get(f"{LIST}/{article.pk}").json()
    assert not any(payload in json.dumps(detail) for payload in PAYLOADS)
    original = api.get(f"{LIST}/{article.pk}/original")
    assert original.content == data and original["Content-Type"] == "application/octet-stream"
    assert original["Content-Disposition"].startswith("attachment;") and original["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["hostile.txt", "hostile.md"])
def test_html_in_a_text_or_markdown_file_is_shown_as_text(api, web, run_tasks, name):
    """Not parsed as HTML, so the markup stays in the body as text: escaped wherever it is shown."""
    data = HOSTILE_HTML.encode()
    before = rows()
    with run_tasks():
        response = post_file(api, data, name)
    article = assert_clean_article(response, data, before)
    page = _page(web, article)
    assert "steal()" in article.body_text  # kept as words of the text ...
    for live in LIVE_MARKUP:
        assert live not in page, live  # ... never as markup
    assert "&lt;script&gt;alert(1); steal()&lt;/script&gt;" in page
    _scripts_are_ours(page)
    search = web.get(reverse("articles:search"), {"q": "steal"}).content.decode()
    assert "<script>alert(1)" not in search and "onerror=\"" not in search


def test_markup_in_a_pasted_text_and_in_the_file_name(api, web, run_tasks):
    before = rows()
    text = '<script>alert(1)</script> 제목\n\n본문에 <b onmouseover="steal()">굵은 글씨</b>가 있다.\n'
    with run_tasks():
        response = api.post(LIST, {"text": text, "file_name": '"><img src=x onerror=alert(1)>.txt'}, format="json")
    article = assert_clean_article(response, text.encode(), before)
    page = _page(web, article)
    assert "<img src=x" not in page and "<script>alert" not in page and "<b onmouseover" not in page
    _scripts_are_ours(page)


def _scripts_are_ours(page: str) -> None:
    """Every <script> on a page is one of our static files or inert JSON-LD (a CSP allows no inline script)."""
    for tag in re.findall(r"<script\b[^>]*>", page, flags=re.I):
        assert re.fullmatch(rf'<script src="{re.escape(settings.STATIC_URL)}[^"<>]+"( defer)?>', tag) or (
            tag == '<script type="application/ld+json">'
        ), tag


# --- file names -------------------------------------------------------------------------------------------
# Sent as raw multipart bodies: the test client takes os.path.basename() of a file's name itself, which
# would hide what the server does with "../" in a name.

BOUNDARY = "----newsroom-bad-input-boundary"


def multipart(name: str, data: bytes, field: str = "file") -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n")
    return head.encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def post_raw(client, path: str, name: str, data: bytes, field: str = "file"):
    return client.post(path, data=multipart(name, data, field), content_type=f"multipart/form-data; boundary={BOUNDARY}")


NAMES = [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
    ("C:\\x\\y.txt", "y.txt"),
    ("/absolute/path/story.md", "story.md"),
    ("..&#x2F;..&#x2F;escaped.txt", "escaped.txt"),  # Django unescapes HTML entities in names first
    ("story\x00.txt", "story.txt"),
    ("\x00\x01\x1bstory.txt", "story.txt"),
    ("\u202etxt.exe.txt", "txt.exe.txt"),  # a right-to-left override hiding the real extension
    ("...hidden.txt", "hidden.txt"),
    ("x" * 300 + ".txt", "x" * 251 + ".txt"),  # at most 255 characters, the extension kept
    ("가" * 200 + ".html", "가" * 200 + ".html"),
]


@pytest.mark.parametrize("name,expected", NAMES, ids=[repr(n[:16]) for n, _ in NAMES])
def test_file_names_are_stored_safely(api, run_tasks, name, expected):
    data = f"{ENGLISH}\n{len(name)}\n".encode()
    before = rows()
    with run_tasks():
        response = post_raw(api, LIST, name, data)
    article = assert_clean_article(response, data, before)
    assert article.upload.file_name == expected
    disposition = api.get(f"{LIST}/{article.pk}/original")["Content-Disposition"]
    assert "/" not in disposition.split("filename*=")[0] and "\\" not in disposition


@pytest.mark.parametrize("name", ["x" * 1200 + ".txt", "가" * 400 + ".txt"])
def test_a_file_name_longer_than_a_part_header_allows_is_a_400(api, name):
    """Django refuses multipart part headers over 1 KB: a 400 in the error shape, nothing stored."""
    before = rows()
    error = assert_refused(post_raw(api, LIST, name, ENGLISH.encode()), before, code="parse_error")
    assert "header size" in error["message"]


@pytest.mark.parametrize("name,expected", NAMES[:8], ids=[repr(n[:16]) for n, _ in NAMES[:8]])
def test_file_names_on_the_upload_page(web, run_tasks, name, expected):
    data = f"{ENGLISH}\n{name[:20]!r}\n".replace("\x00", "").encode()
    before = rows()
    with run_tasks():
        response = post_raw(web, reverse("articles:upload"), name, data, field="files")
    assert response.status_code == 302, response.content[:500]
    assert rows() == (before[0] + 1, before[1] + 1)
    upload = Upload.objects.latest("pk")
    assert bytes(upload.content) == data and upload.file_name == expected


def test_a_file_name_longer_than_a_part_header_allows_on_the_upload_page(web):
    before = rows()
    response = post_raw(web, reverse("articles:upload"), "x" * 1200 + ".txt", b"Text", field="files")
    assert response.status_code == 400 and rows() == before


def test_pasted_text_with_a_path_for_a_name(api, run_tasks):
    before = rows()
    with run_tasks():
        response = api.post(LIST, {"text": HOSTILE_HTML, "file_name": "../../../srv/www/index.html"}, format="json")
    article = assert_clean_article(response, HOSTILE_HTML.encode(), before)
    assert article.upload.file_name == "index.html" and article.upload.fmt == "html"


@pytest.mark.parametrize("payload,field", [
    ({"text": ENGLISH, "file_name": "a\x00.txt"}, "file_name"),
    ({"text": ENGLISH, "file_name": "x" * 1000 + ".txt"}, "file_name"),
    ({"text": "Headline\n\nA body with a NUL \x00 in it."}, "text"),
    ({"text": "Headline\n\nA lone surrogate \ud800 in it."}, "text"),
])
def test_pasted_text_and_names_the_serializer_refuses(api, payload, field):
    before = rows()
    body = json.dumps(payload)  # lone surrogates survive as \ud800 escapes, as a client would send them
    error = assert_refused(api.post(LIST, body, content_type="application/json"), before)
    assert list(error["fields"]) == [field]


# --- NUL bytes, empty files, binary files named .txt -------------------------------------------------------


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", ENGLISH)
    return buffer.getvalue()


BINARY = [
    ("zip.txt", _zip(), "a ZIP archive"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
    ("pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    ("gzip.txt", gzip.compress(ENGLISH.encode()), "a gzip archive"),
    ("elf.txt", b"\x7fELF\x02\x01\x01" + bytes(64), "an executable program"),
    ("nul.txt", ENGLISH.encode() + b"\x00" + KOREAN.encode(), "it contains NUL bytes"),
    ("utf32.txt", ENGLISH.encode("utf-32"), "it contains NUL bytes"),
    ("control.txt", bytes(range(1, 9)) * 40 + ENGLISH.encode(), "too many control characters"),
]


@pytest.mark.parametrize("name,data,what", BINARY, ids=[b[0] for b in BINARY])
def test_binary_files_named_txt_are_refused(api, name, data, what):
    before = rows()
    error = assert_refused(post_file(api, data, name), before, code="binary")
    assert error["message"].startswith(f"{name} looks like ") and what in error["message"]


def test_binary_files_on_the_upload_page(web):
    page = refused_on_page(web, [SimpleUploadedFile(name, data) for name, data, _ in BINARY], rows())
    for name, _data, what in BINARY:
        assert f"{name}: {name} looks like " in page and what in page


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_files_are_refused(api, data):
    before = rows()
    error = assert_refused(post_file(api, data, "empty.txt"), before, code="empty")
    assert error["message"].startswith("empty.txt ")


def test_empty_pasted_text_is_refused(api):
    before = rows()
    assert_refused(api.post(LIST, {"text": "  \n "}, format="json"), before, code="empty")


def test_empty_file_on_the_upload_page(web):
    page = refused_on_page(web, [SimpleUploadedFile("empty.txt", b"")], rows())
    assert "empty.txt: empty.txt is empty (empty)" in page


@pytest.mark.parametrize("name", ["story.exe", "story.txt.php", "story.docx"])
def test_unknown_extensions_are_refused(api, name):
    before = rows()
    assert_refused(post_file(api, ENGLISH.encode(), name), before, code="unknown_type")


# --- text that is valid but hostile to the parser and the extraction ------------------------------------------

PATHOLOGICAL = [
    ("nested.html", "<p>Samsung said.</p>" + "<div>" * 3000 + "deep text" + "</div>" * 3000),
    ("unclosed.html", "<h1>Headline</h1>" + "<div><p><b>" * 2000 + "Samsung said."),
    ("heading.md", "# x" + " " * 20_000 + "y\n\nSamsung said on Monday.\n"),
    ("emphasis.md", "# Headline\n\n" + "**a" * 5000 + "\n"),
    ("capitals.txt", "Headline\n\n" + "A" * 20_000 + " 행사를 열었다.\n"),
    ("dots.txt", "Headline\n\n" + "." * 20_000 + "x\n"),
    ("footnotes.txt", "Headline\n\n" + "[1]" * 5000 + "x\n"),
    ("digits.txt", "제목\n\n" + "1" * 5000 + "억원을 투자했다. 매출은 $" + "9" * 40 + "였다.\n"),
    ("jinan.txt", "제목\n\n" + "지난 " * 3000 + "3일 발표했다.\n"),
    ("quotes.txt", "제목\n\n" + "“" * 3000 + "좋다" + "”" * 3000 + "고 말했다.\n"),
    ("acronyms.txt", "제목\n\n" + "가나다라(AB) " * 1000 + "\n"),
    ("one-word.txt", "제목\n\n" + "가" * 5000 + "\n"),
]


@pytest.mark.parametrize("name,text", PATHOLOGICAL, ids=[p[0] for p in PATHOLOGICAL])
def test_pathological_articles_are_processed(api, run_tasks, name, text):
    """Inputs that used to hang a regular expression or fail a step: processed, not failed."""
    data = text.encode()
    before = rows()
    with run_tasks():
        response = post_file(api, data, name)
    article = assert_clean_article(response, data, before)
    assert article.error == ""


# --- the upload page with hostile markup and oversized names ------------------------------------------------


def test_hostile_html_through_the_upload_page(web, run_tasks):
    """A hostile .html file (parsed as HTML) and the same markup pasted (kept as text): neither shows live markup."""
    data, pasted = HOSTILE_HTML.encode(), HOSTILE_HTML + "\n<p>Pasted as text.</p>"
    before = rows()
    with run_tasks():
        response = web.post(reverse("articles:upload"), {"files": [SimpleUploadedFile("hostile.html", data)],
                                                         "text": pasted})
    assert response.status_code == 302 and rows() == (before[0] + 2, before[1] + 2)
    uploaded, typed = Article.objects.select_related("upload").order_by("pk")
    assert bytes(uploaded.upload.content) == data and uploaded.upload.fmt == "html"
    assert bytes(typed.upload.content) == pasted.encode() and typed.upload.fmt == "text"
    for article in (uploaded, typed):
        assert article.status == Article.Status.PROCESSED
        page = _page(web, article)
        for live in LIVE_MARKUP:
            assert live not in page, live
        _scripts_are_ours(page)
