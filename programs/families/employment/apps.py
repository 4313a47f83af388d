from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    """A workflow family with models of its own is its own app (its own migrations)."""

    name = "programs.families.employment"
    label = "employment"

    def ready(self) -> None:
        # The family registers here (programs.registry) once its family.py exists.
        pass
