"""Staff pages for events and their registrations (/arbeidsflate/<cp>/arrangementer/).
Mounted by ``selvhjelp.workspace_urls``."""

from django.urls import path

from events import workspace_views as views

urlpatterns = [path("", views.stub, name="event_list")]
