"""The region dashboard under /region/ (namespace ``oversight``).

Each page exists for the user's default scope (``/region/…``: a region admin's regions,
or the whole country for a national admin) and for one chosen region
(``/region/<region id>/…``). The approvals queue (``/region/godkjenninger/``) is in
``regions.urls``.
"""

from django.urls import path

from regions import oversight_views as views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:region>/", views.dashboard, name="region_dashboard"),
    path("<slug:table>.csv", views.export, name="export"),
    path("<int:region>/<slug:table>.csv", views.export, name="region_export"),
    path("rapport/", views.report, name="report"),
    path("<int:region>/rapport/", views.report, name="region_report"),
    path("igangsettere/", views.pool, name="pool"),
    path("<int:region>/igangsettere/", views.pool, name="region_pool"),
]
