from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import OutboxMessage, RetentionRun


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Admins see what was sent and what failed, with the error, to act on it."""

    list_display = ["reason", "recipient", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "reason"]
    search_fields = ["recipient", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try again now"))
    def retry_now(self, request, queryset):
        # A fresh start: the full number of attempts, from now.
        updated = queryset.exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent within a minute.",
                "%(count)d messages will be sent within a minute.",
                updated,
            )
            % {"count": updated},
        )


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    """The record of each nightly retention run: when, and how much was deleted."""

    list_display = ["ran_at", "counts"]
    date_hierarchy = "ran_at"
    readonly_fields = ["ran_at", "counts"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
