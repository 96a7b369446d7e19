"""Exports to CSV, vCard 4.0 and iCalendar: exact content, spreadsheet safety, round trips
through vobject and icalendar, the dispatcher, and files written whole or not at all."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from playhouse.test_utils import count_queries

from smeplanner.core import settings
from smeplanner.core.activities import activities
from smeplanner.core.campaigns import campaigns
from smeplanner.core.contact_io import csv_export, ical_export, vcard_export
from smeplanner.core.contact_io.exports import (
    EXPORT_KINDS,
    export_audience_csv,
    export_calendar_ics,
    export_campaigns_csv,
    export_companies_csv,
    export_contacts_csv,
    export_contacts_vcard,
    export_deals_csv,
    spreadsheet_cell,
    write_export,
)
from smeplanner.core.contact_io.files import read_contact_file
from smeplanner.core.contact_io.record import (
    INTERCHANGE_COLUMNS,
    TAG_SEPARATOR,
    VCARD_STAGE_PROPERTY,
)
from smeplanner.core.contacts import contacts
from smeplanner.core.deliverables import add_deliverable
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import Company, Contact, Deal, PipelineStage

BOM = "\ufeff"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for the exports alone (the workspace file lives in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _read(path: Path) -> str:
    """A text file exactly as written (no newline translation)."""
    return path.read_bytes().decode("utf-8")


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _physical_lines(data: bytes) -> list[bytes]:
    """The file's lines; every one must end in CRLF, with no bare CR or LF anywhere."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    return lines


@pytest.fixture
def anna(workspace) -> Contact:
    """A contact whose texts a spreadsheet would run as formulas."""
    company = Company.create(name="Acme GmbH")
    contact = contacts.create(
        first_name="=SUM(A1)", last_name="Müller", email="anna@example.com",
        phone="+49 30 1234", job_title="-x", notes="@x", company=company.id,
        lifecycle_stage="customer", marketing_opt_in=True, opt_in_date=date(2026, 1, 2),
        opt_in_source="trade fair", next_follow_up=date(2026, 3, 9))
    contacts.set_tags(contact.id, ["VIP", "alpha"])
    return contacts.get(contact.id)


# --- spreadsheet cells -------------------------------------------------------------------
@pytest.mark.parametrize(("value", "cell"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+49 30", "'+49 30"), ("-x", "'-x"), ("@x", "'@x"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("plain", "plain"), ("a=b", "a=b"),
    ("", ""), (None, ""), (Decimal("-12.50"), Decimal("-12.50")), (-3, -3),
])
def test_spreadsheet_cell_neutralises_text_that_starts_a_formula(value, cell):
    assert spreadsheet_cell(value) == cell


# --- contacts CSV ------------------------------------------------------------------------
def test_contacts_csv_is_spreadsheet_safe_with_exact_content(anna, tmp_path):
    path = tmp_path / "contacts.csv"
    assert export_contacts_csv(path) == 1
    header = ",".join(f'"{name}"' for name in (*INTERCHANGE_COLUMNS, "Source channel",
                                              "Source campaign", "Marketing opt-in",
                                              "Opt-in date", "Opt-in source",
                                              "Do not contact", "Last touch",
                                              "Next follow-up"))
    row = ('"\'=SUM(A1)","Müller","anna@example.com","\'+49 30 1234","","Acme GmbH","\'-x",'
           '"","","","","","customer","alpha; VIP","\'@x","","","yes","2026-01-02",'
           '"trade fair","no","","2026-03-09"')
    assert _read(path) == BOM + header + "\r\n" + row + "\r\n"


def test_interchange_contacts_csv_keeps_values_exactly(anna, tmp_path):
    path = tmp_path / "contacts.csv"
    assert export_contacts_csv(path, interchange=True) == 1
    rows = _csv_rows(path)
    assert tuple(rows[0]) == INTERCHANGE_COLUMNS
    assert dict(zip(rows[0], rows[1], strict=True)) == {
        "First name": "=SUM(A1)", "Last name": "Müller", "Email": "anna@example.com",
        "Phone": "+49 30 1234", "Mobile": "", "Company": "Acme GmbH", "Job title": "-x",
        "Address": "", "City": "", "Postcode": "", "Region": "", "Country": "",
        "Lifecycle stage": "customer", "Tags": TAG_SEPARATOR.join(["alpha", "VIP"]),
        "Notes": "@x"}
    assert _read(path).startswith(BOM + "First name,Last name,")
    assert _read(path).endswith("\r\n")


def test_contacts_csv_of_chosen_contacts_and_their_own_tags(workspace, tmp_path):
    ids = [contacts.create(first_name=f"P{n}", email=f"p{n}@example.com").id
           for n in range(5)]
    contacts.set_tags(ids[1], ["b", "A"])
    contacts.set_tags(ids[3], ["c"])
    path = tmp_path / "some.csv"
    assert export_contacts_csv(path, interchange=True, contact_ids=[ids[3], ids[1]]) == 2
    rows = _csv_rows(path)[1:]
    assert [(row[0], row[13]) for row in rows] == [("P1", "A; b"), ("P3", "c")]


def test_exports_read_in_a_few_queries_whatever_the_number_of_rows(workspace, tmp_path):
    def queries(export) -> int:
        with count_queries() as counter:
            export()
        return counter.count

    def all_exports() -> None:
        export_contacts_csv(tmp_path / "a.csv")
        export_contacts_vcard(tmp_path / "a.vcf")
        export_deals_csv(tmp_path / "d.csv")
        export_calendar_ics(tmp_path / "a.ics")

    def add(count: int) -> None:
        for n in range(count):
            contact = contacts.create(first_name=f"N{n}", email=f"n{n}@example.com")
            contacts.set_tags(contact.id, ["t"])
            Deal.create(title=f"D{n}", contact=contact.id, stage=1,
                        expected_close=date(2026, 3, 1))
            activities.create(kind="call", subject=f"Call {n}", due_date=date(2026, 3, 2))

    settings.workspace_id()  # made once, on the first export
    add(2)
    few = queries(all_exports)
    add(20)
    assert queries(all_exports) == few


@pytest.mark.parametrize(("export", "name"), [
    (lambda path: export_contacts_csv(path, interchange=True), "contacts.csv"),
    (export_contacts_vcard, "contacts.vcf")])
def test_the_app_reads_its_own_exports_back(workspace, out, export, name):
    company = Company.create(name="Smith; Sons, Ltd")
    contact = contacts.create(
        first_name="=Jo", last_name="Doe, Jr.", email="jo@example.com", phone="+1 555 0100",
        mobile="+1 555 0199", job_title="-Boss", company=company.id,
        address="Main St 1\nBack house", city="Springfield", postcode="12345", region="IL",
        country="US", notes="a\\b; c,\nd " + "é😀" * 50, lifecycle_stage="qualified")
    contacts.set_tags(contact.id, ["x,y", "Alpha"])
    export(out / name)
    (read,) = read_contact_file(out / name).contacts
    assert (read.first_name, read.last_name, read.emails, read.phone, read.mobile,
            read.company, read.job_title, read.address, read.city, read.postcode, read.region,
            read.country, read.notes, read.tags, read.lifecycle_stage) == (
        "=Jo", "Doe, Jr.", ["jo@example.com"], "+1 555 0100", "+1 555 0199",
        "Smith; Sons, Ltd", "-Boss", "Main St 1\nBack house", "Springfield", "12345", "IL",
        "US", "a\\b; c,\nd " + "é😀" * 50, ["Alpha", "x,y"], "qualified")


# --- companies, deals, campaigns --------------------------------------------------------
def test_companies_csv(workspace, tmp_path):
    Company.create(name="Zeta", industry="Retail", size_band="2-9", website="zeta.example",
                   phone="+43 1 5555", email="hi@zeta.example", address="Ring 1", city="Wien",
                   postcode="1010", region="W", country="AT", notes="=HYPERLINK(\"x\")")
    Company.create(name="alpha")
    path = tmp_path / "companies.csv"
    assert export_companies_csv(path) == 2
    rows = _csv_rows(path)
    assert rows[0] == ["Name", "Industry", "Size band", "Website", "Phone", "Email",
                       "Address", "City", "Postcode", "Region", "Country", "Notes"]
    assert rows[1][0] == "alpha"
    assert rows[2] == ["Zeta", "Retail", "2-9", "zeta.example", "'+43 1 5555",
                       "hi@zeta.example", "Ring 1", "Wien", "1010", "W", "AT",
                       "'=HYPERLINK(\"x\")"]
    assert export_companies_csv(path, interchange=True) == 2
    assert _csv_rows(path)[2][4] == "+43 1 5555"


def test_deals_csv_writes_amounts_as_plain_numbers(anna, tmp_path):
    campaign = campaigns.create(name="Spring", start_date=date(2026, 3, 1),
                                end_date=date(2026, 3, 31))
    won = PipelineStage.get(PipelineStage.name == "Won")
    Deal.create(title="-discount deal", contact=anna.id, company=anna.company_id, stage=1,
                amount=Decimal("1234.5"), expected_close=date(2026, 4, 30),
                source_campaign=campaign.id, next_step="Call back")
    Deal.create(title="Big", stage=won.id, status="won", amount=Decimal("99"),
                probability_override=90, closed_on=date(2026, 2, 1), close_reason="Price")
    path = tmp_path / "deals.csv"
    assert export_deals_csv(path) == 2
    lines = _read(path).removeprefix(BOM).split("\r\n")
    assert lines[0] == ('"Title","Contact","Company","Stage","Status","Amount (EUR)",'
                        '"Probability (%)","Expected close","Closed on","Close reason",'
                        '"Source campaign","Next step","Next step date","Notes"')
    assert lines[1] == ('"\'-discount deal","\'=SUM(A1) Müller","Acme GmbH","Prospect",'
                        '"open",1234.50,10,"2026-04-30","","","Spring","Call back","",""')
    assert lines[2] == '"Big","","","Won","won",99.00,90,"","2026-02-01","Price","","","",""'
    assert lines[3:] == [""]
    assert export_deals_csv(path, interchange=True) == 2
    assert _csv_rows(path)[1][:7] == ["-discount deal", "=SUM(A1) Müller", "Acme GmbH",
                                      "Prospect", "open", "1234.50", "10"]


def test_campaigns_csv_with_spend_and_offer(workspace, tmp_path):
    agency = Company.create(name="Ad Agency")
    campaign = campaigns.create(
        name="+Spring sale", channel="email", objective="sales", start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 31), budget=Decimal("500"), target_leads=40,
        target_revenue=Decimal("8000"), audience_tags="newsletter",
        audience_stages="lead,customer", offer_discount_pct=Decimal("15"),
        offer_code="SPRING15", offer_start=date(2026, 3, 10), offer_end=date(2026, 3, 20),
        agency=agency.id, notes="n")
    campaigns.add_expense(campaign.id, spent_on=date(2026, 3, 2), amount=Decimal("120.25"))
    campaigns.add_expense(campaign.id, spent_on=date(2026, 3, 3), amount=Decimal("30"))
    campaigns.create(name="Quiet", start_date=date(2026, 5, 1), end_date=date(2026, 5, 2))
    path = tmp_path / "campaigns.csv"
    assert export_campaigns_csv(path) == 2
    lines = _read(path).removeprefix(BOM).split("\r\n")
    assert lines[0].split(",")[:10] == [
        '"Name"', '"Channel"', '"Objective"', '"Status"', '"Start"', '"End"',
        '"Budget (EUR)"', '"Spend (EUR)"', '"Target leads"', '"Target revenue (EUR)"']
    assert lines[1] == ('"\'+Spring sale","email","sales","planned","2026-03-01",'
                        '"2026-03-31",500.00,150.25,40,8000.00,"newsletter",'
                        '"lead,customer",15,"SPRING15","2026-03-10","2026-03-20",'
                        '"Ad Agency","n"')
    assert lines[2] == ('"Quiet","other","leads","planned","2026-05-01","2026-05-02",'
                        '0.00,0.00,' + ",".join(['""'] * 10))
    assert export_campaigns_csv(path, interchange=True) == 2
    assert _csv_rows(path)[1][0] == "+Spring sale"


# --- a campaign's audience --------------------------------------------------------------
def _person(name: str, stage: str, tags: list[str], *, opt_in: bool = True,
            email: str | None = None) -> int:
    contact = contacts.create(first_name=name, last_name="X", lifecycle_stage=stage,
                              email=f"{name.lower()}@example.com" if email is None else email,
                              marketing_opt_in=opt_in)
    contacts.set_tags(contact.id, tags)
    return contact.id


def test_audience_csv_holds_consenting_contacts_of_the_audience(workspace, tmp_path):
    company = Company.create(name="=cmd|' /C calc'!A0")
    kept = _person("Kept", "lead", ["Newsletter"])
    Contact.update(company=company.id).where(Contact.id == kept).execute()
    _person("Customer", "customer", ["newsletter", "vip"])
    _person("Nooptin", "lead", ["newsletter"], opt_in=False)
    banned = _person("Banned", "lead", ["newsletter"])
    # Both flags set behind the service's back: do-not-contact wins over the opt-in.
    Contact.update(do_not_contact=True, marketing_opt_in=True).where(
        Contact.id == banned).execute()
    _person("Wrongstage", "disqualified", ["newsletter"])
    _person("Untagged", "lead", [])
    _person("Noemail", "lead", ["newsletter"], email="")
    campaign = campaigns.create(name="News", start_date=date(2026, 3, 1),
                                end_date=date(2026, 3, 2), audience_tags="NEWSLETTER",
                                audience_stages="lead,customer")
    path = tmp_path / "audience.csv"
    assert export_audience_csv(campaign.id, path) == 2
    assert _read(path) == (
        BOM + '"Email","First name","Last name","Company"\r\n'
        '"kept@example.com","Kept","X","\'=cmd|\' /C calc\'!A0"\r\n'
        '"customer@example.com","Customer","X",""\r\n')

    everyone = campaigns.create(name="All", start_date=date(2026, 3, 1),
                                end_date=date(2026, 3, 2))
    assert export_audience_csv(everyone.id, path) == 4  # every opted-in with an email
    stage_only = campaigns.create(name="Cust", start_date=date(2026, 3, 1),
                                  end_date=date(2026, 3, 2), audience_stages="customer")
    assert export_audience_csv(stage_only.id, path) == 1
    gone = campaigns.create(name="Gone", start_date=date(2026, 3, 1),
                            end_date=date(2026, 3, 2), audience_tags="no such tag")
    assert export_audience_csv(gone.id, path) == 0
    assert _csv_rows(path) == [["Email", "First name", "Last name", "Company"]]


# --- vCard -------------------------------------------------------------------------------
def test_vcard_lines_escapes_and_stable_uid(workspace, tmp_path):
    company = Company.create(name="Smith; Sons, Ltd")
    contact = contacts.create(
        first_name="Jo", last_name="Doe, Jr.", email="jo@example.com", phone="+1 555 0100",
        mobile="+1 555 0199", job_title="Boss", company=company.id,
        address="Main St 1\nBack house", city="Springfield", postcode="12345",
        region="IL", country="US", notes="a\\b; c,\r\nd", lifecycle_stage="qualified")
    contacts.set_tags(contact.id, ["x,y", "Alpha"])
    stored = contacts.get(contact.id)
    path = tmp_path / "cards.vcf"
    assert export_contacts_vcard(path) == 1
    uid = "urn:uuid:" + str(uuid.uuid5(
        uuid.NAMESPACE_URL, f"smeplanner:{settings.workspace_id()}:contact:{contact.id}"))
    assert _read(path).split("\r\n") == [
        "BEGIN:VCARD", "VERSION:4.0", "FN:Jo Doe\\, Jr.", "N:Doe\\, Jr.;Jo;;;",
        "EMAIL:jo@example.com", "TEL;TYPE=work:+1 555 0100", "TEL;TYPE=cell:+1 555 0199",
        "ORG:Smith\\; Sons\\, Ltd", "TITLE:Boss",
        "ADR;TYPE=work:;;Main St 1\\nBack house;Springfield;IL;12345;US",
        "NOTE:a\\\\b; c\\,\\nd", "CATEGORIES:Alpha,x\\,y", f"{VCARD_STAGE_PROPERTY}:qualified",
        f"UID:{uid}", "REV:" + stored.updated_at.strftime("%Y%m%dT%H%M%SZ"), "END:VCARD", ""]

    card = vobject.readOne(_read(path))
    assert card.fn.value == "Jo Doe, Jr."
    assert (card.n.value.family, card.n.value.given) == ("Doe, Jr.", "Jo")
    assert card.org.value == ["Smith; Sons, Ltd"]
    assert card.note.value == "a\\b; c,\nd"
    assert card.categories.value == ["Alpha", "x,y"]
    assert card.adr.value.street == "Main St 1\nBack house"
    assert card.adr.value.code == "12345"
    assert [(tel.value, tel.params["TYPE"]) for tel in card.tel_list] == [
        ("+1 555 0100", ["work"]), ("+1 555 0199", ["cell"])]
    assert card.contents[VCARD_STAGE_PROPERTY.lower()][0].value == "qualified"
    assert card.uid.value == uid

    again = tmp_path / "again.vcf"
    export_contacts_vcard(again)
    assert again.read_bytes() == path.read_bytes()


def test_control_characters_never_reach_a_vcard_or_a_calendar(workspace, tmp_path):
    """Stored before the app cleaned them on the way in (an old workspace): the vCard and
    iCalendar formats allow no control characters but tab and line breaks."""
    contact = contacts.create(first_name="Vera", email="vera@example.com")
    dirty = "Bell\x07 and\x0b tab\there\x1b[0m\nnext line"
    workspace.database.execute_sql("UPDATE contact SET notes = ? WHERE id = ?",
                                   (dirty, contact.id))
    activities.create(kind="call", subject="Call Vera", contact=contact.id,
                      due_date=date(2026, 3, 2))
    workspace.database.execute_sql("UPDATE activity SET notes = ?, subject = ?",
                                   (dirty, "Call\x00 Vera"))
    export_contacts_vcard(tmp_path / "cards.vcf")
    export_calendar_ics(tmp_path / "cal.ics")
    for name in ("cards.vcf", "cal.ics"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert not [c for c in text if ord(c) < 32 and c not in "\t\r\n"], name
    assert vobject.readOne(_read(tmp_path / "cards.vcf")).note.value == \
        "Bell and tab\there[0m\nnext line"
    [event] = Calendar.from_ical((tmp_path / "cal.ics").read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Call Vera"


def test_text_typed_or_imported_loses_its_control_characters(workspace):
    stored = contacts.create(first_name="Ve\x00ra\x1b", email="vera@example.com",
                             notes="line\x0bone\nline two\ttabbed")
    assert (stored.first_name, stored.notes) == ("Vera", "lineone\nline two\ttabbed")


def test_vcard_folds_long_multibyte_lines_at_75_octets(workspace, tmp_path):
    note = ("Grüße aus Köln 😀 € — " * 40).strip()
    first = contacts.create(first_name="Zoë", last_name="Ärmel", notes=note)
    contacts.create(email="bob@example.com")
    path = tmp_path / "cards.vcf"
    assert export_contacts_vcard(path) == 2
    data = path.read_bytes()
    lines = _physical_lines(data)
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 10
    for line in lines:
        line.decode("utf-8")  # no line ends inside a UTF-8 sequence
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    assert f"NOTE:{note}" in unfolded.split("\r\n")
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [card.fn.value for card in cards] == ["Zoë Ärmel", "bob@example.com"]
    assert cards[0].note.value == note
    assert cards[0].uid.value.endswith(
        str(uuid.uuid5(uuid.NAMESPACE_URL,
                       f"smeplanner:{settings.workspace_id()}:contact:{first.id}")))


@pytest.mark.parametrize("line", [
    "NOTE:" + "a" * 200, "NOTE:" + "é" * 100, "NOTE:" + "😀" * 60, "NOTE:x" + "€" * 80])
def test_fold_keeps_every_line_within_75_octets(line):
    folded = vcard_export.fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert len(parts[0]) > 71  # folded as late as possible, not early
    assert folded.replace("\r\n ", "") == line


def test_one_vcard_file_per_contact_with_safe_unique_names(workspace, tmp_path):
    for first, last in (("Anna", "Schmidt"), ("anna", "schmidt"), ("a/b", "c:d*"),
                        ("CON", ""), ("..", "")):
        contacts.create(first_name=first, last_name=last)
    ids = [contacts.create(email="only@example.com").id]
    folder = tmp_path / "cards"
    assert export_contacts_vcard(folder, one_file_per_contact=True) == 6
    assert sorted(path.name for path in folder.iterdir()) == sorted([
        "Anna Schmidt.vcf", "anna schmidt (2).vcf", "a b c d.vcf", "_CON.vcf",
        "contact.vcf", "only@example.com.vcf"])
    card = vobject.readOne(_read(folder / "only@example.com.vcf"))
    assert card.email.value == "only@example.com"
    # Again into the same folder: the files are replaced, not doubled.
    assert export_contacts_vcard(folder, one_file_per_contact=True, contact_ids=ids) == 1
    assert len(list(folder.iterdir())) == 6


# --- iCalendar ---------------------------------------------------------------------------
@pytest.fixture
def calendar_rows(workspace):
    contact = contacts.create(first_name="Ann", email="ann@example.com")
    meeting = activities.create(kind="meeting", subject="Demo, with Ann; room 2",
                                notes="Bring the deck\nand coffee",
                                due_at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC),
                                duration_minutes=45, contact=contact.id)
    task = activities.create(kind="task", subject="Send quote", due_date=date(2026, 3, 6))
    call = activities.create(kind="call", subject="Call Ann", due_date=date(2026, 3, 2),
                             done=True)
    campaign = campaigns.create(name="Spring sale", start_date=date(2026, 3, 1),
                                end_date=date(2026, 3, 31), offer_discount_pct=Decimal("15"),
                                offer_code="SPRING", offer_start=date(2026, 3, 10),
                                offer_end=date(2026, 3, 20))
    post = add_deliverable(campaign.id, title="Launch post", kind="post",
                           day=date(2026, 3, 10))
    deal = Deal.create(title="Bakery", stage=1, amount=Decimal("900"),
                       expected_close=date(2026, 3, 27))
    Deal.create(title="Won already", stage=PipelineStage.get(PipelineStage.name == "Won").id,
                status="won", expected_close=date(2026, 3, 27))
    return {"meeting": meeting.id, "task": task.id, "call": call.id, "campaign": campaign.id,
            "post": post, "deal": deal.id}


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_ics_events_round_trip_through_icalendar(calendar_rows, tmp_path):
    ids = calendar_rows
    HOST = f"{settings.workspace_id()}.smeplanner"
    path = tmp_path / "calendar.ics"
    assert export_calendar_ics(path) == 7
    data = path.read_bytes()
    lines = _physical_lines(data)
    assert max(len(line) for line in lines) <= 75
    assert lines[:4] == [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:-//SME Planner//EN",
                         b"CALSCALE:GREGORIAN"]
    assert lines[-1] == b"END:VCALENDAR"
    assert b"SUMMARY:Demo\\, with Ann\\; room 2" in lines
    assert b"DESCRIPTION:Bring the deck\\nand coffee" in lines

    calendar = Calendar.from_ical(data)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0",
                                                                    "-//SME Planner//EN")
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    events = _events(path)
    assert set(events) == {
        f"activity-{ids['meeting']}@{HOST}", f"activity-{ids['task']}@{HOST}",
        f"activity-{ids['call']}@{HOST}", f"activity-{ids['post']}@{HOST}",
        f"campaign-{ids['campaign']}@{HOST}", f"offer-{ids['campaign']}@{HOST}",
        f"deal-{ids['deal']}@{HOST}"}
    for event in events.values():
        stamp = event.decoded("DTSTAMP")
        assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)

    meeting = events[f"activity-{ids['meeting']}@{HOST}"]
    assert meeting.decoded("DTSTART") == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    assert meeting.decoded("DTSTART").utcoffset() == timedelta(0)
    assert meeting.decoded("DTEND") == datetime(2026, 3, 5, 10, 15, tzinfo=UTC)
    assert str(meeting["SUMMARY"]) == "Demo, with Ann; room 2"
    assert str(meeting["DESCRIPTION"]) == "Bring the deck\nand coffee"

    def all_day(uid: str) -> tuple[date, date]:
        event = events[uid]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date
        return start, end

    assert all_day(f"activity-{ids['task']}@{HOST}") == (date(2026, 3, 6), date(2026, 3, 7))
    assert all_day(f"activity-{ids['post']}@{HOST}") == (date(2026, 3, 10),
                                                             date(2026, 3, 11))
    assert all_day(f"campaign-{ids['campaign']}@{HOST}") == (date(2026, 3, 1),
                                                                 date(2026, 4, 1))
    assert all_day(f"offer-{ids['campaign']}@{HOST}") == (date(2026, 3, 10),
                                                              date(2026, 3, 21))
    assert all_day(f"deal-{ids['deal']}@{HOST}") == (date(2026, 3, 27), date(2026, 3, 28))
    assert str(events[f"offer-{ids['campaign']}@{HOST}"]["SUMMARY"]) == "Offer: Spring sale"
    assert "Code: SPRING" in str(events[f"offer-{ids['campaign']}@{HOST}"]["DESCRIPTION"])
    assert str(events[f"deal-{ids['deal']}@{HOST}"]["SUMMARY"]) == "Expected close: Bakery"
    assert str(events[f"activity-{ids['call']}@{HOST}"]["SUMMARY"]) == "✓ Call Ann"

    again = tmp_path / "again.ics"
    assert export_calendar_ics(again) == 7
    assert set(_events(again)) == set(events)


def test_calendar_range_keeps_events_touching_it(calendar_rows, tmp_path):
    ids = calendar_rows
    HOST = f"{settings.workspace_id()}.smeplanner"
    path = tmp_path / "week.ics"
    assert export_calendar_ics(path, first=date(2026, 3, 5), last=date(2026, 3, 9)) == 3
    assert set(_events(path)) == {f"activity-{ids['meeting']}@{HOST}",
                                  f"activity-{ids['task']}@{HOST}",
                                  f"campaign-{ids['campaign']}@{HOST}"}
    assert export_calendar_ics(path, first=date(2026, 3, 20)) == 3  # campaign, offer, deal
    assert export_calendar_ics(path, last=date(2026, 3, 2)) == 2  # the call, the campaign
    assert export_calendar_ics(path, first=date(2026, 5, 1)) == 0
    assert Calendar.from_ical(path.read_bytes()).walk("VEVENT") == []


def test_zero_length_timed_activity_has_no_dtend(workspace, tmp_path):
    activities.create(kind="call", subject="Quick call",
                      due_at=datetime(2026, 3, 5, 23, 30, tzinfo=UTC))
    path = tmp_path / "c.ics"
    assert export_calendar_ics(path) == 1
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    assert "DTEND" not in event


# --- the dispatcher ----------------------------------------------------------------------
def test_write_export_dispatches_by_kind_and_format(anna, tmp_path):
    assert EXPORT_KINDS == ("contacts", "companies", "deals", "campaigns", "calendar")
    assert write_export("contacts", "csv", tmp_path / "c.csv") == 1
    assert _csv_rows(tmp_path / "c.csv")[1][0] == "'=SUM(A1)"
    assert write_export("contacts", "csv", tmp_path / "i.csv", interchange=True) == 1
    assert _csv_rows(tmp_path / "i.csv")[1][0] == "=SUM(A1)"
    assert write_export("contacts", "vcard", tmp_path / "c.vcf") == 1
    assert write_export("contacts", "VCF", tmp_path / "d.vcf") == 1
    assert _read(tmp_path / "c.vcf").startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert write_export("companies", "csv", tmp_path / "co.csv") == 1
    assert write_export("deals", "csv", tmp_path / "d.csv") == 0
    assert write_export("campaigns", "csv", tmp_path / "ca.csv") == 0
    assert write_export("calendar", "ics", tmp_path / "cal.ics") == 0
    assert Calendar.from_ical((tmp_path / "cal.ics").read_bytes())["VERSION"] == "2.0"


@pytest.mark.parametrize(("kind", "fmt", "field"), [
    ("deals", "vcard", "format"), ("calendar", "csv", "format"), ("contacts", "ics", "format"),
    ("companies", "xlsx", "format"), ("products", "csv", "kind")])
def test_write_export_refuses_what_does_not_exist(workspace, out, kind, fmt, field):
    with pytest.raises(ValidationError) as error:
        write_export(kind, fmt, out / "export")
    assert error.value.field == field
    assert list(out.iterdir()) == []


# --- written whole or not at all ---------------------------------------------------------
def _failing_on_second(monkeypatch, module, name):
    real = getattr(module, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(workspace, out, monkeypatch):
    for n in range(3):
        contacts.create(first_name=f"P{n}", email=f"p{n}@example.com")
    _failing_on_second(monkeypatch, csv_export, "_interchange_values")
    with pytest.raises(OSError, match="disk full"):
        export_contacts_csv(out / "new.csv")
    old = out / "old.vcf"
    old.write_text("previous export")
    _failing_on_second(monkeypatch, vcard_export, "card_text")
    with pytest.raises(OSError, match="disk full"):
        export_contacts_vcard(old)
    assert old.read_text() == "previous export"
    folder = out / "cards"
    _failing_on_second(monkeypatch, vcard_export, "card_text")
    with pytest.raises(OSError, match="disk full"):
        export_contacts_vcard(folder, one_file_per_contact=True)
    assert list(folder.iterdir()) == []
    assert sorted(path.name for path in out.iterdir()) == ["cards", "old.vcf"]


def test_a_failed_calendar_export_leaves_no_file(calendar_rows, out, monkeypatch):
    real = ical_export.calendar_events

    def failing(*args, **kwargs):
        events = real(*args, **kwargs)
        yield next(events)
        raise RuntimeError("broken midway")

    monkeypatch.setattr(ical_export, "calendar_events", failing)
    with pytest.raises(RuntimeError):
        export_calendar_ics(out / "calendar.ics")
    assert list(out.iterdir()) == []


def test_written_files_are_owner_only(anna, tmp_path):
    export_contacts_csv(tmp_path / "c.csv")
    assert (tmp_path / "c.csv").stat().st_mode & 0o777 == 0o600


def test_report_tables_share_the_spreadsheet_cell_rule():
    from smeplanner.core.reports import tables

    buffer = io.StringIO()
    csv.writer(buffer).writerow([tables.spreadsheet_cell(value) for value in
                                 ("=1+1", Decimal("-2.50"), None, 3)])
    assert buffer.getvalue() == "'=1+1,-2.50,,3\r\n"


def test_two_workspaces_exports_never_share_a_uid(tmp_path):
    """Exports of two workspaces (the demo and the real one, two businesses) go into one
    calendar or address book: a shared UID would make one overwrite the other."""
    from smeplanner.core.db import open_workspace

    found = []
    for name in ("one", "two"):
        with open_workspace(tmp_path / f"{name}.smeplanner"):
            contacts.create(first_name="Anna", email="anna@example.com")
            activities.create(kind="call", subject="Call", due_date=date(2026, 3, 2))
            export_contacts_vcard(tmp_path / f"{name}.vcf")
            export_calendar_ics(tmp_path / f"{name}.ics")
            first = settings.workspace_id()
            assert settings.workspace_id() == first  # stable
        card = vobject.readOne(_read(tmp_path / f"{name}.vcf"))
        [event] = Calendar.from_ical((tmp_path / f"{name}.ics").read_bytes()).walk("VEVENT")
        found.append((card.uid.value, str(event["uid"])))
    assert found[0][0] != found[1][0] and found[0][1] != found[1][1]
