from django.contrib import admin

from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


class GroupMeetingInline(admin.TabularInline):
    model = GroupMeeting
    extra = 0


@admin.register(SelfHelpGroup)
class SelfHelpGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "contact_point", "municipality", "format", "status"]
    list_filter = ["status", "format", "kind", "open_for_new_members", "topics"]
    list_select_related = ["contact_point", "municipality"]
    search_fields = ["title", "contact_point__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_point", "municipality"]
    filter_horizontal = ["topics"]
    inlines = [GroupMeetingInline]


class StarterAssignmentInline(admin.TabularInline):
    model = StarterAssignment
    extra = 0
    autocomplete_fields = ["starter"]


@admin.register(GroupMeeting)
class GroupMeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "is_cancelled"]
    list_select_related = ["group"]
    date_hierarchy = "starts_at"
    search_fields = ["group__title"]
    inlines = [StarterAssignmentInline]
