import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from regions.models import County, Municipality, Postcode, Region, RegionCounty

# The lists that show the "Reload reference data" button (see reload_reference_data).
RELOAD_CHANGE_LIST = "admin/regions/change_list_reload.html"


@require_POST
def reload_reference_data(request):
    """Run ``load_refdata`` (counties, municipalities, postcodes from regions/data/) for
    a national admin, and show its summary. Names are updated and new entries added;
    nothing is deleted, so it is safe to run again."""
    if not request.user.is_superuser:
        raise PermissionDenied("National admins only.")
    output = io.StringIO()
    call_command("load_refdata", stdout=output)
    lines = [line.strip() for line in output.getvalue().splitlines()]
    summary = lines[lines.index("Reference data loaded.") + 1 :]
    messages.success(
        request,
        gettext("Reference data reloaded: %(summary)s.")
        % {"summary": "; ".join(filter(None, summary))},
    )
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("admin:regions_municipality_changelist")


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    change_list_template = RELOAD_CHANGE_LIST
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    change_list_template = RELOAD_CHANGE_LIST
    list_display = ["number", "name", "county", "is_current"]
    list_filter = ["county", "is_current"]
    list_select_related = ["county"]
    search_fields = ["number", "name"]

    def get_urls(self):
        reload = self.admin_site.admin_view(reload_reference_data)
        return [path("reload/", reload, name="regions_reload_reference_data"), *super().get_urls()]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["code", "place", "municipality", "category"]
    list_filter = ["category"]
    list_select_related = ["municipality"]
    search_fields = ["code", "place"]
    autocomplete_fields = ["municipality"]


class RegionCountyInline(admin.TabularInline):
    model = RegionCounty
    extra = 1


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    change_list_template = RELOAD_CHANGE_LIST
    list_display = ["name", "email", "county_list"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]
    inlines = [RegionCountyInline]

    @admin.display(description=_("counties"))
    def county_list(self, region):
        return ", ".join(county.name for county in region.counties.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("counties")
