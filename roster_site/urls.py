from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from roster_site import views

admin.site.site_header = _("同心名册 管理后台")
admin.site.site_title = _("同心名册")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("statistics.xlsx", views.statistics_export, name="statistics_export"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("accounts.audit_urls")),
    path("units/", include("units.urls")),
    path("people/", include("people.urls")),
    path("talent-pool/", include("talent_pool.urls")),
    path("meetings/", include("meetings.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (photos, attachments) are never served from MEDIA_URL: each is sent by a
# view that checks the user's scope first. nginx must not serve the media folder either.
