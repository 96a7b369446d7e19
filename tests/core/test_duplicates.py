"""Finding duplicates: matching keys, the save-time warning, duplicate groups."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smeplanner.core import duplicates
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.duplicates import (
    REASON_EMAIL,
    REASON_NAME,
    REASON_PHONE,
    find_duplicate_groups,
    name_key,
    name_similarity,
    normalise_email,
    normalise_phone,
    similar_contacts,
    similar_names,
)

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
