"""Audit sign-ins, failed sign-ins, lockouts and sign-outs."""

from datetime import timedelta

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from accounts.enums import AuditAction, AuditOutcome
from accounts.middleware import LOGIN_AT_SESSION_KEY
from accounts.models import AuditEvent
from accounts.services import audit


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The start of the absolute session lifetime (SessionPolicyMiddleware).
        request.session[LOGIN_AT_SESSION_KEY] = timezone.now().timestamp()
    audit(AuditAction.LOGIN, request=request, user=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    audit(
        AuditAction.LOGIN_FAILED,
        request=request,
        user=user,
        username=username,
        outcome=AuditOutcome.FAILURE,
    )


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(AuditAction.LOGOUT, request=request, user=user)


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    # Axes signals again for each attempt while the lock lasts; record the lock once.
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    if AuditEvent.objects.filter(
        action=AuditAction.LOCKED_OUT, username=username, time__gte=since
    ).exists():
        return
    user = get_user_model().objects.filter(username=username).first()
    audit(
        AuditAction.LOCKED_OUT,
        request=request,
        user=user,
        username=username,
        outcome=AuditOutcome.DENIED,
    )
