"""vCard reader: the real sample files and hand-written quirk files read into exact records."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smeplanner.core.contact_io.record import ImportedContact, UnreadableFileError
from smeplanner.core.contact_io.vcard_reader import read_vcards

SAMPLES = Path("/work/shared/samples")


def sample(name: str) -> list[ImportedContact]:
    return read_vcards((SAMPLES / name).read_bytes())


def one(data: bytes) -> ImportedContact:
    contacts = read_vcards(data)
    assert len(contacts) == 1
    return contacts[0]


def card(*lines: str, end: str = "\r\n") -> bytes:
    """A card from its content lines, UTF-8 encoded."""
    return end.join(("BEGIN:VCARD", *lines, "END:VCARD", "")).encode("utf-8")


# --- the real sample files -------------------------------------------------------------------

def test_outlook_2007_21_quoted_printable_and_base64_blocks():
    assert sample("outlook-2007.vcf") == [ImportedContact(
        source_row=1, first_name="Michael", last_name="Angstadt", prefix="Mr.", suffix="Jr.",
        emails=["mike.angstadt@gmail.com"], phone="(111) 555-1111", mobile="(111) 555-4444",
        other_phones=["(111) 555-2222", "(111) 555-3333"],
        company="TheCompany", job_title="TheJobTitle",
        address="TheOffice\n222 Broadway", city="New York", region="NY", postcode="99999",
        country="USA",
        notes="This is the NOTE field\n"
              "I assume it encodes this text inside a NOTE vCard type.\n"
              "But I'm not sure because there's text formatting going on here.\n"
              "It does not preserve the formatting",
        website="http://mikeangstadt.name")]


def test_android_21_utf8_split_across_soft_breaks():
    n = "Ñ"
    eleven = " ".join([n] * 11)
    note = " ".join([n] * 8) + " ".join([n] * 8) + " ".join([n] * 5)
    assert sample("John_Doe_ANDROID.vcf") == [
        ImportedContact(source_row=1, emails=["john.doe@company.com"]),
        ImportedContact(source_row=2, emails=["jane.doe@company.com"]),
        ImportedContact(source_row=3, last_name="Ñ Ñ Ñ Ñ", mobile="123456789"),
        ImportedContact(source_row=4, last_name=eleven, mobile="123456", phone="234567",
                        other_phones=["3456789", "45678901"], notes=f"{note}\n\n{note}"),
        ImportedContact(source_row=5, first_name="Ñ Ñ Ñ", last_name="Ñ Ñ",
                        emails=["bob@company.com", n * 14], mobile="123456", phone="123456",
                        other_phones=["123456"], company=n * 12, website="www.company.com"),
        ImportedContact(source_row=6, last_name=n * 4, emails=["henry@company.com"],
                        mobile="55556666", company=n * 44),
    ]  # "My Contacts" is Android's system group, not a tag


def test_iphone_30_groups_labels_and_cr_cr_lf():
    assert sample("John_Doe_IPHONE.vcf") == [ImportedContact(
        source_row=1, first_name="John Richter James", last_name="Doe", prefix="Mr.",
        suffix="Sr.", emails=["john.doe@ibm.com"], mobile="905-555-1234", phone="905-666-1234",
        other_phones=["905-777-1234", "905-888-1234", "905-999-1234", "905-111-1234",
                      "905-222-1234"],
        company="IBM", job_title="Money Counter",
        address="Street4\nBuilding 6\nFloor 8", city="New York", postcode="12345",
        country="USA", website="http://www.ibm.com")]  # the WORK address over the HOME one


def test_gmail_30_escapes_and_folds_mid_word():
    contact = one((SAMPLES / "John_Doe_GMAIL.vcf").read_bytes())
    assert (contact.first_name, contact.last_name) == ("John Richter, James", "Doe")
    assert (contact.prefix, contact.suffix) == ("Mr.", "Sr.")
    assert contact.emails == ["john.doe@ibm.com"]
    assert (contact.mobile, contact.phone, contact.other_phones) == (
        "905-555-1234", "905-666-1234", [])
    assert (contact.company, contact.job_title) == ("IBM", "Money Counter")
    assert contact.address == ("Crescent moon drive\n555-asd\n"
                               "Nice Area, Albaney, New York 12345\nUnited States of America")
    assert (contact.city, contact.region, contact.postcode, contact.country) == ("",) * 4
    assert contact.website == "http://www.ibm.com"
    assert contact.notes.startswith('THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND '
                                    'CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED '
                                    'WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED')
    assert "PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE" in contact.notes
    assert contact.notes.endswith("POSSIBILITY OF SUCH DAMAGE.\nFavotire Color: Blue")


def test_gmail_list_many_cards():
    assert [(c.source_row, c.first_name, c.last_name, c.emails)
            for c in sample("gmail-list.vcf")] == [
        (1, "Arnold", "Smith", ["asmithk@gmail.com"]),
        (2, "Chris", "Beatle", ["chrisy55d@yahoo.com"]),
        (3, "Doug", "White", ["dwhite@gmail.com"]),
    ]


def test_rfc6350_40_uri_phones_and_folded_lines():
    assert sample("rfc6350-example.vcf") == [ImportedContact(
        source_row=1, first_name="Simon", last_name="Perreault", suffix="ing. jr, M.Sc.",
        emails=["simon.perreault@viagenie.ca"], phone="+1-418-656-9254 ext. 102",
        mobile="+1-418-262-6501", company="Viagenie",
        address="Suite D2-630\n2875 Laurier", city="Quebec", region="QC", postcode="G1V 2M2",
        country="Canada", website="http://nomis80.org")]


def test_apple_utf16_big_endian_without_bom():
    assert sample("apple-utf16be.vcf") == [ImportedContact(
        source_row=1, first_name="Ǽgean", last_name="ĽdaMonté",
        address="169 Mária Canal", city="LaPaz", region="Conceptión", postcode="245-876",
        country="Perú")]


def test_thebat_8bit_quoted_printable_without_charset_reads_as_windows_1252():
    # =F1 is "ń" in The Bat!'s Windows-1250; nothing in the file says so (see module docstring)
    assert sample("thebat-8bit-qp.vcf") == [ImportedContact(
        source_row=1, first_name="Piotr", last_name="Iksiñski",
        emails=["piotr.iksinski@somedomain.com"])]


# --- encodings -------------------------------------------------------------------------------

QUIRK_30 = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupré;Renée;;;\r\nORG:Café Ænigma\r\nEND:VCARD\r\n"


@pytest.mark.parametrize("data", [
    QUIRK_30.encode("utf-8"),
    codecs.BOM_UTF8 + QUIRK_30.encode("utf-8"),
    codecs.BOM_UTF16_LE + QUIRK_30.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + QUIRK_30.encode("utf-16-be"),
    QUIRK_30.encode("utf-16-le"),  # no BOM: told by the NUL bytes
    QUIRK_30.encode("cp1252"),  # not UTF-8: Windows-1252
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "cp1252"])
def test_file_encodings(data):
    contact = one(data)
    assert (contact.first_name, contact.last_name, contact.company) == (
        "Renée", "Dupré", "Café Ænigma")


def test_8bit_file_honours_charset_per_property_and_euro_sign():
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=windows-1250:Wa\xb3\xeasa;Lech\r\n"
            b"NOTE:Price 5 \x80\r\nEND:VCARD\r\n")
    contact = one(data)
    assert (contact.first_name, contact.last_name, contact.notes) == (
        "Lech", "Wałęsa", "Price 5 €")


def test_quoted_printable_with_charsets_and_soft_breaks():
    contact = one(card(
        "VERSION:2.1",
        "N;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen",
        "ORG;CHARSET=windows-1250;ENCODING=QUOTED-PRINTABLE:Wa=B3brzych Sp=F3=B3ka",
        "TITLE;QUOTED-PRINTABLE:G=C3=A9rant",  # bare 2.1 parameter, no CHARSET: UTF-8
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=",  # "é" split by a soft break
        "=A9 au lait=0D=0A=",
        "second line",
        "ADR;HOME;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:;;Stra=DFe 1;K=F6ln;;50667;",
        "EMAIL;CHARSET=no-such-charset;ENCODING=QUOTED-PRINTABLE:a=40b.example",
    ))
    assert (contact.first_name, contact.last_name) == ("Jürgen", "Müller")
    assert (contact.company, contact.job_title) == ("Wałbrzych Spółka", "Gérant")
    assert contact.notes == "Café au lait\nsecond line"
    assert (contact.address, contact.city, contact.postcode) == ("Straße 1", "Köln", "50667")
    assert contact.emails == ["a@b.example"]


def test_cr_cr_lf_line_ends_and_folds():
    contact = one(card("VERSION:3.0", "FN:Ida Holm", "NOTE:folded ac", " ross lines",
                       "TEL;TYPE=WORK:+46 8 123", end="\r\r\n"))
    assert (contact.first_name, contact.last_name) == ("Ida", "Holm")
    assert (contact.notes, contact.phone) == ("folded across lines", "+46 8 123")


# --- values and structure --------------------------------------------------------------------

def test_40_categories_stage_and_escapes():
    contact = one(card(
        "VERSION:4.0",
        "N:O'Brien\\, Jr;Seán;;Dr.;",
        "ORG:Smith\\, Jones \\; Partners;Legal",
        "TITLE:Head of Sales\\, EMEA",
        "CATEGORIES:Customers,VIP\\, gold,customers,* starred",
        "CATEGORIES:Events",
        "X-SMEPLANNER-STAGE:Lead",
        "NOTE:Line one\\nC:\\\\Temp\\; \\\"quoted\\\" a\\:b",
        "URL:https://example.com/a\\,b",
        "KIND:individual",
    ))
    assert (contact.first_name, contact.last_name, contact.prefix) == (
        "Seán", "O'Brien, Jr", "Dr.")
    assert contact.company == "Smith, Jones ; Partners"
    assert contact.job_title == "Head of Sales, EMEA"
    assert contact.tags == ["Customers", "VIP, gold", "Events"]
    assert contact.lifecycle_stage == "Lead"
    assert contact.notes == 'Line one\nC:\\Temp; "quoted" a:b'
    assert contact.website == "https://example.com/a,b"


def test_bad_property_lines_do_not_lose_the_card():
    contact = one(card(
        "VERSION:3.0",
        "this line has no colon at all",
        "N;ENCODING=b:%%% not base64 %%%",
        'TEL;TYPE="broken:555 0100',
        "bad name with spaces:value",
        "PHOTO;ENCODING=b;TYPE=JPEG:!!!",
        "FN:Olga Petrova",
        "EMAIL:olga@example.com",
        "NOTE;ENCODING=QUOTED-PRINTABLE:50 =ZZ off",
    ))
    assert (contact.first_name, contact.last_name) == ("Olga", "Petrova")
    assert contact.emails == ["olga@example.com"]
    assert contact.other_phones == [] and contact.phone == "555 0100"
    assert contact.notes == "50 =ZZ off"


def test_21_unindented_base64_photo_ending_with_an_empty_line():
    contact = one(card(
        "VERSION:2.1",
        "N:Berg;Anna",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQEAYABgAAD",
        "GBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj",
        "",
        "EMAIL;INTERNET:anna@example.com",
    ))
    assert (contact.first_name, contact.last_name, contact.emails) == (
        "Anna", "Berg", ["anna@example.com"])


def test_name_fallbacks_org_only_and_empty_cards_are_returned():
    data = b"".join([
        card("VERSION:3.0", "FN:Anna Maria  Berg"),
        card("VERSION:3.0", "FN:Madonna"),
        card("VERSION:3.0", "ORG:Acme Ltd;Sales"),
        card("VERSION:3.0", "FN:Acme Ltd", "ORG:Acme Ltd"),
        card("VERSION:4.0", "KIND:org", "FN:Globex"),
        card("VERSION:3.0", "FN:someone@example.com", "EMAIL:someone@example.com"),
        card("VERSION:3.0", "NOTE:nothing to reach them by"),
    ])
    contacts = read_vcards(data)
    assert [(c.source_row, c.first_name, c.last_name, c.company) for c in contacts] == [
        (1, "Anna Maria", "Berg", ""),
        (2, "Madonna", "", ""),
        (3, "", "", "Acme Ltd"),
        (4, "", "", "Acme Ltd"),
        (5, "", "", "Globex"),
        (6, "", "", ""),
        (7, "", "", ""),
    ]
    assert [c.is_empty() for c in contacts] == [False] * 6 + [True]


def test_preferred_email_first_and_phone_labels():
    contact = one(card(
        "VERSION:3.0",
        "N:Lind;Eva;;;",
        "EMAIL;TYPE=work:work@example.com",
        "EMAIL;TYPE=home;PREF=1:home@example.com",
        "EMAIL;type=INTERNET;type=pref:pref@example.com",
        "EMAIL:mailto:last@example.com",
        "TEL;TYPE=FAX:111",
        "item1.TEL:222",
        "item1.X-ABLabel:_$!<Mobile>!$_",
        "item2.TEL:333",
        "item2.X-ABLabel:_$!<WorkFAX>!$_",
        "TEL:444",
        "TEL;TYPE=CELL:555",
        "TEL;VALUE=uri:tel:+1-555-555-5555",
    ))
    assert contact.emails == ["home@example.com", "pref@example.com", "work@example.com",
                              "last@example.com"]
    assert (contact.mobile, contact.phone) == ("222", "444")
    assert contact.other_phones == ["111", "333", "555", "+1-555-555-5555"]


def test_fax_is_the_phone_only_when_there_is_nothing_else():
    contact = one(card("VERSION:3.0", "FN:Fax Only", "TEL;TYPE=WORK,FAX:999"))
    assert (contact.phone, contact.mobile, contact.other_phones) == ("999", "", [])


def test_first_address_without_work_and_whitespace_stripped():
    contact = one(card(
        "VERSION:3.0",
        "N:  Kahn ;  Tom ;;;",
        "ADR;TYPE=HOME:PO Box 7;;  1 Main St  ;  Springfield ; IL ;62701;  USA ",
        "ADR;TYPE=HOME:;;2 Other St;Shelbyville;;;",
    ))
    assert (contact.first_name, contact.last_name) == ("Tom", "Kahn")
    assert (contact.address, contact.city, contact.region, contact.postcode,
            contact.country) == ("PO Box 7\n1 Main St", "Springfield", "IL", "62701", "USA")


def test_nested_agent_card_and_missing_end():
    data = card(
        "VERSION:2.1", "N:Boss;Big", "AGENT:",
        "BEGIN:VCARD", "VERSION:2.1", "N:Assistant;Little", "END:VCARD",
        "EMAIL:big@example.com",
    ) + b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Last;Card;;;\r\n"  # cut off before END:VCARD
    contacts = read_vcards(data)
    assert [(c.source_row, c.first_name, c.last_name, c.emails) for c in contacts] == [
        (1, "Big", "Boss", ["big@example.com"]),
        (2, "Card", "Last", []),
    ]


# --- not a vCard -----------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"",
    b"  \r\n\r\n",
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    b"First Name,Last Name,Email\r\nAnna,Berg,anna@example.com\r\n",
    "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".encode("utf-16-le"),
])
def test_not_a_vcard_raises(data):
    with pytest.raises(UnreadableFileError, match="no BEGIN:VCARD found"):
        read_vcards(data)


# --- properties ------------------------------------------------------------------------------

def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
            .replace(";", "\\;"))


def fold(line: str) -> str:
    return "\r\n ".join(line[i:i + 40] for i in range(0, len(line), 40))


# No whitespace (values are stripped) and no BOM character (dropped as a concatenation artefact).
plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs"),
                                   blacklist_characters="\ufeff"), min_size=1, max_size=30)


@given(first=plain_text, last=plain_text, note=st.lists(plain_text, min_size=1, max_size=3),
       company=plain_text)
def test_escaped_and_folded_values_round_trip(first, last, note, company):
    note_text = "\n".join(note)
    lines = [f"N:{escape(last)};{escape(first)};;;", f"ORG:{escape(company)}",
             f"NOTE:{escape(note_text)}"]
    contact = one(card("VERSION:3.0", *(fold(line) for line in lines)))
    assert (contact.first_name, contact.last_name, contact.company) == (first, last, company)
    assert contact.notes == note_text


@given(st.binary(max_size=300))
def test_any_bytes_inside_a_card_keep_the_card(junk):
    assume(b"n" not in junk.lower())  # no N, FN, BEGIN or END line to change the name
    # The NOTE line takes junk that starts with a space (a folded continuation).
    contacts = read_vcards(b"BEGIN:VCARD\r\nFN:Kept Card\r\nNOTE:x\r\n" + junk)
    assert contacts[0].first_name == "Kept"
