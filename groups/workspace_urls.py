"""Staff pages for groups (/arbeidsflate/<cp>/grupper/) and the starter roster
(/arbeidsflate/<cp>/igangsettere/). Mounted by ``selvhjelp.workspace_urls``."""

from django.urls import path

from groups import workspace_views as views

urlpatterns = [path("", views.stub, name="group_list")]

starter_patterns = [path("", views.stub, name="starter_list")]
