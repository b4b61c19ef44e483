from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language

from centres import views as centre_views


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; the URL is resolved per request
    (with the production manifest it exists only after collectstatic)."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("", centre_views.dashboard, name="dashboard"),
    path("centres/", include("centres.urls")),
    path("activities/", include("activities.urls")),
    path("ratings/", include("ratings.urls")),
    path("reports/", include("reports.urls")),
    path("periods/", include("regime.urls")),
    path("emulation/", include("emulation.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
]
