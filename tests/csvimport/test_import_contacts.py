"""Importing contacts: keyed on account + email, else account + name; roles from labels."""

from __future__ import annotations

from csm_desk.csvimport.plan import Counts, plan_import
from csm_desk.models.writer import Writer

HEADER = "Account,First Name,Last Name,Title,Email,Roles,Last Contact\n"


def _people(book, query):
    return query(
        book,
        "SELECT a.name, s.name, s.title, s.email, s.roles, s.last_contact FROM stakeholder s "
        "JOIN account a ON a.id = s.account_id ORDER BY s.id",
    )


def test_contacts_are_created_with_roles_and_touch_the_stakeholder_map(
    book, write_csv, query
) -> None:
    path = write_csv(
        HEADER + "Acme Corp,Dana,Reyes,CFO,dana@acme.test,Economic Buyer; Exec Sponsor,2026-11-01\n"
        "001A,Sam,Ortiz,Ops lead,sam@acme.test,Champion,2026-10-20\n"
        "beta bank,Lee,Park,CTO,,Blocker | Technical contact,\n"
    )
    plan = plan_import(book, "contacts", path)
    assert plan.problems == []
    assert plan.counts == {"contacts": Counts(3, 0, 0)}
    Writer(book).run(plan.op())
    assert _people(book, query) == [
        (
            "Acme Corp",
            "Dana Reyes",
            "CFO",
            "dana@acme.test",
            "economic_buyer,executive_sponsor",
            "2026-11-01",
        ),
        ("Acme Corp", "Sam Ortiz", "Ops lead", "sam@acme.test", "champion", "2026-10-20"),
        ("Beta Bank", "Lee Park", "CTO", None, "technical_owner,blocker", None),
    ]
    touched = query(
        book,
        "SELECT a.name, t.artifact FROM artifact_touch t JOIN account a ON a.id = t.account_id "
        "WHERE t.artifact = 'stakeholder_map' ORDER BY a.name",
    )
    assert touched == [("Acme Corp", "stakeholder_map"), ("Beta Bank", "stakeholder_map")]


def test_keyed_on_email_then_name(book, write_csv, query, hashes) -> None:
    first = write_csv(
        HEADER + "Acme Corp,Dana,Reyes,CFO,dana@acme.test,Champion,2026-09-01\n"
        "Acme Corp,Lee,Park,CTO,,,\n",
        "first.csv",
    )
    Writer(book).run(plan_import(book, "contacts", first).op())
    # Same email, new name spelling and title: the same person. Same name, no email: too.
    # The same name with another address than the book's is another person.
    second = write_csv(
        HEADER + "Acme Corp,Dana,Reyes-Kim,VP Finance,DANA@acme.test,Champion,2026-11-05\n"
        "ACME CORP,lee,park,CTO,,,\n"
        "Acme Corp,Dana,Reyes,Analyst,dana.other@acme.test,,\n",
        "second.csv",
    )
    plan = plan_import(book, "contacts", second)
    assert plan.problems == []
    assert plan.counts == {"contacts": Counts(created=1, updated=2, unchanged=0)}
    Writer(book).run(plan.op())
    assert [r[1:4] for r in _people(book, query)] == [
        ("Dana Reyes-Kim", "VP Finance", "DANA@acme.test"),
        ("lee park", "CTO", None),
        ("Dana Reyes", "Analyst", "dana.other@acme.test"),
    ]
    before = hashes(book.path)
    again = plan_import(book, "contacts", second)
    assert again.counts == {"contacts": Counts(0, 0, 3)}
    Writer(book).run(again.op())
    assert hashes(book.path) == before


def test_last_contact_only_moves_later(book, write_csv, query) -> None:
    Writer(book).run(
        plan_import(
            book, "contacts", write_csv(HEADER + "Acme Corp,Dana,Reyes,,d@a.test,,2026-11-01\n")
        ).op()
    )
    older = write_csv(HEADER + "Acme Corp,Dana,Reyes,,d@a.test,,2026-06-01\n", "older.csv")
    plan = plan_import(book, "contacts", older)
    assert plan.counts == {"contacts": Counts(0, 0, 1)}
    later = write_csv(HEADER + "Acme Corp,Dana,Reyes,,d@a.test,,2026-11-20\n", "later.csv")
    Writer(book).run(plan_import(book, "contacts", later).op())
    assert query(book, "SELECT last_contact FROM stakeholder") == [("2026-11-20",)]


def test_an_email_added_to_a_person_known_by_name(book, write_csv, query) -> None:
    Writer(book).run(
        plan_import(book, "contacts", write_csv(HEADER + "Acme Corp,Lee,Park,,,,\n")).op()
    )
    plan = plan_import(
        book, "contacts", write_csv(HEADER + "Acme Corp,Lee,Park,,lee@acme.test,,\n", "2.csv")
    )
    assert plan.counts == {"contacts": Counts(0, 1, 0)}
    Writer(book).run(plan.op())
    assert query(book, "SELECT name, email FROM stakeholder") == [("Lee Park", "lee@acme.test")]


def test_contact_problems_name_the_row_and_value(book, write_csv) -> None:
    path = write_csv(
        HEADER + "Nobody Inc,Dana,Reyes,,dana@nobody.test,,\n"
        "Acme Corp,Sam,Ortiz,,not-an-email,Wizard,\n"
        "Acme Corp,,,,,,\n"
        "Acme Corp,Kim,Li,,kim@acme.test,,\n"
        "Acme Corp,Kim,Lee,,kim@acme.test,,\n"
    )
    plan = plan_import(book, "contacts", path)
    assert [str(p) for p in plan.problems] == [
        "row 2, column \"Account\": no account called 'Nobody Inc' (by name or CRM id) in the book",
        "row 3, column \"Email\": 'not-an-email' is not an email address",
        "row 3, column \"Roles\": 'Wizard' is not a role (use Economic buyer, Executive "
        "sponsor, Champion, Influencer, End user, Technical owner, Blocker / skeptic, "
        "Internal ally)",
        'row 4, column "First Name": is empty (a contact needs a name or an email)',
        'row 6, column "Email": the same person as row 5',
    ]
