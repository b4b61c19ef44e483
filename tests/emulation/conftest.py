import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages and labels in Vietnamese, whatever an earlier test activated."""
    with translation.override("vi"):
        yield
