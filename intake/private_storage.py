"""Where uploaded materials live: outside the web root, under random names, never served by URL.

Files are read back only through intake.material_views.material_download, which checks who asks.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at ONEWINDOW_PRIVATE_ROOT (read at use, so tests may move it)."""

    @property
    def base_location(self):
        return str(settings.ONEWINDOW_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; use the permission-checked download view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def material_file_name(instance, filename: str) -> str:
    """A random name: nothing the person typed (the original name is kept as metadata only)."""
    return f"materials/{uuid.uuid4().hex}"
