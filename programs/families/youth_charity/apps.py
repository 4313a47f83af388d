from django.apps import AppConfig


class YouthCharityConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.youth_charity"
    label = "youth_charity"

    def ready(self) -> None:
        # The family registers here (programs.registry) once its family.py exists.
        pass
