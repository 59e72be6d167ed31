"""A URLconf with a view that fails, for the production error-page test."""

from django.urls import include, path


def crash(request):
    raise RuntimeError("secret detail: database password is hunter2")


urlpatterns = [path("crash/", crash), path("", include("roster_site.urls"))]
