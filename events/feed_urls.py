"""A contact point's events as a calendar feed: /kontaktpunkter/<slug>/arrangementer.ics.

Included from selvhjelp/urls.py as
``path("kontaktpunkter/<slug:slug>/arrangementer.ics", include("events.feed_urls"))``,
before the contact point pages.
"""

from django.urls import path

from events import views

app_name = "events_feed"

urlpatterns = [
    path("", views.contact_point_feed, name="contact_point"),
]
