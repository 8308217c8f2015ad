# Included as path("arrangementer", ...) without a trailing slash, so that the feed can
# be /arrangementer.ics next to /arrangementer/.
from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("/", views.event_list, name="list"),
    path(".ics", views.events_feed, name="feed"),
    path("/<slug:slug>/", views.event_detail, name="detail"),
    path("/<slug:slug>/pameldt/", views.registration_done, name="registered"),
    path("/avmelding/<str:token>/", views.registration_cancel, name="cancel"),
    path("/<slug:slug>/kalender.ics", views.event_ical, name="ical"),
]
