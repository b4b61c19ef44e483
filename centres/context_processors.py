from .models.assignments import user_assignments
from .permissions import can_manage_users


def assignments(request) -> dict:
    """The signed-in user's assignments for the top bar and the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignments = user_assignments(user)
    return {
        "user_assignments": assignments,
        "nav_can_manage_users": can_manage_users(user),
        "nav_reports": user.is_superuser or any(a.unit.level != "commune" for a in assignments),
    }
