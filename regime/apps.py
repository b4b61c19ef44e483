from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegimeConfig(AppConfig):
    name = "regime"
    verbose_name = _("reporting regime")

    def ready(self) -> None:
        from activities import locks
        from centres import todo

        from . import todo as regime_todo
        from .locks import accepted_periods

        locks.register_periods(accepted_periods)
        todo.register(regime_todo.items)
