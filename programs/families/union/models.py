"""The family's proxy model, loaded with the app's models; the family registers in apps.ready()."""

from .workflow import UnionCase  # noqa: F401
