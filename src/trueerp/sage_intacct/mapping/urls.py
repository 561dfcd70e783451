"""Settings > Sage Intacct > Mapping and Sync preferences (included by the URL root)."""

from django.urls import path

from trueerp.sage_intacct.mapping import views

urlpatterns = [
    path("mapping/entities/", views.entities, name="mapping_entities"),
    path("mapping/entities/new/", views.entity_rule_edit, name="mapping_entity_rule_new"),
    path("mapping/entities/default/", views.entity_default, name="mapping_entity_default"),
    path("mapping/entities/<int:pk>/edit/", views.entity_rule_edit, name="mapping_entity_rule_edit"),
    path("mapping/entities/<int:pk>/delete/", views.entity_rule_delete, name="mapping_entity_rule_delete"),
    path("mapping/entities/<int:pk>/move/", views.entity_rule_move, name="mapping_entity_rule_move"),
    path("mapping/dimensions/", views.dimensions, name="mapping_dimensions"),
    path("mapping/dimensions/<str:kind>/", views.dimensions, name="mapping_dimension"),
    path(
        "mapping/dimensions/<str:kind>/override/", views.dimension_override, name="mapping_dimension_override"
    ),
    path("mapping/dimensions/<str:kind>/accept/", views.dimension_accept, name="mapping_dimension_accept"),
    path(
        "mapping/dimensions/<str:kind>/configure/",
        views.dimension_configure,
        name="mapping_dimension_configure",
    ),
    path("mapping/accounts/", views.accounts, name="mapping_accounts"),
    path("sync-preferences/", views.sync_preferences, name="sync_preferences"),
]
