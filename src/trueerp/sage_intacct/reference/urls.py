from django.urls import path

from trueerp.sage_intacct.reference import views

urlpatterns = [
    path("reference/", views.reference_data, name="reference_data"),
    path("reference/refresh/", views.reference_refresh, name="reference_refresh"),
    path("reference/progress/<int:pk>.json", views.reference_progress, name="reference_progress"),
]
