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
    path("arrangements/", views.arrangement_list, name="arrangements"),
    path("arrangements/export.xlsx", views.arrangement_export, name="arrangement_export"),
    path(
        "arrangements/new/<int:person_pk>/",
        views.arrangement_create,
        name="arrangement_create",
    ),
    path("arrangements/<int:pk>/edit/", views.arrangement_edit, name="arrangement_edit"),
    path("training/", views.course_list, name="courses"),
    path("training/new/", views.course_create, name="course_create"),
    path("training/<int:pk>/", views.course_detail, name="course_detail"),
    path(
        "training/<int:pk>/participants/",
        views.course_participant_add,
        name="course_participant_add",
    ),
    path(
        "training/<int:pk>/participants/<int:participant_pk>/remove/",
        views.course_participant_remove,
        name="course_participant_remove",
    ),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/logs/", views.contact_log, name="contact_log"),
    path("contacts/<int:pk>/end/", views.contact_end, name="contact_end"),
    path("associations/", views.association_list, name="associations"),
    path("associations/new/", views.association_create, name="association_create"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
    path(
        "associations/<int:pk>/members/",
        views.association_member_add,
        name="association_member_add",
    ),
    path(
        "associations/<int:pk>/council/",
        views.association_post_add,
        name="association_post_add",
    ),
    path(
        "associations/<int:pk>/charter/",
        views.association_charter,
        name="association_charter",
    ),
]
