"""Staff pages for events and their registrations (/arbeidsflate/<cp>/arrangementer/).
Mounted by ``selvhjelp.workspace_urls``."""

from django.urls import path

from events import workspace_views as views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("ny/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/rediger/", views.event_edit, name="event_edit"),
    path("<int:pk>/avlys/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/melding/", views.event_message, name="event_message"),
    path("<int:pk>/pameldinger.csv", views.event_registrations_csv, name="event_registrations_csv"),
    path(
        "<int:pk>/pameldinger/<int:registration_pk>/flytt-opp/",
        views.registration_promote,
        name="registration_promote",
    ),
    path(
        "<int:pk>/pameldinger/<int:registration_pk>/avmeld/",
        views.registration_cancel,
        name="registration_cancel",
    ),
]
