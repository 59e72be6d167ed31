"""The pool pages: the list and its export, entries, quotas and the annual review."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.enums import AuditAction
from accounts.permissions import Cap, capability_required, has_cap
from accounts.services import audit
from people.selectors import persons_visible_to, search_persons
from talent_pool.enums import DecisionKind, EntryStatus, ReviewStatus
from talent_pool.forms import (
    EntryCreateForm,
    EvaluationForm,
    PoolFilter,
    QuotaForm,
    RemoveEntryForm,
    ReviewRegionForm,
    TierForm,
)
from talent_pool.models import Evaluation, PoolEntry
from talent_pool.permissions import (
    can_edit_pool_region,
)
from talent_pool.selectors import (
    active_entries_for_review,
    difference_from_previous,
    get_entry_for_user,
    pool_list_queryset,
    pool_regions_visible_to,
    quota_rows,
    review_members,
    reviews_visible_to,
)
from talent_pool.services import (
    OverTarget,
    add_pool_entry,
    change_entry_tier,
    close_review,
    open_review,
    record_decisions,
    remove_pool_entry,
    save_quota,
)
from talent_pool.views.common import error_text, paginate, save_evaluation
from talent_pool.xlsx import write_pool

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
    entries, page = paginate(request, queryset)
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
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("%(name)s已列入%(region)s人才库。")
                % {"name": entry.person.name, "region": entry.region.name},
            )
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
            raise ValidationError(_("出库原因不能超过200字。"))
        remove_pool_entry(
            entry=entry,
            reason=form.cleaned_data["removal_reason"],
            by=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(name)s已从%(region)s人才库出库。")
            % {"name": entry.person.name, "region": entry.region.name},
        )
    return redirect(entry)


@require_POST
@capability_required(Cap.EDIT_POOL)
def entry_tier(request, pk):
    entry = get_entry_for_user(request.user, pk)
    form = TierForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请选择类别。"))
        change_entry_tier(
            entry=entry, tier=form.cleaned_data["tier"], by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(name)s的类别已调整。") % {"name": entry.person.name})
    return redirect(entry)


@require_POST
@capability_required(Cap.EDIT_POOL)
def entry_evaluate(request, pk):
    entry = get_entry_for_user(request.user, pk)
    if not can_edit_pool_region(request.user, entry.region):
        raise PermissionDenied
    form = save_evaluation(request, EvaluationForm(request.POST), pool_entry=entry)
    if form is None:
        messages.success(request, _("评价已保存。"))
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
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("%(region)s人才库名额已保存。") % {"region": region.name})
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


def _check_year(year: int) -> None:
    """A year in the path that is no calendar year (0, or past 9999) has no review: 404."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404


def _review_url(year, region) -> str:
    return f"{reverse('talent_pool:review', args=[year])}?region={region.pk}"


@require_GET
@capability_required(Cap.VIEW_POOL)
def review_year(request, year):
    _check_year(year)
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
    _check_year(year)
    region = _review_region(request)
    return region, get_object_or_404(reviews_visible_to(request.user), region=region, year=year)


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_open(request, year):
    _check_year(year)
    region = _review_region(request)
    try:
        open_review(region=region, year=year, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("已发起%(region)s%(year)s年度复核。") % {"region": region.name, "year": year}
        )
    return redirect(_review_url(year, region))


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_decide(request, year):
    _check_year(year)
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
        messages.error(request, _("决定未保存：%(errors)s") % {"errors": error_text(exc)})
    else:
        messages.success(
            request,
            ngettext("已保存%(count)s项决定。", "已保存%(count)s项决定。", count)
            % {"count": count},
        )
    return redirect(_review_url(year, region))


@require_POST
@capability_required(Cap.EDIT_POOL)
def review_close(request, year):
    _check_year(year)
    region, review = _open_review_for(request, year)
    try:
        close_review(review=review, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("%(region)s%(year)s年度复核已完成，在库名单已记录。")
            % {"region": region.name, "year": year},
        )
    return redirect(_review_url(year, region))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@capability_required(Cap.EXPORT)
def pool_export(request):
    """Export the pool list's rows (same filters and order) to Excel, audited."""
    _filterset, queryset = filtered_entries(request)
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
    date = timezone.localdate().strftime("%Y%m%d")
    filename = _("代表人士人才库%(date)s") % {"date": date} + ".xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
