from django.contrib import admin
from django.db import models

from events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "starts_at", "contact_point", "region", "capacity", "status"]
    list_filter = ["kind", "status", "audience"]
    list_select_related = ["contact_point", "region"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_point", "municipality"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
    readonly_fields = ["token"]
