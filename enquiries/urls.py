from django.urls import path

from enquiries import views

app_name = "enquiries"

urlpatterns = [
    path("grupper/<slug:slug>/henvendelse/", views.group_enquiry, name="group"),
    path(
        "kontaktpunkter/<slug:slug>/henvendelse/",
        views.contact_point_enquiry,
        name="contact_point",
    ),
    path("henvendelse/sendt/", views.receipt, name="receipt"),
    path("interesse/", views.interest, name="interest"),
    path("interesse/takk/", views.interest_done, name="interest_done"),
]
