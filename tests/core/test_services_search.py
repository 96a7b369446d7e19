"""The search index stays in step with every service write (substrings, prefixes, renames)."""

from __future__ import annotations

import pytest

from smeplanner.core import search
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError


@pytest.fixture
def crm(workspace):
    acme = companies.create(name="Acme GmbH", city="Berlin")
    anna = contacts.create(first_name="Anna", last_name="Schmidt", company=acme.id,
                           email="anna@acme.de")
    deal = deals.create(title="Espresso machines", contact=anna.id)
    campaign = campaigns.create(name="Spring fair", channel="event", offer_code="SPRING24",
                                start_date="2024-03-01", end_date="2024-03-03")
    return {"company": acme, "contact": anna, "deal": deal, "campaign": campaign}


def found(workspace, text, kind=None):
    hits = search.search(workspace.database, text)
    return {(hit.kind, hit.id) for hit in hits if kind is None or hit.kind == kind}


def hit(workspace, kind, record_id, text):
    [match] = [h for h in search.search(workspace.database, text)
               if (h.kind, h.id) == (kind, record_id)]
    return match


def consistent(workspace):
    return search.index_is_consistent(workspace.database)


@pytest.mark.parametrize(("text", "kind", "record"), [
    ("schm", "contact", "contact"),          # substring of three or more letters
    ("MIDT", "contact", "contact"),
    ("anna schmidt", "contact", "contact"),
    ("acme", "company", "company"),
    ("acme g", "company", "company"),
    ("acme", "contact", "contact"),          # the contact's company is searchable detail
    ("acme", "deal", "deal"),
    ("schmidt", "deal", "deal"),             # the deal's contact is searchable detail
    ("presso", "deal", "deal"),
    ("ring24", "campaign", "campaign"),      # offer code
    ("spring", "campaign", "campaign"),
    ("a", "contact", "contact"),             # first keystrokes: word prefixes
    ("an", "contact", "contact"),
    ("sc", "contact", "contact"),
    ("ac", "company", "company"),
    ("gm", "company", "company"),
    ("es", "deal", "deal"),
    ("sp", "campaign", "campaign"),
    ("an sch", "contact", "contact"),
])
def test_new_records_are_found(crm, workspace, text, kind, record):
    assert (kind, crm[record].id) in found(workspace, text)
    assert consistent(workspace)


@pytest.mark.parametrize("text", ["zzz", "xq", "schmitt", "", "   "])
def test_no_false_hits(crm, workspace, text):
    assert found(workspace, text) == set()


def test_search_hit_carries_title_and_detail(crm, workspace):
    match = hit(workspace, "contact", crm["contact"].id, "schm")
    assert match.title == "Anna Schmidt"
    assert "Acme GmbH" in match.detail
    assert "anna@acme.de" in match.detail


def test_updating_a_contact_updates_its_entry(crm, workspace):
    anna = crm["contact"]
    contacts.update(anna.id, last_name="Schneider")
    assert ("contact", anna.id) not in found(workspace, "schm")
    assert ("contact", anna.id) in found(workspace, "schnei")
    assert ("contact", anna.id) in found(workspace, "sc")
    assert consistent(workspace)


def test_renaming_a_contact_updates_its_deals_detail(crm, workspace):
    contacts.update(crm["contact"].id, last_name="Schneider")
    assert ("deal", crm["deal"].id) in found(workspace, "schneider")
    assert ("deal", crm["deal"].id) not in found(workspace, "schmidt")
    assert "Anna Schneider" in hit(workspace, "deal", crm["deal"].id, "espresso").detail


def test_renaming_a_company_updates_it_and_its_contacts_and_deals(crm, workspace):
    companies.update(crm["company"].id, name="Globex AG")
    assert found(workspace, "acme", kind="company") == set()
    assert found(workspace, "globex") == {("company", crm["company"].id),
                                          ("contact", crm["contact"].id),
                                          ("deal", crm["deal"].id)}
    assert ("contact", crm["contact"].id) in found(workspace, "gl")
    assert "Globex AG" in hit(workspace, "deal", crm["deal"].id, "espresso").detail
    assert consistent(workspace)


def test_moving_a_contact_to_another_company_updates_its_entry(crm, workspace):
    other = companies.create(name="Initech")
    contacts.update(crm["contact"].id, company=other.id)
    assert ("contact", crm["contact"].id) in found(workspace, "initech")
    assert "Acme" not in hit(workspace, "contact", crm["contact"].id, "schmidt").detail


def test_renaming_a_deal_and_a_campaign(crm, workspace):
    deals.update(crm["deal"].id, title="Coffee grinders")
    campaigns.update(crm["campaign"].id, name="Autumn fair", offer_code="FALL24")
    assert found(workspace, "espresso") == set()
    assert ("deal", crm["deal"].id) in found(workspace, "grinder")
    assert found(workspace, "spring") == set()
    assert ("campaign", crm["campaign"].id) in found(workspace, "fall24")
    assert consistent(workspace)


@pytest.mark.parametrize("kind", ["deal", "campaign", "contact", "company"])
def test_deleted_records_are_not_found(crm, workspace, kind):
    service = {"deal": deals, "campaign": campaigns, "contact": contacts,
               "company": companies}[kind]
    service.delete(crm[kind].id)
    text = {"deal": "espresso", "campaign": "spring", "contact": "anna",
            "company": "acme"}[kind]
    assert (kind, crm[kind].id) not in found(workspace, text)
    assert consistent(workspace)


def test_deleting_a_company_removes_it_from_contacts_and_deals_detail(crm, workspace):
    companies.delete(crm["company"].id)
    assert found(workspace, "acme gmbh") == set()
    assert ("contact", crm["contact"].id) in found(workspace, "schmidt")
    assert consistent(workspace)


def test_deleting_a_contact_removes_its_name_from_deals(crm, workspace):
    contacts.delete(crm["contact"].id)
    assert found(workspace, "schmidt") == set()
    assert ("deal", crm["deal"].id) in found(workspace, "espresso")


def test_refused_writes_leave_the_index_alone(crm, workspace):
    with pytest.raises(ValidationError):
        contacts.update(crm["contact"].id, last_name="Schneider", email="broken")
    with pytest.raises(ValidationError):
        companies.create(name="Nowhere Ltd", size_band="huge")
    assert ("contact", crm["contact"].id) in found(workspace, "schmidt")
    assert found(workspace, "nowhere") == set()
    assert consistent(workspace)


def test_kinds_filter_and_grouping(crm, workspace):
    hits = search.search(workspace.database, "acme", kinds=("deal",))
    assert [(h.kind, h.id) for h in hits] == [("deal", crm["deal"].id)]
    grouped = search.grouped(search.search(workspace.database, "acme"))
    assert list(grouped) == ["contact", "company", "deal"]


def test_many_writes_keep_the_index_consistent(workspace):
    company_ids = [companies.create(name=f"Firm {n}").id for n in range(5)]
    contact_ids = [contacts.create(first_name=f"Person{n}", company=company_ids[n % 5]).id
                   for n in range(10)]
    for n, contact_id in enumerate(contact_ids):
        deals.create(title=f"Deal {n}", contact=contact_id)
    companies.update(company_ids[0], name="Renamed Firm")
    contacts.delete(contact_ids[0])
    companies.delete(company_ids[1])
    assert consistent(workspace)
    assert len(found(workspace, "renamed")) == 1 + 2 + 1   # company, 2 contacts, 1 deal left


def test_a_match_in_the_title_ranks_above_matches_in_the_detail(workspace):
    from smeplanner.core.companies import companies
    from smeplanner.core.contacts import contacts

    bakery = companies.create(name="Bäckerei Schmidt GmbH")
    for index in range(5):
        contacts.create(first_name=f"Staff{index}", last_name="Baker", company=bakery.id)
    anna = contacts.create(first_name="Anna", last_name="Schmidt")
    hits = search.search(workspace.database, "schmidt", kinds=("contact",))
    assert hits[0].id == anna.id
    assert len(hits) == 6


def test_punctuation_between_words_is_not_a_search_term(workspace):
    company = companies.create(name="Kaffee & Kuchen GmbH")
    for typed in ("Kaffee & Kuchen", "kaffee & kuch", "& Kuchen"):
        assert [hit.id for hit in search.search(workspace.database, typed)] == [company.id]
    assert search.build_query("& - !") is None
