from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("entities/", views.entity_list, name="list"),
    path("entities/<int:pk>/", views.entity_detail, name="detail"),
    path("entities/<int:pk>/aliases", views.alias_add, name="alias-add"),
    path("entities/<int:pk>/merge", views.entity_merge, name="merge"),
    path("entities/<int:pk>/merges/<int:merge_id>/split", views.entity_split, name="split"),
    path("events/", views.event_list, name="events"),
]
