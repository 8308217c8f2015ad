"""The contact point's own workspace pages: registering, the team, the checklist.

Mounted by ``selvhjelp.workspace_urls``: ``outside_patterns`` at /arbeidsflate/,
``urlpatterns`` under /arbeidsflate/<cp>/.
"""

from django.urls import path

from contactpoints import workspace_views as views

outside_patterns = [
    path("nytt-kontaktpunkt/", views.stub_outside, name="register"),
]

urlpatterns = [
    path("team/", views.stub, name="team"),
    path("kom-i-gang/", views.stub, name="onboarding"),
    path("innstillinger/", views.stub_manager, name="settings"),
]
