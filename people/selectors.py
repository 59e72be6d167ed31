"""Reads of the roster: what a user may see, search and count."""

import re

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.permissions import Cap, has_cap
from accounts.selectors import region_scope
from people.models import Person
from people.validators import normalize_id_number, to_half_width

# A count above this is shown as "more than"; counting a million rows per request is slow.
COUNT_CAP = 10_000


def persons_visible_to(user, *, include_archived: bool = False):
    """Return the persons the user may see.

    - staff and leaders: persons whose region lies in their region subtree (city staff the
      whole city, district staff their district);
    - liaisons: none through the roster (they see the persons of their own unit's
      recommendations through the talent pool's selectors);
    - auditors and sysadmins: none.
    Archived persons are left out unless include_archived is set.
    """
    if not has_cap(user, Cap.VIEW_ROSTER) or user.role not in (Role.STAFF, Role.LEADER):
        return Person.objects.none()
    queryset = Person.objects.filter(region__in=region_scope(user))
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    return queryset


def get_person_for_user(user, pk, *, include_archived: bool = True) -> Person:
    """Return the person with pk if the user may see them; 404 otherwise."""
    queryset = persons_visible_to(user, include_archived=include_archived).select_related(
        "subtype", "region"
    )
    return get_object_or_404(queryset, pk=pk)


def search_persons(queryset, text: str):
    """Filter persons by name, pinyin, initials, ID-number prefix or work unit."""
    text = re.sub(r"\s+", "", to_half_width(text or "")).strip()
    if not text:
        return queryset
    if re.fullmatch(r"\d{4,17}[xX]?", text):
        return queryset.filter(id_number__startswith=normalize_id_number(text))
    if re.fullmatch(r"[A-Za-z]+", text):
        lowered = text.lower()
        return queryset.filter(
            Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
        )
    return queryset.filter(Q(name__contains=text) | Q(work_unit__contains=text))


def capped_count(queryset, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """Return (count, capped): the count up to cap, and whether there are more."""
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap
