"""schema.org NewsArticle JSON-LD for an article's page, safe to place inside a <script> element."""

from __future__ import annotations

import json

from django.urls import reverse

# Inside <script type="application/ld+json"> the HTML parser ends the element at "</script>" and
# treats "<!--" specially, whatever JSON says; escaping <, > and & as \u003c etc. keeps the JSON
# equal and the markup inert. U+2028/2029 are escaped for old JavaScript parsers.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                0x2028: "\\u2028", 0x2029: "\\u2029"}


def article_jsonld(article, request) -> str:
    """The NewsArticle as a JSON string for {{ jsonld|safe }} inside <script type="application/ld+json">."""
    url = request.build_absolute_uri(reverse("articles:detail", args=[article.pk]))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": (article.headline or "")[:110],
        "dateCreated": article.created_at.isoformat() if article.created_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
    }
    if article.language:
        data["inLanguage"] = article.language
    if article.published_date:
        data["datePublished"] = article.published_date.isoformat()
    if article.subheadlines:
        data["alternativeHeadline"] = article.subheadlines[0]
    if article.reporter_name:
        data["author"] = {"@type": "Person", "name": article.reporter_name}
    if article.outlet_id:
        data["publisher"] = {"@type": "Organization", "name": article.outlet.name}
    if article.rubric:
        data["articleSection"] = article.rubric
    data = {k: v for k, v in data.items() if v is not None}
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
