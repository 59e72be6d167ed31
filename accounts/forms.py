from django import forms
from django.contrib.auth.forms import AuthenticationForm

# One message for unknown users, wrong passwords and inactive accounts, so that the page
# does not tell an attacker which user names exist.
LOGIN_ERROR = "用户名或密码不正确，请重新输入（密码区分大小写）。"


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_ERROR, "inactive": LOGIN_ERROR}

    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
