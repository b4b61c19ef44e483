"""No dead ends: as every demo role, follow every link and form action the portal shows, from
the dashboard on (bounded), and fail on any 403, 404 or server error reached that way."""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db
# Every demo login: a present commune, a former district (read only), the province as viewer,
# reviewer and unit admin, and the superuser.
ROLES = ["xa", "huyen", "tinh", "tinh_danhgia", "quantri", "admin"]
PER_PATTERN = 2  # pages of the same shape (ids replaced) visited per role
MAX_PAGES = 400
SKIP = ("/admin/", "/accounts/logout/", "/i18n/")


class Links(HTMLParser):
    """Hrefs of links and the actions of GET forms (with their fields' default values)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "get": (attrs.get("method") or "get").lower() == "get",
                "fields": [],
            }
        elif self._form is not None and tag in ("input", "select") and attrs.get("name"):
            if tag == "input" and attrs.get("type") in ("checkbox", "radio", "submit", "file"):
                return
            self._form["fields"].append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            form, self._form = self._form, None
            if form["get"]:
                query = urlencode([(k, v) for k, v in form["fields"] if v])
                self.found.append(
                    f"{form['action'] or '.'}?{query}" if query else form["action"] or "."
                )
            else:
                self.found.append(("POST", form["action"]))


def shape(url: str) -> str:
    path, query = urlsplit(url).path, urlsplit(url).query
    keys = sorted({k for k, _v in parse_qsl(query)})
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client, start="/"):
    seen, per_shape, broken = set(), {}, []
    queue = deque([(start, "(start)")])
    while queue and len(seen) < MAX_PAGES:
        url, source = queue.popleft()
        post = isinstance(url, tuple)
        target = url[1] if post else url
        if target in seen or any(target.startswith(s) for s in SKIP):
            continue
        key = ("POST " if post else "") + shape(target)
        if per_shape.get(key, 0) >= PER_PATTERN:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        seen.add(target)
        keys = [k for k, _v in parse_qsl(urlsplit(target).query)]
        if len(keys) != len(set(keys)):
            broken.append(("a parameter repeated", target, source))  # links that pile up
            continue
        if post:
            # A form that posts: its action must exist for this user (a GET may be 405).
            response = client.get(target)
            if response.status_code in (403, 404) or response.status_code >= 500:
                broken.append((response.status_code, "form " + target, source))
            continue
        response = client.get(target)
        if response.streaming:
            # A file (evidence): read and closed without response.close(), which would fire
            # request_finished and close the test's database connection.
            b"".join(response.streaming_content)
            for close in response._resource_closers:
                close()
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((response.status_code, target, source))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.found:
            method, href = href if isinstance(href, tuple) else (None, href)
            parts = urlsplit(urljoin(f"http://testserver{target}", href))
            if parts.scheme != "http" or parts.netloc != "testserver":
                continue  # mailto:, tel:, another site
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if "format=pdf" in local:
                continue  # the PDFs are checked by the report tests; here only their links
            queue.append(((method, local) if method else local, target))
    return broken, len(seen)


def test_no_link_the_portal_shows_leads_to_an_error(client):
    call_command("load_demo", "--years", "1", stdout=StringIO())
    User = get_user_model()
    report = {}
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        broken, visited = crawl(client)
        report[username] = (visited, broken)
    assert {user: broken for user, (_n, broken) in report.items()} == {u: [] for u in ROLES}
    visited = {user: n for user, (n, _broken) in report.items()}
    assert visited["xa"] > 20, visited  # the crawl really walked the portal
    assert visited["huyen"] > 20, visited
    assert min(visited[u] for u in ROLES if u not in ("xa", "huyen")) > 50, visited
