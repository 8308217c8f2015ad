from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from selvhjelp import views

# The admin login goes through allauth, so rate limits and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Selvhjelp – administrasjon"
admin.site.site_title = "Selvhjelp"

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.health, name="health"),
    # The public portal (no account): pages, groups, contact points, events, enquiries.
    path("", include("selvhjelp.pages_urls")),
    path("grupper/", include("groups.urls")),
    path("kontaktpunkter/", include("contactpoints.urls")),
    path("", include("events.urls")),
    path("", include("enquiries.urls")),
    path("", include("selvhjelp.posters_urls")),
    path("api/v1/", include("selvhjelp.api_urls")),
    # Links in messages: a starter's confirm/decline page, unsubscribing from digests.
    path("igangsetter/", include("groups.starter_urls")),
    path("varsler/", include("notifications.urls")),
    # The staff workspace of a contact point.
    path("arbeidsflate/", include("selvhjelp.workspace_urls")),
    path("region/", include("regions.urls")),
    # The region dashboard: figures, CSV exports, the printable report, the starter pool.
    path("region/", include("regions.oversight_urls")),
    # Accounts, language, national admin.
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
