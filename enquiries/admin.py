from django.contrib import admin

from enquiries.models import Enquiry, InterestRegistration


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Metadata only. An enquiry's content and the person's contact details are read in
    the contact point's inbox, where every read is logged, never here."""

    list_display = ["__str__", "contact_point", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["contact_point"]
    fields = [
        "contact_point",
        "group",
        "topic",
        "kind",
        "status",
        "assigned_to",
        "created_at",
        "first_response_at",
        "closed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(admin.ModelAdmin):
    list_display = ["topic", "municipality", "created_at", "notified_at"]
    list_filter = ["topic"]
    list_select_related = ["topic", "municipality"]
    fields = ["topic", "municipality", "created_at", "notified_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
