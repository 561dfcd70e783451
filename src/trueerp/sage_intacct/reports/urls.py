from django.urls import path

from trueerp.sage_intacct.reports import designer, schedule_views, views

urlpatterns = [
    path("reports/", views.reports_home, name="reports_home"),
    path("reports/designer/", designer.designer, name="report_designer"),
    path("reports/<int:pk>/", views.definition_detail, name="report_definition"),
    path("reports/<int:pk>/designer/", designer.designer, name="report_designer_edit"),
    path("reports/<int:pk>/run/", views.run_definition, name="report_run_start"),
    path("reports/<int:pk>/schedules/", schedule_views.schedule_create, name="report_schedule_create"),
    path(
        "reports/<int:pk>/schedules/<int:schedule_pk>/delete/",
        schedule_views.schedule_delete,
        name="report_schedule_delete",
    ),
    path("reports/runs/<int:pk>/", views.run_detail, name="report_run"),
    path("reports/runs/<int:pk>/progress.json", views.run_progress, name="report_run_progress"),
    path("reports/runs/<int:pk>/download/<str:fmt>/", views.run_download, name="report_download"),
    path("reports/runs/<int:pk>/drill/<int:line>/<int:column>/", views.run_drill, name="report_drill"),
]
