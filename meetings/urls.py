from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/status/", views.meeting_set_status, name="set_status"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/follow-up/", views.agenda_follow_up, name="agenda_follow_up"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/agenda/<int:item_pk>/move/", views.agenda_move, name="agenda_move"),
    path("<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/minutes/", views.minutes_print, name="minutes"),
    path("<int:pk>/minutes/issue/", views.minutes_issue, name="minutes_issue"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/updates/", views.action_update, name="action_update"),
    path("actions/<int:pk>/status/", views.action_set_status, name="action_status"),
    path(
        "actions/<int:pk>/updates/<int:update_pk>/attachment/",
        views.attachment_download,
        name="attachment",
    ),
]
