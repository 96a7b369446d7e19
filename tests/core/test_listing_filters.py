"""Listing filters: each filter alone and combined with others and the search text, in SQL.

A small hand-made business is built through the services; each test asserts exactly which
records a query returns, that counting, paging and row positions agree, and that both query
plans (sorting every match, or scanning the sort index and stopping early) give one answer.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from smeplanner.core import listing, search
from smeplanner.core.campaigns import campaigns
from smeplanner.core.companies import companies
from smeplanner.core.contacts import contacts
from smeplanner.core.deals import deals
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import PipelineStage, db
from smeplanner.core.timeutil import today, utcnow

# name: (stage, tags, source channel, campaign, company, consent, days since the last touch,
#        follow-up in days from today). Consent: "in" opted in, "out" not, "dnc" do not contact.
PEOPLE: dict[str, tuple[Any, ...]] = {
    "Anna Adler": ("lead", ["VIP", "newsletter"], "email", "spring", "acme", "in", 2, -3),
    "Bert Brandt": ("lead", ["newsletter"], "social", None, None, "out", None, 5),
    "Carl Clausen": ("customer", ["VIP"], "referral", None, "bolt", "dnc", 100, None),
    "Dora Dietz": ("qualified", [], "email", "autumn", "acme", "in", 40, -1),
    "Emil Engel": ("subscriber", ["newsletter"], "website", None, None, "out", 10, 0),
    "Fritz Fink": ("lead", ["Trade fair"], "event", "autumn", "cafe", "out", None, -10),
}


@pytest.fixture
def business(workspace) -> dict[str, int]:
    """Campaigns, companies with open/won/lost deals, and the contacts of ``PEOPLE``."""
    ids = {
        "autumn": campaigns.create(name="Autumn fair", channel="event",
                                   start_date=date(2025, 9, 1), end_date=date(2025, 9, 30)).id,
        "spring": campaigns.create(name="Spring mailing", channel="email",
                                   start_date=date(2026, 3, 1), end_date=date(2026, 3, 31)).id,
        "acme": companies.create(name="Acme Coffee", industry="Coffee", size_band="10-49").id,
        "bolt": companies.create(name="Bolt Bakery", industry="Bakery", size_band="2-9").id,
        "cafe": companies.create(name="Café Central", industry="Coffee", size_band="1").id,
        "dull": companies.create(name="Dull Ltd", industry="Consulting").id,
    }
    now = utcnow()
    for name, (stage, tags, channel, campaign, company, consent, touched, follow_up) in \
            PEOPLE.items():
        first, last = name.split()
        record = contacts.create(
            first_name=first, last_name=last, email=f"{first.lower()}@example.com",
            lifecycle_stage=stage, source_channel=channel,
            source_campaign=ids[campaign] if campaign else None,
            company=ids[company] if company else None,
            marketing_opt_in=consent == "in", do_not_contact=consent == "dnc",
            last_touch_at=None if touched is None else now - timedelta(days=touched),
            next_follow_up=None if follow_up is None else today() + timedelta(days=follow_up))
        contacts.set_tags(record.id, tags)
        ids[name] = record.id
    won = PipelineStage.get(PipelineStage.kind == "won").id
    lost = PipelineStage.get(PipelineStage.kind == "lost").id
    for company, amount, stage in (("acme", "100", None), ("acme", "200", None),
                                   ("acme", "1500.50", won), ("acme", "999", lost),
                                   ("bolt", "300", won), ("bolt", "200", won),
                                   ("cafe", "50", None)):
        deal = deals.create(title=f"{company} {amount}", company=ids[company],
                            amount=Decimal(amount))
        if stage is not None:
            deals.move_to_stage(deal.id, stage)
    return ids


def _all_pages(query: listing.Query, page: int = 100) -> list[int]:
    ids, offset = [], 0
    while True:
        batch = listing.fetch_page(query, offset, page)
        ids += [record_id for record_id, _values in batch]
        if len(batch) < page:
            return ids
        offset += page


COMPANIES = ("acme", "bolt", "cafe", "dull")


def _names(business: dict[str, int], record_ids: list[int],
           among: tuple[str, ...] = tuple(PEOPLE)) -> list[str]:
    """The fixture names of ``record_ids`` (ids are per table: say which names to look in)."""
    by_id = {business[name]: name for name in among}
    return [by_id[record_id] for record_id in record_ids]


@pytest.fixture(params=[(False, False), (False, True), (True, False)],
                ids=["sort-matches", "sort-matches-in-lists", "scan-in-order"])
def plan(request, monkeypatch) -> tuple[bool, bool]:
    """Run a test under every query plan, whatever the size of the data would choose.

    Pages either sort all matches or scan the sort index and stop early; a tag (or an open
    deal) is either a per-row EXISTS test or, when its set is small, an IN list.
    """
    scan, small = request.param
    monkeypatch.setattr(listing, "_scan_in_order", lambda *args, **kwargs: scan)
    monkeypatch.setattr(listing, "_is_small", lambda *args, **kwargs: small)
    return request.param


CONTACT_CASES = [
    ({"stage": "lead"}, ["Anna Adler", "Bert Brandt", "Fritz Fink"]),
    ({"stage": ("customer", "qualified")}, ["Carl Clausen", "Dora Dietz"]),
    ({"stage": ["subscriber"]}, ["Emil Engel"]),
    ({"tag": "VIP"}, ["Anna Adler", "Carl Clausen"]),
    ({"tag": "vip"}, ["Anna Adler", "Carl Clausen"]),
    ({"tag": ("Trade fair", "VIP")}, ["Anna Adler", "Carl Clausen", "Fritz Fink"]),
    ({"tag": "nobody has this"}, []),
    ({"source_channel": "email"}, ["Anna Adler", "Dora Dietz"]),
    ({"source_channel": "website"}, ["Emil Engel"]),
    ({"source_campaign": "autumn"}, ["Dora Dietz", "Fritz Fink"]),
    ({"company": "acme"}, ["Anna Adler", "Dora Dietz"]),
    ({"company": "none"}, ["Bert Brandt", "Emil Engel"]),
    ({"consent": "opted_in"}, ["Anna Adler", "Dora Dietz"]),
    ({"consent": "not_opted_in"}, ["Bert Brandt", "Emil Engel", "Fritz Fink"]),
    ({"consent": "do_not_contact"}, ["Carl Clausen"]),
    ({"no_touch_days": 7}, ["Bert Brandt", "Carl Clausen", "Dora Dietz", "Emil Engel",
                            "Fritz Fink"]),
    ({"no_touch_days": 30}, ["Bert Brandt", "Carl Clausen", "Dora Dietz", "Fritz Fink"]),
    ({"no_touch_days": 365}, ["Bert Brandt", "Fritz Fink"]),
    ({"follow_up_overdue": True}, ["Anna Adler", "Dora Dietz", "Fritz Fink"]),
    # Combined: every filter applies.
    ({"stage": "lead", "tag": "newsletter"}, ["Anna Adler", "Bert Brandt"]),
    ({"stage": "lead", "follow_up_overdue": True}, ["Anna Adler", "Fritz Fink"]),
    ({"tag": "newsletter", "consent": "not_opted_in", "no_touch_days": 7},
     ["Bert Brandt", "Emil Engel"]),
    ({"company": "acme", "source_campaign": "spring"}, ["Anna Adler"]),
    ({"stage": "customer", "tag": "newsletter"}, []),
]


def _resolve(business: dict[str, int], filters: dict[str, Any]) -> dict[str, Any]:
    """Names of campaigns and companies in a case become their ids."""
    resolved = dict(filters)
    for key in ("source_campaign", "company"):
        if key in resolved and resolved[key] in business:
            resolved[key] = business[resolved[key]]
    return resolved


def _query(listing_key: str, filters: dict[str, Any], **fields: Any) -> listing.Query:
    query = listing.Query(listing_key, **fields)
    for key, value in filters.items():
        query = query.with_filter(key, value)
    return query


@pytest.mark.parametrize(("filters", "expected"), CONTACT_CASES,
                         ids=[repr(filters) for filters, _expected in CONTACT_CASES])
def test_contact_filters_return_exactly_the_matching_contacts(business, plan, filters,
                                                              expected):
    query = _query("contacts", _resolve(business, filters), order_by="name")
    assert _names(business, _all_pages(query)) == expected  # in name order
    assert listing.count(query) == len(expected)


@pytest.mark.parametrize(("text", "filters", "expected"), [
    ("example", {"stage": "lead", "tag": "newsletter"}, ["Anna Adler", "Bert Brandt"]),
    ("anna", {"stage": "lead", "tag": "newsletter"}, ["Anna Adler"]),
    ("acme", {"stage": "lead"}, ["Anna Adler"]),  # the company name is in a contact's text
    ("acme", {"tag": "VIP", "consent": "opted_in"}, ["Anna Adler"]),
    ("bert", {"stage": "customer"}, []),
    ("a", {"tag": "Trade fair"}, []),  # "a" starts no word of Fritz Fink's text
    ("fr", {"tag": "Trade fair"}, ["Fritz Fink"]),
])
def test_filters_combine_with_the_search_text(business, plan, text, filters, expected):
    query = _query("contacts", filters, text=text, order_by="name")
    assert _names(business, _all_pages(query)) == expected
    assert listing.count(query) == len(expected)


def test_search_text_finds_only_records_of_the_listed_kind(business):
    # "Acme" names a company and (as their employer) two contacts.
    found = _all_pages(listing.Query("contacts", text="acme", order_by="name"))
    assert _names(business, found) == ["Anna Adler", "Dora Dietz"]
    assert _all_pages(listing.Query("companies", text="acme")) == [business["acme"]]


def test_search_index_rowids_encode_the_record_id_and_kind(business):
    """The listing reads ids and kinds from FTS rowids (id * 8 + kind code): pin that."""
    for table in search.FTS_TABLES:
        rows = db.execute_sql(f"SELECT rowid, ref_id, kind FROM {table}").fetchall()
        assert rows
        assert all((rowid >> 3, rowid & 7) == (ref_id, search.KIND_CODES[kind])
                   for rowid, ref_id, kind in rows)


PAGED_QUERIES = [
    ("name", False, {"tag": ("newsletter", "VIP")}),
    ("name", True, {"consent": "not_opted_in"}),
    ("last_touch", False, {"no_touch_days": 7}),
    ("last_touch", True, {"stage": "lead"}),
    ("follow_up", False, {"stage": ("lead", "qualified", "customer")}),
    ("follow_up", True, {"tag": "newsletter"}),
    ("company", False, {"company": "acme"}),
    ("tags", True, {}),
    ("stage", False, {"source_channel": "email"}),
]


@pytest.mark.parametrize(("order_by", "descending", "filters"), PAGED_QUERIES)
@pytest.mark.parametrize("page", [1, 2, 3])
def test_count_pages_and_positions_agree_on_filtered_queries(business, plan, order_by,
                                                              descending, filters, page):
    query = _query("contacts", _resolve(business, filters), order_by=order_by,
                   descending=descending)
    order = _all_pages(query, page)
    assert order == _all_pages(query, 100)  # page boundaries never change the order
    assert len(order) == listing.count(query) == len(set(order))
    assert [listing.position(query, record_id) for record_id in order] == \
        list(range(len(order)))
    hidden = [record_id for name, record_id in business.items()
              if name in PEOPLE and record_id not in order]
    assert all(listing.position(query, record_id) is None for record_id in hidden)


def test_no_touch_days_counts_from_now_and_includes_the_never_touched(workspace):
    now = utcnow()
    never = contacts.create(first_name="Never").id
    old = contacts.create(first_name="Old", last_touch_at=now - timedelta(days=7, hours=1)).id
    contacts.create(first_name="Recent", last_touch_at=now - timedelta(days=6, hours=23))
    query = listing.Query("contacts").with_filter("no_touch_days", 7)
    assert sorted(_all_pages(query)) == sorted([never, old])
    assert listing.count(query.with_filter("no_touch_days", 0)) == 3


def test_follow_up_overdue_means_before_today(workspace):
    yesterday = contacts.create(first_name="Y", next_follow_up=today() - timedelta(1)).id
    contacts.create(first_name="T", next_follow_up=today())
    contacts.create(first_name="N")
    assert _all_pages(listing.Query("contacts").with_filter("follow_up_overdue", True)) == \
        [yesterday]


# --- bad filters -----------------------------------------------------------------------------

@pytest.mark.parametrize("listing_key", ["contacts", "companies", "deals", "campaigns",
                                         "activities", "agenda"])
def test_an_unknown_filter_key_is_a_validation_error_naming_the_key(workspace, listing_key):
    with pytest.raises(ValidationError) as raised:
        listing.Query(listing_key).with_filter("colour", "red")
    assert raised.value.field == "colour"
    with pytest.raises(ValidationError):
        listing.Query(listing_key, filters=(("colour", None),))


@pytest.mark.parametrize(("key", "value"), [
    ("stage", "bogus"),
    ("stage", ("lead", "bogus")),
    ("stage", 3),
    ("tag", 5),
    ("source_channel", "carrier pigeon"),
    ("source_campaign", "3"),
    ("source_campaign", True),
    ("company", "nobody"),
    ("company", 0),
    ("consent", "maybe"),
    ("no_touch_days", -1),
    ("no_touch_days", "soon"),
    ("follow_up_overdue", "yes"),
])
def test_a_bad_filter_value_is_a_validation_error_naming_the_filter(workspace, key, value):
    with pytest.raises(ValidationError) as raised:
        listing.Query("contacts").with_filter(key, value)
    assert raised.value.field == key


def test_filter_values_are_parameters_never_sql(business):
    query = listing.Query("contacts").with_filter("tag", "x') OR 1=1 --")
    assert listing.count(query) == 0
    assert listing.fetch_page(query, 0, 10) == []


# --- query plans -----------------------------------------------------------------------------

def _statements(monkeypatch) -> list[str]:
    """The SQL of every statement the listing runs from now on."""
    seen: list[str] = []
    real = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", spy)
    return seen


def test_filtered_counts_read_the_contact_table_alone_with_values_as_parameters(business,
                                                                                 monkeypatch):
    seen = _statements(monkeypatch)
    query = _query("contacts", _resolve(business, {
        "stage": "lead", "tag": "VIP", "source_channel": "email", "source_campaign": "spring",
        "company": "acme", "consent": "opted_in", "no_touch_days": 1,
        "follow_up_overdue": True}), text="anna")
    assert listing.count(query) == 1
    assert seen[-1].startswith("SELECT count(*) FROM contact r WHERE ")
    assert "JOIN" not in seen[-1]
    assert not any(value in seen[-1] for value in ("lead", "VIP", "email", "anna"))


@pytest.fixture
def forty(workspace, monkeypatch) -> None:
    """40 contacts: 39 leads and one customer; 30 tagged "big", one tagged "rare"."""
    monkeypatch.setattr(listing, "_COUNTS", {})
    for number in range(40):
        record = contacts.create(first_name=f"P{number:02d}",
                                 lifecycle_stage="lead" if number else "customer")
        contacts.set_tags(record.id, ["big"] * (number < 30) + ["rare"] * (number == 5))


def test_a_broad_filter_scans_the_sort_index_and_a_narrow_one_sorts_its_matches(forty,
                                                                                 monkeypatch):
    seen = _statements(monkeypatch)
    broad = listing.Query("contacts", order_by="name").with_filter("stage", "lead")
    narrow = listing.Query("contacts", order_by="name").with_filter("stage", "customer")
    assert len(listing.fetch_page(broad, 0, 5)) == 5  # 39² > 2 × 5 × 40
    assert "+(r.lifecycle_stage IN (?))" in seen[-1]
    assert len(listing.fetch_page(narrow, 0, 5)) == 1
    assert "+(" not in seen[-1]


def test_a_refresh_reuses_its_count_to_choose_the_page_plan(forty, monkeypatch):
    seen = _statements(monkeypatch)
    listing.count(listing.Query("contacts"))  # the table's first, unfiltered refresh
    broad = listing.Query("contacts", order_by="name").with_filter("stage", "lead")
    seen.clear()
    assert listing.count(broad) == 39
    assert len(listing.fetch_page(broad, 0, 200)) == 39
    assert len(seen) == 2


@pytest.mark.parametrize(("filters", "form"), [
    ({"tag": "big"}, "IN"),  # the tag alone picks the rows
    ({"tag": "big", "stage": "lead"}, "EXISTS"),  # the stage index picks; test each row
    ({"tag": "rare", "stage": "lead"}, "IN"),  # a small set picks the rows best
])
def test_a_tag_is_an_in_list_or_a_per_row_test_as_fits(forty, monkeypatch, filters, form):
    seen = _statements(monkeypatch)
    query = _query("contacts", filters)
    expected = 1 if filters["tag"] == "rare" else 29 if "stage" in filters else 30
    assert listing.count(query) == expected
    assert ("EXISTS" in seen[-1]) == (form == "EXISTS")


# --- the Query value object ------------------------------------------------------------------

def test_with_filter_returns_a_new_query_and_leaves_the_old_one_alone(workspace):
    base = listing.Query("contacts", text="anna")
    lead = base.with_filter("stage", "lead")
    assert base.filters == ()
    assert lead.filters == (("stage", "lead"),)
    assert lead.text == "anna"
    assert lead.with_filter("stage", "customer").filter_value("stage") == "customer"
    assert lead.filter_value("stage") == "lead"
    assert lead.filter_value("tag") is None
    assert lead.filter_value("tag", "none set") == "none set"
    with pytest.raises(FrozenInstanceError):
        lead.filters = ()  # type: ignore[misc]


def test_equal_filters_make_equal_hashable_queries(workspace):
    one = listing.Query("contacts").with_filter("tag", ["VIP", "decaf"]).with_filter(
        "stage", "lead")
    other = listing.Query("contacts").with_filter("stage", "lead").with_filter(
        "tag", ("VIP", "decaf"))
    assert one == other
    assert hash(one) == hash(other)
    assert one.filters == (("stage", "lead"), ("tag", ("VIP", "decaf")))
    assert len({one, other, listing.Query("contacts")}) == 2


@pytest.mark.parametrize("empty", [None, False, "", (), []])
def test_an_empty_value_removes_the_filter(workspace, empty):
    query = listing.Query("contacts").with_filter("stage", "lead")
    assert query.with_filter("stage", empty) == listing.Query("contacts")
    assert query.without_filter("stage") == listing.Query("contacts")
    assert query.without_filter("tag") == query


def test_zero_days_is_a_value_not_an_empty_filter(workspace):
    assert listing.Query("contacts").with_filter("no_touch_days", 0).filters == \
        (("no_touch_days", 0),)


# --- choices for the UI ----------------------------------------------------------------------

def test_filter_choices_fill_the_combo_boxes(business):
    assert listing.tag_names() == ["newsletter", "Trade fair", "VIP"]
    assert listing.campaign_choices() == [(business["spring"], "Spring mailing"),
                                          (business["autumn"], "Autumn fair")]
    assert listing.industry_names() == ["Bakery", "Coffee", "Consulting"]
    stages = listing.filter_choices("contacts", "stage")
    assert stages[0] == ("subscriber", "Subscriber")
    assert ("website", "Website") in listing.filter_choices("contacts", "source_channel")
    assert listing.filter_choices("contacts", "tag") == [(name, name)
                                                         for name in listing.tag_names()]
    assert listing.filter_choices("contacts", "source_campaign") == listing.campaign_choices()
    assert listing.filter_choices("contacts", "no_touch_days") == []
    assert [spec.key for spec in listing.filter_specs("companies")] == \
        ["industry", "size_band", "has_open_deals"]
    assert [spec.key for spec in listing.filter_specs("deals")] == [
        "status", "closing", "stale", "no_next_step", "source_campaign", "product",
        "amount_min", "amount_max"]
    with pytest.raises(ValidationError):
        listing.filter_choices("contacts", "colour")


# --- companies -------------------------------------------------------------------------------

def _company_values(key: str, query: listing.Query) -> dict[int, Any]:
    index = [column.key for column in listing.LISTINGS["companies"].columns].index(key)
    return {record_id: values[index] for record_id, values in listing.fetch_page(query, 0, 50)}


def test_companies_show_open_deals_and_won_revenue(business):
    query = listing.Query("companies")
    assert _company_values("open_deals", query) == {
        business["acme"]: 2, business["bolt"]: 0, business["cafe"]: 1, business["dull"]: 0}
    won = _company_values("won_revenue", query)
    assert won == {business["acme"]: Decimal("1500.50"), business["bolt"]: Decimal("500.00"),
                   business["cafe"]: Decimal("0.00"), business["dull"]: Decimal("0.00")}
    assert all(isinstance(amount, Decimal) for amount in won.values())


@pytest.mark.parametrize(("order_by", "descending", "expected"), [
    ("open_deals", True, ["acme", "cafe", "dull", "bolt"]),
    ("open_deals", False, ["bolt", "dull", "cafe", "acme"]),
    ("won_revenue", True, ["acme", "bolt", "dull", "cafe"]),
    ("won_revenue", False, ["cafe", "dull", "bolt", "acme"]),
])
def test_companies_sort_by_open_deals_and_won_revenue(business, plan, order_by, descending,
                                                       expected):
    query = listing.Query("companies", order_by=order_by, descending=descending)
    # Ties (bolt and dull have no open deals) keep id order, reversed when descending.
    assert _names(business, _all_pages(query, 2), COMPANIES) == expected
    assert [listing.position(query, business[name]) for name in expected] == [0, 1, 2, 3]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"industry": "Coffee"}, ["acme", "cafe"]),
    ({"industry": ("Bakery", "Consulting")}, ["bolt", "dull"]),
    ({"size_band": "10-49"}, ["acme"]),
    ({"size_band": ("1", "2-9")}, ["bolt", "cafe"]),
    ({"has_open_deals": True}, ["acme", "cafe"]),
    ({"has_open_deals": True, "industry": "Coffee", "size_band": "1"}, ["cafe"]),
])
def test_company_filters(business, plan, filters, expected):
    query = _query("companies", filters, order_by="name")
    assert _names(business, _all_pages(query), COMPANIES) == expected
    assert listing.count(query) == len(expected)


def test_company_filters_combine_with_the_search_text(business, plan):
    query = _query("companies", {"has_open_deals": True}, text="caf", order_by="name")
    assert _names(business, _all_pages(query), COMPANIES) == ["cafe"]
    assert listing.count(query.with_filter("industry", "Bakery")) == 0


@pytest.mark.parametrize("size_band", ["huge", ""])
def test_a_bad_size_band_is_refused_and_an_empty_one_ignored(workspace, size_band):
    query = listing.Query("companies")
    if size_band:
        with pytest.raises(ValidationError):
            query.with_filter("size_band", size_band)
    else:
        assert query.with_filter("size_band", size_band) == query


def test_contacts_list_shows_consent_and_flags_do_not_contact(workspace):
    from smeplanner.core import listing as core_listing
    from smeplanner.core.contacts import contacts as contact_service

    contact_service.create(first_name="Ada", marketing_opt_in=True)
    contact_service.create(first_name="Bo", do_not_contact=True)
    contact_service.create(first_name="Cy")
    keys = [c.key for c in core_listing.LISTINGS["contacts"].columns]
    rows = core_listing.fetch_page(core_listing.Query("contacts"), 0, 10)
    shown = {values[0]: values[keys.index("consent")] for _, values in rows}
    assert shown == {"Ada": "Opted in", "Bo": "Do not contact", "Cy": ""}


# --- campaigns -------------------------------------------------------------------------------

# name: (status, channel, start, end). Seen from Friday 15 May 2026 (today is pinned), the
# windows are: this month 05-01…05-31, this quarter 04-01…06-30, this year 01-01…12-31,
# the last 12 months 2025-05-15…2026-05-15, upcoming: starting 05-16 or later.
CAMPAIGNS: dict[str, tuple[str, str, date, date]] = {
    "winter": ("done", "email", date(2025, 1, 10), date(2025, 2, 10)),     # in none
    "may25": ("done", "social", date(2025, 5, 1), date(2025, 5, 15)),      # last day of 12 m
    "q1": ("done", "email", date(2026, 2, 1), date(2026, 3, 31)),          # year, 12 m
    "april": ("active", "event", date(2026, 4, 20), date(2026, 5, 2)),     # month … 12 m
    "today": ("active", "email", date(2026, 5, 15), date(2026, 5, 20)),    # starts today
    "june": ("planned", "social", date(2026, 6, 1), date(2026, 6, 30)),    # quarter, year, up
    "next": ("planned", "print", date(2027, 1, 5), date(2027, 1, 31)),     # upcoming only
    "long": ("paused", "content", date(2025, 12, 1), date(2026, 12, 31)),  # spans them all
}
CAMPAIGN_NAMES = tuple(CAMPAIGNS)


@pytest.fixture
def planned(workspace, monkeypatch) -> dict[str, int]:
    from smeplanner.core import listing_filters

    monkeypatch.setattr(listing_filters, "today", lambda: date(2026, 5, 15))
    return {name: campaigns.create(name=f"{name.capitalize()} campaign", status=status,
                                   channel=channel, start_date=start, end_date=end).id
            for name, (status, channel, start, end) in CAMPAIGNS.items()}


CAMPAIGN_CASES = [
    ({"period": "this_month"}, ["long", "april", "today"]),
    ({"period": "this_quarter"}, ["long", "april", "today", "june"]),
    ({"period": "this_year"}, ["long", "q1", "april", "today", "june"]),
    ({"period": "last_12_months"}, ["may25", "long", "q1", "april", "today"]),
    ({"period": "upcoming"}, ["june", "next"]),
    ({"status": "planned"}, ["june", "next"]),
    ({"status": ("done", "paused")}, ["winter", "may25", "long", "q1"]),
    ({"channel": "email"}, ["winter", "q1", "today"]),
    ({"channel": ("social", "print")}, ["may25", "june", "next"]),
    ({"channel": "email", "period": "this_year"}, ["q1", "today"]),
    ({"status": "active", "channel": "email", "period": "this_month"}, ["today"]),
    ({"status": "cancelled"}, []),
]


@pytest.mark.parametrize(("filters", "expected"), CAMPAIGN_CASES,
                         ids=[repr(filters) for filters, _expected in CAMPAIGN_CASES])
def test_campaign_filters_return_exactly_the_matching_campaigns(planned, plan, filters,
                                                                expected):
    query = _query("campaigns", filters, order_by="start")
    assert _names(planned, _all_pages(query, 2), CAMPAIGN_NAMES) == expected  # start order
    assert listing.count(query) == len(expected)
    assert [listing.position(query, planned[name]) for name in expected] == \
        list(range(len(expected)))


def test_campaign_filters_combine_with_the_search_text_and_a_figure_order(planned, plan):
    query = _query("campaigns", {"period": "this_year"}, text="campaign", order_by="roi",
                   descending=True)
    # No campaign has spend: every ROI is NULL, so ties list by id, descending.
    assert _names(planned, _all_pages(query), CAMPAIGN_NAMES) == [
        "long", "june", "today", "april", "q1"]
    assert listing.count(query.with_filter("channel", "print")) == 0
    assert _names(planned, _all_pages(_query("campaigns", {"status": "planned"}, text="jun")),
                  CAMPAIGN_NAMES) == ["june"]


@pytest.mark.parametrize(("day", "period", "window"), [
    (date(2026, 5, 15), "this_month", (date(2026, 5, 1), date(2026, 5, 31))),
    (date(2024, 2, 10), "this_month", (date(2024, 2, 1), date(2024, 2, 29))),
    (date(2026, 12, 31), "this_month", (date(2026, 12, 1), date(2026, 12, 31))),
    (date(2026, 5, 15), "this_quarter", (date(2026, 4, 1), date(2026, 6, 30))),
    (date(2026, 11, 1), "this_quarter", (date(2026, 10, 1), date(2026, 12, 31))),
    (date(2026, 5, 15), "this_year", (date(2026, 1, 1), date(2026, 12, 31))),
    (date(2026, 5, 15), "last_12_months", (date(2025, 5, 15), date(2026, 5, 15))),
    (date(2024, 2, 29), "last_12_months", (date(2023, 2, 28), date(2024, 2, 29))),
    (date(2026, 12, 31), "upcoming", (date(2027, 1, 1), None)),
])
def test_campaign_period_windows(day, period, window):
    from smeplanner.core.listing_filters import campaign_period_window

    assert campaign_period_window(period, day) == window


@pytest.mark.parametrize(("key", "value"), [
    ("status", "running"),
    ("status", ("planned", "running")),
    ("channel", "tv"),
    ("channel", 3),
    ("period", "next_week"),
    ("period", ("this_month",)),
])
def test_a_bad_campaign_filter_is_a_validation_error_naming_it(workspace, key, value):
    with pytest.raises(ValidationError) as raised:
        listing.Query("campaigns").with_filter(key, value)
    assert raised.value.field == key


def test_campaign_filter_choices(workspace):
    assert [spec.key for spec in listing.filter_specs("campaigns")] == [
        "status", "channel", "period"]
    assert listing.filter_choices("campaigns", "status")[0] == ("planned", "Planned")
    assert ("paid_ads", "Paid ads") in listing.filter_choices("campaigns", "channel")
    assert listing.filter_choices("campaigns", "period") == [
        ("this_month", "This month"), ("this_quarter", "This quarter"),
        ("this_year", "This year"), ("last_12_months", "Last 12 months"),
        ("upcoming", "Upcoming")]
