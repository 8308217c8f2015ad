"""The enquiry inbox (/arbeidsflate/<cp>/henvendelser/) and interest by topic
(/arbeidsflate/<cp>/interesse/). Mounted by ``selvhjelp.workspace_urls``."""

from django.urls import path

from enquiries import workspace_views as views

urlpatterns = [
    path("", views.enquiry_list, name="enquiry_list"),
    path("<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
    path("<int:pk>/status/", views.enquiry_status, name="enquiry_status"),
    path("<int:pk>/tildel/", views.enquiry_assign, name="enquiry_assign"),
    path("<int:pk>/notat/", views.enquiry_note, name="enquiry_note"),
    path("<int:pk>/gruppe/", views.enquiry_group, name="enquiry_group"),
    path("tilgangslogg/", views.access_log, name="access_log"),
]

interest_patterns = [path("", views.interest, name="interest")]
