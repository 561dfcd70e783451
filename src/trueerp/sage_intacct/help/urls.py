from django.urls import path

from trueerp.sage_intacct.help import views

urlpatterns = [
    path("help/", views.help_page, name="help"),
]
