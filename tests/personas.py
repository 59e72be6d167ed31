"""Named personas shared by the tests: a city with two districts and their people.

    city (339900)
      ├── district A 明湖区 (339902) ── street A1 (339902001)
      └── district B 青山区 (339903)

Units: the city's lead unit, unit X (市司法局) and unit Y (市委宣传部) in the city's
conference, and the lead unit of each district.
"""

from dataclasses import dataclass

from accounts.enums import Role
from accounts.models import User
from units.enums import RegionLevel, UnitKind
from units.models import MemberUnit, Region

PASSWORD = "Persona#Pass2026"


@dataclass
class Personas:
    city: Region
    district_a: Region
    district_b: Region
    street_a1: Region
    city_lead: MemberUnit
    unit_x: MemberUnit
    unit_y: MemberUnit
    lead_a: MemberUnit
    lead_b: MemberUnit
    city_staff: User
    staff_a: User
    staff_b: User
    liaison_x: User
    liaison_y: User
    leader: User
    auditor: User
    sysadmin: User
    secadmin: User

    def all_users(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "city_staff",
                "staff_a",
                "staff_b",
                "liaison_x",
                "liaison_y",
                "leader",
                "auditor",
                "sysadmin",
                "secadmin",
            )
        }


def make_user(username, role, unit=None, **extra) -> User:
    extra.setdefault("must_change_password", False)
    user = User(username=username, full_name=username, role=role, unit=unit, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def ensure_default_subtypes() -> None:
    """Recreate the shipped sub-types: a transactional test's flush removes migration data."""
    from people.enums import DEFAULT_SUBTYPES
    from people.models import SubType

    for category, names in DEFAULT_SUBTYPES.items():
        for order, name in enumerate(names, start=1):
            SubType.objects.get_or_create(category=category, name=name, defaults={"order": order})


def build_personas() -> Personas:
    ensure_default_subtypes()
    city = Region.objects.create(code="339900", name="示范市", level=RegionLevel.CITY)
    district_a = Region.objects.create(
        code="339902", name="明湖区", level=RegionLevel.COUNTY, parent=city
    )
    district_b = Region.objects.create(
        code="339903", name="青山区", level=RegionLevel.COUNTY, parent=city
    )
    street_a1 = Region.objects.create(
        code="339902001", name="湖滨街道", level=RegionLevel.TOWNSHIP, parent=district_a
    )
    city_lead = MemberUnit.objects.create(
        name="示范市委统战部", region=city, kind=UnitKind.PARTY, is_lead=True
    )
    unit_x = MemberUnit.objects.create(
        name="示范市司法局", region=city, kind=UnitKind.GOVERNMENT, duties="联系律师。"
    )
    unit_y = MemberUnit.objects.create(
        name="示范市委宣传部", region=city, kind=UnitKind.PARTY, duties="联系新媒体从业人员。"
    )
    lead_a = MemberUnit.objects.create(
        name="明湖区委统战部", region=district_a, kind=UnitKind.PARTY, is_lead=True
    )
    lead_b = MemberUnit.objects.create(
        name="青山区委统战部", region=district_b, kind=UnitKind.PARTY, is_lead=True
    )
    return Personas(
        city=city,
        district_a=district_a,
        district_b=district_b,
        street_a1=street_a1,
        city_lead=city_lead,
        unit_x=unit_x,
        unit_y=unit_y,
        lead_a=lead_a,
        lead_b=lead_b,
        city_staff=make_user("city_staff", Role.STAFF, city_lead, can_reveal=True),
        staff_a=make_user("staff_a", Role.STAFF, lead_a),
        staff_b=make_user("staff_b", Role.STAFF, lead_b),
        liaison_x=make_user("liaison_x", Role.UNIT_LIAISON, unit_x),
        liaison_y=make_user("liaison_y", Role.UNIT_LIAISON, unit_y),
        leader=make_user("leader", Role.LEADER, city_lead),
        auditor=make_user("auditor", Role.AUDITOR),
        sysadmin=make_user("sysadmin", Role.SYSADMIN, is_staff=True),
        secadmin=make_user("secadmin", Role.SECADMIN, is_staff=True),
    )


def grant_model_permissions(user, *app_labels) -> User:
    """Give an account every model permission of the named apps (for the admin)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels))
    return User.objects.get(pk=user.pk)
