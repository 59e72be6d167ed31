"""Reads of the roster: what a user may see, search and count."""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import F, Func, Q, Subquery, TextField
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
    if not _reads_roster(user):
        return Person.objects.none()
    queryset = Person.objects.filter(region__in=person_regions_visible_to(user))
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    return queryset


def _reads_roster(user) -> bool:
    return has_cap(user, Cap.VIEW_ROSTER) and user.role in (Role.STAFF, Role.LEADER)


def person_regions_visible_to(user):
    """Return the regions whose live persons the user may see (all of them, or none).

    The dashboard sums its per-region person counts over these regions, so that its
    figures follow the same rule as ``persons_visible_to``.
    """
    if not _reads_roster(user):
        return region_scope(user).none()
    return region_scope(user)


def get_person_for_user(user, pk, *, include_archived: bool = True) -> Person:
    """Return the person with pk if the user may see them; 404 otherwise."""
    queryset = persons_visible_to(user, include_archived=include_archived).select_related(
        "subtype", "region"
    )
    return get_object_or_404(queryset, pk=pk)


def _is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


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
    if len(text) <= 2 and _is_postgresql(queryset):
        # Trigram indexes need three characters; the same substrings, exactly, through
        # the GIN index on every 1- and 2-character substring (migration 0005).
        return queryset.alias(
            short_grams=Func(
                F("name"),
                F("work_unit"),
                function="person_short_grams",
                output_field=ArrayField(TextField()),
            )
        ).filter(short_grams__contains=[text])
    return queryset.filter(Q(name__contains=text) | Q(work_unit__contains=text))


def capped_count(queryset, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """Return (count, capped): the count up to cap, and whether there are more."""
    count = queryset.order_by()[: cap + 1].count()
    return min(count, cap), count > cap


def page_of(queryset, *, offset: int, size: int) -> list[Person]:
    """Return one page of an ordered queryset, with subtype and region.

    The page's ids are found first, from the index alone however deep the page, and only
    those rows are then read.
    """
    ordering = queryset.query.order_by or Person._meta.ordering
    ids = queryset.order_by(*ordering).values("pk")[offset : offset + size]
    page = Person.objects.filter(pk__in=Subquery(ids)).order_by(*ordering)
    return list(page.select_related("subtype", "region"))


def search_result_ids(queryset, cap: int | None = None) -> tuple[list[int], bool]:
    """Return the ids of a search's matches in the queryset's order, and whether capped.

    The matches are read from the search indexes without ORDER BY, at most cap + 1 of
    them, and sorted here. Asked for the first page in name order, PostgreSQL would walk
    the name index hoping to meet matches early, which takes seconds when they cluster
    late in the alphabet (a search for 王 finds only "wang…"); this way a search costs at
    most cap rows. When there are more than cap matches, the pages show cap of them, in
    order, and the count says "cap+".
    """
    cap = COUNT_CAP if cap is None else cap
    ordering = list(queryset.query.order_by or Person._meta.ordering)
    fields = [item.lstrip("-") for item in ordering]
    rows = list(queryset.order_by().values_list("pk", *fields)[: cap + 1])
    nulls_largest = connections[queryset.db].features.nulls_order_largest
    # Stable sorts from the last key to the first; NULLs where the database puts them.
    for position in range(len(fields), 0, -1):

        def key(row, position=position):
            value = row[position]
            return (value is None) == nulls_largest, 0 if value is None else value

        rows.sort(key=key, reverse=ordering[position - 1].startswith("-"))
    return [row[0] for row in rows[:cap]], len(rows) > cap


def persons_in_order(ids: list[int]) -> list[Person]:
    """Return the persons with these ids, in this order, with subtype and region."""
    by_id = Person.objects.select_related("subtype", "region").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
