"""The Vietnamese catalogue is complete, current and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SKIP = {".venv", ".git", "staticfiles", "media", "node_modules", ".pytest_cache", ".ruff_cache"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """A catalogue freshly extracted from the code, merged with the committed translations."""
    copy = tmp_path_factory.mktemp("repo") / "repo"
    shutil.copytree(ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP])
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete",
         "--no-location", "--ignore=tests", "--ignore=.venv"],
        cwd=copy, check=True, capture_output=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )  # fmt: skip
    return polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))


def test_every_string_in_the_code_has_a_vietnamese_translation(extracted):
    untranslated = [e.msgid for e in extracted if not e.translated() and not e.obsolete]
    assert untranslated == []


def test_no_translation_is_fuzzy(extracted):
    assert [e.msgid for e in extracted if "fuzzy" in e.flags] == []
    assert [e.msgid for e in polib.pofile(str(PO)) if "fuzzy" in e.flags] == []


def test_committed_catalogue_has_no_stale_entries(extracted):
    current = {e.msgid for e in extracted}
    stale = [e.msgid for e in polib.pofile(str(PO)) if e.msgid not in current]
    assert stale == []


def test_compiled_catalogue_matches_the_source():
    source = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO)) if e.msgid}
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO)) if e.msgid}
    compiled = {k: v for k, v in compiled.items() if k in source or not v}
    assert compiled == source, "run `make messages` to recompile locale/vi"


def test_django_uses_the_vietnamese_catalogue_by_default():
    with translation.override("vi"):
        assert translation.gettext("Centres") == "Trung tâm"


def test_a_user_can_switch_to_english_and_back(client, commune_staff, centre):
    client.force_login(commune_staff)
    assert "Tổng quan" in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("dashboard")).content.decode()
    assert "Overview" in body
    assert 'lang="en"' in body
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Tổng quan" in client.get(reverse("dashboard")).content.decode()


def test_a_browser_set_to_english_still_gets_vietnamese(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"
