"""Content Security Policy without inline scripts; secure cookies in production."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard", {}),
    ("centres:list", {}),
    ("activities:list", {}),
    ("ratings:index", {}),
    ("reports:ratings", {"year": 2011}),
    ("reports:activities", {}),
    ("login", {}),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_pages_carry_a_strict_policy_and_no_inline_script(
    client_for, province_viewer, centre, name, query
):
    response = client_for(province_viewer).get(reverse(name), query)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    body = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts
    assert all("src=" in tag for tag in scripts)
    assert not re.search(r"<style\b", body)
    assert not re.search(r"\son[a-z]+\s*=", body)


def test_every_post_form_carries_a_csrf_token(client_for, commune_staff, centre):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(commune_staff)
    response = strict.post(reverse("centres:update", args=[centre.pk]), {"name": "x"})
    assert response.status_code == 403
    page = (
        client_for(commune_staff).get(reverse("centres:update", args=[centre.pk])).content.decode()
    )
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page, flags=re.DOTALL)
    assert forms
    assert all("csrfmiddlewaretoken" in form for form in forms)
