"""Activities owns the question "which years are locked?"; the ratings app answers it."""

import datetime

from activities import locks
from ratings.models import Rating


def test_an_approved_rating_locks_its_year_through_the_hook(centre):
    Rating.objects.create(centre=centre, year=2024, status=Rating.Status.APPROVED, grade="good")
    Rating.objects.create(centre=centre, year=2025, status=Rating.Status.DRAFT)
    assert locks.locked_years(centre.pk) == {2024}
    assert locks.is_year_locked(centre.pk, 2024)
    assert not locks.is_year_locked(centre.pk, 2025)


def test_another_answerer_adds_its_years(monkeypatch, centre):
    monkeypatch.setattr(locks, "_answerers", list(locks._answerers))
    locks.register(lambda centre_id: {datetime.date.today().year})
    assert datetime.date.today().year in locks.locked_years(centre.pk)


def test_registering_twice_answers_once(monkeypatch):
    monkeypatch.setattr(locks, "_answerers", [])

    def answer(centre_id):
        return {2020}

    locks.register(answer)
    locks.register(answer)
    assert locks._answerers == [answer]
