# Included at the site root: the feed /arrangementer.ics sits next to /arrangementer/,
# and a contact point's feed under its /kontaktpunkter/<slug>/ path.
from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("arrangementer/", views.event_list, name="list"),
    path("arrangementer.ics", views.events_feed, name="feed"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="detail"),
    path("arrangementer/<slug:slug>/pameldt/", views.registration_done, name="registered"),
    path("arrangementer/avmelding/<str:token>/", views.registration_cancel, name="cancel"),
    path("arrangementer/<slug:slug>/kalender.ics", views.event_ical, name="ical"),
    path(
        "kontaktpunkter/<slug:slug>/arrangementer.ics",
        views.contact_point_feed,
        name="contact_point_feed",
    ),
]
