from django.urls import path

from trueerp.financial import views

app_name = "financial"

urlpatterns = [
    path("", views.transaction_list, name="transaction_list"),
    path("transactions/new/", views.transaction_create, name="transaction_create"),
    path("transactions/<int:pk>/", views.transaction_detail, name="transaction_detail"),
    path("transactions/<int:pk>/edit/", views.transaction_edit, name="transaction_edit"),
    path("transactions/<int:pk>/post/", views.transaction_post, name="transaction_post"),
    path("transactions/<int:pk>/void/", views.transaction_void, name="transaction_void"),
    path("transactions/<int:pk>/duplicate/", views.transaction_duplicate, name="transaction_duplicate"),
]
