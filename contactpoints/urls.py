from django.urls import path

from contactpoints import views

app_name = "contactpoints"

urlpatterns = [
    path("", views.contact_point_list, name="list"),
    path("<slug:slug>/", views.contact_point_detail, name="detail"),
]
