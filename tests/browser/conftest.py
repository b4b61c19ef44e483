"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Never downloads a browser. Without /usr/bin/chromium the journeys are skipped locally and fail
in CI (CI=true), where .ci/run installs Chromium with apt.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
SNAPSHOT: dict[str, str | None] = {}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The migrations' data, as serialized when the test database was made (migration_data).
    SNAPSHOT["default"] = getattr(connections["default"], "_test_serialized_contents", None)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server, request):
    """A 360 x 740 page, with a screenshot saved if the test fails."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    if getattr(request.node, "failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item.failed = True


def log_in(page, username: str, password: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def assert_accessible(page) -> None:
    """axe-core (bundled by the PyPI package axe-playwright-python) finds no serious or critical
    violation on the page, at 360 px and at 1280 px (WCAG 2 A/AA rules and best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    size = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": size["height"]})
        results = Axe().run(page).response
        serious = [
            f"{v['id']}: {v['nodes'][0]['target']} {v['help']}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (page.url, width)
    page.set_viewport_size(size)


@pytest.fixture(autouse=True)
def migration_data(transactional_db, live_server, browser):
    """The rows the migrations wrote (national content areas…), back before each journey.

    Once Playwright's sync API runs its event loop, Django's connections are another context's
    objects, without the snapshot the serialized rollback restores (pytest-dev/pytest-django
    #1117): after an earlier transactional test flushed the tables, a journey found no content
    area. The snapshot is kept when the browser starts and reloaded here when it is missing."""
    from activities.models import ContentArea

    contents = SNAPSHOT.get("default")
    if contents and not ContentArea.objects.exists():
        _reload(contents)


def _reload(contents: str) -> None:
    """The snapshot's rows of every table left empty. (A flush run without the snapshot emits
    post_migrate, which makes content types and permissions again: those tables are kept.)"""
    from django.core import serializers
    from django.db import connection, transaction

    objects = list(serializers.deserialize("json", contents))
    empty = {}
    for obj in objects:
        model = type(obj.object)
        if model not in empty:
            empty[model] = not model._base_manager.exists()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for obj in objects:
            if empty[type(obj.object)]:
                obj.save()
    connection.check_constraints()
