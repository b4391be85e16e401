"""XSS: text that looks like markup, put into every free-text field, is shown as text on every surface.

Each payload is stored in the article's headline, byline, rubric, subheadline, body, outlet, file
name, processing log; the entities' names and aliases; the event, quote, amount and date; the
comment policy's text; the comments, their reasons and the moderation decisions. Each surface is
then read raw: nothing in it may run (no script element with code, no event-handler attribute, no
javascript: URL, see tests/security/html.py), and the payload must be there, escaped, so the
surface really showed it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils.html import escape
from rest_framework.test import APIClient

from articles import services as article_services
from articles.jsonld import article_jsonld
from articles.models import Article

from . import html
from .conftest import build_world
from .test_authorisation_matrix import ADMIN_MODELS

PAYLOADS = {
    "script-element": "<script>alert(1)</script>",
    "attribute-breakout": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(1)",
    "script-breakout": "</script><script>alert(1)</script>",
}
PAYLOAD_IDS = list(PAYLOADS)


@pytest.fixture(params=PAYLOAD_IDS)
def payload(request) -> str:
    return PAYLOADS[request.param]


@pytest.fixture
def xss_world(db, payload):
    world = build_world(payload)
    from search.services import search_index_article

    search_index_article(article=world.article)
    return world


def _inert(content: bytes | str, payload: str, *, styles: bool = True, must_show: bool = True) -> str:
    text = content.decode() if isinstance(content, bytes) else content
    problems = html.active_content(text, styles=styles)
    assert not problems, problems
    raw_markup = [p for p in ("<script>alert", "<img src=x") if p in text]  # the parser checks the rest
    assert not raw_markup, f"unescaped payload markup in the page: {raw_markup}"
    if must_show:
        assert escape(payload) in text, "the payload is not on this surface, escaped: the test would prove nothing"
    return text


def _get(world, role: str, url: str, **extra):
    response = world.ui_client(role).get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


# --- the editorial pages ---------------------------------------------------------------------------

UI_SURFACES = {
    "article page (editor)": ("editor", "/articles/{article}/"),
    "article page (viewer)": ("viewer", "/articles/{article}/"),
    "search results": ("viewer", "/?q=협약"),
    "search results, sorted by date": ("viewer", "/search/?q=협약&sort=newest"),
    "search, archive listing": ("viewer", "/"),
    "dashboard": ("editor", "/dashboard/"),
    "upload progress": ("editor", "/articles/progress/?ids={article}"),
    "entity list": ("viewer", "/entities/?q=한국전력"),
    "entity page": ("editor", "/entities/{entity}/?target_q=한"),
    "entity page of a person": ("viewer", "/entities/{person}/"),
    "events page and SVG timeline": ("viewer", "/events/"),
    "moderation queue": ("editor", "/moderation/?status=all"),
    "comment policy editor": ("editor", "/articles/{article}/comment-policy/"),
}


@pytest.mark.parametrize("surface", list(UI_SURFACES))
def test_ui_surface_renders_the_payload_inert(xss_world, payload, surface):
    role, url = UI_SURFACES[surface]
    url = url.format(article=xss_world.article.pk, entity=xss_world.entity.pk, person=xss_world.person.pk)
    text = _inert(_get(xss_world, role, url).content, payload)
    if "SVG" in surface:
        svg = text[text.index("<svg"):text.index("</svg>")]
        assert escape(payload) in svg  # the event's trigger and evidence in the marks' <title>


def test_search_results_without_the_index_are_inert(xss_world, payload):
    """The simple ORM search (no index step) highlights with its own code."""
    with override_settings(NEWSROOM_PIPELINE_STEPS=["articles.pipeline.StructureStep"]):
        text = _inert(_get(xss_world, "viewer", "/?q=협약").content, payload)
    assert "<mark>" in text  # the highlighting ran


def test_the_payload_as_the_search_query_is_highlighted_escaped(xss_world, payload):
    """The query itself comes back in the search box and marks matches inside the payload: the
    highlighter escapes each piece, then adds <mark>, so a match cannot split an escape."""
    for url in ("/", "/search/"):
        response = xss_world.ui_client("viewer").get(url, {"q": payload})
        assert response.status_code == 200
        _inert(response.content, payload)


def test_highlight_fragments_are_escaped_before_marking():
    rendered = render_to_string("includes/_fragments.html", {
        "fragment": [("<", False), ("script", True), (">alert(1)</", False), ("script", True), (">", False)]})
    assert rendered == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"


# --- the admin ---------------------------------------------------------------------------------------------


ADMIN_SURFACES = sorted(model for model, (_, may) in ADMIN_MODELS.items() if may)


@pytest.mark.parametrize("model", ADMIN_SURFACES)
def test_admin_changelist_and_change_page_are_inert(xss_world, payload, model):
    obj = getattr(xss_world, ADMIN_MODELS[model][0])
    shown = 0
    for url in (f"/admin/{model}/", f"/admin/{model}/{obj.pk}/change/", f"/admin/{model}/?q={obj.pk}"):
        text = _inert(_get(xss_world, "editor", url).content, payload, must_show=False)
        shown += escape(payload) in text
    if model not in ("entities/mention", "entities/entitymerge", "articles/upload"):  # no free text of ours there
        assert shown, f"the payload is on no admin page of {model}"


def test_admin_comment_reasons_are_inert(xss_world, payload):
    text = _inert(_get(xss_world, "editor", f"/admin/comments/comment/{xss_world.comment.pk}/change/").content, payload)
    assert "<code>" in text  # the reasons list (format_html_join) rendered


# --- JSON-LD, the Atom feed, JSON -----------------------------------------------------------------------


def test_jsonld_cannot_end_its_script_element(xss_world, payload, rf):
    text = article_jsonld(xss_world.article, rf.get("/"))
    assert "<" not in text and ">" not in text and "&" not in text.replace("\\u0026", "")
    data = json.loads(text)  # still the same data once parsed
    assert data["headline"] == xss_world.article.headline[:110]
    assert data["author"]["name"] == xss_world.article.reporter_name
    assert data["publisher"]["name"] == xss_world.article.outlet.name


def test_jsonld_on_the_article_page_is_inert(xss_world, payload):
    page = _get(xss_world, "viewer", f"/articles/{xss_world.article.pk}/").content.decode()
    for attributes, body in html.read(page).scripts:
        if attributes.get("type") == "application/ld+json":
            assert "<" not in body
            assert json.loads(body)["headline"] == xss_world.article.headline[:110]


def test_atom_feed_is_well_formed_and_escaped(xss_world, payload):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {xss_world.keys['viewer']}")
    response = client.get("/api/v1/feed.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    raw = b"".join(response) if response.streaming else response.content
    tree = ET.fromstring(raw)  # well-formed XML, or this raises
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = tree.find("atom:entry", ns)
    assert entry.findtext("atom:title", namespaces=ns) == xss_world.article.headline
    assert entry.findtext("atom:author/atom:name", namespaces=ns) == xss_world.article.reporter_name
    assert payload in entry.findtext("atom:summary", namespaces=ns)
    assert not [e.tag for e in tree.iter() if e.tag.split("}")[-1] in ("script", "img")]
    assert b"<script" not in raw and b"<img" not in raw


def test_atom_feed_drops_characters_xml_cannot_carry(db):
    world = build_world("\x0b\x1f<b>")
    client = world.api_client("viewer")
    raw = client.get("/api/v1/feed.atom").content
    ET.fromstring(raw)


@pytest.mark.parametrize("url", ["/api/v1/articles/{article}/ninjs", "/api/v1/articles/{article}",
                                 "/api/v1/articles?q=협약&snippets=true", "/api/v1/entities/{entity}",
                                 "/api/v1/articles/{article}/comments", "/api/v1/comments/queue?status=all"])
def test_json_is_served_as_json(xss_world, payload, url):
    """JSON carries the text as it is; it cannot run because it is never served as HTML."""
    response = xss_world.api_client("editor").get(url.format(article=xss_world.article.pk, entity=xss_world.entity.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert payload in json.dumps(response.json(), ensure_ascii=False)


def test_ninjs_keeps_the_text_exactly(xss_world, payload):
    data = xss_world.api_client("viewer").get(f"/api/v1/articles/{xss_world.article.pk}/ninjs").json()
    assert data["headlines"][0]["value"] == xss_world.article.headline
    assert data["bodies"][0]["value"] == xss_world.article.body_text


def test_browsable_api_page_is_inert(xss_world, payload):
    client = xss_world.ui_client("editor")
    response = client.get(f"/api/v1/articles/{xss_world.article.pk}", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    # DRF's own templates use a few style attributes (layout only); the CSP blocks those anyway.
    _inert(response.content, payload, styles=False)


def test_the_status_json_of_the_upload_page_is_json(xss_world, payload):
    response = xss_world.ui_client("editor").get(f"/articles/status?ids={xss_world.article.pk}")
    assert response["Content-Type"] == "application/json"
    assert response.json()["articles"][0]["headline"] == xss_world.article.headline


# --- script URLs and redirects ------------------------------------------------------------------------


def test_uploaded_markdown_and_html_links_do_not_become_script_links(db, django_capture_on_commit_callbacks):
    """An upload is decoded to text: a javascript: link in Markdown or HTML is not a link on the page."""
    world = build_world()
    uploads = {
        "links.md": b"# Markdown links\n\nSee [the report](javascript:alert(1)) and <a href=\"javascript:alert(2)\">this</a>.\n",
        "links.html": b"<html><body><h1>HTML links</h1><p><a href=\"javascript:alert(3)\" onclick=\"alert(4)\">x</a>"
                      b"<script>alert(5)</script><img src=x onerror=alert(6)></p></body></html>",
    }
    for name, data in uploads.items():
        with django_capture_on_commit_callbacks(execute=True):
            result = article_services.article_ingest(data=data, file_name=name, uploaded_by=world.editor)
        article = Article.objects.get(pk=result.article.pk)
        page = _get(world, "editor", f"/articles/{article.pk}/").content.decode()
        assert not html.active_content(page), (name, html.active_content(page))
        assert "<script>alert" not in page and "onerror=alert" not in page


@pytest.mark.parametrize("next_url", ["javascript:alert(1)", "//evil.example/", "https://evil.example/",
                                      "/\\evil.example/", " javascript:alert(1)"])
def test_login_and_language_redirects_stay_on_the_site(db, settings, next_url):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    client = world.ui_client("anonymous")
    page = client.get("/accounts/login/", {"next": next_url}).content.decode()
    assert not html.active_content(page)
    response = client.post("/accounts/login/", {"username": "reader", "password": "a-long-test-password", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/", response["Location"]
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/", response["Location"]
    response = world.ui_client("editor").post(f"/articles/{world.article.pk}/reprocess", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == f"/articles/{world.article.pk}/"
