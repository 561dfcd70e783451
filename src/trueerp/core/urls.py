from django.contrib.auth import views as auth_views
from django.urls import path

from trueerp.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/users/", views.users_list, name="users_list"),
    path("settings/users/<int:user_id>/access/", views.user_access, name="user_access"),
    path("settings/preferences/", views.preferences_index, name="preferences"),
    path("settings/preferences/<slug:slug>/", views.preferences_section, name="preferences_section"),
    path("settings/audit/", views.audit_log, name="audit_log"),
]
