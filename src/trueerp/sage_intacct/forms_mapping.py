"""Forms of the mapping pages and of the automation preferences (company-scoped choices only)."""

from __future__ import annotations

from typing import Any

from django import forms

from trueerp.core.models import Company, User
from trueerp.financial.models import Branch, Contract, Customer, Department, Job, Transaction, Vendor
from trueerp.sage_intacct.models import (
    ClosedPeriodPolicy,
    EntityRule,
    IntacctJournal,
    SyncFrequency,
    SyncSettings,
)
from trueerp.sage_intacct.services.entity_rules_admin import entity_choices

TYPE_PLURALS: dict[str, str] = {
    Transaction.Type.JOURNAL_ENTRY: "Journal entries",
    Transaction.Type.AR_INVOICE: "AR invoices",
    Transaction.Type.AP_BILL: "AP bills",
    Transaction.Type.AR_PAYMENT: "AR payments",
    Transaction.Type.AP_PAYMENT: "AP payments",
}
TYPE_CHOICES = [(value, TYPE_PLURALS.get(value, label)) for value, label in Transaction.Type.choices]


class EntityRuleForm(forms.ModelForm[EntityRule]):
    entity_id = forms.ChoiceField(label="Post to", required=False)

    class Meta:
        model = EntityRule
        fields = [
            "name",
            "transaction_type",
            "branch",
            "branch_country",
            "job",
            "contract",
            "department",
            "customer",
            "vendor",
            "entity_id",
            "active",
        ]
        labels = {
            "name": "Rule name",
            "transaction_type": "Transaction type",
            "branch_country": "Branch country",
            "department": "Job's department",
            "active": "Rule is active",
        }
        help_texts = {
            "name": "Shown in the sync log and in pre-validation messages, e.g. “Canadian branches”.",
            "branch": "The transaction's branch, or its job's branch.",
            "contract": "The transaction's contract, or its job's contract.",
        }

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["transaction_type"] = forms.ChoiceField(
            label="Transaction type", required=False, choices=[("", "Any type"), *TYPE_CHOICES]
        )
        scoped = {
            "branch": Branch.objects.filter(company=company),
            "job": Job.objects.filter(company=company),
            "contract": Contract.objects.filter(company=company),
            "department": Department.objects.filter(company=company),
            "customer": Customer.objects.filter(company=company),
            "vendor": Vendor.objects.filter(company=company),
        }
        for name, queryset in scoped.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
            field.empty_label = "Any"
        countries = sorted(set(Branch.objects.filter(company=company).values_list("country", flat=True)))
        self.fields["branch_country"] = forms.ChoiceField(
            label="Branch country",
            required=False,
            choices=[("", "Any"), *[(c, c) for c in countries]],
            help_text="Of the transaction's branch (or its job's branch).",
        )
        entity_field = self.fields["entity_id"]
        assert isinstance(entity_field, forms.ChoiceField)
        entity_field.choices = entity_choices(
            company, keep=self.instance.entity_id if self.instance.pk else ""
        )
        entity_field.help_text = "Entities come from Intacct's reference data (Reference data > Refresh now)."
        self.fields["name"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = (
            "transaction_type",
            "branch",
            "branch_country",
            "job",
            "contract",
            "department",
            "customer",
            "vendor",
        )
        if not any(data.get(key) for key in keys):
            raise forms.ValidationError(
                "A rule needs at least one condition. To send every other transaction to one entity, set "
                "the default entity instead."
            )
        return data


class DefaultEntityForm(forms.Form):
    entity_id = forms.ChoiceField(label="Transactions that match no rule post to", required=False)

    def __init__(self, *args: Any, company: Company, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entity_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = entity_choices(company, keep=current)


class SyncPreferencesForm(forms.ModelForm[SyncSettings]):
    closed_period_policy = forms.ChoiceField(
        label="When a transaction's date falls in a period closed in Intacct",
        choices=ClosedPeriodPolicy.choices,
        widget=forms.RadioSelect,
    )
    journal_symbol = forms.ChoiceField(label="Journal for journal entries")
    batch_size = forms.IntegerField(
        label="Functions per request",
        min_value=1,
        max_value=100,
        help_text="Up to 100 writes are sent in one request to Intacct; lower it if requests time out.",
    )
    concurrency = forms.IntegerField(
        label="Requests in flight",
        min_value=1,
        max_value=10,
        help_text="At most this many requests to Intacct at a time, across all workers. Your Intacct "
        "performance tier sets the ceiling (tier 1: 2).",
    )

    class Meta:
        model = SyncSettings
        fields = [
            "closed_period_policy",
            "auto_create_customers",
            "auto_create_vendors",
            "auto_create_projects",
            "journal_symbol",
            "batch_size",
            "concurrency",
        ]
        labels = {
            "auto_create_customers": "Create missing customers in Intacct",
            "auto_create_vendors": "Create missing vendors in Intacct",
            "auto_create_projects": "Create missing projects in Intacct (from TRUE jobs)",
        }

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        journals = list(IntacctJournal.objects.filter(company=company, active=True).order_by("symbol"))
        choices = [(j.symbol, f"{j.symbol} — {j.title}" if j.title else j.symbol) for j in journals]
        current = self.instance.journal_symbol
        if current and current not in {j.symbol for j in journals}:
            choices.insert(0, (current, f"{current} (not found in Intacct)" if journals else current))
        journal_field = self.fields["journal_symbol"]
        assert isinstance(journal_field, forms.ChoiceField)
        journal_field.choices = choices


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
