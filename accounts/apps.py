from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与审计"

    def ready(self):
        from accounts import signals  # noqa: F401  (connects the login/logout audit)
