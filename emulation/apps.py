from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from .audit import register_histories

        register_histories()
