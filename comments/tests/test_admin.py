"""The comments admin: list, filter, search, read-only reasons, bulk approve/reject through the services."""

import pytest
from django.urls import reverse

from articles.models import Article
from comments import services
from comments.models import Comment, ModerationDecision

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def comments(article):
    held = services.comment_submit(article=article, author_name="독자1", body="김영섭 대표는 사기꾼이다").comment
    hidden = services.comment_submit(article=article, author_name="독자2", body="시발 이게 뭐야").comment
    published = services.comment_submit(article=article, author_name="독자3", body="좋은 기사 감사합니다").comment
    return held, hidden, published


def test_changelist_filters_by_status_and_searches(client, an_editor, comments):
    held, hidden, published = comments
    client.force_login(an_editor)
    page = client.get(reverse(CHANGELIST) + "?status__exact=held")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [held]
    assert "slander" in page.content.decode()  # the categories column

    page = client.get(reverse(CHANGELIST) + "?q=감사합니다")
    assert list(page.context["cl"].result_list) == [published]


def test_change_page_shows_reasons_read_only_and_the_decision_log(client, an_editor, comments):
    held = comments[0]
    client.force_login(an_editor)
    page = client.get(reverse("admin:comments_comment_change", args=[held.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "김영섭" in html and "사기꾼" in html
    assert 'name="status"' not in html and 'name="body"' not in html  # nothing editable by hand
    assert "moderationdecision" in html.lower() or "decisions" in html.lower()


def test_bulk_approve_and_reject_actions_go_through_the_services(client, an_editor, comments, article):
    held, hidden, published = comments
    client.force_login(an_editor)
    client.cookies["django_language"] = "en"  # the message asserted below is the English source
    response = client.post(reverse(CHANGELIST), {"action": "approve", "_selected_action": [held.pk, hidden.pk]},
                           follow=True)
    assert response.status_code == 200 and "2 comments approved." in response.content.decode()
    assert Comment.objects.filter(status="published").count() == 3
    assert Article.objects.get(pk=article.pk).comment_count == 3
    decision = ModerationDecision.objects.filter(comment=hidden).last()
    assert (decision.user, decision.from_status, decision.to_status, decision.reason) == (
        an_editor, "hidden", "published", "approved in the admin")

    client.post(reverse(CHANGELIST), {"action": "reject", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert published.status == "hidden"
    assert ModerationDecision.objects.filter(comment=published).last().reason == "rejected in the admin"
    assert Article.objects.get(pk=article.pk).comment_count == 2
    assert Comment.objects.count() == 3  # nothing deleted


def test_nothing_can_be_added_or_deleted(client, an_editor, comments):
    held = comments[0]
    client.force_login(an_editor)
    assert client.get(reverse("admin:comments_comment_add")).status_code == 403
    assert client.get(reverse("admin:comments_comment_delete", args=[held.pk])).status_code == 403
    assert client.get(reverse("admin:comments_moderationdecision_add")).status_code == 403
    page = client.get(reverse(CHANGELIST))
    assert "delete_selected" not in page.content.decode()


def test_decision_log_list_is_read_only(client, an_editor, comments):
    client.force_login(an_editor)
    page = client.get(reverse("admin:comments_moderationdecision_changelist") + "?to_status__exact=hidden")
    assert page.status_code == 200
    assert [d.to_status for d in page.context["cl"].result_list] == ["hidden"]
    decision = ModerationDecision.objects.first()
    response = client.post(reverse("admin:comments_moderationdecision_change", args=[decision.pk]),
                           {"reason": "rewritten"})
    assert response.status_code == 403
    assert ModerationDecision.objects.get(pk=decision.pk).reason != "rewritten"


def test_viewer_has_no_admin(client, a_viewer, comments):
    client.force_login(a_viewer)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
