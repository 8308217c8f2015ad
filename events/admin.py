from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import Event, EventMessage, Registration


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
    actions = ["cancel_and_tell"]

    def save_model(self, request, obj, form, change):
        """Registrants hear of a new time, place or meeting link, or of a cancellation.

        The admin saves in a transaction, so the change and the messages go together.
        """
        super().save_model(request, obj, form, change)
        if not change:
            return
        if obj.status == Event.Status.PUBLISHED:
            changes = [field for field in form.changed_data if field in services.NOTIFIED_CHANGES]
            if changes:
                told = services.event_change_notify(event=obj, changes=changes)
                if told:
                    self._report_told(request, told)
        elif (
            obj.status == Event.Status.CANCELLED
            and "status" in form.changed_data
            and obj.starts_at > timezone.now()
        ):
            told = services.event_cancel(event=obj)
            if told:
                self._report_told(request, told)

    def _report_told(self, request, told):
        self.message_user(
            request,
            ngettext(
                "%(count)d registered person will be told.",
                "%(count)d registered people will be told.",
                told,
            )
            % {"count": told},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel and tell the registrants"), permissions=["change"])
    def cancel_and_tell(self, request, queryset):
        cancelled = told = 0
        for event in queryset:
            try:
                told += services.event_cancel(event=event)
            except ValidationError:
                self.message_user(
                    request,
                    _("“%(title)s” has already started and was not cancelled.")
                    % {"title": event.title},
                    messages.WARNING,
                )
                continue
            cancelled += 1
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event cancelled.",
                    "%(count)d events cancelled.",
                    cancelled,
                )
                % {"count": cancelled},
                messages.SUCCESS,
            )
            self._report_told(request, told)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
    readonly_fields = ["token"]


@admin.register(EventMessage)
class EventMessageAdmin(admin.ModelAdmin):
    """Messages staff sent to registrants: when, by whom, to how many. Read-only, and
    without the text, which is for the contact point's workspace."""

    fields = ["event", "created_at", "sent_by", "include_waiting", "email_count", "sms_count"]
    readonly_fields = fields
    list_display = ["event", "created_at", "sent_by", "email_count", "sms_count"]
    list_select_related = ["event", "sent_by"]
    search_fields = ["event__title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
