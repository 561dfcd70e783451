from django.urls import include, path

from trueerp.sage_intacct import views

app_name = "sage_intacct"

urlpatterns = [
    path("", views.settings_home, name="settings"),
    path("status.json", views.status_json, name="status_json"),
    path("test-connection/", views.test_connection, name="test_connection"),
    path("disconnect/", views.disconnect, name="disconnect"),
    path("", include("trueerp.sage_intacct.urls_mapping")),
]
