"""临时救助 — temporary assistance. This folder is also a Django app (it has models of its own):
Django imports it before any model can load, so the family registers in the app's ready()
(apps.py), and `FAMILY` is read from here lazily."""


def __getattr__(name):
    if name == "FAMILY":
        from .family import FAMILY

        return FAMILY
    raise AttributeError(name)


__all__ = ["FAMILY"]
