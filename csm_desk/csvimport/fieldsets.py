"""The fields each import kind reads, with the header spellings CRM exports use for them
(Salesforce, HubSpot and spreadsheet habits) besides the field's own name."""

from __future__ import annotations

from csm_desk.csvimport.columns import ImportField, KindSpec, ValueType

_ACCOUNT_NAME = ImportField(
    "account",
    ValueType.TEXT,
    (
        "account name",
        "company",
        "company name",
        "customer",
        "customer name",
        "organization",
        "organisation",
        "organization name",
        "client",
        "client name",
        "associated company",
        "account (name or crm id)",
    ),
)
_ACCOUNT_ID = ImportField(
    "account_crm_id",
    ValueType.TEXT,
    (
        "account id",
        "account crm id",
        "crm id",
        "company id",
        "customer id",
        "salesforce account id",
        "sfdc account id",
        "hubspot company id",
        "associated company id",
        "company record id",
    ),
)

ACCOUNTS = KindSpec(
    "accounts",
    (
        ImportField(
            "name",
            ValueType.TEXT,
            (
                "account name",
                "account",
                "company",
                "company name",
                "customer",
                "customer name",
                "organization",
                "organisation",
                "organization name",
                "client",
                "client name",
            ),
        ),
        ImportField(
            "crm_id",
            ValueType.TEXT,
            (
                "crm id",
                "account id",
                "id",
                "record id",
                "company id",
                "customer id",
                "salesforce id",
                "sfdc id",
                "salesforce account id",
                "hubspot id",
                "hubspot company id",
                "external id",
                "account crm id",
            ),
        ),
        ImportField(
            "arr",
            ValueType.MONEY,
            (
                "annual recurring revenue",
                "current arr",
                "arr amount",
                "total arr",
                "annual contract value",
                "acv",
                "annual revenue recurring",
                "recurring revenue",
            ),
        ),
        ImportField(
            "segment",
            ValueType.SEGMENT,
            (
                "cs segment",
                "customer success segment",
                "csm segment",
                "customer segment",
                "account segment",
                "coverage model",
                "touch model",
                "service tier",
                "engagement model",
                "success tier",
            ),
        ),
        ImportField(
            "renewal_date",
            ValueType.DATE,
            (
                "renewal",
                "next renewal date",
                "next renewal",
                "contract end date",
                "contract end",
                "contract renewal date",
                "subscription end date",
                "end date",
            ),
        ),
        ImportField(
            "contract_start",
            ValueType.DATE,
            (
                "contract start date",
                "contract start",
                "start date",
                "subscription start date",
                "customer since",
                "contract effective date",
            ),
        ),
        ImportField(
            "contract_term_months",
            ValueType.INT,
            (
                "contract term",
                "contract term months",
                "contract term (months)",
                "term",
                "term months",
                "term (months)",
                "contract length",
                "contract length months",
                "subscription term",
            ),
        ),
        ImportField("industry", ValueType.TEXT, ("vertical", "sector", "industry vertical")),
        ImportField(
            "product_tier",
            ValueType.TEXT,
            (
                "product / plan tier",
                "plan tier",
                "plan",
                "product",
                "edition",
                "subscription plan",
                "package",
                "tier",
                "pricing tier",
            ),
        ),
    ),
    (("name", "crm_id"),),
)

CONTACTS = KindSpec(
    "contacts",
    (
        _ACCOUNT_NAME,
        _ACCOUNT_ID,
        ImportField("name", ValueType.TEXT, ("full name", "contact name", "contact", "person")),
        ImportField("first_name", ValueType.TEXT, ("first name", "firstname", "given name")),
        ImportField(
            "last_name", ValueType.TEXT, ("last name", "lastname", "surname", "family name")
        ),
        ImportField("title", ValueType.TEXT, ("job title", "position", "job role")),
        ImportField(
            "email",
            ValueType.EMAIL,
            ("email address", "e-mail", "e-mail address", "work email", "business email"),
        ),
        ImportField(
            "roles",
            ValueType.ROLES,
            (
                "role",
                "contact role",
                "contact roles",
                "buying role",
                "buying roles",
                "stakeholder role",
                "stakeholder roles",
            ),
        ),
        ImportField(
            "last_contact",
            ValueType.DATE,
            (
                "last contact",
                "last contacted",
                "last contact date",
                "last activity",
                "last activity date",
                "last engagement date",
                "last two-way contact",
            ),
        ),
    ),
    (("account", "account_crm_id"), ("name", "first_name", "last_name")),
)

SIGNALS = KindSpec(
    "signals",
    (
        _ACCOUNT_NAME,
        _ACCOUNT_ID,
        ImportField(
            "date",
            ValueType.DATE,
            ("reading date", "as of", "as of date", "measured on", "snapshot date", "day"),
        ),
        ImportField("signal", ValueType.SIGNAL, ("metric", "signal key", "measure", "key")),
        ImportField("value", ValueType.NUMBER, ("reading", "score", "metric value")),
        ImportField("note", ValueType.TEXT, ("notes", "comment", "comments")),
    ),
    (("account", "account_crm_id"), ("date",), ("signal",), ("value",)),
)

ARR = KindSpec(
    "arr",
    (
        _ACCOUNT_NAME,
        _ACCOUNT_ID,
        ImportField(
            "date", ValueType.DATE, ("event date", "effective date", "close date", "booking date")
        ),
        ImportField(
            "kind",
            ValueType.ARR_KIND,
            ("type", "event", "event type", "change type", "arr movement", "movement"),
        ),
        ImportField(
            "amount",
            ValueType.MONEY,
            ("arr change", "change", "delta", "arr delta", "amount change", "arr", "value"),
        ),
        ImportField("note", ValueType.TEXT, ("notes", "comment", "comments", "description")),
    ),
    (("account", "account_crm_id"), ("date",), ("kind",), ("amount",)),
)

KINDS: dict[str, KindSpec] = {k.kind: k for k in (ACCOUNTS, CONTACTS, SIGNALS, ARR)}
