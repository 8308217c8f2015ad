"""Pages for region and national admins, under /region/ (namespace ``region``)."""

from django.urls import path

from regions import views

app_name = "region"

urlpatterns = [
    path("godkjenninger/", views.approvals, name="approvals"),
    path("godkjenninger/<slug:slug>/", views.approval_detail, name="approval_detail"),
    path("godkjenninger/<slug:slug>/godkjenn/", views.approval_approve, name="approval_approve"),
    path("godkjenninger/<slug:slug>/avvis/", views.approval_reject, name="approval_reject"),
]
