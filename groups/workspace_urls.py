"""Staff pages for groups (/arbeidsflate/<cp>/grupper/) and the starter roster
(/arbeidsflate/<cp>/igangsettere/). Mounted by ``selvhjelp.workspace_urls``.

Names begin with "group", "meeting" or "starter", which puts them in the menu's
Groups or Starters section.
"""

from django.urls import path

from groups import workspace_views as views

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("ny/", views.group_create, name="group_create"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/rediger/", views.group_edit, name="group_edit"),
    path("<int:pk>/status/", views.group_status, name="group_status"),
    path("<int:pk>/kopier/", views.group_duplicate, name="group_duplicate"),
    path("<int:pk>/fortsatt-riktig/", views.group_confirm, name="group_confirm"),
    path("<int:pk>/moter/ny/", views.group_meetings_generate, name="group_meetings_generate"),
    path("<int:pk>/igangsetter/", views.group_starter_assign, name="group_starter_assign"),
    path(
        "<int:pk>/moter/<int:meeting_pk>/igangsetter/",
        views.meeting_starters,
        name="meeting_starters",
    ),
    path(
        "<int:pk>/moter/<int:meeting_pk>/igangsetter/<int:assignment_pk>/fjern/",
        views.meeting_unassign,
        name="meeting_unassign",
    ),
    path("<int:pk>/moter/<int:meeting_pk>/avlys/", views.meeting_cancel, name="meeting_cancel"),
    path(
        "<int:pk>/moter/<int:meeting_pk>/gjenopprett/",
        views.meeting_restore,
        name="meeting_restore",
    ),
]

starter_patterns = [
    path("", views.starter_list, name="starter_list"),
    path("ny/", views.starter_create, name="starter_create"),
    path("<int:pk>/rediger/", views.starter_edit, name="starter_edit"),
    path("<int:pk>/deaktiver/", views.starter_deactivate, name="starter_deactivate"),
    path("<int:pk>/aktiver/", views.starter_activate, name="starter_activate"),
]
