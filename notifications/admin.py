from django.contrib import admin

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

    @admin.action(description="Try again now")
    def retry_now(self, request, queryset):
        from django.utils import timezone

        updated = queryset.exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now()
        )
        self.message_user(request, f"{updated} message(s) will be sent by the next sweep.")
