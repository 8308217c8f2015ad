from django.contrib import admin

from regions.models import County, Municipality, Postcode, Region, RegionCounty


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "is_current"]
    list_filter = ["county", "is_current"]
    list_select_related = ["county"]
    search_fields = ["number", "name"]


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
    list_display = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]
    inlines = [RegionCountyInline]
