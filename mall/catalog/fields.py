"""Form fields the admin and the seller pages share: money in yuan, spec values as text, and
image uploads checked before they are stored."""

import re
from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing.parsing import SPEC_VALUE_LIMIT, parse_yuan
from mall.core.images import BadImage
from mall.core.money import fen_to_yuan_str


def check_image_field(upload):
    """Form clean for an image field: oversized, corrupt or bomb images get a clear message."""
    if isinstance(upload, UploadedFile):
        try:
            services.check_image_upload(upload)
        except BadImage as exc:
            raise ValidationError(str(exc)) from exc
    return upload


class YuanField(forms.CharField):
    """Money typed in yuan (59.90) and stored in fen (5990)."""

    def prepare_value(self, value):
        return fen_to_yuan_str(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int):  # already fen: the initial value of a disabled field
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_yuan(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class ValuesField(forms.CharField):
    """A JSON list of short strings, edited as text: 红色、蓝色 (、，,；; / separate). A value
    typed twice is dropped, or refused with `unique=True`."""

    separators = re.compile(r"[、,，;；/]")

    def __init__(self, *args, unique: bool = False, **kwargs):
        self.unique = unique
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        values = [part.strip() for part in self.separators.split(text) if part.strip()]
        too_long = [v for v in values if len(v) > SPEC_VALUE_LIMIT]
        if too_long:
            raise ValidationError(
                _("“%(value)s”太长，每个值最多 %(n)d 个字")
                % {"value": too_long[0], "n": SPEC_VALUE_LIMIT}
            )
        repeated = [value for value, n in Counter(values).items() if n > 1]
        if self.unique and repeated:
            raise ValidationError(_("“%(value)s”重复了") % {"value": repeated[0]})
        return list(dict.fromkeys(values))
