"""Response headers that every page gets, and the session and password policy."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Add the CSP and keep pages for signed-in users out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages and files behind the login may hold personal data.
            response.headers["Cache-Control"] = "no-store, private"
        return response


LOGIN_AT_SESSION_KEY = "accounts_login_at"
# Pages a user whose password must change may still open.
PASSWORD_EXEMPT_URL_NAMES = {"password_change", "logout", "login", "healthz"}


class SessionPolicyMiddleware:
    """End sessions older than the absolute lifetime; hold users whose password must change.

    The idle timeout is Django's own (SESSION_COOKIE_AGE renewed on every request); this
    adds the absolute lifetime counted from sign-in, and sends users with a new, reset or
    expired password to the password page before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_SESSION_KEY)
            lifetime = settings.SESSION_ABSOLUTE_SECONDS
            if login_at is None or timezone.now().timestamp() - login_at > lifetime:
                logout(request)
                return redirect(f"{reverse('login')}?expired=1")
            if (
                user.must_change_password or user.password_expired(settings.PASSWORD_MAX_AGE_DAYS)
            ) and not self._exempt(request):
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in PASSWORD_EXEMPT_URL_NAMES
