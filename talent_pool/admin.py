"""The talent pool in the admin.

The standards (Criterion) and the quotas are configuration and can be edited here, with
an audit record. Everything that holds personal data is read-only here — its writes go
through the services, which check the workflow and audit — and every list goes through
the same ``..._visible_to`` selector as the pages (a sysadmin therefore sees none of it).
"""

from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import AuditedModelAdmin
from talent_pool.models import (
    AnnualReview,
    Association,
    ContactAssignment,
    ContactLog,
    CouncilPost,
    Criterion,
    Evaluation,
    EvaluationScore,
    Membership,
    PoliticalArrangement,
    PoolEntry,
    Quota,
    Recommendation,
    RecommendationEvent,
    ReviewDecision,
    ReviewMember,
    TrainingCourse,
    TrainingParticipant,
)
from talent_pool.selectors import (
    arrangements_visible_to,
    assignments_visible_to,
    associations_visible_to,
    courses_visible_to,
    pool_entries_visible_to,
    recommendations_visible_to,
    reviews_visible_to,
)


@admin.register(Criterion)
class CriterionAdmin(AuditedModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "weight", "scale_max", "order", "is_active")
    list_editable = ("weight", "scale_max", "order", "is_active")


@admin.register(Quota)
class QuotaAdmin(AuditedModelAdmin, SimpleHistoryAdmin):
    list_display = ("region", "tier", "minimum", "target")
    list_filter = ("tier",)
    list_select_related = ("region",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Personal data: shown in scope, changed only through the pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PoolEntry)
class PoolEntryAdmin(ReadOnlyAdmin):
    list_display = ("person", "region", "tier", "status", "added_on", "last_reviewed_year")
    list_filter = ("tier", "status")
    list_select_related = ("person", "region")

    def get_queryset(self, request):
        return pool_entries_visible_to(request.user).select_related("person", "region")


class RecommendationEventInline(ReadOnlyInline):
    model = RecommendationEvent


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "region", "requested_tier", "state", "submitted_at")
    list_filter = ("state", "requested_tier")
    exclude = ("person_data", "id_number")
    inlines = [RecommendationEventInline]

    def get_queryset(self, request):
        return recommendations_visible_to(request.user).select_related("unit", "region")


class EvaluationScoreInline(ReadOnlyInline):
    model = EvaluationScore


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "pool_entry", "recommendation", "evaluator", "evaluated_on")
    inlines = [EvaluationScoreInline]

    def get_queryset(self, request):
        return Evaluation.objects.filter(
            Q(pool_entry__in=pool_entries_visible_to(request.user))
            | Q(recommendation__in=recommendations_visible_to(request.user))
        ).select_related("pool_entry__person", "recommendation", "evaluator")


class ReviewDecisionInline(ReadOnlyInline):
    model = ReviewDecision


class ReviewMemberInline(ReadOnlyInline):
    model = ReviewMember


@admin.register(AnnualReview)
class AnnualReviewAdmin(ReadOnlyAdmin):
    list_display = ("region", "year", "status", "closed_at")
    inlines = [ReviewDecisionInline, ReviewMemberInline]

    def get_queryset(self, request):
        return reviews_visible_to(request.user).select_related("region")


@admin.register(PoliticalArrangement)
class PoliticalArrangementAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("person", "kind", "level", "body", "term", "status")
    list_filter = ("kind", "level", "status")

    def get_queryset(self, request):
        return arrangements_visible_to(request.user).select_related("person")


class TrainingParticipantInline(ReadOnlyInline):
    model = TrainingParticipant


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "organiser", "start_date", "end_date", "level", "region")
    inlines = [TrainingParticipantInline]

    def get_queryset(self, request):
        return courses_visible_to(request.user).select_related("region")


class ContactLogInline(ReadOnlyInline):
    model = ContactLog


@admin.register(ContactAssignment)
class ContactAssignmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("leader", "person", "assigned_on", "is_active")
    inlines = [ContactLogInline]

    def get_queryset(self, request):
        return assignments_visible_to(request.user).select_related("leader", "person")


class MembershipInline(ReadOnlyInline):
    model = Membership


class CouncilPostInline(ReadOnlyInline):
    model = CouncilPost


@admin.register(Association)
class AssociationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("name", "region", "founded_on")
    inlines = [CouncilPostInline, MembershipInline]

    def get_queryset(self, request):
        return associations_visible_to(request.user).select_related("region")
