from django.urls import path

from trueerp.sage_intacct.log import views

urlpatterns = [
    path("sync-log/", views.sync_log, name="sync_log"),
    path("sync-log.csv", views.sync_log_csv, name="sync_log_csv"),
    path("sync-log/retry-all/", views.retry_all, name="retry_all"),
    path("jobs/<int:job_id>/retry/", views.retry_job, name="retry_job"),
]
