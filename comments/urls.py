from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<int:pk>/comments/", views.comment_submit, name="submit"),
    path("articles/<int:pk>/comment-policy/", views.policy_edit, name="policy"),
    path("moderation/", views.moderation_queue, name="queue"),
    path("moderation/decide/", views.moderation_bulk, name="bulk"),
]
