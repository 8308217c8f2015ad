from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import OutboxMessage


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
        updated = queryset.exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now()
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
