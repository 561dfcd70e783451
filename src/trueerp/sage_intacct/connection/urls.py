from django.urls import path

from trueerp.sage_intacct.connection import views

urlpatterns = [
    path("test-connection/", views.test_connection, name="test_connection"),
    path("disconnect/", views.disconnect, name="disconnect"),
]
