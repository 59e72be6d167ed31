"""How the roster and the pool are made up: the numbers behind each chart and its table.

The persons are not counted here one by one: the database keeps them counted per region
and trait (``people.tallies``, kept by triggers in the same transaction as every write),
and the dashboard sums those rows for the shown region subtree in two aggregate queries,
live and exact. Python only adds up the grouped rows, never the persons.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from accounts.selectors import region_scope
from people.enums import CATEGORY_SHORT_LABELS, Affiliation, Category, Education, Sex
from people.filters import years_ago
from people.models import PersonTally, SubType
from roster_site.dashboard.scope import Scope
from talent_pool.enums import Tier
from talent_pool.selectors import quota_rows

# (label, youngest age, oldest age) — contiguous, so that each band is exactly the roster
# list's age_min/age_max filter.
AGE_BANDS = [
    ("30岁以下", None, 29),
    ("30–39岁", 30, 39),
    ("40–49岁", 40, 49),
    ("50–59岁", 50, 59),
    ("60岁及以上", 60, None),
]
AGE_CHART_LABELS = {
    "30岁以下": "<30",
    "30–39岁": "30–39",
    "40–49岁": "40–49",
    "50–59岁": "50–59",
    "60岁及以上": "≥60",
    "未填出生日期": "未填",
}
# A region breakdown with more sub-regions than this leaves out the empty ones.
MAX_EMPTY_REGION_ROWS = 12


@dataclass
class Series:
    label: str
    values: list[int]
    links: list[str] = field(default_factory=list)
    line: bool = False


@dataclass
class Breakdown:
    """One composition: labelled rows, one or more series, drawn as a chart beside a table.

    ``share_of`` is the number each row's share is a part of (the persons in scope) when a
    share column makes sense; ``groups`` gives each row a colour group (a sub-type's
    category); ``extra`` is a last text column of the table (e.g. a pool's quota status).
    """

    key: str
    title: str
    labels: list[str]
    series: list[Series]
    kind: str = "bar"  # bar | hbar | doughnut
    stacked: bool = False
    share_of: int | None = None
    groups: list[int] | None = None
    note: str = ""
    extra_label: str = ""
    extra: list[str] = field(default_factory=list)
    wide: bool = False
    chart_labels: list[str] | None = None  # shorter labels for the chart's axis
    columns: tuple[int, int] = (7, 5)  # grid columns of the chart and of the table

    @property
    def total(self) -> int:
        return sum(self.series[0].values) if self.series else 0

    def rows(self) -> list[dict]:
        """Return the table's rows: label, cells (value and link) and share."""
        rows = []
        for index, label in enumerate(self.labels):
            cells = []
            for series in self.series:
                link = series.links[index] if index < len(series.links) else ""
                cells.append({"value": series.values[index], "link": link})
            share = None
            if self.share_of:
                share = self.series[0].values[index] / self.share_of
            elif self.share_of is not None:
                share = 0.0
            rows.append(
                {
                    "label": label,
                    "cells": cells,
                    "share": share,
                    "share_text": "" if share is None else f"{share * 100:.1f}%",
                    "extra": self.extra[index] if self.extra else "",
                }
            )
        return rows

    def chart(self) -> dict:
        """Return what static/js/dashboard.js needs to draw the chart."""
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "stacked": self.stacked,
            "labels": self.chart_labels or self.labels,
            "groups": self.groups,
            "datasets": [
                {
                    "label": series.label,
                    "data": series.values,
                    "links": series.links,
                    "line": series.line,
                }
                for series in self.series
            ],
        }

    @property
    def is_empty(self) -> bool:
        return not self.labels


def people_url(scope: Scope, **params) -> str:
    """Return the roster list's URL filtered by params within the shown region."""
    query = {**scope.list_params, **params}
    return f"{reverse('people:list')}?{urlencode(query)}"


def _band_bounds() -> list[tuple[str | None, str | None]]:
    """Return each age band's birth dates as (after, up to and including), ISO text.

    Each band is exactly the roster list's age_min/age_max filter.
    """
    bounds = []
    for _, youngest, oldest in AGE_BANDS:
        after = years_ago(oldest + 1).isoformat() if oldest is not None else None
        until = years_ago(youngest).isoformat() if youngest is not None else None
        bounds.append((after, until))
    return bounds


def _band_condition(after: str | None, until: str | None) -> Q:
    """Return the tally rows that make up the persons born after ``after`` up to ``until``.

    The months wholly inside come from the month tallies; the two months the band cuts
    through come from the day tallies. Values are ISO text, so text order is date order
    (and ``""``, no birth date, sorts before every date).
    """
    months = Q(trait="birth_month", value__gt="")
    days = Q()
    if after is not None:
        months &= Q(value__gt=after[:7])
        days |= Q(trait="birth", value__gt=after, value__lt=f"{after[:7]}-99")
    if until is not None:
        months &= Q(value__lt=until[:7])
        days |= Q(trait="birth", value__gt=f"{until[:7]}-", value__lte=until)
    if after is not None and until is not None and after[:7] == until[:7]:
        return Q(trait="birth", value__gt=after, value__lte=until)
    return months | days


def _band_sums() -> tuple[Q, dict]:
    """Return (the birth tally rows to read, one filtered sum per age band and for none)."""
    sums = {"band_none": Sum("n", filter=Q(trait="birth_month", value=""))}
    rows = Q(trait="birth_month")
    for index, (after, until) in enumerate(_band_bounds()):
        sums[f"band_{index}"] = Sum("n", filter=_band_condition(after, until))
        for bound in (after, until):
            if bound is not None:
                rows |= Q(trait="birth", value__gt=f"{bound[:7]}-", value__lt=f"{bound[:7]}-99")
    return rows, sums


def count_persons(user, scope: Scope) -> dict:
    """Return the live persons of the shown region's subtree, summed from the tallies.

    For staff and leaders the persons they may see are every live person of their region
    subtree (``people.selectors.persons_visible_to``), and the shown region is always
    inside it, so its subtree's tallies are their persons' counts. Two aggregate queries
    over the tallies, plus the regions' and the sub-types' rows for the labels.
    """
    regions = list(
        region_scope(user)
        .filter(path__startswith=scope.region.path)
        .values("pk", "name", "path", "order")
        .order_by("path")
    )
    tallies = PersonTally.objects.filter(region_id__in=[r["pk"] for r in regions])
    by_place, by_trait = [], {}
    grouped = (
        tallies.filter(trait__in=["subtype", "sex", "education", "affiliation"])
        .values_list("region_id", "trait", "value")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for region_id, trait, value, n in grouped:
        if not n:
            continue
        if trait == "subtype":
            category, subtype_id = value.split(":", 1)
            by_place.append(
                {
                    "region_id": region_id,
                    "category": category,
                    "subtype_id": int(subtype_id),
                    "n": n,
                }
            )
        else:
            totals = by_trait.setdefault(trait, {})
            totals[value] = totals.get(value, 0) + n
    birth_rows, band_sums = _band_sums()
    bands = tallies.filter(birth_rows).aggregate(**band_sums)
    order = {value: index for index, value in enumerate(Category.values)}
    subtypes = sorted(
        SubType.objects.values("pk", "name", "category", "order", "is_active"),
        key=lambda s: (order.get(s["category"], len(order)), s["order"], s["pk"]),
    )
    return {
        "by_place": by_place,
        "by_trait": by_trait,
        "bands": {key: n or 0 for key, n in bands.items()},
        "regions": regions,
        "subtypes": subtypes,
    }


def _sum_by(rows, key) -> dict:
    totals: dict = {}
    for row in rows:
        value = key(row)
        totals[value] = totals.get(value, 0) + row["n"]
    return totals


def _single(key, title, items, *, kind="bar", share_of=None, groups=None, note="", **options):
    """Return a one-series breakdown from (label, count, link) items."""
    return Breakdown(
        **options,
        key=key,
        title=title,
        labels=[label for label, _, _ in items],
        series=[Series("人数", [n for _, n, _ in items], [link for _, _, link in items])],
        kind=kind,
        share_of=share_of,
        groups=groups,
        note=note,
    )


def person_breakdowns(counts: dict, scope: Scope) -> tuple[int, list[Breakdown]]:
    """Return (persons in scope, the person breakdowns) from the grouped counts."""
    by_place, by_trait = counts["by_place"], counts["by_trait"]
    total = sum(row["n"] for row in by_place)
    categories = list(Category)

    by_category = _sum_by(by_place, lambda row: row["category"])
    category = _single(
        "category",
        "人员类别",
        [
            (
                CATEGORY_SHORT_LABELS[c],
                by_category.get(c.value, 0),
                people_url(scope, category=c.value),
            )
            for c in categories
        ],
        share_of=total,
        groups=list(range(len(categories))),
    )

    by_subtype = _sum_by(by_place, lambda row: row["subtype_id"])
    subtype_items, subtype_groups = [], []
    for subtype in counts["subtypes"]:
        n = by_subtype.get(subtype["pk"], 0)
        if not n:
            continue
        link = people_url(scope, subtype=subtype["pk"]) if subtype["is_active"] else ""
        subtype_items.append((subtype["name"], n, link))
        subtype_groups.append(categories.index(Category(subtype["category"])))
    subtype = _single(
        "subtype",
        "细分类型",
        subtype_items,
        kind="hbar",
        share_of=total,
        groups=subtype_groups,
        wide=True,
        columns=(8, 4),
    )

    region = _single("region", "所在区划", _region_items(counts, scope), share_of=total)

    by_affiliation = by_trait.get("affiliation", {})
    affiliation = _single(
        "affiliation",
        "政治面貌",
        [
            (a.label, by_affiliation[a.value], people_url(scope, affiliation=a.value))
            for a in Affiliation
            if by_affiliation.get(a.value)
        ],
        kind="hbar",
        share_of=total,
        note="有第二政治面貌的人员，两项分别计入。",
    )

    by_education = by_trait.get("education", {})
    education_items = [
        (e.label, by_education[e.value], people_url(scope, education=e.value))
        for e in Education
        if by_education.get(e.value)
    ]
    if by_education.get(""):
        education_items.append(("未填写", by_education[""], ""))
    education = _single("education", "最高学历", education_items, share_of=total)

    by_band = {key: counts["bands"][f"band_{key}"] for key in [*range(len(AGE_BANDS)), "none"]}
    age_items = []
    for index, (label, youngest, oldest) in enumerate(AGE_BANDS):
        params = {}
        if youngest is not None:
            params["age_min"] = youngest
        if oldest is not None:
            params["age_max"] = oldest
        age_items.append((label, by_band.get(index, 0), people_url(scope, **params)))
    if by_band["none"]:
        age_items.append(("未填出生日期", by_band["none"], ""))
    age = _single(
        "age",
        "年龄段",
        age_items,
        share_of=total,
        chart_labels=[AGE_CHART_LABELS.get(label, label) for label, _, _ in age_items],
    )

    by_sex = by_trait.get("sex", {})
    sex_items = [(s.label, by_sex.get(s.value, 0), "") for s in Sex]
    if by_sex.get(""):
        sex_items.append(("未填写", by_sex[""], ""))
    sex = _single("sex", "性别", sex_items, kind="doughnut", share_of=total)

    return total, [category, region, subtype, affiliation, education, age, sex]


def _region_items(counts: dict, scope: Scope) -> list[tuple[str, int, str]]:
    """Return (sub-region, persons, link) for each region just below the shown one.

    Persons registered in a street count towards its district; persons registered in the
    shown region itself form a row of their own ("…本级").
    """
    root = scope.region.path
    children = [r for r in counts["regions"] if r["path"] != root and _depth(r, root) == 1]
    child_of = {}
    for region in counts["regions"]:
        if region["path"] == root:
            continue
        head = region["path"][len(root) :].split("/", 1)[0]
        child_of[region["pk"]] = root + head + "/"
    by_child = _sum_by(counts["by_place"], lambda row: child_of.get(row["region_id"], root))
    items = [
        (child["name"], by_child.get(child["path"], 0), people_url(scope, region=child["pk"]))
        for child in sorted(children, key=lambda r: (r["order"], r["path"]))
    ]
    if len(items) > MAX_EMPTY_REGION_ROWS:
        items = [item for item in items if item[1]]
    if by_child.get(root):
        items.insert(0, (f"{scope.region.name}本级", by_child[root], ""))
    return items


def _depth(region: dict, root: str) -> int:
    return region["path"][len(root) :].strip("/").count("/") + 1


# --------------------------------------------------------------------------------------
# The talent pool and the political arrangements.


@dataclass
class PoolFigures:
    breakdown: Breakdown
    active: int
    representatives: int
    reserves: int
    below_minimum: list  # (region, shortfall text)
    regions: list


def pool_figures(user, scope: Scope) -> PoolFigures:
    """Return the pools of the shown region by tier, with their minimum quota."""
    rows = [row for row in quota_rows(user) if scope.contains(row.region)]
    regions = list({row.region.pk: row.region for row in rows}.values())
    cell = {(row.region.pk, row.tier): row for row in rows}
    tiers = list(Tier)
    pool_list = reverse("talent_pool:list")
    series = [
        Series(
            tier.label,
            [cell[(r.pk, tier)].active for r in regions],
            [f"{pool_list}?{urlencode({'region': r.pk, 'tier': tier.value})}" for r in regions],
        )
        for tier in tiers
    ]
    with_minimum = [t for t in tiers if any(cell[(r.pk, t)].minimum for r in regions)]
    for tier in with_minimum:
        label = "最低名额" if len(with_minimum) == 1 else f"{tier.label}最低名额"
        series.append(Series(label, [cell[(r.pk, tier)].minimum for r in regions], line=True))
    below, status = [], []
    for region in regions:
        short = [
            f"{cell[(region.pk, t)].tier_label}差{cell[(region.pk, t)].shortfall}人"
            for t in tiers
            if cell[(region.pk, t)].below_minimum
        ]
        status.append("，".join(short) if short else "达到最低名额")
        if short:
            below.append((region, "，".join(short)))
    if len(with_minimum) == 1:
        note = f"柱为在库人数，横线为{with_minimum[0].label}最低名额。"
    elif with_minimum:
        note = "柱为在库人数，横线为最低名额。"
    else:
        note = "柱为在库人数。"
    breakdown = Breakdown(
        key="pool",
        title="代表人士人才库",
        labels=[f"{r.name}人才库" for r in regions],
        series=series,
        extra_label="名额情况",
        extra=status,
        note=note,
        wide=True,
        columns=(6, 6),
    )
    return PoolFigures(
        breakdown=breakdown,
        active=sum(row.active for row in rows),
        representatives=sum(row.active for row in rows if row.tier == Tier.REPRESENTATIVE),
        reserves=sum(row.active for row in rows if row.tier == Tier.RESERVE),
        below_minimum=below,
        regions=regions,
    )


def arrangement_breakdown(user, scope: Scope) -> Breakdown | None:
    """Return the appointed political arrangements by kind and level (None if none visible)."""
    from talent_pool.models import PoliticalArrangement
    from talent_pool.selectors import arrangements_visible_to

    model = PoliticalArrangement
    names = {f.name for f in model._meta.get_fields()}
    visible_to = arrangements_visible_to
    queryset = scope.narrow(visible_to(user), "person__region")
    if "status" in names:
        statuses = dict(model._meta.get_field("status").flatchoices)
        if "appointed" in statuses:
            queryset = queryset.filter(status="appointed")
        else:
            queryset = queryset.exclude(status="ended")
    grouped = {
        (row["kind"], row["level"]): row["n"]
        for row in queryset.values("kind", "level").annotate(n=Count("*")).order_by()
    }
    kinds = [(v, str(label)) for v, label in model._meta.get_field("kind").flatchoices]
    levels = [(v, str(label)) for v, label in model._meta.get_field("level").flatchoices]
    kinds = [k for k in kinds if any(grouped.get((k[0], lv[0])) for lv in levels)]
    levels = [lv for lv in levels if any(grouped.get((k[0], lv[0])) for k in kinds)]
    return Breakdown(
        key="arrangement",
        title="政治安排",
        labels=[label for _, label in kinds],
        series=[
            Series(label, [grouped.get((k, value), 0) for k, _ in kinds]) for value, label in levels
        ]
        # With nothing appointed yet the chart still has its one (empty) series.
        or [Series("现任", [])],
        stacked=True,
        note="按类别和级别统计现任的政治安排。",
        wide=True,
    )
