"""The womens_care workflow family (being built: issue 10).

This folder is also a Django app (its own migrations), so Django imports this package before the
app registry is ready, when no model may be defined yet. The family registers in the app's
ready() (apps.py); FAMILY is read from family.py on demand.
"""


def __getattr__(name):
    if name == "FAMILY":
        from .family import FAMILY

        return FAMILY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FAMILY"]
