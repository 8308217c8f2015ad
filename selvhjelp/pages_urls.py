from django.urls import path

from selvhjelp import views

app_name = "pages"

urlpatterns = [
    path("om-selvhjelp/", views.about, name="about"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
]
