"""Printable posters and the embeddable list (selvhjelp/posters.py, selvhjelp/embed.py)."""

from django.urls import path

from selvhjelp import embed, posters

app_name = "posters"

urlpatterns = [
    path("grupper/<slug:slug>/plakat/", posters.group_poster, name="group"),
    path("arrangementer/<slug:slug>/plakat/", posters.event_poster, name="event"),
    path("kontaktpunkter/<slug:slug>/plakat/", posters.contact_point_poster, name="contact_point"),
    path("innbygging/<slug:slug>/", embed.contact_point_list, name="embed"),
]
