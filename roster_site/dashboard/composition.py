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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.enums import CATEGORY_SHORT_LABELS, Affiliation, Category, Education, Sex
from people.filters import years_ago
from people.models import PersonTally, SubType
from people.selectors import person_regions_visible_to
from roster_site.dashboard.scope import Scope
from talent_pool.enums import Tier
from talent_pool.selectors import quota_rows

# (label, youngest age, oldest age) — contiguous, so that each band is exactly the roster
# list's age_min/age_max filter.
AGE_BANDS = [
    (gettext_lazy("30岁以下"), None, 29),
    (gettext_lazy("30–39岁"), 30, 39),
    (gettext_lazy("40–49岁"), 40, 49),
    (gettext_lazy("50–59岁"), 50, 59),
    (gettext_lazy("60岁及以上"), 60, None),
]
# The same bands' shorter labels on the chart's axis, in the same order.
AGE_CHART_LABELS = ["<30", "30–39", "40–49", "50–59", "≥60"]
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
    for _label, youngest, oldest in AGE_BANDS:
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

    The persons a user may see are every live person of the regions
    ``person_regions_visible_to`` gives (the rule of ``persons_visible_to``), so the
    tallies of those regions inside the shown subtree are their persons' counts. Two
    aggregate queries over the tallies, plus the regions' and the sub-types' rows for the
    labels.
    """
    regions = list(
        person_regions_visible_to(user)
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
        labels=[label for label, _n, _link in items],
        series=[
            Series(
                _("人数"),
                [n for _label, n, _link in items],
                [link for _label, _n, link in items],
            )
        ],
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
        _("人员类别"),
        [
            (
                str(CATEGORY_SHORT_LABELS[c]),
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
        _("细分类型"),
        subtype_items,
        kind="hbar",
        share_of=total,
        groups=subtype_groups,
        wide=True,
        columns=(8, 4),
    )

    region = _single("region", _("所在区划"), _region_items(counts, scope), share_of=total)

    by_affiliation = by_trait.get("affiliation", {})
    affiliation = _single(
        "affiliation",
        _("政治面貌"),
        [
            (str(a.label), by_affiliation[a.value], people_url(scope, affiliation=a.value))
            for a in Affiliation
            if by_affiliation.get(a.value)
        ],
        kind="hbar",
        share_of=total,
        note=_("有第二政治面貌的人员，两项分别计入。"),
    )

    by_education = by_trait.get("education", {})
    education_items = [
        (str(e.label), by_education[e.value], people_url(scope, education=e.value))
        for e in Education
        if by_education.get(e.value)
    ]
    if by_education.get(""):
        education_items.append((_("未填写"), by_education[""], ""))
    education = _single("education", _("最高学历"), education_items, share_of=total)

    by_band = {key: counts["bands"][f"band_{key}"] for key in [*range(len(AGE_BANDS)), "none"]}
    age_items = []
    chart_labels = list(AGE_CHART_LABELS)
    for index, (label, youngest, oldest) in enumerate(AGE_BANDS):
        params = {}
        if youngest is not None:
            params["age_min"] = youngest
        if oldest is not None:
            params["age_max"] = oldest
        age_items.append((str(label), by_band.get(index, 0), people_url(scope, **params)))
    if by_band["none"]:
        age_items.append((_("未填出生日期"), by_band["none"], ""))
        chart_labels.append(_("未填"))
    age = _single("age", _("年龄段"), age_items, share_of=total, chart_labels=chart_labels)

    by_sex = by_trait.get("sex", {})
    sex_items = [(str(s.label), by_sex.get(s.value, 0), "") for s in Sex]
    if by_sex.get(""):
        sex_items.append((_("未填写"), by_sex[""], ""))
    sex = _single("sex", _("性别"), sex_items, kind="doughnut", share_of=total)

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
        items.insert(0, (_("%(region)s本级") % {"region": scope.region.name}, by_child[root], ""))
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
            str(tier.label),
            [cell[(r.pk, tier)].active for r in regions],
            [f"{pool_list}?{urlencode({'region': r.pk, 'tier': tier.value})}" for r in regions],
        )
        for tier in tiers
    ]
    with_minimum = [t for t in tiers if any(cell[(r.pk, t)].minimum for r in regions)]
    for tier in with_minimum:
        if len(with_minimum) == 1:
            label = _("最低名额")
        else:
            label = _("%(tier)s最低名额") % {"tier": tier.label}
        series.append(Series(label, [cell[(r.pk, tier)].minimum for r in regions], line=True))
    below, status = [], []
    for region in regions:
        short = [
            _("%(tier)s差%(shortfall)s人")
            % {"tier": cell[(region.pk, t)].tier_label, "shortfall": cell[(region.pk, t)].shortfall}
            for t in tiers
            if cell[(region.pk, t)].below_minimum
        ]
        status.append(_("，").join(short) if short else _("达到最低名额"))
        if short:
            below.append((region, _("，").join(short)))
    if len(with_minimum) == 1:
        note = _("柱为在库人数，横线为%(tier)s最低名额。") % {"tier": with_minimum[0].label}
    elif with_minimum:
        note = _("柱为在库人数，横线为最低名额。")
    else:
        note = _("柱为在库人数。")
    breakdown = Breakdown(
        key="pool",
        title=_("代表人士人才库"),
        labels=[_("%(region)s人才库") % {"region": r.name} for r in regions],
        series=series,
        extra_label=_("名额情况"),
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
        title=_("政治安排"),
        labels=[label for _kind, label in kinds],
        series=[
            Series(label, [grouped.get((k, value), 0) for k, _label in kinds])
            for value, label in levels
        ]
        # With nothing appointed yet the chart still has its one (empty) series.
        or [Series(_("现任"), [])],
        stacked=True,
        note=_("按类别和级别统计现任的政治安排。"),
        wide=True,
    )
