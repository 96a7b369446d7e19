"""Contact CSV files from real programs read into ImportedContact records: encodings,
delimiters, format detection, column mapping and every format's quirks."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smeplanner.core.contact_io.csv_reader import (
    FORMATS,
    CsvSniff,
    auto_mapping,
    detect_format,
    header_signature,
    read_table,
    rows_to_contacts,
    sniff,
)
from smeplanner.core.contact_io.record import (
    INTERCHANGE_COLUMNS,
    ImportedContact,
    UnreadableFileError,
)

SAMPLES = Path("/work/shared/samples")

# --- real headers ----------------------------------------------------------------------------

# Outlook desktop (2010 and later), File > Open & Export > Export > Comma Separated Values.
OUTLOOK_EN = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box",
    "Priority", "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1",
    "User 2", "User 3", "User 4", "Web Page",
)
# The same export from a German Outlook: translated, and the tail sorted by German name.
OUTLOOK_DE = (
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3",
    "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Straße privat", "Straße privat 2", "Straße privat 3",
    "Ort privat", "Bundesland/Kanton privat", "Postleitzahl privat", "Land/Region privat",
    "Weitere Straße", "Weitere Straße 2", "Weitere Straße 3", "Weiterer Ort",
    "Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl", "Weiteres/e Land/Region",
    "Telefon Assistent", "Fax geschäftlich", "Telefon geschäftlich", "Telefon geschäftlich 2",
    "Rückmeldung", "Autotelefon", "Telefon Firma", "Fax privat", "Telefon privat",
    "Telefon privat 2", "ISDN", "Mobiltelefon", "Weiteres Fax", "Weiteres Telefon", "Pager",
    "Haupttelefon", "Mobiltelefon 2", "Telefon für Hörbehinderte", "Telex",
    "Abrechnungsinformation", "Benutzer 1", "Benutzer 2", "Benutzer 3", "Benutzer 4",
    "Beruf", "Büro", "E-Mail-Adresse", "E-Mail-Typ", "E-Mail: Angezeigter Name",
    "E-Mail 2: Adresse", "E-Mail 2: Typ", "E-Mail 2: Angezeigter Name", "E-Mail 3: Adresse",
    "E-Mail 3: Typ", "E-Mail 3: Angezeigter Name", "Empfohlen von", "Geburtstag",
    "Geschlecht", "Hobby", "Initialen", "Internet Frei/Gebucht", "Jahrestag", "Kategorien",
    "Kinder", "Konto", "Name Assistent", "Name des/der Vorgesetzten", "Notizen",
    "Organisations-Nr.", "Ort", "Partner", "Postfach geschäftlich", "Postfach privat",
    "Priorität", "Privat", "Regierungs-Nr.", "Reisekilometer", "Sprache", "Stichwörter",
    "Vertraulichkeit", "Verzeichnisserver", "Webseite", "Weiteres Postfach",
)
# outlook.com (Outlook on the web), People > Manage > Export contacts.
OUTLOOK_COM = (
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone",
    "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone",
    "Other Phone", "Primary Phone", "Pager", "Business Fax", "Home Fax", "Other Fax",
    "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
    "Job Title", "Department", "Company", "Office Location", "Manager's Name",
    "Assistant's Name", "Assistant's Phone", "Company Yomi", "Business Street",
    "Business City", "Business State", "Business Postal Code", "Business Country/Region",
    "Home Street", "Home City", "Home State", "Home Postal Code", "Home Country/Region",
    "Other Street", "Other City", "Other State", "Other Postal Code", "Other Country/Region",
    "Personal Web Page", "Spouse", "Schools", "Hobby", "Location", "Web Page", "Birthday",
    "Anniversary", "Notes",
)
# Thunderbird's address book export; every line ends with a comma (an unnamed last column).
THUNDERBIRD = (
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email",
    "Screen Name", "Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number",
    "Home Address", "Home Address 2", "Home City", "Home State", "Home ZipCode",
    "Home Country", "Work Address", "Work Address 2", "Work City", "Work State",
    "Work ZipCode", "Work Country", "Job Title", "Department", "Organization",
    "Web Page 1", "Web Page 2", "Birth Year", "Birth Month", "Birth Day", "Custom 1",
    "Custom 2", "Custom 3", "Custom 4", "Notes", "",
)
# Google Contacts today (contacts.google.com > Export > Google CSV), for two emails, two
# phones, one address and one website.
GOOGLE = (
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Website 1 - Label",
    "Website 1 - Value",
)


def test_real_headers_have_their_real_widths():
    assert (len(OUTLOOK_EN), len(OUTLOOK_DE), len(OUTLOOK_COM)) == (92, 92, 61)
    assert len(set(OUTLOOK_EN)) == 92 and len(set(OUTLOOK_DE)) == 92


def make_csv(header: Sequence[str], rows: Sequence[Mapping[str, str]], *,
             encoding: str = "utf-8", delimiter: str = ",", quote_all: bool = False,
             line_end: str = "\r\n") -> bytes:
    """A file the way the program writes it: ``rows`` name only their non-empty cells."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        assert set(row) <= set(header), set(row) - set(header)
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def read(data: bytes) -> tuple[CsvSniff, str, list[ImportedContact]]:
    """What the wizard does with a file: sniff, read, detect, map, convert."""
    sniffed = sniff(data)
    header, rows = read_table(data, sniffed.encoding, sniffed.delimiter)
    key = detect_format(header)
    return sniffed, key, rows_to_contacts(header, rows, auto_mapping(header, key),
                                          format_key=key)


# --- the shared samples ----------------------------------------------------------------------

def test_google_legacy_sample():
    sniffed, key, contacts = read((SAMPLES / "google-legacy.csv").read_bytes())

    assert sniffed == CsvSniff("utf-8", ",", False)
    assert key == "google-legacy"
    assert contacts == [ImportedContact(
        source_row=1, first_name="Firstname Middle", last_name="Lastname", prefix="Prefix",
        suffix="Suffix",
        emails=["home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com"],
        phone="workphone", mobile="mobile",
        other_phones=["pager", "mainphone", "homephone", "homefax", "workfax"],
        company="company", job_title="jobtitle",
        # Address 2 is typed "Work": a business's contact list wants that one.
        address="work_street", city="work_city", postcode="work_zip", region="",
        country="work_country",
        notes='note"note', tags=["Test"], website="test.com")]


def test_outlook_minimal_sample():
    sniffed, key, contacts = read((SAMPLES / "outlook-minimal.csv").read_bytes())

    assert sniffed == CsvSniff("utf-8", ",", False)
    assert key == "outlook"
    assert contacts == [ImportedContact(
        source_row=1, emails=["test1@domain.tld", "test2@domain.tld", "test3@domain.tld"])]
    assert contacts[0].display_name == "test1@domain.tld"


# --- Google Contacts, current format ---------------------------------------------------------

def google_file() -> bytes:
    return b"\xef\xbb\xbf" + make_csv(GOOGLE, [
        {"First Name": "Anna", "Middle Name": "Maria", "Last Name": "Schmidt",
         "Name Prefix": "Dr.", "Organization Name": "Acme GmbH", "Organization Title": "CEO",
         "Notes": "Met at the fair.\nLikes coffee, \"strong\".",
         "Labels": "* myContacts ::: Kunden ::: * starred ::: Berlin",
         "E-mail 1 - Label": "* Work", "E-mail 1 - Value": "anna@acme.de ::: as@acme.de",
         "E-mail 2 - Label": "Home", "E-mail 2 - Value": "anna@example.org",
         "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+49 170 1234567",
         "Phone 2 - Label": "Work", "Phone 2 - Value": "+49 30 1111 ::: +49 30 2222",
         "Address 1 - Label": "Work", "Address 1 - Formatted": "Hauptstr. 1\n10115 Berlin",
         "Address 1 - Street": "Hauptstr. 1", "Address 1 - City": "Berlin",
         "Address 1 - Postal Code": "10115", "Address 1 - Country": "Germany",
         "Address 1 - Extended Address": "3. OG",
         "Website 1 - Label": "Work", "Website 1 - Value": "https://acme.de"},
        {},  # Google writes no blank lines, but Excel re-saves do: dropped
        {"Phone 1 - Label": "", "Phone 1 - Value": "+1 555 0100",
         "Labels": "* myContacts"},
        {"First Name": "Bob", "Address 1 - Formatted": "1 Main St\nSpringfield"},
    ], line_end="\n")


def test_google_current_format():
    sniffed, key, contacts = read(google_file())

    assert sniffed == CsvSniff("utf-8-sig", ",", True)
    assert key == "google"
    anna, phone_only, bob = contacts
    assert anna == ImportedContact(
        source_row=1, first_name="Anna Maria", last_name="Schmidt", prefix="Dr.",
        emails=["anna@acme.de", "as@acme.de", "anna@example.org"],
        phone="+49 30 1111", mobile="+49 170 1234567", other_phones=["+49 30 2222"],
        company="Acme GmbH", job_title="CEO", address="Hauptstr. 1\n3. OG", city="Berlin",
        postcode="10115", country="Germany",
        notes='Met at the fair.\nLikes coffee, "strong".', tags=["Kunden", "Berlin"],
        website="https://acme.de")
    assert phone_only == ImportedContact(source_row=2, phone="+1 555 0100")
    assert not phone_only.is_empty() and phone_only.display_name == "+1 555 0100"
    # Only the one-text form of the address: it becomes the street lines.
    assert (bob.source_row, bob.first_name, bob.address) == (3, "Bob", "1 Main St\nSpringfield")


def test_google_phone_labels_decide_mobile_and_main_phone():
    header = ("First Name", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
              "Phone 2 - Value", "Phone 3 - Label", "Phone 3 - Value", "Labels")
    data = make_csv(header, [{
        "First Name": "Carla", "Phone 1 - Label": "Home Fax", "Phone 1 - Value": "111",
        "Phone 2 - Label": "Home", "Phone 2 - Value": "222",
        "Phone 3 - Label": "* Mobile", "Phone 3 - Value": "333 ::: 444"}])

    _sniffed, key, [carla] = read(data)

    assert key == "google"
    assert (carla.phone, carla.mobile, carla.other_phones) == ("222", "333", ["111", "444"])


def test_google_address_labelled_work_is_the_one_imported():
    header = ("First Name", "Address 1 - Label", "Address 1 - Street", "Address 1 - City",
              "Address 2 - Label", "Address 2 - Street", "Address 2 - City",
              "Address 2 - Postal Code")
    data = make_csv(header, [
        {"First Name": "Dana", "Address 1 - Label": "Home", "Address 1 - Street": "Am Park 1",
         "Address 1 - City": "Potsdam", "Address 2 - Label": "Work",
         "Address 2 - Street": "Hafenweg 4", "Address 2 - City": "Hamburg",
         "Address 2 - Postal Code": "20457"},
        {"First Name": "Emil", "Address 1 - Label": "Home", "Address 1 - Street": "Weg 2",
         "Address 1 - City": "Jena"}])

    _sniffed, key, [dana, emil] = read(data)

    assert key == "google"
    assert (dana.address, dana.city, dana.postcode) == ("Hafenweg 4", "Hamburg", "20457")
    assert (emil.address, emil.city, emil.postcode) == ("Weg 2", "Jena", "")


# --- Outlook desktop -------------------------------------------------------------------------

def test_outlook_desktop_cp1252_crlf():
    data = make_csv(OUTLOOK_EN, [
        {"Title": "Dr.", "First Name": "Jürgen", "Middle Name": "K.", "Last Name": "Müller",
         "Suffix": "Jr.", "Company": "Müller & Söhne", "Department": "Vertrieb",
         "Job Title": "Geschäftsführer", "Business Street": "Königstraße 5",
         "Business Street 2": "Hinterhaus", "Business City": "Köln",
         "Business State": "NRW", "Business Postal Code": "50667",
         "Business Country/Region": "Deutschland", "Home Street": "Privatweg 1",
         "Home City": "Bonn", "Assistant's Phone": "+49 221 999",
         "Business Fax": "+49 221 112", "Business Phone": "+49 221 111",
         "Home Phone": "+49 228 222", "Primary Phone": "+49-221-111",
         "Mobile Phone": "+49 171 333", "Categories": "Kunde;VIP",
         "E-mail Address": "j.mueller@example.de", "E-mail Type": "SMTP",
         "E-mail Display Name": "Jürgen Müller (j.mueller@example.de)",
         "E-mail 2 Address": "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=jm",
         "E-mail 2 Type": "EX", "E-mail 3 Address": "jm@privat.example",
         "Notes": "Zeile 1\r\nZeile 2", "Web Page": "www.mueller.example",
         "Profession": "Kaufmann", "Location": "Köln", "Keywords": "x"},
        {"First Name": "Erika", "Last Name": "Mustermann", "Home Street": "Heideweg 2",
         "Home City": "Bonn", "Home Postal Code": "53111", "Home Phone": "0228 1",
         "Business Fax": "0228 2"},
    ], encoding="cp1252", quote_all=True)
    assert b"\r\n" in data and "Jürgen".encode("cp1252") in data

    sniffed, key, (jurgen, erika) = read(data)

    assert sniffed == CsvSniff("cp1252", ",", False)
    assert key == "outlook"
    assert jurgen == ImportedContact(
        source_row=1, first_name="Jürgen K.", last_name="Müller", prefix="Dr.", suffix="Jr.",
        emails=["j.mueller@example.de", "jm@privat.example"],
        phone="+49 221 111", mobile="+49 171 333", other_phones=["+49 221 112", "+49 228 222"],
        company="Müller & Söhne", job_title="Geschäftsführer",
        address="Königstraße 5\nHinterhaus", city="Köln", postcode="50667", region="NRW",
        country="Deutschland", notes="Zeile 1\nZeile 2", tags=["Kunde", "VIP"],
        website="www.mueller.example")
    # No business address: the home address; a fax alone is never the main phone.
    assert erika == ImportedContact(
        source_row=2, first_name="Erika", last_name="Mustermann", phone="0228 1",
        other_phones=["0228 2"], address="Heideweg 2", city="Bonn", postcode="53111")


def test_outlook_german_headers():
    data = make_csv(OUTLOOK_DE, [{
        "Anrede": "Frau", "Vorname": "Änne", "Weitere Vornamen": "Luise", "Nachname": "Groß",
        "Firma": "Groß GmbH", "Abteilung": "Einkauf", "Position": "Einkäuferin",
        "Straße geschäftlich": "Am Markt 3", "Ort geschäftlich": "München",
        "Region geschäftlich": "Bayern", "Postleitzahl geschäftlich": "80331",
        "Land/Region geschäftlich": "Deutschland", "Straße privat": "Gartenweg 9",
        "Telefon Assistent": "089 9", "Telefon privat": "089 2",
        "Telefon geschäftlich": "089 1", "Mobiltelefon": "0171 5",
        "E-Mail-Adresse": "a.gross@example.de", "E-Mail-Typ": "SMTP",
        "E-Mail: Angezeigter Name": "Änne Groß (a.gross@example.de)",
        "E-Mail 2: Adresse": "aenne@example.com", "Kategorien": "Lieferant; Bayern",
        "Notizen": "Rückruf am Montag", "Ort": "Raum 4.12", "Beruf": "Kauffrau",
        "Stichwörter": "egal", "Webseite": "gross.example"}],
        encoding="cp1252", quote_all=True)

    sniffed, key, [aenne] = read(data)

    assert (sniffed.encoding, key) == ("cp1252", "outlook")
    assert aenne == ImportedContact(
        source_row=1, first_name="Änne Luise", last_name="Groß", prefix="Frau",
        emails=["a.gross@example.de", "aenne@example.com"], phone="089 1", mobile="0171 5",
        other_phones=["089 2"], company="Groß GmbH", job_title="Einkäuferin",
        address="Am Markt 3", city="München", postcode="80331", region="Bayern",
        country="Deutschland", notes="Rückruf am Montag", tags=["Lieferant", "Bayern"],
        website="gross.example")


@pytest.mark.parametrize(("header", "index", "target"), [
    (OUTLOOK_EN, 0, "prefix"),  # Title
    (OUTLOOK_EN, 7, "job_title"),  # Job Title
    (OUTLOOK_EN, 6, None),  # Department
    (OUTLOOK_EN, 29, None),  # Assistant's Phone: not the contact's number
    (OUTLOOK_EN, 59, None),  # E-mail Display Name
    (OUTLOOK_EN, 71, None),  # Internet Free Busy
    (OUTLOOK_DE, 0, "prefix"),  # Anrede
    (OUTLOOK_DE, 7, "job_title"),  # Position
    (OUTLOOK_DE, 11, "city"),  # Ort geschäftlich
    (OUTLOOK_DE, OUTLOOK_DE.index("Ort"), None),  # the office location, not the city
    (OUTLOOK_DE, OUTLOOK_DE.index("Name des/der Vorgesetzten"), None),
    (OUTLOOK_COM, 3, "prefix"),  # Title
    (OUTLOOK_COM, 6, None),  # Given Yomi
])
def test_outlook_columns_that_are_easy_to_get_wrong(header, index, target):
    assert auto_mapping(header).get(index) == target


def test_outlook_com_61_columns():
    data = make_csv(OUTLOOK_COM, [{
        "First Name": "John", "Last Name": "Smith", "Title": "Mr.", "Suffix": "Jr.",
        "Nickname": "Johnny", "E-mail Address": "john@example.com",
        "E-mail 2 Address": "john.smith@contoso.example", "Home Phone": "555-0101",
        "Business Phone": "555-0102", "Mobile Phone": "555-0103", "Job Title": "Buyer",
        "Department": "Purchasing", "Company": "Contoso", "Business Street": "1 Microsoft Way",
        "Business City": "Redmond", "Business State": "WA", "Business Postal Code": "98052",
        "Business Country/Region": "United States", "Home City": "Seattle",
        "Web Page": "contoso.example", "Birthday": "3/14/1604", "Notes": "VIP"}],
        line_end="\r\n")
    assert data.count(b'"') == 0  # unquoted, as outlook.com writes it

    sniffed, key, [john] = read(data)

    assert (sniffed, key) == (CsvSniff("utf-8", ",", False), "outlook-com")
    assert john == ImportedContact(
        source_row=1, first_name="John", last_name="Smith", prefix="Mr.", suffix="Jr.",
        emails=["john@example.com", "john.smith@contoso.example"], phone="555-0102",
        mobile="555-0103", other_phones=["555-0101"], company="Contoso", job_title="Buyer",
        address="1 Microsoft Way", city="Redmond", postcode="98052", region="WA",
        country="United States", notes="VIP", website="contoso.example")


# --- Thunderbird -----------------------------------------------------------------------------

def test_thunderbird():
    data = make_csv(THUNDERBIRD, [
        {"First Name": "Max", "Last Name": "Mustermann", "Display Name": "Max Mustermann",
         "Nickname": "maxi", "Primary Email": "max@example.org",
         "Secondary Email": "max@work.example", "Screen Name": "maxm",
         "Work Phone": "030 111", "Home Phone": "030 222", "Fax Number": "030 333",
         "Mobile Number": "0170 444", "Home Address": "Heimweg 1", "Home City": "Potsdam",
         "Work Address": "Büroweg 2", "Work Address 2": "Aufgang B", "Work City": "Berlin",
         "Work ZipCode": "10115", "Work Country": "Germany", "Job Title": "Developer",
         "Department": "IT", "Organization": "Example AG",
         "Web Page 1": "https://example.org", "Birth Year": "1980", "Notes": "Kollege"},
        {"Display Name": "Erika Maria Musterfrau", "Primary Email": "erika@example.org"},
    ], line_end="\n")

    _sniffed, key, (max_, erika) = read(data)

    assert key == "thunderbird"
    assert max_ == ImportedContact(
        source_row=1, first_name="Max", last_name="Mustermann",
        emails=["max@example.org", "max@work.example"], phone="030 111", mobile="0170 444",
        other_phones=["030 222", "030 333"], company="Example AG", job_title="Developer",
        address="Büroweg 2\nAufgang B", city="Berlin", postcode="10115", country="Germany",
        notes="Kollege", website="https://example.org")
    # A display name alone is split: the last word is the last name.
    assert (erika.first_name, erika.last_name) == ("Erika Maria", "Musterfrau")


# --- Excel, tab-separated, UTF-16, the app's own file ----------------------------------------

GERMAN_EXCEL = (
    "Vorname;Nachname;Firma;E-Mail;Telefon;Mobil;Straße;PLZ;Ort;Land;Notizen;Gruppen\r\n"
    'Jörg;Weiß;"Weiß; Söhne & Co";joerg@weiss.example;0221 1;0171 2;Domstraße 1;50667;'
    'Köln;Deutschland;"Kunde seit 2019, zahlt pünktlich\r\nzweite Zeile";Kunde\r\n'
    ";;;;;;;;;;;\r\n"
    "Lea;Kurz;;lea@example.de;;;;;;;;\r\n"
).encode("cp1252")


def test_excel_semicolon_file_with_german_header():
    sniffed, key, (joerg, lea) = read(GERMAN_EXCEL)

    assert sniffed == CsvSniff("cp1252", ";", False)
    assert key == "generic"
    assert joerg == ImportedContact(
        source_row=1, first_name="Jörg", last_name="Weiß", emails=["joerg@weiss.example"],
        phone="0221 1", mobile="0171 2", company="Weiß; Söhne & Co", address="Domstraße 1",
        city="Köln", postcode="50667", country="Deutschland",
        notes="Kunde seit 2019, zahlt pünktlich\nzweite Zeile", tags=["Kunde"])
    assert (lea.source_row, lea.email, lea.company) == (2, "lea@example.de", "")


@pytest.mark.parametrize(("header", "expected"), [
    (["Vorname", "Nachname", "E-Mail-Adresse", "Telefon (geschäftlich)", "Handy",
      "Straße und Hausnummer", "Postleitzahl", "Stadt", "Bundesland", "Bemerkungen",
      "Kategorien", "Webseite", "Unternehmen", "Position", "Anrede", "Geburtstag"],
     ["first_name", "last_name", "email", "phone", "mobile", "address", "postcode", "city",
      "region", "notes", "tags", "website", "company", "job_title", "prefix", None]),
    # German lists often say "Name" for the family name next to "Vorname".
    (["Vorname", "Name", "Mail", "Tel.", "Mobiltelefon", "Titel"],
     ["first_name", "last_name", "email", "phone", "mobile", "prefix"]),
    (["Name", "Email Address", "Phone Number", "Cell", "Organization", "Title", "Zip",
      "State", "Country", "Comments", "Tags", "Website", "Nickname"],
     ["full_name", "email", "phone", "mobile", "company", "job_title", "postcode", "region",
      "country", "notes", "tags", "website", None]),
    # Next to a job column, "Title" is the name prefix.
    (["First name", "Surname", "Title", "Job title", "Address line 1", "Address line 2",
      "Town", "Postcode"],
     ["first_name", "last_name", "prefix", "job_title", "address", "address", "city",
      "postcode"]),
])
def test_generic_headers_are_guessed_in_english_and_german(header, expected):
    assert detect_format(header) == "generic"
    mapping = auto_mapping(header)
    assert [mapping.get(i) for i in range(len(header))] == expected


def test_tab_separated_generic_file():
    data = (b"Name\tE-mail\tPhone\tCompany\tTags\n"
            b"Jane Q. Doe\tjane@example.com; jane.doe@example.net\t+1 555 0199\tACME\t"
            b"lead, vip\n"
            b'"Doe, John"\tjohn@example.com\t\t"ACME,\tInc."\t\n'
            b"Dr. Anna Berg\t\t\t\t\n")

    sniffed, key, (jane, john, anna) = read(data)

    assert (sniffed.delimiter, key) == ("\t", "generic")
    assert jane == ImportedContact(
        source_row=1, first_name="Jane Q.", last_name="Doe",
        emails=["jane@example.com", "jane.doe@example.net"], phone="+1 555 0199",
        company="ACME", tags=["lead", "vip"])
    assert (john.first_name, john.last_name, john.company) == ("John", "Doe", "ACME,\tInc.")
    assert (anna.prefix, anna.first_name, anna.last_name) == ("Dr.", "Anna", "Berg")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    text = "First Name,Last Name,E-mail Address\r\nZoë,Ångström,zoe@example.com\r\n"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    data = bom + text.encode(codec)

    sniffed, key, [zoe] = read(data)

    assert sniffed == CsvSniff("utf-16", ",", True)
    assert key == "outlook"
    assert (zoe.first_name, zoe.last_name, zoe.email) == ("Zoë", "Ångström", "zoe@example.com")


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    data = "Email;Phone\nx@example.com;1\n".encode("utf-16-be")

    assert sniff(data) == CsvSniff("utf-16-be", ";", False)
    assert read_table(data, "utf-16-be", ";") == (["Email", "Phone"], [["x@example.com", "1"]])


def test_interchange_format_round_trip():
    values = ("Anna", "Schmidt", "anna@acme.de", "+49 30 1", "+49 170 2", "Acme GmbH", "CEO",
              "Hauptstr. 1\nHof", "Berlin", "10115", "Berlin", "Germany", "customer",
              "a; b", "first line\nsecond line")
    data = make_csv(INTERCHANGE_COLUMNS, [dict(zip(INTERCHANGE_COLUMNS, values, strict=True))])

    _sniffed, key, [anna] = read(data)

    assert key == "smeplanner"
    assert anna == ImportedContact(
        source_row=1, first_name="Anna", last_name="Schmidt", emails=["anna@acme.de"],
        phone="+49 30 1", mobile="+49 170 2", company="Acme GmbH", job_title="CEO",
        address="Hauptstr. 1\nHof", city="Berlin", postcode="10115", region="Berlin",
        country="Germany", lifecycle_stage="customer", tags=["a", "b"],
        notes="first line\nsecond line")


def test_lifecycle_stage_is_not_guessed_from_other_files():
    assert "lifecycle_stage" not in auto_mapping(["Name", "Email", "Lifecycle stage"]).values()


# --- detection, sniffing and the table -------------------------------------------------------

@pytest.mark.parametrize(("header", "key"), [
    (GOOGLE, "google"), (OUTLOOK_EN, "outlook"), (OUTLOOK_DE, "outlook"),
    (OUTLOOK_COM, "outlook-com"), (THUNDERBIRD, "thunderbird"),
    (INTERCHANGE_COLUMNS, "smeplanner"), (["Vorname", "Nachname", "E-Mail-Adresse"], "generic"),
    ([], "generic"),
])
def test_detect_format(header, key):
    assert detect_format(header) == key
    assert key in FORMATS


def test_header_signature_is_stable_and_order_sensitive():
    signature = header_signature(["First Name", "Last Name", "Email"])

    assert signature == header_signature(["first name ", "Last  Name", "\ufeffEMAIL"])
    assert signature == "1998f0519f6f76f8"  # stored in settings: must not change
    assert signature != header_signature(["Last Name", "First Name", "Email"])
    assert signature != header_signature(["First Name", "Last Name"])


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # an .xlsx file
    bytes(range(1, 32)) * 20,  # control characters, no NUL
    b"",
    b" \r\n\r\n",
    b"\xef\xbb\xbf",
    b"Name,Email\r\n\x81\x8d\x8f\x90\x9d",  # undefined in Windows-1252 and invalid UTF-8
])
def test_sniff_refuses_binary_and_empty_files(data):
    with pytest.raises(UnreadableFileError):
        sniff(data)


def test_sniff_is_not_confused_by_delimiters_and_newlines_in_quotes():
    data = (b'Name,Notes,Email\n'
            b'"Anna","a; b; c\nd; e; f\ng\th",anna@example.com\n'
            b'"Bob","x;y;z;w",bob@example.com\n')
    assert sniff(data).delimiter == ","

    data = ('Name;Notes;Email\n'
            '"Müller, Anna";"a, b, c, d, e";anna@example.com\n'
            '"Bob";"1,2,3,4,5,6";bob@example.com\n').encode("cp1252")
    assert sniff(data) == CsvSniff("cp1252", ";", False)


def test_single_column_file_defaults_to_comma():
    assert sniff(b"Email\na@example.com\nb@example.com\n").delimiter == ","


def test_read_table_pads_keeps_extra_cells_drops_blank_rows_and_strips_header():
    data = b"\xef\xbb\xbf First , Email ,Phone\r\nAnna\r\n,,\r\n\r\nBob,b@x.org,1,extra\r\n"

    # Read as plain UTF-8 on purpose: the BOM stays in the text and must not stay in the header.
    header, rows = read_table(data, "utf-8", ",")

    assert header == ["First", "Email", "Phone"]
    assert rows == [["Anna", "", ""], ["Bob", "b@x.org", "1", "extra"]]


def test_cells_beyond_the_header_are_named_in_the_row_warnings(workspace):
    """A comma inside an unquoted address shifts the row: the dry run says so for that row
    instead of dropping the cell silently."""
    from smeplanner.core.contact_io.importer import plan_import

    data = (b"Name,Email,City\r\nAnna Berg,anna@acme.de,Berlin\r\n"
            b"Bob Kranz,bob@x.org,Main St, 5, Hamburg\r\nCora Lind,cora@x.org,Bonn,,\r\n"
            )
    header, rows = read_table(data, "utf-8", ",")
    anna, bob, cora = rows_to_contacts(header, rows, {0: "full_name", 1: "email", 2: "city"})

    assert anna.notices == [] and cora.notices == []  # empty trailing cells are no loss
    assert bob.city == "Main St"
    assert bob.notices == ["2 cells beyond the header's 3 columns left out "
                           "(check this row's values)"]
    assert [row.warnings for row in plan_import([anna, bob, cora]).rows] == [
        (), tuple(bob.notices), ()]


def test_rows_to_contacts_rejects_unknown_targets_and_keeps_empty_rows():
    with pytest.raises(ValueError, match="birthday"):
        rows_to_contacts(["A"], [["x"]], {0: "birthday"})

    contacts = rows_to_contacts(["Name", "Email"], [["", " "], ["Anna Berg", ""]],
                                {0: "full_name", 1: "email"})
    assert [c.source_row for c in contacts] == [1, 2]
    assert contacts[0].is_empty() and not contacts[1].is_empty()


# --- any table survives writing and reading ---------------------------------------------------

def _cells(encoding: str) -> st.SearchStrategy[str]:
    # Not "€" in Windows-1252: its byte 0x80 after "é" (0xE9) is valid UTF-8 by accident.
    letters = "ab Zé,;\t\"'\n:*ß" + ("" if encoding == "cp1252" else "€")
    return st.text(alphabet=st.sampled_from(list(letters)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(width=st.integers(2, 5), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       data=st.data())
def test_written_tables_read_back_unchanged(width, delimiter, encoding, data):
    header = [f"Column{i}" for i in range(width)]
    cell = _cells(encoding)
    rows = data.draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=6))
    expected = [r for r in rows if any(cell.strip() for cell in r)]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    raw = out.getvalue().encode(encoding)

    sniffed = sniff(raw)

    assert sniffed.delimiter == delimiter
    assert read_table(raw, sniffed.encoding, sniffed.delimiter) == (header, expected)


@pytest.mark.parametrize(("full", "first", "last", "prefix", "suffix"), [
    ("Anna Maria Schmidt", "Anna Maria", "Schmidt", "", ""),
    ("Schmidt, Anna", "Anna", "Schmidt", "", ""),
    ("John Smith, Jr.", "John", "Smith", "", "Jr."),
    ("John Smith Jr.", "John", "Smith", "", "Jr."),
    ("Dr. Eva Lang MBA", "Eva", "Lang", "Dr.", "MBA"),
    ("Lang, Eva", "Eva", "Lang", "", ""),
])
def test_a_full_name_column_is_split_into_its_parts(full, first, last, prefix, suffix):
    [contact] = rows_to_contacts(["Name"], [[full]], {0: "full_name"})
    assert (contact.first_name, contact.last_name, contact.prefix, contact.suffix) == (
        first, last, prefix, suffix)
