from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

# One message for unknown users, wrong passwords and inactive accounts, so that the page
# does not tell an attacker which user names exist. Marked here, translated where shown.
LOGIN_ERROR = gettext_noop("用户名或密码不正确，请重新输入（密码区分大小写）。")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(LOGIN_ERROR),
        "inactive": gettext_lazy(LOGIN_ERROR),
    }

    username = forms.CharField(
        label=gettext_lazy("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=gettext_lazy("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": gettext_lazy("原密码不正确，请重新输入。"),
        "password_mismatch": gettext_lazy("两次输入的新密码不一致。"),
    }

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and self.user.check_password(new):
            raise forms.ValidationError(_("新密码不能与原密码相同。"))
        return new


class AdminPasswordResetForm(auth_forms.AdminPasswordChangeForm):
    """A password set by an administrator must be changed by its owner at next sign-in."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)
