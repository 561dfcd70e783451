"""Company Preferences > Sage Intacct sync: when syncs run and who hears about failures."""

from __future__ import annotations

from typing import Any

from django import forms

from trueerp.core.models import Company, User
from trueerp.sage_intacct.automation.models import SyncFrequency
from trueerp.sage_intacct.mapping.forms import TYPE_CHOICES


def _user_label(user: Any) -> str:
    return f"{user} ({user.email})" if user.email else f"{user} (no e-mail address)"


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AutomationForm(forms.Form):
    frequency = forms.ChoiceField(label="Sync", choices=SyncFrequency.choices, widget=forms.RadioSelect)
    interval_minutes = forms.IntegerField(
        label="Every (minutes)", min_value=5, max_value=720, required=False, initial=15
    )
    daily_at = forms.TimeField(label="Daily at", required=False, widget=_time_widget())
    post_types = forms.MultipleChoiceField(
        label="Sync when posted", choices=TYPE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    update_types = forms.MultipleChoiceField(
        label="Send edits made after sync",
        choices=TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reverse_on_void = forms.BooleanField(label="Reverse in Sage Intacct when voided in TRUE", required=False)
    notify_users = forms.ModelMultipleChoiceField(
        label="E-mail failures to",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["notify_users"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(company=company, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        frequency = data.get("frequency")
        if frequency == SyncFrequency.EVERY_N_MINUTES and not data.get("interval_minutes"):
            self.add_error("interval_minutes", "Say how many minutes between runs (5 to 720).")
        if frequency == SyncFrequency.DAILY and data.get("daily_at") is None:
            self.add_error("daily_at", "Choose the time of the daily run.")
        if frequency != SyncFrequency.MANUAL and not data.get("post_types") and not data.get("update_types"):
            self.add_error(
                "post_types",
                "Choose at least one transaction type to sync, or set Sync to “Manual only”.",
            )
        missing = [str(u) for u in data.get("notify_users") or [] if not u.email]
        if missing:
            self.add_error(
                "notify_users",
                f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no e-mail address; add one in "
                "Users / Access or leave them out.",
            )
        return data
