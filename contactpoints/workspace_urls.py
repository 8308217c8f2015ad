"""The contact point's own workspace pages: registering, the team, the checklist,
the settings.

Mounted by ``selvhjelp.workspace_urls``: ``outside_patterns`` at /arbeidsflate/,
``urlpatterns`` under /arbeidsflate/<cp>/.
"""

from django.urls import path

from contactpoints import workspace_views as views

outside_patterns = [
    path("nytt-kontaktpunkt/", views.register, name="register"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/inviter/", views.team_invite, name="team_invite"),
    path("team/forlat/", views.team_leave, name="team_leave"),
    path(
        "team/invitasjoner/<int:pk>/send-igjen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "team/invitasjoner/<int:pk>/trekk-tilbake/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("team/medlemmer/<int:pk>/rolle/", views.member_role, name="member_role"),
    path("team/medlemmer/<int:pk>/fjern/", views.member_remove, name="member_remove"),
    path("kom-i-gang/", views.onboarding, name="onboarding"),
    path("kom-i-gang/<slug:step>/ferdig/", views.onboarding_done, name="onboarding_done"),
    path("kom-i-gang/<slug:step>/angre/", views.onboarding_undo, name="onboarding_undo"),
    path("innstillinger/", views.contact_point_settings, name="settings"),
]
