"""Helpers shared by the talent pool's views."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.permissions import has_cap
from people.selectors import persons_visible_to, search_persons
from talent_pool.services import (
    evaluate,
)

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


def paginate(request, queryset):
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


def error_text(exc: ValidationError) -> str:
    return _("；").join(exc.messages)


def save_evaluation(request, form, **target):
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


def person_candidates(request, limit: int = 20) -> tuple[str, list]:
    """Return (search text, live persons the user may see matching it) for a picker."""
    text = request.GET.get("q", "").strip()[:50]
    if not text:
        return text, []
    found = (
        search_persons(persons_visible_to(request.user), text)
        .select_related("subtype", "region")
        .order_by("name_pinyin", "id")[:limit]
    )
    return text, list(found)
