"""Writes that belong to accounts: the audit trail."""

from typing import Any

from django.conf import settings

from accounts.enums import AuditAction, AuditOutcome
from accounts.models import AuditEvent


def client_ip(request) -> str | None:
    """Return the client's IP address, trusting X-Forwarded-For only behind known proxies."""
    if request is None:
        return None
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit(
    action: AuditAction,
    *,
    request=None,
    user=None,
    obj=None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one audit event; the acting user defaults to the request's user."""
    request_user = getattr(request, "user", None)
    if user is None and request_user is not None and request_user.is_authenticated:
        user = request_user
    event = AuditEvent(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request),
        action=action,
        outcome=outcome,
        detail=detail or {},
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    event.save()
    return event
