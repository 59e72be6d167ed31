"""What each role may do, in one table, and the small predicates built on it.

Scope (which region and unit a user's data lies in) is a separate question, answered by
the selectors (``accounts.selectors.region_scope`` and each app's ``..._visible_to``).
"""

from enum import StrEnum
from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.enums import Role


class Cap(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_ROSTER = "view_roster"
    EDIT_ROSTER = "edit_roster"
    EXPORT = "export"
    IMPORT = "import"
    REVEAL = "reveal"
    VIEW_UNITS = "view_units"
    EDIT_UNITS = "edit_units"
    VIEW_POOL = "view_pool"
    EDIT_POOL = "edit_pool"
    SUBMIT_RECOMMENDATION = "submit_recommendation"
    REVIEW_RECOMMENDATION = "review_recommendation"
    VIEW_MEETINGS = "view_meetings"
    EDIT_MEETINGS = "edit_meetings"
    UPDATE_ACTIONS = "update_actions"
    VIEW_AUDIT = "view_audit"
    MANAGE_ACCOUNTS = "manage_accounts"
    GRANT_ROLES = "grant_roles"


ROLE_CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.STAFF: frozenset(
        {
            Cap.VIEW_DASHBOARD,
            Cap.VIEW_ROSTER,
            Cap.EDIT_ROSTER,
            Cap.EXPORT,
            Cap.IMPORT,
            Cap.VIEW_UNITS,
            Cap.EDIT_UNITS,
            Cap.VIEW_POOL,
            Cap.EDIT_POOL,
            Cap.REVIEW_RECOMMENDATION,
            Cap.VIEW_MEETINGS,
            Cap.EDIT_MEETINGS,
            Cap.UPDATE_ACTIONS,
        }
    ),
    Role.UNIT_LIAISON: frozenset(
        {Cap.VIEW_UNITS, Cap.SUBMIT_RECOMMENDATION, Cap.VIEW_MEETINGS, Cap.UPDATE_ACTIONS}
    ),
    Role.LEADER: frozenset(
        {Cap.VIEW_DASHBOARD, Cap.VIEW_ROSTER, Cap.VIEW_UNITS, Cap.VIEW_POOL, Cap.VIEW_MEETINGS}
    ),
    Role.AUDITOR: frozenset({Cap.VIEW_AUDIT}),
    Role.SYSADMIN: frozenset({Cap.VIEW_UNITS, Cap.EDIT_UNITS, Cap.MANAGE_ACCOUNTS}),
    # The security administrator alone grants roles and sensitive permissions.
    Role.SECADMIN: frozenset({Cap.GRANT_ROLES}),
}

# Capabilities that a role allows but that each account must also be granted one by one.
PER_USER_GRANTS = {Cap.REVEAL: "can_reveal"}


def has_cap(user, cap: Cap) -> bool:
    """Return whether user (signed in and active) holds the capability."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if cap in PER_USER_GRANTS:
        return user.role == Role.STAFF and bool(getattr(user, PER_USER_GRANTS[cap]))
    return cap in ROLE_CAPABILITIES.get(user.role, frozenset())


def capability_required(cap: Cap):
    """Decorate a view so that users without cap get 403 (the page exists, but not for them)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_cap(request.user, cap):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_edit_unit(user, unit) -> bool:
    """Staff of a lead unit may edit units of their scope; sysadmins may edit any unit."""
    if user.role == Role.SYSADMIN and has_cap(user, Cap.EDIT_UNITS):
        return True
    return (
        has_cap(user, Cap.EDIT_UNITS)
        and user.unit is not None
        and user.unit.is_lead
        and unit.region.path.startswith(user.unit.region.path)
    )
