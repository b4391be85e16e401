"""comment_submit / comment_moderate / comments_bulk_moderate / comment_policy_update, on the real database."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article, ArticleRevision, CommentPolicy
from comments import selectors, services
from comments.models import Comment, ModerationDecision
from newsroom_text.screening import comment_length

from .factories import ArticleFactory, CommentPolicyFactory, OutletFactory

pytestmark = pytest.mark.django_db

# A reader's comment that screens clean; repeated to reach a length (no single-character runs).
CLEAN_KO = "KT가 글로벌 AI 기업으로 도약한다니 기대됩니다. "
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji: man, ZWJ, woman, ZWJ, girl


def text_of_length(n: int) -> str:
    """Hangul text of exactly n reader-perceived characters (spaces counted) ending in emoji."""
    head = (CLEAN_KO * 20)[: n - 3].rstrip() + " "
    body = head[: n - 3] + FAMILY * 3
    body = body if comment_length(body, spaces_count=True) == n else None
    assert body is not None
    return body


def submit(article, body, author="reader1", **kwargs):
    return services.comment_submit(article=article, author_name=author, body=body, **kwargs)


def count_of(article) -> int:
    return Article.objects.get(pk=article.pk).comment_count


# ---------------------------------------------------------------- the seed's policy


def test_the_seed_policy_applies_to_the_seed_article(seed_article):
    policy = services.policy_for(seed_article)
    assert policy.max_length == 250 and policy.spaces_count is True
    assert set(policy.categories) == {"profanity", "slander", "false_information", "defamation", "flooding"}
    # "표시가 제한됩니다": every restricted category is hidden from display
    assert {policy.action_for(c) for c in policy.categories} == {"hide"}
    assert seed_article.comment_count == 0


def test_250_characters_with_emoji_and_hangul_are_published_251_refused_and_not_stored(seed_article):
    ok, too_long = text_of_length(250), text_of_length(251)
    assert len(ok) > 250  # code points: the emoji are 5 each; the reader sees 250

    published = submit(seed_article, ok)
    assert published.status == "published" and published.stored
    assert (published.length, published.limit) == (250, 250)
    assert Comment.objects.get(pk=published.comment.pk).body == ok
    assert count_of(seed_article) == 1

    refused = submit(seed_article, too_long, author="reader2")
    assert refused.comment is None and refused.status == "refused"
    assert (refused.length, refused.limit) == (251, 250)
    assert "251" in refused.message and "250" in refused.message
    assert "띄어쓰기 포함" in refused.message  # the commenter wrote Korean: the message is Korean
    assert refused.reasons[0]["category"] == "length"
    assert Comment.objects.count() == 1 and not Comment.objects.filter(author_name="reader2").exists()
    assert count_of(seed_article) == 1


def test_length_message_follows_the_commenters_language(seed_article):
    refused = submit(seed_article, text_of_length(300), language="en")
    assert refused.comment is None
    assert "300" in refused.message and "250" in refused.message and "including spaces" in refused.message


def test_decomposed_hangul_counts_one_per_syllable(article):
    import unicodedata

    nfc = text_of_length(250)
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > len(nfc) + 100  # every syllable is two or three code points
    outcome = submit(article, nfd)
    assert outcome.status == "published" and outcome.length == 250


def test_profanity_is_hidden_but_kept_with_its_reason_and_a_decision(seed_article):
    outcome = submit(seed_article, "시발 이게 기사냐")
    comment = Comment.objects.get(pk=outcome.comment.pk)
    assert outcome.status == comment.status == "hidden"
    assert [r["category"] for r in comment.reasons] == ["profanity"]
    assert "시발" in comment.reasons[0]["reason"] and comment.reasons[0]["evidence"] == "시발"
    assert "시발" in outcome.message
    decision = comment.decisions.get()
    assert (decision.user, decision.from_status, decision.to_status) == (None, "", "hidden")
    assert "profanity" in decision.reason
    assert list(selectors.visible_comments(seed_article)) == []
    assert count_of(seed_article) == 0


def test_slander_is_held_with_a_reason_naming_the_target_under_the_default_policy(article):
    outcome = submit(article, "김영섭 대표는 사기꾼이다")
    assert outcome.status == "held"
    assert outcome.comment.status == "held"
    slander = [r for r in outcome.reasons if r["category"] == "slander"]
    assert slander and "김영섭" in slander[0]["reason"]
    assert count_of(article) == 0


def test_slander_on_the_seed_article_is_restricted_from_display_as_its_policy_says(seed_article):
    outcome = submit(seed_article, "김영섭 대표는 사기꾼이다")
    assert outcome.status == "hidden"
    assert any(r["category"] == "slander" and "김영섭" in r["reason"] for r in outcome.reasons)
    assert outcome.comment.pk and count_of(seed_article) == 0


def test_english_slander_names_the_target(article):
    outcome = submit(article, "Senator Park is a crook and a liar.", language="en")
    assert outcome.status == "held"
    assert any("Park" in r["reason"] for r in outcome.reasons if r["category"] in {"slander", "defamation"})


def test_flooding_repeat_of_a_recent_comment_is_hidden(seed_article):
    now = timezone.now()
    first = submit(seed_article, "요금 좀 내려주세요 제발요", now=now - timedelta(minutes=10))
    again = submit(seed_article, "요금 좀 내려주세요 제발요", now=now)
    assert first.status == "published"
    assert again.status == "hidden"
    assert [r["category"] for r in again.reasons] == ["flooding"]
    other_author = submit(seed_article, "요금 좀 내려주세요 제발요", author="someone-else", now=now)
    assert other_author.status == "published"
    assert count_of(seed_article) == 2


def test_flooding_history_spans_the_whole_archive_for_24_hours(seed_article, article):
    now = timezone.now()
    submit(article, "다른 기사에도 남긴 같은 의견입니다", now=now - timedelta(hours=2))
    assert submit(seed_article, "다른 기사에도 남긴 같은 의견입니다", now=now).status == "hidden"
    submit(article, "이틀 전에 남긴 의견과 같은 내용", now=now - timedelta(hours=48))
    assert submit(seed_article, "이틀 전에 남긴 의견과 같은 내용", now=now).status == "published"


def test_flooding_by_posting_too_fast(article):
    now = timezone.now()
    texts = ["첫 번째 의견입니다", "두 번째로 드리는 말씀", "세 번째 생각은 이렇습니다", "네 번째: 통신비 문제", "다섯 번째 마지막 의견"]
    outcomes = [submit(article, t, now=now + timedelta(seconds=i * 5)) for i, t in enumerate(texts)]
    assert [o.status for o in outcomes[:4]] == ["published"] * 4
    assert outcomes[4].status == "hidden"
    assert "flooding" in {r["category"] for r in outcomes[4].reasons}


def test_a_signed_in_users_history_follows_the_account_not_the_name(article, a_viewer):
    now = timezone.now()
    submit(article, "계정으로 남긴 의견 하나", author="이름A", user=a_viewer, now=now - timedelta(minutes=1))
    assert submit(article, "계정으로 남긴 의견 하나", author="이름B", user=a_viewer, now=now).status == "hidden"


def test_a_refuse_action_stores_the_comment_as_refused(article):
    CommentPolicyFactory(article=article, actions={"profanity": "refuse"})
    outcome = submit(Article.objects.get(pk=article.pk), "fuck this article", language="en")
    assert outcome.status == "refused" and outcome.comment is not None
    assert Comment.objects.get(pk=outcome.comment.pk).status == "refused"
    assert outcome.comment.decisions.get().to_status == "refused"


def test_the_outlets_default_policy_applies_without_an_article_policy(article):
    outlet = OutletFactory(default_policy=CommentPolicyFactory(max_length=10, categories=[]))
    Article.objects.filter(pk=article.pk).update(outlet=outlet)
    article = Article.objects.select_related("outlet").get(pk=article.pk)
    assert services.policy_for(article).max_length == 10
    assert submit(article, "열 글자를 넘는 댓글입니다").comment is None
    assert submit(article, "시발").status == "published"  # no categories restricted


def test_project_default_policy(article):
    policy = services.policy_for(article)
    assert policy == services.default_policy()
    assert (policy.max_length, policy.spaces_count) == (250, True)
    assert len(policy.categories) == 5 and policy.action_for("slander") == "hold"


def test_an_empty_comment_is_a_validation_error(article):
    with pytest.raises(ValidationError):
        submit(article, "   ")
    assert not Comment.objects.exists()


# ---------------------------------------------------------------- moderation and comment_count


def test_comment_count_follows_published_comments_in_every_path(seed_article, an_editor):
    assert seed_article.comment_count == 0
    a = submit(seed_article, "좋은 기사 잘 읽었습니다").comment
    b = submit(seed_article, "AI 협력이 기대됩니다", author="reader2").comment
    hidden = submit(seed_article, "씨발 뭐래", author="reader3").comment
    assert count_of(seed_article) == 2

    services.comment_moderate(comment=a, to_status="hidden", user=an_editor, reason="off topic")
    assert count_of(seed_article) == 1
    services.comment_moderate(comment=hidden, to_status="published", user=an_editor, reason="quoting, acceptable")
    assert count_of(seed_article) == 2
    assert services.comments_bulk_moderate(comments=[a, b], to_status="held", user=an_editor) == 2
    assert count_of(seed_article) == 1
    assert [c.pk for c in selectors.visible_comments(seed_article)] == [hidden.pk]


def test_moderation_is_logged_and_nothing_is_deleted(article, an_editor):
    comment = submit(article, "시발 진짜").comment
    decision = services.comment_moderate(comment=comment, to_status="published", user=an_editor, reason="false alarm")
    assert (decision.user, decision.from_status, decision.to_status, decision.reason) == (
        an_editor, "hidden", "published", "false alarm")
    assert decision.at is not None
    services.comment_moderate(comment=comment, to_status="hidden", user=an_editor, reason="second look")
    history = list(selectors.comment_history(comment))
    assert [(d.user, d.from_status, d.to_status) for d in history] == [
        (None, "", "hidden"), (an_editor, "hidden", "published"), (an_editor, "published", "hidden")]
    assert Comment.objects.filter(pk=comment.pk, status="hidden").exists()


def test_a_viewer_cannot_moderate_or_change_a_policy(article, a_viewer):
    comment = submit(article, "시발").comment
    with pytest.raises(PermissionDenied):
        services.comment_moderate(comment=comment, to_status="published", user=a_viewer)
    with pytest.raises(PermissionDenied):
        services.comments_bulk_moderate(comments=[comment], to_status="published", user=a_viewer)
    policy = CommentPolicyFactory(article=article)
    with pytest.raises(PermissionDenied):
        services.comment_policy_update(policy=policy, user=a_viewer, max_length=10)
    assert Comment.objects.get(pk=comment.pk).status == "hidden"
    assert not ModerationDecision.objects.filter(user__isnull=False).exists()


def test_an_unknown_status_is_refused(article, an_editor):
    comment = submit(article, "의견").comment
    with pytest.raises(ValidationError):
        services.comment_moderate(comment=comment, to_status="deleted", user=an_editor)


def test_moderation_queue_lists_by_status_with_decisions(article):
    held = submit(article, "김영섭 대표는 사기꾼이다").comment
    submit(article, "좋은 기사", author="reader2")
    queue = list(selectors.moderation_queue("held"))
    assert queue == [held] and queue[0].decisions.all()[0].to_status == "held"
    assert len(selectors.moderation_queue(None)) == 2


# ---------------------------------------------------------------- policy changes re-screen


def test_policy_change_rescreens_comments_and_logs_changed_outcomes(seed_article, an_editor):
    profane = submit(seed_article, "시발 이게 기사냐").comment
    clean = submit(seed_article, "좋은 기사 감사합니다 " * 3, author="reader2").comment
    decided = submit(seed_article, "씨발 정말", author="reader3").comment
    services.comment_moderate(comment=decided, to_status="held", user=an_editor, reason="ask legal")
    assert count_of(seed_article) == 1

    policy = CommentPolicy.objects.get(article=seed_article)
    change = services.comment_policy_update(
        policy=policy, user=an_editor, categories=["slander", "defamation"], max_length=20)
    assert set(change.changed_fields) == {"categories", "max_length"}
    assert change.rescreened == 2 and change.changed == 2

    profane.refresh_from_db()
    clean.refresh_from_db()
    decided.refresh_from_db()
    assert profane.status == "published" and profane.reasons == []
    assert clean.status == "refused"  # now too long: refused, but kept
    assert clean.reasons[0]["category"] == "length"
    assert decided.status == "held"  # an editor's decision is not overridden
    last = profane.decisions.last()
    assert last.user is None and (last.from_status, last.to_status) == ("hidden", "published")
    assert last.reason.startswith("policy changed")
    assert clean.decisions.last().reason.startswith("policy changed")
    assert count_of(seed_article) == 1 and services.policy_for(Article.objects.get(pk=seed_article.pk)).max_length == 20
    revision = ArticleRevision.objects.get(article=seed_article, field="comment_policy")
    assert revision.user == an_editor and "max_length=250" in revision.old_value and "max_length=20" in revision.new_value


def test_policy_change_of_actions_moves_hidden_to_held(seed_article, an_editor):
    slander = submit(seed_article, "김영섭 대표는 사기꾼이다").comment
    assert slander.status == "hidden"
    policy = CommentPolicy.objects.get(article=seed_article)
    services.comment_policy_update(policy=policy, user=an_editor, actions={**policy.actions, "slander": "hold"})
    slander.refresh_from_db()
    assert slander.status == "held"


def test_an_unchanged_policy_rescreens_nothing(seed_article, an_editor):
    submit(seed_article, "시발")
    policy = CommentPolicy.objects.get(article=seed_article)
    change = services.comment_policy_update(policy=policy, user=an_editor, max_length=250)
    assert change.changed_fields == [] and change.rescreened == 0


def test_invalid_policy_values_are_refused(seed_article, an_editor):
    policy = CommentPolicy.objects.get(article=seed_article)
    with pytest.raises(ValidationError):
        services.comment_policy_update(policy=policy, user=an_editor, categories=["rudeness"])
    with pytest.raises(ValidationError):
        services.comment_policy_update(policy=policy, user=an_editor, actions={"profanity": "delete"})
    with pytest.raises(ValidationError):
        services.comment_policy_update(policy=policy, user=an_editor, headline="x")
    assert CommentPolicy.objects.get(pk=policy.pk).categories == policy.categories


def test_an_outlet_default_change_rescreens_the_outlets_articles_without_their_own_policy(an_editor):
    default = CommentPolicyFactory(categories=["profanity"])
    outlet = OutletFactory(default_policy=default)
    follows = ArticleFactory(outlet=outlet)
    own = ArticleFactory(outlet=outlet)
    CommentPolicyFactory(article=own, categories=["profanity"])
    a = submit(follows, "시발").comment
    b = submit(Article.objects.get(pk=own.pk), "시발").comment
    services.comment_policy_update(policy=default, user=an_editor, categories=[])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("published", "hidden")
    assert count_of(follows) == 1 and count_of(own) == 0


def test_an_article_gets_its_own_policy_copied_from_the_one_in_force(article, an_editor):
    own = services.comment_policy_for_article(article=article, user=an_editor)
    assert own.article_id == article.pk and own.max_length == 250 and len(own.categories) == 5
    assert own.actions["slander"] == "hold"
    assert services.comment_policy_for_article(article=article, user=an_editor).pk == own.pk
