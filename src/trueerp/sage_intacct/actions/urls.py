from django.urls import path

from trueerp.sage_intacct.actions import views

urlpatterns = [
    path("bulk-sync/", views.bulk_sync, name="bulk_sync"),
    path("initial-sync/", views.initial_sync, name="initial_sync"),
    path("bulk-sync/<slug:operation>/", views.bulk_progress, name="bulk_progress"),
    path("bulk-sync/<slug:operation>/progress.json", views.bulk_progress_json, name="bulk_progress_json"),
    path("transactions/<int:txn_id>/sync/", views.action_sync, name="action_sync"),
    path("transactions/<int:txn_id>/update/", views.action_update, name="action_update"),
    path("transactions/<int:txn_id>/reverse/", views.action_reverse, name="action_reverse"),
    path("transactions/<int:txn_id>/mark-synced/", views.action_mark_synced, name="action_mark_synced"),
    path(
        "transactions/<int:txn_id>/mark-not-synced/",
        views.action_mark_not_synced,
        name="action_mark_not_synced",
    ),
    path("transactions/<int:txn_id>/history/", views.transaction_history, name="transaction_history"),
]
