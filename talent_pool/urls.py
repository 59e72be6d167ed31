from django.urls import path

from talent_pool import views

app_name = "talent_pool"
urlpatterns = [
    path("", views.pool_list, name="list"),
    path("export.xlsx", views.pool_export, name="export"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("entries/<int:pk>/tier/", views.entry_tier, name="entry_tier"),
    path("entries/<int:pk>/evaluate/", views.entry_evaluate, name="entry_evaluate"),
    path("quotas/", views.quota_list, name="quotas"),
    path("quotas/<int:region_pk>/edit/", views.quota_edit, name="quota_edit"),
    path("reviews/<int:year>/", views.review_year, name="review"),
    path("reviews/<int:year>/open/", views.review_open, name="review_open"),
    path("reviews/<int:year>/decide/", views.review_decide, name="review_decide"),
    path("reviews/<int:year>/close/", views.review_close, name="review_close"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/transition/",
        views.recommendation_transition,
        name="recommendation_transition",
    ),
    path(
        "recommendations/<int:pk>/evaluate/",
        views.recommendation_evaluate,
        name="recommendation_evaluate",
    ),
]
