"""The Excel upload of the import pages: an .xlsx file of at most 10 MB, checked by its
name, size and first bytes before anything reads it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel (.xlsx)"),
        help_text=gettext_lazy("Paling besar 10 MB. Gunakan templat agar kolomnya cocok."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".xls") or name.endswith(".csv"):
            raise forms.ValidationError(
                _("Berkas %(kind)s tidak didukung: buka di Excel lalu simpan sebagai .xlsx.")
                % {"kind": name.rsplit(".", 1)[1].upper()},
                code="format",
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (paling besar 10 MB)."), code="too_large"
            )
        head = upload.read(4)
        upload.seek(0)
        if not name.endswith(".xlsx") or head != b"PK\x03\x04":
            raise forms.ValidationError(_("Unggah berkas Excel berformat .xlsx."), code="format")
        return upload
