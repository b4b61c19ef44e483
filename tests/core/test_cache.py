"""Generations: a bump makes every value stored under the old number stale."""

from django.db import transaction

from activities.models import Session
from core import cache as generational
from core.signals import bulk_written
from reports import cache as report_cache


def test_a_bump_moves_the_generation_now_and_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    before = generational.generations(["probe"])[0]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generational.bump(["probe"])
        generational.bump(["probe"])
        assert generational.generations(["probe"])[0] == before + 2
    assert generational.generations(["probe"])[0] == before + 3


def test_a_value_is_computed_once_per_generation(db):
    calls = []
    key = generational.key_under_generations("probe", ["probe"], [1])
    assert generational.get_or_compute(key, lambda: calls.append(1) or "a") == "a"
    assert generational.get_or_compute(key, lambda: calls.append(1) or "b") == "a"
    generational.bump(["probe"])
    key = generational.key_under_generations("probe", ["probe"], [1])
    assert generational.get_or_compute(key, lambda: calls.append(1) or "c") == "c"
    assert len(calls) == 2


def test_a_bulk_write_announced_by_a_lower_app_makes_its_reports_stale(db):
    topics = [report_cache.RATINGS, report_cache.ACTIVITIES]
    ratings, activities = report_cache.generations(topics)
    bulk_written.send(sender=Session)
    assert report_cache.generations(topics) == [ratings, activities + 1]
