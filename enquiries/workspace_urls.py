"""The enquiry inbox (/arbeidsflate/<cp>/henvendelser/) and interest by topic
(/arbeidsflate/<cp>/interesse/). Mounted by ``selvhjelp.workspace_urls``."""

from django.urls import path

from enquiries import workspace_views as views

urlpatterns = [path("", views.stub, name="enquiry_list")]

interest_patterns = [path("", views.stub, name="interest")]
