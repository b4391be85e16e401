"""article_ingest / article_process / article_reprocess / sweep, through the real database."""

import datetime

import pytest
from django.test import override_settings

from articles import services
from articles.models import Article, CommentPolicy, ProcessingLog, Upload
from articles.pipeline import steps

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def ingest(data: bytes, name: str = "a.txt", **kwargs) -> Article:
    result = services.article_ingest(data=data, file_name=name, **kwargs)
    return Article.objects.get(pk=result.article.pk)


@pytest.fixture
def processed(django_capture_on_commit_callbacks):
    def _ingest(data: bytes, name: str = "a.txt", **kwargs) -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            return ingest(data, name, **kwargs)

    def wrapper(data, name="a.txt", **kwargs):
        article = _ingest(data, name, **kwargs)
        article.refresh_from_db()
        return article

    return wrapper


def test_korean_seed_is_stored_untouched_and_parsed(processed, korean_seed_bytes):
    article = processed(korean_seed_bytes, "000_329ef9b1478a6bb7.txt")

    assert bytes(article.upload.content) == korean_seed_bytes
    assert article.upload.encoding in {"utf-8", "utf-8-sig"}
    assert article.upload.size == len(korean_seed_bytes)
    assert article.status == Article.Status.PROCESSED, article.error
    assert article.language == "ko"
    assert article.rubric == "[뉴투분석]"
    assert article.headline.startswith("KT 김영섭 호(號), 세계 800여개 통신사와 손잡고")
    assert not article.headline_derived
    assert len(article.subheadlines) == 4
    assert article.subheadlines[0].startswith("김 대표, 세계 최대 통신사업자 협의체 GSMA")
    assert (article.reporter_name, article.reporter_role) == ("임성지", "기자")
    assert article.outlet.name == "뉴스투데이"
    assert article.published_date is None  # the text never states it: not invented
    assert article.blocks[0]["kind"] == "paragraph"
    assert article.blocks[0]["text"].startswith("KT(대표 김영섭·사진)가")
    headings = [b["text"] for b in article.blocks if b["kind"] == "heading"]
    assert len(headings) == 1 and "AICT 컴퍼니로 자리매김" in headings[0]
    # the comment section is not body
    assert "댓글" not in article.body_text and "250자" not in article.body_text
    for block in article.blocks:
        assert article.body_text[block["start"] : block["end"]] == block["text"]

    policy = CommentPolicy.objects.get(article=article)
    assert policy.max_length == 250 and policy.spaces_count is True
    assert policy.categories == ["profanity", "slander", "false_information", "defamation", "flooding"]
    assert set(policy.actions.values()) == {"hide"}
    assert article.comment_count == 0


def test_english_seed_gets_a_derived_headline_and_no_invented_byline_or_date(processed, english_seed_bytes):
    article = processed(english_seed_bytes, "004_9e72b723b3a44e7c.txt")

    assert article.status == Article.Status.PROCESSED, article.error
    assert article.language == "en"
    assert article.headline_derived
    assert article.headline and article.headline.split()[0] == "KT,"
    assert article.reporter_name == "" and article.outlet is None
    assert article.published_date is None
    assert article.body_text.startswith("KT, South Korea’s top telecom company")


def test_cp949_copy_imports_to_identical_text(processed, korean_seed_bytes):
    original_text = korean_seed_bytes.decode("utf-8")
    article = processed(original_text.encode("cp949"), "seed-cp949.txt")

    assert article.upload.encoding == "cp949"
    assert bytes(article.upload.content) == original_text.encode("cp949")
    assert article.source_text == original_text.replace("\r\n", "\n")
    assert article.content_hash == services.content_hash(original_text)


def test_same_text_twice_is_one_article(processed, korean_seed_bytes):
    first = processed(korean_seed_bytes, "one.txt")
    second = services.article_ingest(data=korean_seed_bytes, file_name="two.txt")

    assert not second.created and second.article.pk == first.pk
    assert Article.objects.count() == 1 and Upload.objects.count() == 1


@pytest.mark.parametrize(
    "data,name,code",
    [
        (PNG, "photo.txt", "binary"),
        (b"", "empty.txt", "empty"),
        (b"   \n\t  ", "blank.txt", "empty"),
        (b"hello", "report.docx", "unknown_type"),
    ],
)
def test_bad_input_is_refused_and_leaves_no_row(data, name, code):
    with pytest.raises(services.UploadRejected) as info:
        services.article_ingest(data=data, file_name=name)

    assert info.value.code == code
    assert name in info.value.message or code in {"empty"}
    assert Article.objects.count() == 0 and Upload.objects.count() == 0


@override_settings(NEWSROOM_MAX_UPLOAD_BYTES=100)
def test_file_over_the_configured_size_is_refused():
    with pytest.raises(services.UploadRejected) as info:
        services.article_ingest(data=b"x" * 101 + b"\n", file_name="big.txt")
    assert info.value.code == "too_large"
    assert Upload.objects.count() == 0


def test_file_names_are_reduced_to_a_safe_base_name(processed):
    article = processed(b"A headline\n\nSome body text here.", "../../etc/\x00pass\x07wd.txt")
    assert article.upload.file_name == "passwd.txt"


def _with_fault_step(path: str):
    steps.cache_clear()
    return override_settings(NEWSROOM_PIPELINE_STEPS=["articles.pipeline.StructureStep", path])


def test_a_failing_step_fails_the_article_with_its_reason_and_keeps_everything(processed):
    data = b"Headline of a doomed article\n\nFAULT-RAISE in the body of the article."
    with _with_fault_step("tests.faults.RaiseOnMarkerStep"):
        article = processed(data, "doomed.txt")
        other = processed(b"A healthy article\n\nNothing to see here at all.", "fine.txt")
    steps.cache_clear()

    assert article.status == Article.Status.FAILED
    assert "fault-raise step failed" in article.error and "injected fault" in article.error
    assert bytes(article.upload.content) == data
    assert other.status == Article.Status.PROCESSED
    assert list(article.processing_log.values_list("status", flat=True)) == ["pending", "processing", "failed"]


def test_reprocessing_gives_the_same_result_without_duplicates(processed, korean_seed_bytes, django_capture_on_commit_callbacks):
    article = processed(korean_seed_bytes)
    before = (article.headline, article.blocks, article.subheadlines)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_reprocess(article=article)
    article.refresh_from_db()

    assert article.status == Article.Status.PROCESSED
    assert (article.headline, article.blocks, article.subheadlines) == before
    assert CommentPolicy.objects.filter(article=article).count() == 1
    assert article.attempts == 2


def test_a_processed_article_is_not_processed_again_by_a_duplicate_message(processed, korean_seed_bytes):
    article = processed(korean_seed_bytes)

    assert services.article_process(article_id=article.pk) == "skipped"
    article.refresh_from_db()
    assert article.attempts == 1
    assert ProcessingLog.objects.filter(article=article, status="processed").count() == 1


def test_an_article_claimed_by_a_dead_worker_is_taken_over_after_the_lease(korean_seed_bytes):
    article = ingest(korean_seed_bytes)  # on_commit not executed: stays pending, like a lost message
    stale = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Article.objects.filter(pk=article.pk).update(status="processing", claimed_at=stale, attempts=1)

    assert services.article_process(article_id=article.pk) == Article.Status.PROCESSED
    article.refresh_from_db()
    assert article.attempts == 2 and article.claimed_at is None


def test_an_article_claimed_within_its_lease_is_left_alone(korean_seed_bytes):
    article = ingest(korean_seed_bytes)
    services._claim(article.pk)

    assert services.article_process(article_id=article.pk) == "skipped"


@override_settings(NEWSROOM_SWEEP_PENDING_AFTER_SECONDS=0)
def test_sweep_re_enqueues_pending_articles(korean_seed_bytes, english_seed_bytes, django_capture_on_commit_callbacks):
    a = ingest(korean_seed_bytes)
    b = ingest(english_seed_bytes)
    assert {a.status, b.status} == {"pending"}

    with django_capture_on_commit_callbacks(execute=True):
        assert services.articles_sweep_stale() == 2

    assert set(Article.objects.values_list("status", flat=True)) == {"processed"}
    assert services.articles_sweep_stale() == 0


def test_reprocessing_keeps_a_comment_policy_an_editor_changed(processed, korean_seed_bytes, django_capture_on_commit_callbacks):
    article = processed(korean_seed_bytes)
    CommentPolicy.objects.filter(article=article).update(max_length=500, edited_by_editor=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_reprocess(article=article)

    assert CommentPolicy.objects.get(article=article).max_length == 500


@pytest.mark.parametrize(
    ("sqlstate", "transient"),
    [(None, True), ("08006", True), ("57P01", True), ("53300", True), ("40001", True), ("54000", False), ("22021", False)],
)
def test_only_outages_count_as_transient_database_errors(sqlstate, transient):
    """A connection lost or the server restarting is retried; an error the article's data causes
    every time (psycopg also reports "word is too long", 54000, as OperationalError) fails it."""
    from django.db import OperationalError

    class DriverError(Exception):
        pass

    cause = DriverError("from the driver")
    cause.sqlstate = sqlstate
    error = OperationalError("x")
    error.__cause__ = cause
    assert services._transient(error) is transient
