"""The address of the client behind the deployment's reverse proxies.

`DJANGO_TRUSTED_PROXIES` (settings.TRUSTED_PROXIES) says how many proxies stand in front of the
application and append to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`). With none, the
connecting address is the client and the header is ignored (a client could write anything in it);
with N, the client is the N-th address from the right, the one the outermost trusted proxy saw.
Used by django-axes (AXES_CLIENT_IP_CALLABLE), so lockouts follow clients, not the proxy.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through all the proxies: the header cannot be trusted
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
