"""The family's proxy model, loaded with the app's models: importing the family registers it."""

from .family import FAMILY
from .workflow import CivilAllowanceCase

__all__ = ["FAMILY", "CivilAllowanceCase"]
