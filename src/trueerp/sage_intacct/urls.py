from django.urls import include, path

from trueerp.sage_intacct import views, views_help, views_sync

app_name = "sage_intacct"

urlpatterns = [
    path("", views.settings_home, name="settings"),
    path("status.json", views.status_json, name="status_json"),
    path("test-connection/", views.test_connection, name="test_connection"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("help/", views_help.help_page, name="help"),
    path("sync-log/", views_sync.sync_log, name="sync_log"),
    path("sync-log.csv", views_sync.sync_log_csv, name="sync_log_csv"),
    path("sync-log/retry-all/", views_sync.retry_all, name="retry_all"),
    path("jobs/<int:job_id>/retry/", views_sync.retry_job, name="retry_job"),
    path("bulk-sync/", views_sync.bulk_sync, name="bulk_sync"),
    path("initial-sync/", views_sync.initial_sync, name="initial_sync"),
    path("bulk-sync/<slug:operation>/", views_sync.bulk_progress, name="bulk_progress"),
    path(
        "bulk-sync/<slug:operation>/progress.json", views_sync.bulk_progress_json, name="bulk_progress_json"
    ),
    path("transactions/<int:txn_id>/sync/", views_sync.action_sync, name="action_sync"),
    path("transactions/<int:txn_id>/update/", views_sync.action_update, name="action_update"),
    path("transactions/<int:txn_id>/reverse/", views_sync.action_reverse, name="action_reverse"),
    path("transactions/<int:txn_id>/mark-synced/", views_sync.action_mark_synced, name="action_mark_synced"),
    path(
        "transactions/<int:txn_id>/mark-not-synced/",
        views_sync.action_mark_not_synced,
        name="action_mark_not_synced",
    ),
    path("transactions/<int:txn_id>/history/", views_sync.transaction_history, name="transaction_history"),
    path("", include("trueerp.sage_intacct.urls_mapping")),
]
