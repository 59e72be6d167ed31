from django.urls import path

from people import excel_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("registration.xlsx", excel_views.registration_forms, name="registrations"),
    path("export.xlsx", excel_views.roster_export, name="export"),
    path("import/", excel_views.roster_import, name="import"),
    path("import/template.xlsx", excel_views.import_template, name="import_template"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/registration.xlsx", excel_views.registration_form, name="registration"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/archive/", views.person_archive, name="archive"),
    path("<int:pk>/restore/", views.person_restore, name="restore"),
    path("<int:pk>/reveal/", views.person_reveal, name="reveal"),
    path("<int:pk>/photo/", views.person_photo, name="photo"),
]
