"""The family's proxy model, loaded with the app's models; the family registers in apps.ready()."""

from .workflow import HousingCase

__all__ = ["HousingCase"]
