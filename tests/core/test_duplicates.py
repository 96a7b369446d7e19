"""Duplicates: matching keys, the save-time warning, duplicate groups, merge and its exact undo."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smeplanner.core import duplicates, search
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.duplicates import (
    REASON_EMAIL,
    REASON_NAME,
    REASON_PHONE,
    find_duplicate_groups,
    merge_contacts,
    merge_defaults,
    name_key,
    name_similarity,
    normalise_email,
    normalise_phone,
    similar_contacts,
    similar_names,
    unmerge,
)
from smeplanner.core.errors import ValidationError
from smeplanner.core.timeutil import today

# --- normalisers -------------------------------------------------------------------------------

EMAILS = [
    (" Anna.Schmidt@Example.COM ", "anna.schmidt@example.com"),
    ("a.n.n.a@gmail.com", "anna@gmail.com"),
    ("Anna.Schmidt+news@gmail.com", "annaschmidt@gmail.com"),
    ("anna.schmidt+crm@GoogleMail.com", "annaschmidt@gmail.com"),
    # Other providers: dots and +tags may name other mailboxes, so they stay.
    ("anna.schmidt+crm@example.com", "anna.schmidt+crm@example.com"),
    ("STRASSE@example.de", "strasse@example.de"),
    ("straße@example.de", "strasse@example.de"),
    ("", ""),
    ("not an address", "not an address"),
]

GERMAN = "49301234567"
UK = "442079460958"
PHONES = [
    ("+49 30 1234567", "49", GERMAN),
    ("0049 30 1234567", "49", GERMAN),
    ("030 1234567", "49", GERMAN),
    ("030/123 45 67", "49", GERMAN),
    ("(030) 123-45-67", "49", GERMAN),
    ("+49 (0)30 123 45 67", "49", GERMAN),
    ("(+49) 30-1234567", "49", GERMAN),
    ("+49.30.1234567", "49", GERMAN),
    ("０３０ １２３４５６７", "49", GERMAN),  # fullwidth digits from an East Asian keyboard
    ("030 1234567 ext. 12", "49", GERMAN + "x12"),
    ("030 1234567 x12", "49", GERMAN + "x12"),
    ("+49 170 1234567", "49", "491701234567"),
    ("+44 20 7946 0958", "44", UK),
    ("0044 20 7946 0958", "44", UK),
    ("020 7946 0958", "44", UK),
    ("+44 (0)20 7946 0958", "44", UK),
    ("+44 (0)20 7946 0958", "49", UK),  # international numbers ignore the default
    ("020 7946 0958", "49", "492079460958"),  # a national number takes the default
    ("+41 44 123 45 67", "49", "41441234567"),
    ("+1 (555) 123-4567", "49", "15551234567"),
    ("001 555 123 4567", "49", "15551234567"),
    ("1234567", "49", "1234567"),  # no prefix at all: kept as typed
    ("12345", "49", ""),  # too short to identify anyone
    ("+49 1", "49", ""),
    ("", "49", ""),
    ("call me", "49", ""),
]


@pytest.mark.parametrize(("text", "expected"), EMAILS)
def test_normalise_email(text, expected):
    assert normalise_email(text) == expected


@pytest.mark.parametrize(("text", "country", "expected"), PHONES)
def test_normalise_phone(text, country, expected):
    assert normalise_phone(text, country) == expected


def test_one_number_in_three_spellings_is_one_key():
    keys = {normalise_phone(text) for text in ("+49 30 1234567", "0049 30 1234567",
                                                 "030 1234567")}
    assert keys == {GERMAN}


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("Zoë", "Ärmel", "zoe armel"),
    ("  Anna ", " van  der Berg", "anna van der berg"),
    ("JÜRGEN", "", "jurgen"),
    ("", "", ""),
])
def test_name_key(first, last, expected):
    assert name_key(first, last) == expected


@pytest.mark.parametrize(("first", "second", "similar"), [
    (("Jan", "Meyer"), ("Jan", "Meier"), True),
    (("Anna", "Schmidt"), ("Anna", "Schmitt"), True),
    (("Max", "Müller"), ("max", "Mueller"), True),
    (("Anna", "Schmidt"), ("Schmidt", "Anna"), True),  # first and last swapped
    (("Zoë", "Ärmel"), ("Zoe", "Armel"), True),
    (("Anna", "Schmidt"), ("Peter", "Schmidt"), False),
    (("Anna", "Schmidt"), ("Anna", "Bauer"), False),
    (("", ""), ("", ""), False),
])
def test_similar_names(first, second, similar):
    assert similar_names(*first, *second) is similar
    assert similar_names(*second, *first) is similar


def test_name_similarity_is_a_ratio():
    assert name_similarity("Anna", "Schmidt", "Anna", "Schmidt") == 1.0
    assert 0.0 <= name_similarity("Anna", "Schmidt", "Bob", "Jones") < 0.5


PHONE_ALPHABET = st.text(alphabet="0123456789 +-()/.xXext", max_size=30)


@given(st.one_of(PHONE_ALPHABET, st.text(max_size=40)),
       st.sampled_from(["49", "44", "1", ""]))
def test_normalise_phone_never_fails_and_is_idempotent(text, country):
    key = normalise_phone(text, country)
    assert re.fullmatch(r"(?:[0-9]{6,}(?:x[0-9]+)?)?", key)
    assert normalise_phone(key, country) == key


@given(st.one_of(st.emails(), st.text(max_size=40),
                 st.builds(lambda local, tag: f"{local}+{tag}@googlemail.com",
                           st.text(max_size=12), st.text(max_size=6))))
def test_normalise_email_never_fails_and_is_idempotent(text):
    key = normalise_email(text)
    assert normalise_email(key) == key


# --- the save-time warning ------------------------------------------------------------------------

@pytest.fixture
def people(workspace):
    acme = companies.create(name="Acme GmbH", phone="+49 30 5550000")
    other = companies.create(name="Other Ltd")
    return {
        "acme": acme.id,
        "other": other.id,
        "anna": contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                                email="anna.schmidt@gmail.com", phone="030 12 34 56 7",
                                mobile="+49 170 7654321").id,
        "bob": contacts.create(first_name="Bob", last_name="Jones", company=acme.id,
                               email="bob@acme.example", phone="+49 30 5550000").id,
        "carla": contacts.create(first_name="Carla", last_name="Schmidt", company=other.id,
                                 email="carla@other.example", phone="+44 20 7946 0958").id,
    }


def ids(matches):
    return [match.contact_id for match in matches]


def test_finds_the_same_email_in_another_spelling(people):
    found = similar_contacts(email="AnnaSchmidt+crm@GoogleMail.com")
    assert [(m.contact_id, m.display_name, m.reasons) for m in found] == [
        (people["anna"], "Anna Schmidt", (REASON_EMAIL,))]


def test_finds_the_same_phone_however_it_is_typed(people):
    assert ids(similar_contacts(phone="+49 (0)30 1234567")) == [people["anna"]]
    # Given as a mobile, stored as a phone, and the other way round.
    assert ids(similar_contacts(mobile="0301234567")) == [people["anna"]]
    found = similar_contacts(phone="0170 765 43 21")
    assert [(m.contact_id, m.reasons) for m in found] == [(people["anna"], (REASON_PHONE,))]


def test_finds_a_similar_name_at_the_same_company_only(people):
    found = similar_contacts(first_name="Ana", last_name="Schmidt", company_id=people["acme"])
    assert [(m.contact_id, m.reasons) for m in found] == [(people["anna"], (REASON_NAME,))]
    assert similar_contacts(first_name="Anna", last_name="Schmidt",
                            company_id=people["other"]) == []
    assert similar_contacts(first_name="Anna", last_name="Schmidt") == []


def test_unrelated_people_are_not_reported(people):
    assert similar_contacts(first_name="Dora", last_name="Klein", email="dora@acme.example",
                            phone="030 7654321", mobile="+49 171 1111111",
                            company_id=people["acme"]) == []


def test_the_company_switchboard_is_not_a_duplicate(people):
    # Bob gives Acme's main number; a colleague giving it too is not Bob.
    assert similar_contacts(first_name="Dora", phone="030 5550000",
                            company_id=people["acme"]) == []
    # A company's main number identifies nobody, on either side.
    assert similar_contacts(phone="030 5550000") == []
    companies.update(people["acme"], phone="+49 30 5559999")
    assert ids(similar_contacts(phone="030 5550000")) == [people["bob"]]


def test_the_contact_being_edited_is_left_out(people):
    anna = contacts.get(people["anna"])
    kwargs = {"first_name": anna.first_name, "last_name": anna.last_name, "email": anna.email,
              "phone": anna.phone, "mobile": anna.mobile, "company_id": people["acme"]}
    found = similar_contacts(**kwargs)
    assert [(m.contact_id, m.reasons) for m in found] == [
        (people["anna"], (REASON_EMAIL, REASON_PHONE, REASON_NAME))]
    assert similar_contacts(**kwargs, exclude_id=people["anna"]) == []


def test_most_reasons_first_and_limited(people):
    twin = contacts.create(first_name="Anna", last_name="Schmidt", company=people["acme"]).id
    found = similar_contacts(first_name="Anna", last_name="Schmidt",
                             email="anna.schmidt@gmail.com", company_id=people["acme"])
    assert [(m.contact_id, m.reasons) for m in found] == [
        (people["anna"], (REASON_EMAIL, REASON_NAME)), (twin, (REASON_NAME,))]
    assert ids(similar_contacts(first_name="Anna", last_name="Schmidt",
                                email="anna.schmidt@gmail.com", company_id=people["acme"],
                                limit=1)) == [people["anna"]]


# --- duplicate groups ----------------------------------------------------------------------

def test_groups_are_transitive_and_say_why(people):
    acme, other = people["acme"], people["other"]
    a = contacts.create(first_name="Ann", last_name="Lee", email="ann@x.example").id
    b = contacts.create(first_name="A.", last_name="Lee", email="ANN@x.example",
                        mobile="0171 2223334").id
    c = contacts.create(first_name="Annie", mobile="+49 171 222 33 34").id
    d = contacts.create(first_name="Jan", last_name="Meyer", company=acme).id
    e = contacts.create(first_name="Jan", last_name="Meier", company=acme).id
    contacts.create(first_name="Jan", last_name="Meyer", company=other)  # elsewhere: not d
    contacts.create(first_name="Fritz", last_name="Unique")

    groups = find_duplicate_groups()
    assert [(g.contact_ids, g.reasons) for g in groups] == [
        ((a, b, c), (REASON_EMAIL, REASON_PHONE)),
        ((d, e), (REASON_NAME,)),
    ]
    assert {(link.first_id, link.second_id, link.reason) for link in groups[0].links} == {
        (a, b, REASON_EMAIL), (b, c, REASON_PHONE)}
    assert [g.contact_ids for g in find_duplicate_groups(limit_groups=1)] == [(a, b, c)]


def test_groups_and_the_warning_agree(people):
    contacts.create(first_name="Anna", last_name="Schmitt", company=people["acme"])
    contacts.create(first_name="Carla", phone="0044 20 7946 0958")
    for group in find_duplicate_groups():
        for contact_id in group.contact_ids:
            contact = contacts.get(contact_id)
            found = similar_contacts(first_name=contact.first_name,
                                     last_name=contact.last_name, email=contact.email,
                                     phone=contact.phone, mobile=contact.mobile,
                                     company_id=contact.company_id, exclude_id=contact_id)
            assert set(ids(found)) <= set(group.contact_ids)
            assert found


def test_a_very_large_company_compares_neighbours_by_name(workspace, monkeypatch):
    monkeypatch.setattr(duplicates, "_PAIRWISE_LIMIT", 3)
    monkeypatch.setattr(duplicates, "_NEIGHBOURS", 2)
    big = companies.create(name="Big Corp").id
    for first, last in [("Jan", "Meyer"), ("Otto", "Zander"), ("Paul", "Adler"),
                        ("Eva", "Berg"), ("Meier", "Jan"), ("Karl", "Vogt")]:
        contacts.create(first_name=first, last_name=last, company=big)
    groups = find_duplicate_groups()
    assert [[contacts.get(i).full_name for i in g.contact_ids] for g in groups] == [
        ["Jan Meyer", "Meier Jan"]]


def test_groups_on_a_demo_workspace(workspace):
    from smeplanner.core.demo import build_demo

    build_demo(workspace.database, scale=0.2, seed=4)
    before = find_duplicate_groups()
    assert isinstance(before, list)
    known = {i for group in before for i in group.contact_ids}
    first = contacts.create(first_name="Quirin", last_name="Duplikat",
                            email="quirin.duplikat@example.org", phone="089 9876543")
    second = contacts.create(first_name="Quirin", last_name="Duplicat",
                             email="Quirin.Duplikat@Example.org")
    found = [g for g in find_duplicate_groups() if first.id in g.contact_ids]
    assert [(g.contact_ids, g.reasons) for g in found] == [
        ((first.id, second.id), (REASON_EMAIL,))]
    assert not known & {first.id, second.id}
    assert ids(similar_contacts(phone="+49 89 987 65 43")) == [first.id]


# --- merge and unmerge ---------------------------------------------------------------------

def dump(database):
    """Every row of every table but the search index (whose own tables are checked apart)."""
    tables = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: sorted(database.execute_sql(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables}


def index_rows(database):
    return [database.execute_sql(f"SELECT rowid, kind, ref_id, title, detail FROM {fts} "
                                 "ORDER BY rowid").fetchall() for fts in search.FTS_TABLES]


@pytest.fixture
def family(workspace):
    """Anna three times over, with everything that can point at a contact."""
    acme = companies.create(name="Acme GmbH").id
    fair = campaigns.create(name="Fair", channel="event", start_date="2024-03-01",
                            end_date="2024-03-03").id
    past = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    survivor = contacts.create(first_name="Anna", last_name="Schmidt",
                               email="anna@acme.example", phone="030 1234567",
                               last_touch_at=past, next_follow_up=today() + timedelta(days=9),
                               notes="Met at the fair.")
    second = contacts.create(first_name="Anna", last_name="Schmitt", company=acme,
                             source_campaign=fair, mobile="0170 1112223", city="Berlin",
                             postcode="10115", country="Germany", do_not_contact=True,
                             last_touch_at=past + timedelta(days=30),
                             next_follow_up=today() + timedelta(days=3), notes="Prefers email.")
    third = contacts.create(first_name="A.", last_name="Schmidt", email="anna@gmail.com",
                            lifecycle_stage="customer",
                            next_follow_up=today() - timedelta(days=1))
    contacts.set_tags(survivor.id, ["VIP", "coffee"])
    contacts.set_tags(second.id, ["coffee", "trade fair"])
    contacts.set_tags(third.id, ["newsletter"])
    deal = deals.create(title="Espresso machine", contact=second.id, amount="1200")
    deals.create(title="Beans subscription", contact=survivor.id, amount="80")
    call = activities.create(kind="call", subject="Intro call", contact=second.id)
    activities.create(kind="task", subject="Send offer", contact=third.id, deal=deal.id)
    activities.create(kind="email", subject="Welcome", contact=survivor.id)
    bystander = contacts.create(first_name="Bob", last_name="Jones", company=acme)
    contacts.set_tags(bystander.id, ["coffee"])
    deals.create(title="Grinder", contact=bystander.id)
    return {"survivor": survivor.id, "second": second.id, "third": third.id, "deal": deal.id,
            "call": call.id, "acme": acme, "fair": fair, "bystander": bystander.id}


def test_merge_moves_everything_to_the_survivor(family, workspace):
    survivor, second, third = family["survivor"], family["second"], family["third"]
    stage = contacts.get(survivor).lifecycle_stage
    history = len(contacts.lifecycle_history(survivor)) + len(
        contacts.lifecycle_history(second)) + len(contacts.lifecycle_history(third))

    record = merge_contacts(survivor, [second, third], {"last_name": "Schmitt"})

    merged = contacts.get(survivor)
    assert (merged.first_name, merged.last_name) == ("Anna", "Schmitt")  # chosen
    assert merged.email == "anna@acme.example"  # the survivor's value wins
    assert merged.mobile == "0170 1112223"  # gaps are filled from the others
    assert merged.company_id == family["acme"]
    assert (merged.city, merged.postcode, merged.country) == ("Berlin", "10115", "Germany")
    assert merged.source_campaign_id == family["fair"]
    assert merged.source_channel == "event"
    assert merged.do_not_contact is True
    assert merged.lifecycle_stage == stage == "opportunity"  # not the third's "customer"
    assert merged.notes == "Met at the fair.\n\nPrefers email."
    assert merged.last_touch_at == datetime(2024, 5, 31, 9, 0, tzinfo=UTC)
    assert merged.next_follow_up == today() + timedelta(days=3)
    assert contacts.tags_of(survivor) == ["coffee", "newsletter", "trade fair", "VIP"]
    assert {d.title for d in deals.list(contact=survivor)} == {"Espresso machine",
                                                               "Beans subscription"}
    assert {a.subject for a in activities.list(contact=survivor)} == {
        "Intro call", "Send offer", "Welcome"}
    assert len(contacts.lifecycle_history(survivor)) == history
    assert contacts.count(id__in=[second, third]) == 0
    assert contacts.tags_of(family["bystander"]) == ["coffee"]
    assert record.other_ids == (second, third)
    assert [row["id"] for row in record.deleted_contacts] == [second, third]
    assert search.index_is_consistent(workspace.database)
    hits = search.search(workspace.database, "Espresso", kinds=("deal",))
    assert "Anna Schmitt" in hits[0].detail  # the deal is indexed under its new contact


def test_merge_defaults_without_choices(family):
    values = merge_defaults(family["survivor"], [family["second"], family["third"]])
    assert values["last_name"] == "Schmidt"
    assert values["company"] == family["acme"]
    assert values["source_campaign"] == family["fair"]


def test_a_future_follow_up_beats_an_overdue_one_and_an_overdue_one_is_kept(workspace):
    a = contacts.create(first_name="A", next_follow_up=today() - timedelta(days=5)).id
    b = contacts.create(first_name="B", next_follow_up=today() - timedelta(days=2)).id
    c = contacts.create(first_name="C").id
    assert merge_defaults(c, [a, b])["next_follow_up"] == today() - timedelta(days=2)
    d = contacts.create(first_name="D", next_follow_up=today() + timedelta(days=20)).id
    assert merge_defaults(c, [a, d])["next_follow_up"] == today() + timedelta(days=20)


@pytest.mark.parametrize(("chosen", "field"), [
    ({"email": "not an email"}, "email"),
    ({"lifecycle_stage": "prospect"}, "lifecycle_stage"),
    ({"company": 9999}, "company"),
    ({"nickname": "Annie"}, "nickname"),
])
def test_a_bad_choice_changes_nothing(family, workspace, chosen, field):
    before = dump(workspace.database)
    with pytest.raises(ValidationError) as caught:
        merge_contacts(family["survivor"], [family["second"], family["third"]], chosen)
    assert caught.value.field == field
    assert dump(workspace.database) == before


def test_a_failure_midway_rolls_everything_back(family, workspace, monkeypatch):
    before = dump(workspace.database)

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(duplicates, "_merge_links", broken)
    with pytest.raises(RuntimeError):
        merge_contacts(family["survivor"], [family["second"]], {"first_name": "Annabel"})
    assert dump(workspace.database) == before


@pytest.mark.parametrize(("survivor", "others", "field"), [
    ("survivor", ["survivor"], "other_ids"),
    ("survivor", ["second", "survivor"], "other_ids"),
    ("survivor", [], "other_ids"),
    ("survivor", [9999], "other_ids"),
    (9999, ["second"], "survivor_id"),
    ("survivor", ["1"], "other_ids"),
])
def test_merge_refuses_bad_ids(family, workspace, survivor, others, field):
    before = dump(workspace.database)
    with pytest.raises(ValidationError) as caught:
        merge_contacts(family.get(survivor, survivor), [family.get(o, o) for o in others])
    assert caught.value.field == field
    assert dump(workspace.database) == before


def test_unmerge_restores_the_database_exactly(family, workspace):
    database = workspace.database
    before, index_before = dump(database), index_rows(database)
    record = merge_contacts(family["survivor"], [family["second"], family["third"]],
                            {"lifecycle_stage": "customer", "first_name": "Annabel"})
    assert record.created_rows  # the chosen stage was recorded as a move
    assert dump(database) != before

    unmerge(record)

    assert dump(database) == before
    assert index_rows(database) == index_before
    assert search.index_is_consistent(database)


def test_merge_and_unmerge_twice_in_a_row(family, workspace):
    database = workspace.database
    before = dump(database)
    for _ in range(2):
        record = merge_contacts(family["survivor"], [family["second"], family["third"]])
        unmerge(record)
        assert dump(database) == before
    record = merge_contacts(family["third"], [family["survivor"]])
    second_merge = merge_contacts(family["third"], [family["second"]])
    unmerge(second_merge)
    unmerge(record)
    assert dump(database) == before
    assert search.index_is_consistent(database)


def test_unmerge_refuses_when_an_id_is_taken_again(family, workspace):
    record = merge_contacts(family["survivor"], [family["bystander"]])
    # SQLite hands out the highest id again once its row is gone.
    reused = contacts.create(first_name="Newcomer")
    assert reused.id == family["bystander"]
    before = dump(workspace.database)
    with pytest.raises(ValidationError):
        unmerge(record)
    assert dump(workspace.database) == before
