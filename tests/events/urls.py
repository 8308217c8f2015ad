"""The project's URLs, plus the per-contact-point feed if selvhjelp/urls.py does not
include events.feed_urls yet (the route belongs there; see events/feed_urls.py)."""

from django.urls import NoReverseMatch, include, path, reverse

from selvhjelp.urls import urlpatterns as project_urlpatterns

try:
    reverse("events_feed:contact_point", kwargs={"slug": "x"}, urlconf="selvhjelp.urls")
    urlpatterns = project_urlpatterns
except NoReverseMatch:
    urlpatterns = [
        path("kontaktpunkter/<slug:slug>/arrangementer.ics", include("events.feed_urls")),
        *project_urlpatterns,
    ]
