"""Reads about accounts and their scope."""

from accounts.enums import Role
from units.models import MemberUnit, Region

# Roles whose scope is their unit's region and everything below it.
REGION_SCOPED_ROLES = {Role.STAFF, Role.LEADER, Role.UNIT_LIAISON}


def region_scope(user):
    """Return the regions whose data the user may see.

    - staff and leaders: their unit's region and every region below it (city staff see all
      districts, district staff only their own);
    - liaisons: the same subtree, further limited to their own unit by each app's selector;
    - auditors and sysadmins: no region (they see no personal data).
    """
    if (
        not getattr(user, "is_authenticated", False)
        or user.role not in REGION_SCOPED_ROLES
        or user.unit_id is None
    ):
        return Region.objects.none()
    return Region.objects.filter(path__startswith=user.unit.region.path)


def units_visible_to(user):
    """Return the member units the user may see.

    - staff and leaders: units of the conferences in their region subtree;
    - liaisons: the units of their own unit's conference;
    - sysadmins: every unit (they maintain them);
    - auditors: none.
    """
    if not getattr(user, "is_authenticated", False):
        return MemberUnit.objects.none()
    if user.role == Role.SYSADMIN:
        return MemberUnit.objects.all()
    if user.role == Role.UNIT_LIAISON and user.unit_id:
        return MemberUnit.objects.filter(region_id=user.unit.region_id)
    return MemberUnit.objects.filter(region__in=region_scope(user))
