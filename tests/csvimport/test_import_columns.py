"""Which column is which field: CRM header spellings, --map, and refusals that say why."""

from __future__ import annotations

import pytest

from csm_desk.csvimport.columns import map_columns
from csm_desk.csvimport.fieldsets import ACCOUNTS, ARR, CONTACTS, SIGNALS
from csm_desk.csvimport.problems import ImportRefused
from csm_desk.csvimport.words import read_arr_kind, read_roles, read_segment, read_signal
from csm_desk.engine.vocab import Component, SignalKey


def _fields(headers: list[str], spec=ACCOUNTS, maps: tuple[str, ...] = ()) -> dict[str, str]:
    found = map_columns(headers, spec, maps)
    return {field: found.header(field) for field in found.columns}


def test_salesforce_account_export_headers() -> None:
    headers = [
        "Account ID",
        "Account Name",
        "Annual Recurring Revenue",
        "Customer Segment",
        "Contract End Date",
        "Contract Start Date",
        "Contract Term (months)",
        "Industry",
        "Product Tier",
        "Account Owner",
    ]
    assert _fields(headers) == {
        "crm_id": "Account ID",
        "name": "Account Name",
        "arr": "Annual Recurring Revenue",
        "segment": "Customer Segment",
        "renewal_date": "Contract End Date",
        "contract_start": "Contract Start Date",
        "contract_term_months": "Contract Term (months)",
        "industry": "Industry",
        "product_tier": "Product Tier",
    }
    assert map_columns(headers, ACCOUNTS).ignored == ("Account Owner",)


def test_hubspot_company_export_headers() -> None:
    headers = ["Record ID", "Company name", "ARR (USD)", "Renewal Date", "Industry", "Plan"]
    assert _fields(headers) == {
        "crm_id": "Record ID",
        "name": "Company name",
        "arr": "ARR (USD)",
        "renewal_date": "Renewal Date",
        "industry": "Industry",
        "product_tier": "Plan",
    }


@pytest.mark.parametrize(
    "header", ["account_name", "ACCOUNT NAME", "Account-Name", " account name ", "AccountName"]
)
def test_headers_match_without_case_spaces_or_punctuation(header: str) -> None:
    assert _fields([header, "ARR"]) == {"name": header, "arr": "ARR"}


def test_contact_headers_with_first_and_last_names() -> None:
    headers = ["Account Name", "First Name", "Last Name", "Job Title", "Email Address", "Role"]
    assert _fields(headers, CONTACTS) == {
        "account": "Account Name",
        "first_name": "First Name",
        "last_name": "Last Name",
        "title": "Job Title",
        "email": "Email Address",
        "roles": "Role",
    }


def test_signal_and_arr_headers() -> None:
    assert set(_fields(["Company", "As of", "Metric", "Reading"], SIGNALS)) == {
        "account",
        "date",
        "signal",
        "value",
    }
    assert set(_fields(["Account ID", "Event Date", "Type", "ARR Change"], ARR)) == {
        "account_crm_id",
        "date",
        "kind",
        "amount",
    }


def test_map_reads_any_header_as_a_field() -> None:
    headers = ["Customer Legal Entity", "Yearly Value", "Owner"]
    found = _fields(headers, maps=("Customer Legal Entity=name", "yearly value=ARR"))
    assert found == {"name": "Customer Legal Entity", "arr": "Yearly Value"}


def test_map_wins_over_a_guessed_header_and_can_ignore_a_column() -> None:
    headers = ["Account Name", "Legal Name", "ARR", "Amount"]
    found = map_columns(headers, ACCOUNTS, ("Legal Name=name", "ARR=ignore"))
    assert {f: found.header(f) for f in found.columns} == {"name": "Legal Name"}
    assert found.ignored == ("Account Name", "ARR", "Amount")


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (("Nope=name",), 'the file has no column "Nope" \\(headers found: "Name", "ARR"\\)'),
        (("Name=colour",), "accounts have no field 'colour' \\(fields: name, crm_id, arr"),
        (("Name",), 'should be written "HEADER=field"'),
    ],
)
def test_bad_maps_are_refused(maps: tuple[str, ...], message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        map_columns(["Name", "ARR"], ACCOUNTS, maps)


def test_missing_required_column_names_it_and_the_headers_found() -> None:
    with pytest.raises(ImportRefused) as caught:
        map_columns(["Company", "Date", "Score"], SIGNALS)  # Score is the value
    assert str(caught.value) == (
        'the file has no "signal" column for signals (headers found: "Company", "Date", '
        '"Score"); name it with --map "HEADER=signal"'
    )


def test_two_headers_for_one_field_must_be_resolved_with_map() -> None:
    with pytest.raises(ImportRefused, match='columns "Account ID", "Id" could all be the crm_id'):
        map_columns(["Account ID", "Id", "Name"], ACCOUNTS)
    found = map_columns(["Account ID", "Id", "Name"], ACCOUNTS, ("Account ID=crm_id",))
    assert found.header("crm_id") == "Account ID"


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Enterprise", "high_touch"),
        ("High touch", "high_touch"),
        ("high_touch", "high_touch"),
        ("Mid-Market", "low_touch"),
        ("Low Touch", "low_touch"),
        ("SMB", "tech_touch"),
        ("Tech touch", "tech_touch"),
    ],
)
def test_segment_words(word: str, key: str) -> None:
    assert read_segment(word) == key


def test_unknown_segment() -> None:
    with pytest.raises(ValueError, match="'Gold' is not a segment"):
        read_segment("Gold")


def test_roles_from_labels_and_separators() -> None:
    assert read_roles("Economic Buyer; Exec Sponsor | champion, Blocker") == [
        "economic_buyer",
        "executive_sponsor",
        "champion",
        "blocker",
    ]
    assert read_roles("Decision Maker") == ["economic_buyer"]
    with pytest.raises(ValueError, match="'Wizard' is not a role"):
        read_roles("Champion; Wizard")


def test_signal_words_and_components() -> None:
    assert read_signal("NPS") is SignalKey.NPS
    assert read_signal("Active users") is SignalKey.ACTIVE_USERS
    assert read_signal("tickets_monthly_avg_90d") is SignalKey.TICKETS_MONTHLY_AVG_90D
    assert read_signal("ces") is SignalKey.CES
    assert read_signal("Usage") is Component.USAGE
    assert read_signal("sentiment score") is Component.SENTIMENT
    with pytest.raises(ValueError, match="'mood' is not a signal"):
        read_signal("mood")


def test_arr_kind_words() -> None:
    assert [read_arr_kind(w) for w in ("New", "Upsell", "Downgrade", "Churned", "Renewal")] == [
        "new",
        "expansion",
        "contraction",
        "churn",
        "renewal",
    ]


def test_value_mappings_are_remembered_with_the_columns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from csm_desk.csvimport.remembered import recall, remember, remembered

    store = tmp_path / "import-columns.json"
    remember("accounts", ["Company", "Tier"], {"Tier": "segment"}, store, ["mid-touch=low_touch"])
    said = recall("accounts", ["tier", "COMPANY"], store)
    assert said.columns == {"Tier": "segment"}
    assert said.values == ("mid-touch=low_touch",)
    assert remembered("accounts", ["Company", "Tier"], store) == {"Tier": "segment"}
    assert not recall("contacts", ["Company", "Tier"], store)
    # The store's first form (header → field) still reads.
    store.write_text(json.dumps({"accounts:company|tier": {"Tier": "segment"}}), "utf-8")
    assert recall("accounts", ["Company", "Tier"], store).columns == {"Tier": "segment"}
    assert recall("accounts", ["Company", "Tier"], store).values == ()
    remember("accounts", ["Company", "Tier"], {}, store, [])
    assert not recall("accounts", ["Company", "Tier"], store)


def test_the_sheet_of_a_workbook_is_remembered_per_set_of_sheets(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from csm_desk.csvimport.remembered import recall, remember, remembered_sheet

    store = tmp_path / "import-columns.json"
    sheets = ("Read me", "Renewals")
    remember("accounts", ["Account Name"], {}, store, sheets=sheets, sheet="Renewals")
    assert remembered_sheet("accounts", sheets, store) == "Renewals"
    assert remembered_sheet("contacts", sheets, store) is None
    assert remembered_sheet("accounts", ("Read me", "Churned"), store) is None
    assert not recall("accounts", ["Account Name"], store)
    # One sheet is no choice: nothing to remember.
    remember("accounts", ["Account Name"], {}, store, sheets=("Only",), sheet="Only")
    assert remembered_sheet("accounts", ("Only",), store) is None
