"""Account changes are kept as history, like assignments: who gave or took away an access."""

from django.contrib.auth.models import User
from simple_history import register

# The password hash and the last login are not history: a login is not an account change.
register(User, app="centres", excluded_fields=["password", "last_login"])
