from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.enums import AuditAction
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.forms import PERSON_SECTIONS
from people.models import Person
from people.selectors import persons_visible_to, search_persons
from talent_pool.enums import DecisionKind, EntryStatus, RecommendationState, ReviewStatus, Tier
from talent_pool.forms import (
    EntryCreateForm,
    EvaluationForm,
    PoolFilter,
    QuotaForm,
    RecommendationFilter,
    RecommendationForm,
    RecommendedPersonForm,
    RemoveEntryForm,
    ReviewRegionForm,
    TierForm,
    TransitionForm,
)
from talent_pool.models import Evaluation, PoolEntry, Recommendation, person_to_data
from talent_pool.permissions import (
    allowed_transitions,
    can_edit_pool_region,
    can_edit_recommendation,
    can_evaluate_recommendation,
    is_reviewer,
)
from talent_pool.selectors import (
    active_entries_for_review,
    difference_from_previous,
    get_entry_for_user,
    get_recommendation_for_user,
    pending_recommendations_for,
    pool_list_queryset,
    pool_regions_visible_to,
    quota_rows,
    recommendation_queue,
    review_members,
    reviews_visible_to,
)
from talent_pool.services import (
    OverTarget,
    add_pool_entry,
    change_entry_tier,
    close_review,
    evaluate,
    open_review,
    record_decisions,
    remove_pool_entry,
    save_quota,
    save_recommendation,
    set_recommendation_state,
)
from talent_pool.xlsx import write_pool

PER_PAGE = 30


def any_capability_required(*caps):
    """Decorate a view so that users holding none of caps get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(has_cap(request.user, cap) for cap in caps):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _page(request, queryset):
    """Return (rows, page context) for a list page of PER_PAGE rows."""
    count = queryset.count()
    last_page = max(-(-count // PER_PAGE), 1)
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), last_page)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * PER_PAGE
    query = request.GET.copy()
    query.pop("page", None)
    return list(queryset[offset : offset + PER_PAGE]), {
        "count": count,
        "page_number": number,
        "last_page": last_page,
        "has_previous": number > 1,
        "has_next": number < last_page,
        "query": query.urlencode(),
    }


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --------------------------------------------------------------------------------------
# Pool entries


def filtered_entries(request):
    """Return the entries the pool list shows for this request's filters, in its order."""
    filterset = PoolFilter(
        request.GET, queryset=pool_list_queryset(request.user), user=request.user
    )
    if not filterset.is_valid():
        return filterset, PoolEntry.objects.none()
    queryset = filterset.qs
    if not request.GET.get("sort"):
        queryset = queryset.order_by("region__path", "tier", "person__name_pinyin", "id")
    return filterset, queryset


@require_GET
@capability_required(Cap.VIEW_POOL)
def pool_list(request):
    filterset, queryset = filtered_entries(request)
    entries, page = _page(request, queryset)
    return render(
        request,
        "talent_pool/pool_list.html",
        {
            "filter": filterset,
            "entries": entries,
            **page,
            "can_edit": has_cap(request.user, Cap.EDIT_POOL),
            "can_export": has_cap(request.user, Cap.EXPORT),
            "this_year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def entry_create(request):
    text = request.GET.get("q", "").strip()[:50]
    candidates = []
    if text:
        candidates = list(
            search_persons(persons_visible_to(request.user), text)
            .select_related("subtype", "region")
            .order_by("name_pinyin", "id")[:20]
        )
    form = EntryCreateForm(request.POST or None, user=request.user)
    over_target = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_edit_pool_region(request.user, data["region"]):
            raise PermissionDenied
        try:
            entry = add_pool_entry(
                person=data["person"],
                region=data["region"],
                tier=data["tier"],
                reason=data["reason"],
                confirm_over_target=data["confirm_over_target"],
                by=request.user,
                request=request,
            )
        except OverTarget as exc:
            over_target = exc.message
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, f"{entry.person.name}已列入{entry.region.name}人才库。")
            return redirect(entry)
    return render(
        request,
        "talent_pool/entry_form.html",
        {"form": form, "candidates": candidates, "q": text, "over_target": over_target},
    )


@require_GET
@capability_required(Cap.VIEW_POOL)
def entry_detail(request, pk):
    entry = get_entry_for_user(request.user, pk)
    return render(request, "talent_pool/entry_detail.html", _entry_context(request, entry))


def _entry_context(request, entry, **extra):
    # The evaluations of the recommendation the entry came from count as the entry's too.
    source = Q(recommendation_id=entry.recommendation_id) if entry.recommendation_id else Q()
    evaluations = (
        Evaluation.objects.filter(Q(pool_entry=entry) | source)
        .select_related("evaluator")
        .prefetch_related("scores__criterion")
    )
    can_edit = can_edit_pool_region(request.user, entry.region)
    return {
        "entry": entry,
        "person": entry.person,
        "evaluations": evaluations.order_by("-evaluated_on", "-id"),
        "history": entry.history.select_related("history_user").order_by("-history_id"),
        "decisions": entry.decisions.select_related("review", "decided_by").order_by(
            "-review__year"
        ),
        "can_edit": can_edit and entry.status == EntryStatus.ACTIVE,
        "can_evaluate": can_edit,
        "evaluation_form": extra.pop("evaluation_form", None) or EvaluationForm(),
        "remove_form": extra.pop("remove_form", None) or RemoveEntryForm(),
        "tier_form": TierForm(initial={"tier": entry.tier}),
        **extra,
    }


@require_POST
@capability_required(Cap.EDIT_POOL)
def entry_remove(request, pk):
    entry = get_entry_for_user(request.user, pk)
    form = RemoveEntryForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("出库原因不能超过200字。")
        remove_pool_entry(
            entry=entry,
            reason=form.cleaned_data["removal_reason"],
            by=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{entry.person.name}已从{entry.region.name}人才库出库。")
    return redirect(entry)


@require_POST
@capability_required(Cap.EDIT_POOL)
def entry_tier(request, pk):
    entry = get_entry_for_user(request.user, pk)
    form = TierForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择类别。")
        change_entry_tier(
            entry=entry, tier=form.cleaned_data["tier"], by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{entry.person.name}的类别已调整。")
    return redirect(entry)


def _evaluate(request, form, **target):
    """Bind and save an evaluation; return the form with errors, or None when saved."""
    if not form.is_valid():
        return form
    try:
        evaluate(
            by=request.user,
            scores=form.scores(),
            political_performance=form.cleaned_data["political_performance"],
            achievements=form.cleaned_data["achievements"],
            request=request,
            **target,
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(None if field == "__all__" else field, errors)
        return form
    return None


@require_POST
@capability_required(Cap.EDIT_POOL)
def entry_evaluate(request, pk):
    entry = get_entry_for_user(request.user, pk)
    if not can_edit_pool_region(request.user, entry.region):
        raise PermissionDenied
    form = _evaluate(request, EvaluationForm(request.POST), pool_entry=entry)
    if form is None:
        messages.success(request, "评价已保存。")
        return redirect(entry)
    return render(
        request,
        "talent_pool/entry_detail.html",
        _entry_context(request, entry, evaluation_form=form),
        status=400,
    )


# --------------------------------------------------------------------------------------
# Quotas


@require_GET
@capability_required(Cap.VIEW_POOL)
def quota_list(request):
    rows = quota_rows(request.user)
    return render(
        request,
        "talent_pool/quota_list.html",
        {
            "rows": rows,
            "this_year": timezone.localdate().year,
            "editable": {
                row.region.pk for row in rows if can_edit_pool_region(request.user, row.region)
            },
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Cap.EDIT_POOL)
def quota_edit(request, region_pk):
    region = get_object_or_404(pool_regions_visible_to(request.user), pk=region_pk)
    if not can_edit_pool_region(request.user, region):
        raise PermissionDenied
    rows = [row for row in quota_rows(request.user) if row.region.pk == region.pk]
    form = QuotaForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for tier, minimum, target in form.values():
                    save_quota(
                        region=region,
                        tier=tier,
                        minimum=minimum,
                        target=target,
                        by=request.user,
                        request=request,
                    )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, f"{region.name}人才库名额已保存。")
            return redirect("talent_pool:quotas")
    return render(request, "talent_pool/quota_form.html", {"form": form, "region": region})


# --------------------------------------------------------------------------------------
# Annual review


def _review_region(request):
    """Return the pool region the review page is about (the user's own by default)."""
    regions = pool_regions_visible_to(request.user)
    raw = request.GET.get("region") or request.POST.get("region")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        return get_object_or_404(regions, pk=int(raw))
    own = regions.filter(pk=request.user.unit.region_id).first() if request.user.unit_id else None
    region = own or regions.first()
    if region is None:
        raise PermissionDenied
    return region


def _review_url(year, region) -> str:
    return f"{reverse('talent_pool:review', args=[year])}?region={region.pk}"


@require_GET
@capability_required(Cap.VIEW_POOL)
def review_year(request, year):
    region = _review_region(request)
    review = reviews_visible_to(request.user).filter(region=region, year=year).first()
    context = {
        "year": year,
        "region": region,
        "review": review,
        "region_form": ReviewRegionForm(initial={"region": region.pk}, user=request.user),
        "can_edit": can_edit_pool_region(request.user, region),
        "past_reviews": reviews_visible_to(request.user)
        .filter(region=region)
        .order_by("-year")
        .only("year", "status", "region_id"),
        "this_year": timezone.localdate().year,
        "decision_choices": DecisionKind.choices,
    }
    if review is not None and review.status == ReviewStatus.CLOSED:
        members = review_members(review)
        previous, difference = difference_from_previous(review, members)
        context.update({"members": members, "previous": previous, "difference": difference})
    elif review is not None:
        entries = list(active_entries_for_review(review))
        decisions = {d.entry_id: d for d in review.decisions.all()}
        rows = [(entry, decisions.get(entry.pk)) for entry in entries]
        context.update(
            {
                "rows": rows,
                "decided": sum(1 for _, d in rows if d is not None),
                "undecided": sum(1 for _, d in rows if d is None),
                "total": len(rows),
            }
        )
    return render(request, "talent_pool/review.html", context)


def _open_review_for(request, year):
    region = _review_region(request)
    return region, get_object_or_404(reviews_visible_to(request.user), region=region, year=year)


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_open(request, year):
    region = _review_region(request)
    try:
        open_review(region=region, year=year, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已发起{region.name}{year}年度复核。")
    return redirect(_review_url(year, region))


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_decide(request, year):
    region, review = _open_review_for(request, year)
    entries = {e.pk: e for e in active_entries_for_review(review)}
    decisions = []
    keep_rest = request.POST.get("keep_rest") == "yes"
    decided = set(review.decisions.values_list("entry_id", flat=True))
    for pk, entry in entries.items():
        kind = request.POST.get(f"e{pk}-decision", "")
        reason = request.POST.get(f"e{pk}-reason", "")[:200]
        if not kind and keep_rest and pk not in decided:
            kind = DecisionKind.KEEP
        if kind:
            decisions.append((entry, kind, reason))
    try:
        count = record_decisions(
            review=review, decisions=decisions, by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, "决定未保存：" + _error_text(exc))
    else:
        messages.success(request, f"已保存{count}项决定。")
    return redirect(_review_url(year, region))


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_close(request, year):
    region, review = _open_review_for(request, year)
    try:
        close_review(review=review, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"{region.name}{year}年度复核已完成，在库名单已记录。")
    return redirect(_review_url(year, region))


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
    recommendations, page = _page(request, queryset)
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
                    messages.success(
                        request,
                        f"对{recommendation.name}的推荐已"
                        + ("提交，等待统战部审核。" if submit else "保存为草稿。"),
                    )
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
                value = "是" if value else "否"
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
        messages.error(request, "操作参数不正确。")
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
        messages.error(request, _error_text(exc))
        return redirect(recommendation)
    done = {
        RecommendationState.SUBMITTED: "推荐已提交，等待统战部审核。",
        RecommendationState.RETURNED: "已退回推荐单位修改。",
        RecommendationState.REJECTED: "已决定不予通过。",
        RecommendationState.ACCEPTED: f"审核通过：{recommendation.name}已录入名册并列入人才库。",
    }
    messages.success(request, done[recommendation.state])
    return redirect(recommendation)


@require_POST
@capability_required(Cap.REVIEW_RECOMMENDATION)
def recommendation_evaluate(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    if not can_evaluate_recommendation(request.user, recommendation):
        raise PermissionDenied
    form = _evaluate(request, EvaluationForm(request.POST), recommendation=recommendation)
    if form is None:
        messages.success(request, "评价已保存。")
        return redirect(recommendation)
    return render(
        request,
        "talent_pool/recommendation_detail.html",
        _recommendation_context(request, recommendation, evaluation_form=form),
        status=400,
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@capability_required(Cap.EXPORT)
def pool_export(request):
    """Export the pool list's rows (same filters and order) to Excel, audited."""
    _, queryset = filtered_entries(request)
    reveal = has_cap(request.user, Cap.REVEAL)
    handle, count = write_pool(queryset.iterator(chunk_size=2000), reveal=reveal)
    audit(
        AuditAction.EXPORT,
        request=request,
        detail={
            "kind": "talent_pool",
            "filter": {key: request.GET.getlist(key) for key in request.GET if key != "page"},
            "rows": count,
            "revealed": reveal,
        },
    )
    filename = f"代表人士人才库{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
