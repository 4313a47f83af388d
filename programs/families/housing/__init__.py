"""住房保障 (housing): 廉租住房保障 and 共有产权保障住房 (S000 §(八), §(九)).

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
