"""The age bands are exact on the days around every band's edge (tallies by month and day)."""

import datetime

from django.utils import timezone

from roster_site.dashboard.composition import AGE_BANDS
from tests.people.factories import make_person


def age_on(today: datetime.date, born: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def band_of(age: int) -> str:
    for label, youngest, oldest in AGE_BANDS:
        if (youngest is None or age >= youngest) and (oldest is None or age <= oldest):
            return label
    raise AssertionError(age)


def edge_dates(today: datetime.date) -> list[datetime.date]:
    """Return birth dates on, just before and just after each band's edge, and around them."""
    dates = []
    for years in (30, 40, 50, 60):
        try:
            edge = today.replace(year=today.year - years)
        except ValueError:
            edge = today.replace(year=today.year - years, day=28)
        first = edge.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        for day in (
            edge - datetime.timedelta(days=1),
            edge,
            edge + datetime.timedelta(days=1),
            first,
            following - datetime.timedelta(days=1),
            following,
            first - datetime.timedelta(days=1),
            edge - datetime.timedelta(days=45),
            edge + datetime.timedelta(days=45),
        ):
            if day not in dates:
                dates.append(day)
    return dates


def test_each_person_is_in_the_band_of_their_age_on_the_edges(client_for, personas, settings):
    today = timezone.localdate()
    expected = {label: 0 for label, _, _ in AGE_BANDS}
    for index, born in enumerate(edge_dates(today)):
        make_person(personas.district_a, name=f"边界{index}", birth_date=born)
        expected[band_of(age_on(today, born))] += 1
    make_person(personas.district_a, name="无生日", birth_date=None, id_number="X0000001",
                document_type="other")  # fmt: skip
    response = client_for(personas.city_staff).get("/")
    age = next(b for b in response.context["breakdowns"] if b.key == "age")
    shown = dict(zip(age.labels, age.series[0].values, strict=True))
    assert shown == {**expected, "未填出生日期": 1}
    # And the roster list's age filter, which the bars link to, agrees with each band.
    people = client_for(personas.city_staff)
    for label, link in zip(age.labels, age.series[0].links, strict=True):
        if link:
            listed = people.get(link).context["count"]
            assert listed == expected[label], label
