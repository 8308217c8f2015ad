"""The staff workspace, under /arbeidsflate/: one namespace, ``workspace``.

Each app keeps its own staff URLs in ``<app>/workspace_urls.py`` (a plain list, no
namespace); they are mounted here under ``<cp>/``, the contact point's slug, which
``contactpoints.access.workspace_view`` turns into ``request.workspace``.
"""

from django.urls import include, path

from contactpoints import workspace_urls as contactpoint_urls
from enquiries import workspace_urls as enquiry_urls
from events import workspace_urls as event_urls
from groups import workspace_urls as group_urls
from selvhjelp import workspace_views

app_name = "workspace"

urlpatterns = [
    path("", workspace_views.index, name="index"),
    *contactpoint_urls.outside_patterns,
    path("<slug:cp>/", workspace_views.dashboard_view, name="dashboard"),
    path("<slug:cp>/", include(contactpoint_urls.urlpatterns)),
    path("<slug:cp>/grupper/", include(group_urls.urlpatterns)),
    path("<slug:cp>/igangsettere/", include(group_urls.starter_patterns)),
    path("<slug:cp>/arrangementer/", include(event_urls.urlpatterns)),
    path("<slug:cp>/henvendelser/", include(enquiry_urls.urlpatterns)),
    path("<slug:cp>/interesse/", include(enquiry_urls.interest_patterns)),
]
