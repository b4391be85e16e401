"""Print what a reader and an editor can observe of the archive in DATABASE_URL, as one JSON object.

    DATABASE_URL=postgres://.../name python -m tests.backup.probe

Rows per model table, the SHA-256 of every upload's bytes, and the search results (total, article
ids in order, facets) of QUERIES through search.selectors.search_articles. Run against an archive
and against its restored copy: the two outputs must be equal.
"""

import hashlib
import json
import os

QUERIES = [
    "KT",
    "김영섭",
    "클라우드 AI",
    "Microsoft cloud",
    '"GSMA 이사회"',
    "한강 공원",
    "서울시 OR 마이크로소프트",
    "KT -클라우드",
]


def observe() -> dict:
    from django.apps import apps

    from articles.models import Upload
    from search.selectors import search_articles

    rows = {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    uploads = {
        str(pk): hashlib.sha256(bytes(content)).hexdigest()
        for pk, content in Upload.objects.order_by("pk").values_list("pk", "content")
    }
    search = {}
    for q in QUERIES:
        result = search_articles(q, page_size=50, with_snippets=False)
        search[q] = {"total": result.total, "ids": [hit.article.pk for hit in result.items], "facets": result.facets}
    return {"rows": rows, "uploads": uploads, "search": search}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    print(json.dumps(observe(), ensure_ascii=False, sort_keys=True, default=str))
