from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from trueerp.sage_intacct.connection.clients import endpoint_refusal
from trueerp.sage_intacct.connection.models import IntacctConnection

_ID_HELP = "As in Sage Intacct's sign-in page."


def _clean_identifier(value: str, label: str) -> str:
    value = value.strip()
    if any(ord(ch) < 0x20 for ch in value):
        raise forms.ValidationError(f"{label} contains an invisible control character; type it again.")
    return value


class ApiKeysForm(forms.Form):
    """Company ID, User ID, User Password (+ optional entity and, where allowed, endpoint).

    The password is never rendered back; leaving it blank keeps the stored one.
    """

    intacct_company_id = forms.CharField(label="Company ID", max_length=100, help_text=_ID_HELP)
    user_id = forms.CharField(
        label="User ID",
        max_length=100,
        help_text="A Web Services user of that company (Company > Admin > Web Services users).",
    )
    user_password = forms.CharField(
        label="User Password",
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    entity_id = forms.CharField(
        label="Entity ID",
        max_length=100,
        required=False,
        help_text="Optional. Leave blank to connect at the top level of a multi-entity company.",
    )
    endpoint_url = forms.URLField(
        label="Endpoint URL",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="Leave blank for Sage Intacct's gateway. Another endpoint (e.g. the local emulator) is "
        "allowed on this server for the hosts its administrator listed.",
    )
    save_anyway = forms.BooleanField(
        label="Save even if the connection test fails (the connection is then marked untested)",
        required=False,
    )

    def __init__(self, *args: Any, connection: IntacctConnection | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection = connection
        if not settings.INTACCT_ALLOW_CUSTOM_ENDPOINT:
            del self.fields["endpoint_url"]
        password = self.fields["user_password"]
        if connection is not None and connection.has_password:
            password.help_text = (
                "A password is stored (encrypted). Leave blank to keep it, or type a new one."
            )
            password.widget.attrs["placeholder"] = "•••••••• (stored)"
        else:
            password.help_text = "Stored encrypted; never shown again."

    def clean_intacct_company_id(self) -> str:
        return _clean_identifier(self.cleaned_data["intacct_company_id"], "Company ID")

    def clean_user_id(self) -> str:
        return _clean_identifier(self.cleaned_data["user_id"], "User ID")

    def clean_entity_id(self) -> str:
        return _clean_identifier(self.cleaned_data.get("entity_id") or "", "Entity ID")

    def clean_endpoint_url(self) -> str:
        url: str = (self.cleaned_data.get("endpoint_url") or "").strip()
        if url and (refusal := endpoint_refusal(url)):
            raise forms.ValidationError(refusal)
        return url

    def clean_user_password(self) -> str:
        password: str = self.cleaned_data.get("user_password") or ""
        if not password and (self.connection is None or not self.connection.has_password):
            raise forms.ValidationError("Enter the Web Services user's password.")
        return password
