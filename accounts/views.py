from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from accounts.enums import AuditAction
from accounts.forms import LoginForm, PasswordChangeForm
from accounts.services import audit


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Sign in; Django's view already refuses a next= URL on another host."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only); the session row is deleted on the server."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; required at first sign-in and when it has expired."""

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        audit(AuditAction.PASSWORD_CHANGE, request=self.request, obj=form.user)
        messages.success(self.request, "密码已修改。")
        return response
