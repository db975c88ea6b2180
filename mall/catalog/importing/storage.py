"""Uploaded import files hold a merchant's whole price list: keep them out of MEDIA_ROOT, which
is served to the public, in `settings.IMPORT_ROOT` (default: `imports/` beside MEDIA_ROOT)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="mall.catalog.importing.storage.ImportStorage")
class ImportStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        configured = getattr(settings, "IMPORT_ROOT", None)
        return configured or str(Path(settings.MEDIA_ROOT).parent / "imports")

    @cached_property
    def base_url(self):
        return None


import_storage = ImportStorage()
