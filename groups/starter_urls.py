# Included at /igangsetter/: the page a starter's confirm/decline link opens.
from django.urls import path

from groups import starter_views

app_name = "starters"

urlpatterns = [
    path("<str:token>/", starter_views.assignment_respond, name="respond"),
]
