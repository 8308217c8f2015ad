from django.contrib import admin
from django.db import models
from django.utils.translation import gettext

from contactpoints.models import ContactPoint, Membership, OrganisationType, Starter
from contactpoints.services import contact_point_status_record


@admin.register(OrganisationType)
class OrganisationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position"]
    list_editable = ["position"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "organisation_type", "municipality", "status", "created_at"]
    list_filter = ["status", "organisation_type", "municipality__county"]
    list_select_related = ["organisation_type", "municipality"]
    search_fields = ["name", "organisation", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "created_by"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        """A status set here (suspending, say) is recorded like a decision at
        /region/godkjenninger/, where approvals belong because the applicant is told."""
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            contact_point_status_record(
                contact_point=obj,
                from_status=form.initial.get("status", ""),
                user=request.user,
                reason=gettext("Changed in the administration."),
            )


@admin.register(Starter)
class StarterAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_point", "trained_on", "shared_in_region", "is_active"]
    list_filter = ["is_active", "shared_in_region"]
    list_select_related = ["contact_point"]
    search_fields = ["name", "contact_point__name"]
    autocomplete_fields = ["contact_point", "user"]
