"""The comment pages through the test client: submit, the article's comment section, queue, policy editor."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article, CommentPolicy
from comments import services
from comments.models import Comment, ModerationDecision

pytestmark = pytest.mark.django_db

LONG = "통신비 인하가 먼저입니다. " * 20 + "끝"  # 301 characters with spaces


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post_comment(client, article, body):
    return client.post(reverse("comments:submit", args=[article.pk]), {"body": body})


def render_section(article, user, session=None) -> str:
    request = RequestFactory().get(reverse("articles:detail", args=[article.pk]))
    SessionMiddleware(lambda r: None).process_request(request)
    if session:
        request.session.update(session)
    request.user = user
    return render_to_string("comments/_article_comments.html", {"article": article, "user": user, "request": request},
                            request=request)


@pytest.mark.parametrize("name,method", [
    ("comments:queue", "get"), ("comments:bulk", "post"),
])
def test_every_page_needs_login(client, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_article_pages_need_login(client, article):
    for name in ("comments:submit", "comments:policy"):
        response = client.post(reverse(name, args=[article.pk]), {"body": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_submit_publishes_and_redirects_to_the_article(client, seed_article, a_viewer):
    client.force_login(a_viewer)
    response = post_comment(client, seed_article, "좋은 분석 기사 잘 읽었습니다")
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:detail", args=[seed_article.pk]) + "#comments"
    comment = Comment.objects.get()
    assert (comment.status, comment.user, comment.author_name) == ("published", a_viewer, a_viewer.username)
    assert messages_of(response) == ["댓글이 게시되었습니다"]
    assert Article.objects.get(pk=seed_article.pk).comment_count == 1


def test_submit_too_long_is_refused_with_count_and_limit_and_the_text_comes_back(client, seed_article, a_viewer):
    client.force_login(a_viewer)
    response = post_comment(client, seed_article, LONG)
    assert response.status_code == 302
    assert not Comment.objects.exists()
    [message] = messages_of(response)
    assert "301" in message and "250" in message
    assert client.session[f"comments:draft:{seed_article.pk}"] == LONG


def test_submit_in_english_gets_an_english_message(client, seed_article, a_viewer):
    client.force_login(a_viewer)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("comments:submit", args=[seed_article.pk]), {"body": LONG},
                           HTTP_ACCEPT_LANGUAGE="en")
    [message] = messages_of(response)
    assert "301" in message and "250" in message and "characters" in message


def test_submit_profanity_tells_the_reason_and_keeps_the_comment(client, seed_article, a_viewer):
    client.force_login(a_viewer)
    response = post_comment(client, seed_article, "시발 이게 기사냐")
    [message] = messages_of(response)
    assert "시발" in message and "제한" in message
    assert Comment.objects.get().status == "hidden"


def test_submit_needs_a_body_and_post(client, seed_article, a_viewer):
    client.force_login(a_viewer)
    assert client.get(reverse("comments:submit", args=[seed_article.pk])).status_code == 405
    response = post_comment(client, seed_article, "   ")
    assert response.status_code == 302 and not Comment.objects.exists()


def test_comment_section_shows_policy_visible_comments_and_form(seed_article, a_viewer, an_editor):
    services.comment_submit(article=seed_article, author_name="독자1", body="좋은 기사 감사합니다")
    services.comment_submit(article=seed_article, author_name="독자2", body="시발 이게 뭐야")
    article = Article.objects.get(pk=seed_article.pk)

    html = render_section(article, a_viewer)
    assert "250" in html and "띄어 쓰기를 포함하여 250자 이내로 써주세요" in html  # the printed policy
    assert 'class="comment-count">1<' in html
    assert "좋은 기사 감사합니다" in html and "시발 이게 뭐야" not in html
    assert f'action="{reverse("comments:submit", args=[article.pk])}"' in html
    assert reverse("comments:queue") not in html

    editor_html = render_section(article, an_editor)
    assert "시발 이게 뭐야" in editor_html and "욕설로 보이는 표현" in editor_html
    assert reverse("comments:policy", args=[article.pk]) in editor_html


def test_comment_section_refills_a_refused_draft_once(seed_article, a_viewer):
    html = render_section(seed_article, a_viewer, session={f"comments:draft:{seed_article.pk}": "긴 <댓글>"})
    assert "긴 &lt;댓글&gt;</textarea>" in html  # escaped


def test_comment_section_escapes_comments(article, a_viewer):
    services.comment_submit(article=article, author_name="<b>x</b>", body="<script>alert(1)</script> 좋아요")
    html = render_section(article, a_viewer)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and "&lt;b&gt;x" in html


def test_viewer_cannot_see_the_queue_moderate_or_edit_the_policy(client, seed_article, a_viewer):
    comment = services.comment_submit(article=seed_article, author_name="r", body="시발").comment
    client.force_login(a_viewer)
    assert client.get(reverse("comments:queue")).status_code == 403
    response = client.post(reverse("comments:bulk"), {"action": "approve", "comments": [comment.pk], "reason": "x"})
    assert response.status_code == 403
    assert client.get(reverse("comments:policy", args=[seed_article.pk])).status_code == 403
    assert client.post(reverse("comments:policy", args=[seed_article.pk]), {"max_length": 5}).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == "hidden"
    assert CommentPolicy.objects.get(article=seed_article).max_length == 250


def test_queue_filters_by_status_and_shows_reasons_and_history(client, article, an_editor):
    held = services.comment_submit(article=article, author_name="r1", body="김영섭 대표는 사기꾼이다").comment
    hidden = services.comment_submit(article=article, author_name="r2", body="시발 뭐야").comment
    client.force_login(an_editor)

    page = client.get(reverse("comments:queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "사기꾼" in html and "김영섭" in html and "시발 뭐야" not in html
    assert f'value="{held.pk}"' in html and 'name="comments"' in html
    assert list(page.context["page"].object_list) == [held]

    page = client.get(reverse("comments:queue") + "?status=hidden")
    assert list(page.context["page"].object_list) == [hidden]
    assert "욕설" in page.content.decode()
    assert len(client.get(reverse("comments:queue") + "?status=all").context["page"].object_list) == 2


def test_bulk_approve_and_reject_from_the_queue_are_audited(client, article, an_editor):
    client.cookies["django_language"] = "en"  # the messages asserted below are the English source
    a = services.comment_submit(article=article, author_name="r1", body="김영섭 대표는 사기꾼이다").comment
    b = services.comment_submit(article=article, author_name="r2", body="KT 대표는 거짓말쟁이다").comment
    c = services.comment_submit(article=article, author_name="r3", body="좋은 기사").comment
    client.force_login(an_editor)

    response = client.post(reverse("comments:bulk"), {
        "action": "approve", "comments": [a.pk, b.pk], "reason": "fair criticism", "status": "held"})
    assert response.status_code == 302 and response["Location"].endswith("?status=held")
    assert messages_of(response) == ["2 comments approved and published."]
    assert set(Comment.objects.filter(status="published").values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    assert Article.objects.get(pk=article.pk).comment_count == 3

    response = client.post(reverse("comments:bulk"), {"action": "reject", "comments": [b.pk], "reason": "on reflection"})
    assert Comment.objects.get(pk=b.pk).status == "hidden"
    assert Article.objects.get(pk=article.pk).comment_count == 2

    log = list(ModerationDecision.objects.filter(comment=b).values_list("user__username", "from_status", "to_status", "reason"))
    assert log[1:] == [(an_editor.username, "held", "published", "fair criticism"),
                       (an_editor.username, "published", "hidden", "on reflection")]
    assert log[0][:3] == (None, "", "held")
    page = client.get(reverse("comments:queue") + "?status=hidden")
    assert "on reflection" in page.content.decode() and an_editor.username in page.content.decode()


def test_bulk_without_a_selection_changes_nothing(client, article, an_editor):
    services.comment_submit(article=article, author_name="r1", body="김영섭 대표는 사기꾼이다")
    client.force_login(an_editor)
    response = client.post(reverse("comments:bulk"), {"action": "approve", "reason": ""})
    assert response.status_code == 302 and messages_of(response)
    assert not ModerationDecision.objects.filter(user__isnull=False).exists()


def test_policy_page_edits_and_rescreens(client, seed_article, an_editor):
    profane = services.comment_submit(article=seed_article, author_name="r", body="시발 이게 기사냐").comment
    client.force_login(an_editor)
    client.cookies["django_language"] = "en"
    url = reverse("comments:policy", args=[seed_article.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["max_length"] == 250 and page.context["source"] == "article"

    data = {"max_length": 300, "spaces_count": "on", "categories": ["slander", "defamation", "flooding"],
            "source_text": "새 정책"}
    data.update({f"action_{c}": "hide" for c in CommentPolicy.Category.values})
    response = client.post(url, data)
    assert response.status_code == 302
    policy = CommentPolicy.objects.get(article=seed_article)
    assert (policy.max_length, policy.categories, policy.source_text) == (
        300, ["slander", "defamation", "flooding"], "새 정책")
    profane.refresh_from_db()
    assert profane.status == "published"
    assert profane.decisions.last().reason.startswith("policy changed")
    assert Article.objects.get(pk=seed_article.pk).comment_count == 1
    assert any("1 changed status" in m for m in messages_of(response))


def test_policy_page_gives_an_article_without_a_policy_its_own(client, article, an_editor):
    client.force_login(an_editor)
    url = reverse("comments:policy", args=[article.pk])
    assert client.get(url).context["source"] == "default"
    data = {"max_length": "", "categories": ["profanity"]}
    data.update({f"action_{c}": "hold" for c in CommentPolicy.Category.values})
    assert client.post(url, data).status_code == 302
    policy = CommentPolicy.objects.get(article=article)
    assert policy.max_length is None and policy.spaces_count is False and policy.actions["profanity"] == "hold"


def test_policy_page_rejects_invalid_input(client, seed_article, an_editor):
    client.force_login(an_editor)
    url = reverse("comments:policy", args=[seed_article.pk])
    response = client.post(url, {"max_length": 0, "categories": ["rudeness"]})
    assert response.status_code == 200 and response.context["form"].errors
    assert CommentPolicy.objects.get(article=seed_article).max_length == 250
