from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = _("Ratings")

    def ready(self):
        from activities import locks as activity_locks
        from centres import todo

        from . import audit
        from . import todo as rating_todo
        from .locks import approved_years

        audit.register_histories()
        activity_locks.register(approved_years)  # an approved rating locks the year's records
        todo.register(rating_todo.items)
