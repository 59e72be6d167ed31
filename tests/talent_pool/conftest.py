import pytest


@pytest.fixture(autouse=True)
def _default_criteria(request):
    """Recreate the shipped standards: a transactional test's flush removes migration data."""
    if "db" in request.fixturenames or "personas" in request.fixturenames:
        from talent_pool.services import ensure_default_criteria

        request.getfixturevalue("db")
        ensure_default_criteria()
