from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("trueerp.core.urls")),
    path("financial/", include("trueerp.financial.urls")),
    path("settings/integrations/", include("trueerp.integrations.urls")),
    path("settings/sage-intacct/", include("trueerp.sage_intacct.urls")),
]

handler404 = "trueerp.core.views.error_404"
handler500 = "trueerp.core.views.error_500"
