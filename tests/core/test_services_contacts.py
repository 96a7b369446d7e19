"""Contacts: validation, the funnel history, consent rules, tags."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import all_tags, contacts
from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import LifecycleChange


def rows(workspace, table):
    return workspace.database.execute_sql(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def history(contact_id):
    return [(c.from_stage, c.to_stage) for c in contacts.lifecycle_history(contact_id)]


@pytest.fixture
def in_zone(monkeypatch):
    """Call with a zone name to run the rest of the test in that local time zone."""
    with monkeypatch.context() as patch:
        def use(zone):
            patch.setenv("TZ", zone)
            time.tzset()
        yield use
    time.tzset()


BAD_CONTACT = [
    ({}, "name"),
    ({"first_name": "  ", "last_name": "", "email": ""}, "name"),
    ({"email": "anna@acme"}, "email"),
    ({"email": "anna at acme.de"}, "email"),
    ({"first_name": "Anna", "email": "anna@@acme.de"}, "email"),
    ({"first_name": "Anna", "lifecycle_stage": "prospect"}, "lifecycle_stage"),
    ({"first_name": "Anna", "lifecycle_stage": None}, "lifecycle_stage"),
    ({"first_name": "Anna", "source_channel": "tv"}, "source_channel"),
    ({"first_name": "Anna", "company": 9999}, "company"),
    ({"first_name": "Anna", "company": "1"}, "company"),
    ({"first_name": "Anna", "source_campaign": 9999}, "source_campaign"),
    ({"first_name": "x" * 256}, "first_name"),
    ({"first_name": "Anna", "last_name": 7}, "last_name"),
    ({"first_name": "Anna", "job_title": "j" * 256}, "job_title"),
    ({"first_name": "Anna", "postcode": "1" * 21}, "postcode"),
    ({"first_name": "Anna", "phone": "call me"}, "phone"),
    ({"first_name": "Anna", "mobile": "0171 abc"}, "mobile"),
    ({"first_name": "Anna", "opt_in_date": "2024-13-01"}, "opt_in_date"),
    ({"first_name": "Anna", "next_follow_up": "tomorrow"}, "next_follow_up"),
    ({"first_name": "Anna", "last_touch_at": "yesterday"}, "last_touch_at"),
    ({"first_name": "Anna", "marketing_opt_in": "yes"}, "marketing_opt_in"),
    ({"first_name": "Anna", "do_not_contact": None}, "do_not_contact"),
    ({"first_name": "Anna", "notes": "n" * 100_001}, "notes"),
    ({"first_name": "Anna", "nickname": "Annie"}, "nickname"),
]


@pytest.mark.parametrize(("values", "field"), BAD_CONTACT)
def test_create_refuses_bad_input_and_writes_nothing(workspace, values, field):
    with pytest.raises(ValidationError) as caught:
        contacts.create(**values)
    assert caught.value.field == field
    assert rows(workspace, "contact") == []
    assert rows(workspace, "lifecycle_change") == []


@pytest.mark.parametrize(("values", "field"), [
    (values, field) for values, field in BAD_CONTACT if field != "name"
] + [({"first_name": "", "last_name": "", "email": ""}, "name")])
def test_update_refuses_bad_input_and_keeps_the_stored_row(workspace, values, field):
    contact = contacts.create(first_name="Ben", last_name="Berg", email="ben@berg.de")
    before = rows(workspace, "contact"), rows(workspace, "lifecycle_change")
    with pytest.raises(ValidationError) as caught:
        contacts.update(contact.id, **{"city": "Bonn", "lifecycle_stage": "customer", **values})
    assert caught.value.field == field
    assert (rows(workspace, "contact"), rows(workspace, "lifecycle_change")) == before


def test_email_alone_is_enough_and_is_lowercased(workspace):
    contact = contacts.create(email=" Anna.Schmidt@Example.COM ")
    assert contact.email == "anna.schmidt@example.com"
    assert contact.display_name == "anna.schmidt@example.com"


def test_defaults(workspace):
    contact = contacts.create(first_name="Anna", last_name="Schmidt")
    assert contact.full_name == "Anna Schmidt"
    assert contact.lifecycle_stage == "lead"
    assert contact.marketing_opt_in is False
    assert contact.opt_in_date is None
    assert contact.company_id is None
    assert contact.stage_changed_at.tzinfo is not None


def test_create_records_the_first_lifecycle_stage(workspace):
    contact = contacts.create(first_name="Anna", lifecycle_stage="subscriber")
    [change] = contacts.lifecycle_history(contact.id)
    assert (change.from_stage, change.to_stage) == (None, "subscriber")
    assert change.changed_at == contact.stage_changed_at


def test_stage_changes_are_recorded_in_order_with_times(workspace):
    start = datetime.now(UTC).replace(microsecond=0)
    contact = contacts.create(first_name="Anna")
    contacts.set_stage(contact.id, "qualified")
    contacts.update(contact.id, lifecycle_stage="customer", city="Berlin")
    assert history(contact.id) == [(None, "lead"), ("lead", "qualified"),
                                   ("qualified", "customer")]
    for change in contacts.lifecycle_history(contact.id):
        assert change.changed_at.tzinfo is not None
        assert start <= change.changed_at <= datetime.now(UTC) + timedelta(seconds=1)
    assert contacts.get(contact.id).lifecycle_stage == "customer"


def test_stage_change_moves_stage_changed_at(workspace):
    contact = contacts.create(first_name="Anna")
    workspace.database.execute_sql("UPDATE contact SET stage_changed_at = '2000-01-01 00:00:00'")
    contacts.set_stage(contact.id, "qualified")
    assert contacts.get(contact.id).stage_changed_at.year > 2000


def test_update_without_stage_change_adds_no_history(workspace):
    contact = contacts.create(first_name="Anna")
    contacts.update(contact.id, city="Berlin", lifecycle_stage="lead")
    assert history(contact.id) == [(None, "lead")]


def test_saving_unchanged_values_is_no_change(workspace, monkeypatch):
    """The derived sort key is compared too: a save that changes nothing keeps updated_at."""
    created = contacts.create(first_name="Emil", last_name="Berg", city="")
    later = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    monkeypatch.setattr("smeplanner.core.records.utcnow", lambda: later)
    saved = contacts.update(created.id, first_name="Emil", city="")
    assert saved.updated_at == created.updated_at
    assert contacts.update(created.id, city="Bonn").updated_at == later


def test_set_stage_refuses_unknown_stage(workspace):
    contact = contacts.create(first_name="Anna")
    with pytest.raises(ValidationError) as caught:
        contacts.set_stage(contact.id, "vip")
    assert caught.value.field == "lifecycle_stage"
    assert contacts.get(contact.id).lifecycle_stage == "lead"
    assert history(contact.id) == [(None, "lead")]


def test_set_stage_unknown_contact(workspace):
    with pytest.raises(NotFoundError):
        contacts.set_stage(9999, "customer")


def test_opt_in_date_defaults_when_opted_in(workspace):
    contact = contacts.create(first_name="Anna", marketing_opt_in=True)
    assert contact.marketing_opt_in is True
    assert abs(contact.opt_in_date - date.today()) <= timedelta(days=1)


def test_given_opt_in_date_is_kept(workspace):
    contact = contacts.create(first_name="Anna", marketing_opt_in=True, opt_in_date="2023-05-01")
    assert contact.opt_in_date == date(2023, 5, 1)


def test_opt_in_date_default_is_the_local_day(workspace, in_zone):
    # Pick a zone whose calendar day differs from UTC's right now.
    in_zone("Etc/GMT-14" if datetime.now(UTC).hour >= 10 else "Etc/GMT+12")
    assert date.today() != datetime.now(UTC).date()
    contact = contacts.create(first_name="Anna", marketing_opt_in=True)
    assert contact.opt_in_date == date.today()


def test_do_not_contact_clears_opt_in_on_create(workspace):
    contact = contacts.create(first_name="Anna", marketing_opt_in=True, do_not_contact=True)
    assert contact.do_not_contact is True
    assert contact.marketing_opt_in is False


def test_do_not_contact_clears_opt_in_on_update(workspace):
    contact = contacts.create(first_name="Anna", marketing_opt_in=True)
    updated = contacts.update(contact.id, do_not_contact=True)
    assert updated.marketing_opt_in is False
    assert contacts.get(contact.id).marketing_opt_in is False


def test_source_campaign_fills_in_the_source_channel(workspace):
    campaign = campaigns.create(name="Fair", channel="event", start_date="2024-03-01",
                                end_date="2024-03-03")
    contact = contacts.create(first_name="Anna", source_campaign=campaign.id)
    assert contact.source_channel == "event"
    explicit = contacts.create(first_name="Ben", source_campaign=campaign.id,
                               source_channel="referral")
    assert explicit.source_channel == "referral"


def test_company_reference(workspace):
    acme = companies.create(name="Acme GmbH")
    contact = contacts.create(first_name="Anna", company=acme)
    assert contact.company_id == acme.id
    assert contacts.update(contact.id, company=None).company_id is None


def test_datetimes_and_dates_round_trip(workspace):
    touched = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
    contact = contacts.create(first_name="Anna", last_touch_at=touched,
                              next_follow_up="2024-04-01")
    assert contact.last_touch_at == touched
    assert contact.next_follow_up == date(2024, 4, 1)
    raw = workspace.database.execute_sql("SELECT last_touch_at FROM contact").fetchone()[0]
    assert raw == "2024-03-10 12:30:00"


# --- tags -------------------------------------------------------------------------------------

def test_set_tags_creates_and_sorts(workspace):
    contact = contacts.create(first_name="Anna")
    stored = contacts.set_tags(contact.id, ["VIP", " newsletter ", "Trade fair", "VIP"])
    assert stored == ["newsletter", "Trade fair", "VIP"]  # stripped, unique, A–Z ignoring case
    assert contacts.tags_of(contact.id) == stored
    assert sorted(all_tags()) == sorted(["VIP", "newsletter", "Trade fair"])


def test_set_tags_replaces_and_keeps_tag_names(workspace):
    anna = contacts.create(first_name="Anna")
    ben = contacts.create(first_name="Ben")
    contacts.set_tags(anna.id, ["VIP", "newsletter"])
    contacts.set_tags(ben.id, ["VIP"])
    assert contacts.set_tags(anna.id, ["partner"]) == ["partner"]
    assert contacts.tags_of(ben.id) == ["VIP"]
    assert set(all_tags()) == {"VIP", "newsletter", "partner"}
    assert contacts.set_tags(anna.id, []) == []
    assert contacts.tags_of(anna.id) == []


@pytest.mark.parametrize("bad", [["VIP", ""], ["   "], ["x" * 61], ["ok", 5]])
def test_set_tags_refuses_bad_names_and_keeps_the_old_tags(workspace, bad):
    contact = contacts.create(first_name="Anna")
    contacts.set_tags(contact.id, ["VIP"])
    with pytest.raises(ValidationError) as caught:
        contacts.set_tags(contact.id, bad)
    assert caught.value.field == "tags"
    assert contacts.tags_of(contact.id) == ["VIP"]
    assert all_tags() == ["VIP"]


def test_set_tags_unknown_contact(workspace):
    with pytest.raises(NotFoundError):
        contacts.set_tags(9999, ["VIP"])
    assert all_tags() == []


def test_delete_contact_removes_history_and_tag_links(workspace):
    contact = contacts.create(first_name="Anna")
    contacts.set_tags(contact.id, ["VIP"])
    contacts.set_stage(contact.id, "customer")
    contacts.delete(contact.id)
    assert LifecycleChange.select().count() == 0
    assert rows(workspace, "contact_tag") == []
    assert all_tags() == ["VIP"]


def test_list_filters(workspace):
    acme = companies.create(name="Acme GmbH")
    contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                    lifecycle_stage="customer", email="anna@acme.de")
    contacts.create(first_name="Ben", last_name="Berg", lifecycle_stage="lead")
    contacts.create(first_name="Cara", last_name="Adler", lifecycle_stage="qualified")
    assert [c.last_name for c in contacts.list(lifecycle_stage__in=["lead", "qualified"],
                                               order_by="-last_name")] == ["Berg", "Adler"]
    assert [c.first_name for c in contacts.list(email__contains="ACME")] == ["Anna"]
    assert contacts.count(company=acme.id) == 1
    assert contacts.count(lifecycle_stage__ne="customer") == 2


def test_tags_differing_only_in_case_are_one_tag(workspace):
    from smeplanner.core.contacts import all_tags, contacts

    first = contacts.create(first_name="Ann", email="ann@example.com")
    second = contacts.create(first_name="Bob", email="bob@example.com")
    assert contacts.set_tags(first.id, ["VIP", "vip", "Wholesale"]) == ["VIP", "Wholesale"]
    assert contacts.set_tags(second.id, ["vip", "alpha"]) == ["alpha", "VIP"]
    assert all_tags() == ["alpha", "VIP", "Wholesale"]


def test_tags_differing_in_non_ascii_case_are_one_tag(workspace):
    from smeplanner.core.contacts import all_tags, contacts

    first = contacts.create(first_name="Ann", email="ann@example.com")
    second = contacts.create(first_name="Bob", email="bob@example.com")
    contacts.set_tags(first.id, ["Ärger"])
    assert contacts.set_tags(second.id, ["ärger"]) == ["Ärger"]
    assert all_tags() == ["Ärger"]


def test_consent_keeps_its_date_and_source(workspace):
    from datetime import date

    from smeplanner.core.contacts import contacts

    person = contacts.create(first_name="Lia", marketing_opt_in=True,
                             opt_in_date=date(2026, 5, 4), opt_in_source="Trade fair form")
    stored = contacts.get(person.id)
    assert (stored.opt_in_date, stored.opt_in_source) == (date(2026, 5, 4), "Trade fair form")
