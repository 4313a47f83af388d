"""The family's proxy model, imported with the app's models so that its migration finds it."""

from .workflow import WomensCareCase  # noqa: F401
