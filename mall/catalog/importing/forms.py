import zipfile
from pathlib import PurePath

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog.importing.archive import MAX_ARCHIVE_BYTES
from mall.catalog.importing.readers import MAX_TABLE_BYTES, TABLE_SUFFIXES
from mall.merchants.models import Shop


class ImportForm(forms.Form):
    """The upload form. It only checks what is cheap; the job checks the contents row by row."""

    file = forms.FileField(
        label=gettext_lazy("商品文件"),
        help_text=gettext_lazy("CSV（UTF-8 或 GBK）或 XLSX，一行一个 SKU"),
    )
    images = forms.FileField(
        label=gettext_lazy("图片压缩包"), required=False,
        help_text=gettext_lazy("可选：zip，“图片”列写包里的文件名"),
    )  # fmt: skip
    shop = forms.ModelChoiceField(
        Shop.objects.all(), label=gettext_lazy("默认店铺"), required=False,
        help_text=gettext_lazy("文件没有“店铺”列或该列为空时，商品归入这个店铺"),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in TABLE_SUFFIXES:
            raise forms.ValidationError(_("只支持 CSV 和 XLSX 文件"))
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(_("文件不能超过 20 MB，请拆分后再导入"))
        return upload

    def clean_images(self):
        upload = self.cleaned_data.get("images")
        if not upload:
            return None
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(_("图片压缩包不能超过 500 MB"))
        if PurePath(upload.name).suffix.lower() != ".zip" or not zipfile.is_zipfile(upload):
            raise forms.ValidationError(_("图片压缩包须是 zip 文件"))
        upload.seek(0)
        return upload
