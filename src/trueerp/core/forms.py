from __future__ import annotations

from zoneinfo import available_timezones

from django import forms

from trueerp.core.models import Company

CURRENCIES = [
    ("USD", "USD — US dollar"),
    ("CAD", "CAD — Canadian dollar"),
    ("GBP", "GBP — Pound sterling"),
    ("EUR", "EUR — Euro"),
    ("AUD", "AUD — Australian dollar"),
]
MONTHS = [
    (i, name)
    for i, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
]


def _time_zones() -> list[tuple[str, str]]:
    return [("", "The server's time zone"), *((zone, zone) for zone in sorted(available_timezones()))]


class GeneralPreferencesForm(forms.ModelForm[Company]):
    base_currency = forms.ChoiceField(choices=CURRENCIES)
    fiscal_year_start_month = forms.TypedChoiceField(choices=MONTHS, coerce=int)
    time_zone = forms.ChoiceField(
        choices=_time_zones,
        required=False,
        help_text="The company's day: dates TRUE fills in for you (e.g. a reversal date) use it.",
    )

    class Meta:
        model = Company
        fields = ["name", "base_currency", "fiscal_year_start_month", "time_zone"]
        labels = {"name": "Company name"}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the company's name.")
        return name
