"""A client generated from the live OpenAPI schema uploads the seeds, waits, and reads their entities.

openapi-python-client (a development dependency) generates a typed Python package from
/api/schema/ as served by a live server; the test then uses only that package: multipart upload,
the processing-state endpoint, article detail, entity detail and the original download. The client
is told to raise on any status the schema does not document, and every body is parsed into the
generated models, so a response that drifts from its schema fails here.

On SQLite the live server processes uploads in-process; with REDIS_URL set a real Celery worker
process does it.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from articles.tests.factories import editor
from newsroom.api import token_create
from tests.integration.conftest import broker_url, start_worker  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = {"ko": ROOT / "seeds" / "000_329ef9b1478a6bb7.txt", "en": ROOT / "seeds" / "004_9e72b723b3a44e7c.txt"}
GENERATOR = Path(sys.executable).with_name("openapi-python-client")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api(live_server, tmp_path, request):
    """(generated package, authenticated client) against the live server."""
    if not GENERATOR.exists() and not shutil.which("openapi-python-client"):
        pytest.skip("openapi-python-client is not installed (pip install -e '.[dev]')")
    token = token_create(user=editor(username="generated-client")).key
    schema = httpx.get(f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"})
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    package = "newsroom_api_client"
    subprocess.run(
        [str(GENERATOR if GENERATOR.exists() else "openapi-python-client"), "generate",
         "--path", str(tmp_path / "schema.json"), "--meta", "none", "--output-path", str(tmp_path / package)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    _work_around_unset_import(tmp_path / package)
    sys.path.insert(0, str(tmp_path))
    try:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        generated = importlib.import_module(package)
        client = generated.AuthenticatedClient(
            base_url=live_server.url, token=token, prefix="Token", raise_on_unexpected_status=True, timeout=60.0,
        )
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            request.getfixturevalue("start_worker")()
        yield generated, client
    finally:
        sys.path.remove(str(tmp_path))


def _work_around_unset_import(package: Path) -> None:
    """openapi-python-client 0.29.1 annotates a required body with several content types (our upload:
    JSON or multipart) as `... | Unset` without importing Unset (upstream issue #1451, fix in PR #1478).
    Add the import to the modules that use it; nothing else of the generated code is touched."""
    for module in (package / "api").rglob("*.py"):
        text = module.read_text()
        if "| Unset" in text and "import Response, UNSET\n" in text:
            module.write_text(text.replace("import Response, UNSET\n", "import Response, UNSET, Unset\n", 1))


def _module(package: str, name: str):
    return importlib.import_module(f"newsroom_api_client.{package}.{name}")


def test_a_generated_client_uploads_the_seeds_waits_and_reads_their_entities(api):
    generated, client = api
    create = _module("api.v1", "v1_articles_create")
    state = _module("api.v1", "v1_articles_status_retrieve")
    detail = _module("api.v1", "v1_articles_retrieve")
    entity_detail = _module("api.v1", "v1_entities_retrieve")
    original = _module("api.v1", "v1_articles_original_retrieve")
    models = importlib.import_module("newsroom_api_client.models")
    types = importlib.import_module("newsroom_api_client.types")

    ids = {}
    for lang, path in SEEDS.items():
        upload = models.ArticleUpload(file=types.File(payload=BytesIO(path.read_bytes()), file_name=path.name,
                                                      mime_type="text/plain"))
        response = create.sync_detailed(client=client, body=upload)
        assert response.status_code == 202, response.content
        assert isinstance(response.parsed, models.ArticleAccepted)
        assert response.parsed.created is True
        ids[lang] = response.parsed.id

    deadline = time.monotonic() + 180
    for lang, article_id in ids.items():
        while True:
            current = state.sync(id=article_id, client=client)
            assert current.status.value not in ("failed",), current.error
            if current.status.value == "processed":
                break
            assert time.monotonic() < deadline, f"{lang} seed still {current.status.value}"
            time.sleep(0.5)

    articles = {lang: detail.sync(id=article_id, client=client) for lang, article_id in ids.items()}
    assert all(isinstance(a, models.ArticleDetail) for a in articles.values())
    # The structure came back typed: the English seed has no headline of its own.
    assert articles["ko"].headline_derived is False and articles["ko"].reporter_name
    assert articles["en"].headline_derived is True
    by_name = {lang: {(e.name_en or e.name_ko): e for e in a.entities} for lang, a in articles.items()}
    # The same companies are one entity in both languages, read through the generated models.
    for name in ("KT", "Microsoft"):
        assert name in by_name["ko"] and name in by_name["en"], (name, sorted(by_name["ko"]), sorted(by_name["en"]))
        assert by_name["ko"][name].id == by_name["en"][name].id
    microsoft = entity_detail.sync(id=by_name["en"]["Microsoft"].id, client=client)
    assert isinstance(microsoft, models.EntityDetail)
    assert {a.id for a in microsoft.articles} >= set(ids.values())
    assert {"마이크로소프트", "Microsoft"} <= {a.surface for a in microsoft.aliases} | {microsoft.name_ko, microsoft.name_en}
    # Every mention's offsets point into the stored body.
    for article in articles.values():
        assert article.mentions
        for mention in article.mentions:
            assert article.body_text[mention.start:mention.end] == mention.text

    download = original.sync_detailed(id=ids["ko"], client=client)
    assert download.status_code == 200
    assert download.content == SEEDS["ko"].read_bytes()
