from django.apps import AppConfig


class WomensCareConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.womens_care"
    label = "womens_care"

    def ready(self) -> None:
        # The family registers here (programs.registry) once its family.py exists.
        pass
