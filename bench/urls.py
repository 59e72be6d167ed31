"""The project's URLs plus the baseline admin site, for the benchmark only."""

from django.urls import path

from bench.admin import site
from roster_site.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("bench-admin/", site.urls)]
