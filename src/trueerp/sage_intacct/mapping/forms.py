"""Forms of the mapping pages and of the automation preferences (company-scoped choices only)."""

from __future__ import annotations

from typing import Any

from django import forms

from trueerp.core.models import Company
from trueerp.financial.models import Branch, Contract, Customer, Department, Job, Transaction, Vendor
from trueerp.sage_intacct.mapping.models import ClosedPeriodPolicy, EntityRule, SyncSettings
from trueerp.sage_intacct.mapping.services.entity_rules import entity_choices
from trueerp.sage_intacct.reference.models import IntacctJournal

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
