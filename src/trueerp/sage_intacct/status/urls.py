from django.urls import path

from trueerp.sage_intacct.status import views

urlpatterns = [
    path("", views.settings_home, name="settings"),
    path("status.json", views.status_json, name="status_json"),
]
