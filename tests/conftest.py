import pytest

from tests.personas import build_personas


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings, tmp_path):
    """Use a fast password hasher, plain static storage and a throw-away media folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def personas(db):
    return build_personas()


@pytest.fixture
def client_for(client):
    """Return a function that signs the test client in as a user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
