"""The module's URL root: each capability contributes its own patterns under Settings > Sage Intacct."""

from django.urls import include, path

app_name = "sage_intacct"

urlpatterns = [
    path("", include("trueerp.sage_intacct.status.urls")),
    path("", include("trueerp.sage_intacct.connection.urls")),
    path("", include("trueerp.sage_intacct.reference.urls")),
    path("", include("trueerp.sage_intacct.mapping.urls")),
    path("", include("trueerp.sage_intacct.actions.urls")),
    path("", include("trueerp.sage_intacct.reports.urls")),
    path("", include("trueerp.sage_intacct.log.urls")),
    path("", include("trueerp.sage_intacct.help.urls")),
]
