"""The recommendation pages: the units' form, the review queue and the decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Cap, capability_required, has_cap
from people.forms import PERSON_SECTIONS
from people.models import Person
from talent_pool.enums import RecommendationState, Tier
from talent_pool.forms import (
    EvaluationForm,
    RecommendationFilter,
    RecommendationForm,
    RecommendedPersonForm,
    TransitionForm,
)
from talent_pool.models import PoolEntry, Recommendation, person_to_data
from talent_pool.permissions import (
    allowed_transitions,
    can_edit_recommendation,
    can_evaluate_recommendation,
    is_reviewer,
)
from talent_pool.selectors import (
    get_recommendation_for_user,
    pending_recommendations_for,
    recommendation_queue,
)
from talent_pool.services import (
    OverTarget,
    save_recommendation,
    set_recommendation_state,
)
from talent_pool.views.common import (
    any_capability_required,
    error_text,
    paginate,
    save_evaluation,
)

# --------------------------------------------------------------------------------------
# Recommendations


@require_GET
@any_capability_required(Cap.SUBMIT_RECOMMENDATION, Cap.REVIEW_RECOMMENDATION)
def recommendation_list(request):
    reviewing = has_cap(request.user, Cap.REVIEW_RECOMMENDATION)
    data = request.GET.copy()
    if reviewing and "state" not in data:
        data["state"] = RecommendationState.SUBMITTED
    filterset = RecommendationFilter(
        data, queryset=recommendation_queue(request.user), user=request.user
    )
    queryset = filterset.qs if filterset.is_valid() else Recommendation.objects.none()
    recommendations, page = paginate(request, queryset)
    return render(
        request,
        "talent_pool/recommendation_list.html",
        {
            "filter": filterset,
            "recommendations": recommendations,
            **page,
            "reviewing": reviewing,
            "can_create": has_cap(request.user, Cap.SUBMIT_RECOMMENDATION),
        },
    )


def _pending_warning(request, form, person_form, instance) -> list[Recommendation]:
    """Return other pending recommendations of the same person, to warn about."""
    if form.cleaned_data.get("mode") == RecommendationForm.EXISTING:
        number = form.person.id_number if form.person else ""
    else:
        number = person_form.instance.id_number if person_form else ""
    if not number:
        return []
    return list(pending_recommendations_for(number, exclude_pk=instance.pk)[:5])


def _recommendation_form(request, instance):
    """Show, validate and save the recommendation form (new or edit)."""
    form = RecommendationForm(request.POST or None, instance=instance, user=request.user)
    person_initial = instance.new_person() if instance.pk and instance.is_new_person else None
    person_form = RecommendedPersonForm(
        request.POST or None, instance=person_initial, prefix="person", user=request.user
    )
    pending = []
    if request.method == "POST" and form.is_valid():
        new_person = form.cleaned_data["mode"] == RecommendationForm.NEW
        if not new_person or person_form.is_valid():
            pending = _pending_warning(request, form, person_form if new_person else None, instance)
            if not pending or form.cleaned_data.get("confirm_pending"):
                recommendation = form.save(commit=False)
                if new_person:
                    recommendation.person_data = person_to_data(person_form.instance)
                submit = request.POST.get("action") == "submit"
                try:
                    with transaction.atomic():
                        recommendation = save_recommendation(
                            recommendation=recommendation,
                            standards=form.cleaned_data["standards"],
                            by=request.user,
                            request=request,
                        )
                        if submit:
                            recommendation = set_recommendation_state(
                                recommendation,
                                RecommendationState.SUBMITTED,
                                by=request.user,
                                request=request,
                            )
                except ValidationError as exc:
                    _attach_errors(exc, form, person_form if new_person else None)
                else:
                    if submit:
                        done = _("对%(name)s的推荐已提交，等待统战部审核。")
                    else:
                        done = _("对%(name)s的推荐已保存为草稿。")
                    messages.success(request, done % {"name": recommendation.name})
                    return redirect(recommendation)
    return render(
        request,
        "talent_pool/recommendation_form.html",
        {
            "form": form,
            "person_form": person_form,
            "recommendation": instance if instance.pk else None,
            "pending": pending,
        },
    )


def _attach_errors(exc: ValidationError, form, person_form) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if person_form is not None and field in person_form.fields:
            person_form.add_error(field, errors)
        elif field in form.fields:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors)


@require_http_methods(["GET", "POST"])
@capability_required(Cap.SUBMIT_RECOMMENDATION)
def recommendation_create(request):
    if request.user.unit_id is None:
        raise PermissionDenied
    return _recommendation_form(request, Recommendation(unit=request.user.unit))


@require_http_methods(["GET", "POST"])
@capability_required(Cap.SUBMIT_RECOMMENDATION)
def recommendation_edit(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    if not can_edit_recommendation(request.user, recommendation):
        raise PermissionDenied
    return _recommendation_form(request, recommendation)


def _person_rows(recommendation) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the new person's entered registration data by section, numbers masked."""
    person = recommendation.new_person()
    hidden = {"photo", "id_number", "mobile"}
    sections = []
    for title, names in PERSON_SECTIONS:
        rows = []
        for name in names:
            if name in hidden:
                continue
            field = Person._meta.get_field(name)
            if field.is_relation:
                value = getattr(person, name, None) if getattr(person, field.attname) else None
            elif field.choices:
                value = getattr(person, f"get_{name}_display")()
            else:
                value = getattr(person, name)
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            rows.append((str(field.verbose_name), value))
        sections.append((title, rows))
    return sections


def _recommendation_context(request, recommendation, **extra):
    reviewer = is_reviewer(request.user, recommendation)
    return {
        "recommendation": recommendation,
        "person_sections": _person_rows(recommendation)
        if recommendation.is_new_person and recommendation.person_id is None
        else None,
        "masked_mobile": recommendation.new_person().masked_mobile
        if recommendation.is_new_person
        else "",
        "standards": recommendation.standards.all(),
        "events": list(recommendation.events.select_related("by")),
        "evaluations": recommendation.evaluations.select_related("evaluator").prefetch_related(
            "scores__criterion"
        )
        if reviewer
        else [],
        "transitions": allowed_transitions(request.user, recommendation),
        "can_edit": can_edit_recommendation(request.user, recommendation),
        "can_evaluate": can_evaluate_recommendation(request.user, recommendation),
        "evaluation_form": extra.pop("evaluation_form", None) or EvaluationForm(),
        "tiers": Tier.choices,
        "can_view_roster": has_cap(request.user, Cap.VIEW_ROSTER),
        "pool_entry": PoolEntry.objects.filter(recommendation=recommendation)
        .select_related("region")
        .first(),
        **extra,
    }


@require_GET
@any_capability_required(Cap.SUBMIT_RECOMMENDATION, Cap.REVIEW_RECOMMENDATION)
def recommendation_detail(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    return render(
        request,
        "talent_pool/recommendation_detail.html",
        _recommendation_context(request, recommendation),
    )


@require_POST
@any_capability_required(Cap.SUBMIT_RECOMMENDATION, Cap.REVIEW_RECOMMENDATION)
def recommendation_transition(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作参数不正确。"))
        return redirect(recommendation)
    data = form.cleaned_data
    try:
        recommendation = set_recommendation_state(
            recommendation,
            data["state"],
            by=request.user,
            comment=data["comment"],
            tier=data["tier"] or None,
            confirm_over_target=data["confirm_over_target"],
            request=request,
        )
    except OverTarget as exc:
        return render(
            request,
            "talent_pool/recommendation_detail.html",
            _recommendation_context(
                request,
                recommendation,
                over_target=exc.message,
                over_target_tier=data["tier"] or recommendation.requested_tier,
                over_target_comment=data["comment"],
            ),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(recommendation)
    done = {
        RecommendationState.SUBMITTED: _("推荐已提交，等待统战部审核。"),
        RecommendationState.RETURNED: _("已退回推荐单位修改。"),
        RecommendationState.REJECTED: _("已决定不予通过。"),
        RecommendationState.ACCEPTED: _("审核通过：%(name)s已录入名册并列入人才库。")
        % {"name": recommendation.name},
    }
    messages.success(request, done[recommendation.state])
    return redirect(recommendation)


@require_POST
@capability_required(Cap.REVIEW_RECOMMENDATION)
def recommendation_evaluate(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    if not can_evaluate_recommendation(request.user, recommendation):
        raise PermissionDenied
    form = save_evaluation(request, EvaluationForm(request.POST), recommendation=recommendation)
    if form is None:
        messages.success(request, _("评价已保存。"))
        return redirect(recommendation)
    return render(
        request,
        "talent_pool/recommendation_detail.html",
        _recommendation_context(request, recommendation, evaluation_form=form),
        status=400,
    )
