"""Demo data: a year in the life of a small coffee roastery and espresso-machine supplier.

:func:`build_demo` fills an empty, migrated workspace with companies (cafés, hotels, offices,
bakeries... and the agencies the roastery works with), contacts along the whole funnel with
their lifecycle history, tags and consent, a year of campaigns with expenses, offers and dated
deliverables, deals in every pipeline stage with product lines and stage history, sales
activities around "today", and monthly and quarterly goals.

Everything comes from one ``random.Random(seed)`` and from dates relative to ``today``, so the
same arguments always give the same rows. ``scale`` 1 is about 500 contacts, 100 deals, 1,000
activities and a dozen campaigns; it grows linearly (scale 200 is about 100,000 contacts).

Rows are generated as tuples and written through the DB-API cursor in one transaction, with the
search index rebuilt once at the end (DESIGN.md, "Speed"): the ORM would be 5-20x slower here.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from peewee import Database

from smeplanner.core import models, search
from smeplanner.core.textkeys import contact_sort_key

BUSINESS_NAME = "Röstwerk Kaffeerösterei"
CURRENCY = "EUR"

# Per unit of scale.
CONTACTS_PER_SCALE = 500
CUSTOMER_COMPANIES_PER_SCALE = 120
DEALS_PER_SCALE = 100
ACTIVITIES_PER_SCALE = 1000
CAMPAIGNS_PER_SCALE = 10

# Floors so that every stage, kind and channel still appears at small scales.
MIN_CONTACTS = 40
MIN_CUSTOMER_COMPANIES = 10
MIN_DEALS = 24
MIN_SALES_ACTIVITIES = 60
MIN_CAMPAIGNS = len(models.CHANNELS) + 2

_DAY = 86_400
_HOUR = 3_600
# Day 0 of the demo calendar; the oldest contact is ~2.5 years old, deal cycles reach further.
_HISTORY_DAYS = 1_100
_FUTURE_DAYS = 400
_CONTACT_HISTORY_DAYS = 900
_CAMPAIGN_PAST_DAYS = 365
_CAMPAIGN_AHEAD_DAYS = 60
_ACTIVITY_PAST_DAYS = 365
_ACTIVITY_AHEAD_DAYS = 60

ProgressCallback = Callable[[str, float], None]

# ---------------------------------------------------------------------------------------------
# Vocabulary of the business
# ---------------------------------------------------------------------------------------------

# name, SKU, price (cents), unit cost (cents), active
PRODUCTS: tuple[tuple[str, str, int, int, bool], ...] = (
    ("House espresso 'Nonna' 1 kg", "RW-ESP-1000", 2_490, 1_120, True),
    ("Café crema 'Morgenrot' 1 kg", "RW-CRM-1000", 2_190, 980, True),
    ("Single origin Ethiopia Yirgacheffe 250 g", "RW-ETH-250", 950, 410, True),
    ("Decaf Colombia (Swiss Water) 1 kg", "RW-DEC-1000", 2_750, 1_340, True),
    ("Gastro blend 6 kg bulk bag", "RW-GAS-6000", 11_900, 5_800, True),
    ("Coffee subscription, 2 kg a month", "RW-ABO-2000", 4_500, 2_300, True),
    ("Espresso machine 'Duetto' 2-group dual boiler", "RW-MCH-2G", 689_000, 495_000, True),
    ("Home espresso machine 'Primo'", "RW-MCH-1G", 129_000, 89_000, True),
    ("Grinder 'Macina 64'", "RW-GRD-64", 84_900, 56_000, True),
    ("Barista training (1 day)", "RW-SVC-TRN", 39_000, 12_000, True),
    ("Machine service & descaling", "RW-SVC-MNT", 18_000, 6_500, True),
    ("Annual maintenance contract", "RW-SVC-CTR", 120_000, 48_000, True),
    ("Machine rental 2-group (per month)", "RW-RNT-2G", 19_000, 9_500, True),
    ("Water filter cartridge", "RW-ACC-FLT", 6_900, 3_100, True),
    ("Barista tool set (jug, tamper, knock box)", "RW-ACC-SET", 5_900, 2_200, True),
    ("Winter blend 'Lebkuchen' 500 g", "RW-WIN-500", 1_490, 640, False),
)
# Products an offer can be on.
_PROMOTABLE_SKUS = ("RW-ESP-1000", "RW-CRM-1000", "RW-ETH-250", "RW-DEC-1000", "RW-ABO-2000",
                    "RW-MCH-1G", "RW-GRD-64", "RW-SVC-TRN", "RW-SVC-CTR", "RW-ACC-SET")


@dataclass(frozen=True)
class _DealKind:
    label: str
    # (SKU, least quantity, most quantity); a least of 0 makes the line optional.
    lines: tuple[tuple[str, int, int], ...]
    cycle_days: tuple[int, int]
    tag: str = ""


DEAL_KINDS: dict[str, _DealKind] = {
    "fitout": _DealKind("Café fit-out", (("RW-MCH-2G", 1, 1), ("RW-GRD-64", 1, 2),
                                         ("RW-SVC-TRN", 1, 2), ("RW-ACC-FLT", 2, 4),
                                         ("RW-GAS-6000", 2, 6)), (30, 100), "machine owner"),
    "wholesale": _DealKind("Wholesale coffee supply", (("RW-GAS-6000", 10, 60),
                                                       ("RW-ESP-1000", 10, 80),
                                                       ("RW-DEC-1000", 0, 12)), (14, 60),
                           "wholesale"),
    "office": _DealKind("Office coffee package", (("RW-RNT-2G", 12, 24), ("RW-CRM-1000", 24, 120),
                                                  ("RW-SVC-CTR", 1, 1)), (21, 75),
                        "office coffee"),
    "service": _DealKind("Maintenance contract", (("RW-SVC-CTR", 1, 3), ("RW-SVC-MNT", 0, 4)),
                         (7, 40), "service contract"),
    "training": _DealKind("Barista training", (("RW-SVC-TRN", 1, 4), ("RW-ACC-SET", 0, 4)),
                          (5, 30)),
    "hotel": _DealKind("Breakfast coffee service", (("RW-MCH-2G", 1, 2), ("RW-CRM-1000", 40, 200),
                                                    ("RW-DEC-1000", 5, 30), ("RW-SVC-CTR", 1, 2)),
                       (30, 120), "machine owner"),
    "home": _DealKind("Home barista bundle", (("RW-MCH-1G", 1, 1), ("RW-GRD-64", 0, 1),
                                              ("RW-ACC-SET", 1, 1), ("RW-ESP-1000", 1, 4)),
                      (3, 25), "machine owner"),
    "subscription": _DealKind("Coffee subscription", (("RW-ABO-2000", 6, 12),), (2, 14)),
    "retail": _DealKind("Retail shelf: roasted beans", (("RW-ETH-250", 24, 120),
                                                         ("RW-ESP-1000", 12, 48)), (10, 45),
                        "wholesale"),
}


@dataclass(frozen=True)
class _Industry:
    name: str
    weight: int
    size_weights: tuple[int, ...]  # over models.SIZE_BANDS
    name_patterns: tuple[str, ...]
    job_titles: tuple[str, ...]
    deal_kinds: tuple[str, ...]
    tag: str = ""


INDUSTRIES: tuple[_Industry, ...] = (
    _Industry("Café", 30, (10, 60, 27, 3, 0, 0),
              ("Café {surname}", "{word} Coffee", "Espressobar {word}", "Kaffeehaus {surname}",
               "Café am {place}", "{word} Kaffeebar"),
              ("Owner", "Co-owner", "Café Manager", "Head Barista"),
              ("fitout", "wholesale", "training", "service"), "café owner"),
    _Industry("Restaurant", 14, (2, 40, 50, 8, 0, 0),
              ("Restaurant {surname}", "Trattoria {word}", "Bistro {word}", "Gasthaus am {place}"),
              ("Owner", "Restaurant Manager", "Head Chef", "F&B Manager"),
              ("wholesale", "fitout", "service"), "hotel & gastro"),
    _Industry("Hotel", 8, (0, 10, 50, 35, 5, 0),
              ("Hotel {word}", "Hotel am {place}", "Landhotel {surname}", "{word} Boutique Hotel"),
              ("General Manager", "F&B Manager", "Purchasing Manager", "Breakfast Supervisor"),
              ("hotel", "wholesale", "service", "training"), "hotel & gastro"),
    _Industry("Bakery", 10, (0, 40, 45, 15, 0, 0),
              ("Bäckerei {surname}", "Backhaus {surname}", "Konditorei {word}"),
              ("Owner", "Master Baker", "Branch Manager"),
              ("wholesale", "fitout", "training")),
    _Industry("Corporate office", 16, (0, 15, 35, 30, 15, 5),
              ("{surname} & Partner", "{word} Consulting", "{surname} Steuerberatung",
               "{word}tech", "{surname} Architekten"),
              ("Office Manager", "Facility Manager", "Head of Workplace", "Purchasing Manager",
               "Managing Director", "Assistant to the CEO"),
              ("office", "service", "subscription"), "office coffee"),
    _Industry("Coworking", 4, (0, 60, 40, 0, 0, 0),
              ("{word} Coworking", "Werkraum {place}", "{word} Hub"),
              ("Founder", "Community Manager"),
              ("office", "subscription"), "office coffee"),
    _Industry("Catering", 6, (0, 30, 55, 15, 0, 0),
              ("{surname} Catering", "{word} Events & Catering"),
              ("Managing Director", "Event Manager", "Head Chef"),
              ("wholesale", "hotel", "training"), "hotel & gastro"),
    _Industry("Delicatessen", 6, (20, 70, 10, 0, 0, 0),
              ("Feinkost {surname}", "{word} Delikatessen", "Kaffee & Tee {surname}"),
              ("Owner", "Store Manager", "Buyer"),
              ("retail", "wholesale")),
)
_CONSUMER_DEAL_KINDS = ("home", "home", "subscription", "training")

AGENCIES: tuple[tuple[str, str], ...] = (
    ("Kreativbüro Nordlicht", "Marketing agency"),
    ("Pixelfabrik Digital", "Marketing agency"),
    ("Druckerei Hofmann & Söhne", "Print shop"),
    ("Messebau Krüger", "Event services"),
    ("PR-Agentur Wortwerk", "PR agency"),
    ("Social Sisters Media", "Marketing agency"),
    ("Fotostudio Lichtblick", "Photography"),
)
_AGENCY_NAME_PARTS = (("Blau", "Grün", "Kupfer", "Fuchs", "Nord", "Süd", "Leucht", "Ideen"),
                      ("werk", "raum", "haus", "kontor", "labor", "schmiede"))
_AGENCY_TITLES = ("Account Manager", "Creative Director", "Managing Director", "Project Manager")

_SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Maier", "Herrmann", "König", "Walter",
    "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung",
    "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
    "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig",
    "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger",
    "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Gruber", "Pichler",
    "Steiner", "Moser", "Hofer", "Leitner", "Brunner", "Egger", "Wallner", "Aigner", "Gerber",
    "Frei", "Bühler", "Zürcher", "Brändli", "Käser", "de Vries", "van Dijk", "Jansen", "Bakker",
    "Visser", "van den Berg", "Smit", "de Boer", "Mulder", "Janssen", "Smith", "Jones", "Taylor",
    "Brown", "Williams", "Wilson", "O'Brien", "Murphy", "Evans", "Thompson", "Dubois", "Lefèvre",
    "Moreau", "Girard", "Popescu", "Ionescu", "Nowak", "Kowalski", "Wiśniewski", "Yılmaz",
    "Öztürk", "Demir", "Şahin", "García", "Núñez", "Fernández", "Gonçalves", "Rossi",
    "Esposito", "Ferrari", "Novák", "Dvořák", "Nielsen", "Søndergaard", "Lindström", "Åberg",
    "Papadopoulos", "Kovačević",
)
_FIRST_NAMES = (
    "Jürgen", "Jörg", "Günther", "Sören", "Björn", "Käthe", "Anna", "Lena", "Lukas", "Jonas",
    "Felix", "Maximilian", "Sophie", "Marie", "Katrin", "Sabine", "Thomas", "Michael", "Stefan",
    "Andreas", "Christian", "Markus", "Tobias", "Johanna", "Hannah", "Leonie", "Clara", "Mia",
    "Emil", "Paul", "Matthias", "Florian", "Sebastian", "Julia", "Franziska", "Theresa",
    "Ursula", "Urs", "Reto", "Nadine", "Jana", "Niklas", "Till", "Bärbel", "Götz", "Dörte",
    "Heike", "Uwe", "Daan", "Sander", "Anouk", "Joëlle", "Sanne", "Bram", "Femke", "Thijs",
    "Lotte", "Oliver", "Zoë", "Siobhán", "Harry", "Charlotte", "James", "Emily", "Niamh", "Seán",
    "Amelia", "Élodie", "François", "Chloé", "Hélène", "Léa", "Noémie", "René", "Ștefan",
    "Ioana", "Andreea", "Mihai", "Łukasz", "Małgorzata", "Piotr", "Agnieszka", "Ayşe", "Can",
    "Emre", "Elif", "Mehmet", "Zeynep", "José", "Inés", "Lucía", "João", "Álvaro", "Giulia",
    "Luca", "Francesca", "Matteo", "Niccolò", "Åsa", "Søren", "Ingrid", "Tomáš", "Jiří",
    "Petra", "Eleni", "Dimitrios", "Aleksandra", "Marta", "Kübra", "Noah", "Elias", "Ben",
)
_NAME_WORDS = ("Morgenrot", "Kupfer", "Nordstern", "Silberlöffel", "Sonnenblume", "Goldmund",
               "Kranich", "Eiche", "Mühlstein", "Fuchsbau", "Laterne", "Pusteblume", "Seeblick",
               "Bergblick", "Zimt", "Anker", "Kompass", "Bohne", "Lindgrün", "Rabe", "Amsel",
               "Kastanie", "Holunder", "Feldlerche")
_PLACES = ("Markt", "Hafen", "Dom", "Park", "See", "Bahnhof", "Rathaus", "Schlossplatz", "Ufer")


@dataclass(frozen=True)
class _Country:
    name: str
    tld: str
    legal_forms: tuple[str, ...]
    mobile_prefixes: tuple[str, ...]
    mail_domains: tuple[str, ...]
    streets: tuple[str, ...]
    street_number_first: bool = False
    office_mailboxes: tuple[str, ...] = ("info", "hallo", "kontakt", "office")


_DE_STREETS = ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenstraße",
               "Marktplatz", "Kirchgasse", "Mühlenweg", "Am Hafen", "Gartenstraße",
               "Friedrichstraße", "Schönhauser Allee", "Königstraße", "Rosenstraße", "Ringstraße")
COUNTRIES: dict[str, _Country] = {
    "DE": _Country("Germany", "de", ("GmbH", "GmbH", "UG", "e.K.", "GmbH & Co. KG"),
                   ("+49 151", "+49 160", "+49 170", "+49 176"),
                   ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de"),
                   _DE_STREETS),
    "AT": _Country("Austria", "at", ("GmbH", "KG", "OG"), ("+43 664", "+43 676", "+43 699"),
                   ("gmx.at", "aon.at", "gmail.com", "chello.at"),
                   ("Mariahilfer Straße", "Landstraße", "Herrengasse", "Kärntner Straße",
                    "Getreidegasse", "Hauptplatz")),
    "CH": _Country("Switzerland", "ch", ("AG", "GmbH"), ("+41 76", "+41 78", "+41 79"),
                   ("bluewin.ch", "gmail.com", "gmx.ch", "sunrise.ch"),
                   ("Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Marktgasse", "Limmatquai")),
    "NL": _Country("Netherlands", "nl", ("B.V.",), ("+31 6",), ("ziggo.nl", "gmail.com",
                                                              "kpnmail.nl", "outlook.com"),
                   ("Prinsengracht", "Keizersgracht", "Kalverstraat", "Oudegracht",
                    "Witte de Withstraat"), office_mailboxes=("info", "hallo", "contact")),
    "UK": _Country("United Kingdom", "co.uk", ("Ltd",), ("+44 7700", "+44 7911", "+44 7421"),
                   ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
                   ("High Street", "Church Road", "Victoria Street", "King's Road", "Mill Lane"),
                   street_number_first=True, office_mailboxes=("hello", "info", "office")),
}

# city, region, country code, postcode start, phone prefix, weight
CITIES: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("Berlin", "Berlin", "DE", "10", "+49 30", 12),
    ("Hamburg", "Hamburg", "DE", "20", "+49 40", 9),
    ("München", "Bayern", "DE", "80", "+49 89", 10),
    ("Köln", "Nordrhein-Westfalen", "DE", "50", "+49 221", 7),
    ("Frankfurt am Main", "Hessen", "DE", "60", "+49 69", 6),
    ("Stuttgart", "Baden-Württemberg", "DE", "70", "+49 711", 5),
    ("Düsseldorf", "Nordrhein-Westfalen", "DE", "40", "+49 211", 4),
    ("Leipzig", "Sachsen", "DE", "04", "+49 341", 4),
    ("Nürnberg", "Bayern", "DE", "90", "+49 911", 3),
    ("Freiburg im Breisgau", "Baden-Württemberg", "DE", "79", "+49 761", 2),
    ("Münster", "Nordrhein-Westfalen", "DE", "48", "+49 251", 2),
    ("Wien", "Wien", "AT", "1", "+43 1", 7),
    ("Graz", "Steiermark", "AT", "80", "+43 316", 2),
    ("Salzburg", "Salzburg", "AT", "50", "+43 662", 2),
    ("Innsbruck", "Tirol", "AT", "60", "+43 512", 1),
    ("Linz", "Oberösterreich", "AT", "40", "+43 732", 1),
    ("Zürich", "Zürich", "CH", "80", "+41 44", 4),
    ("Basel", "Basel-Stadt", "CH", "40", "+41 61", 2),
    ("Bern", "Bern", "CH", "30", "+41 31", 2),
    ("Luzern", "Luzern", "CH", "60", "+41 41", 1),
    ("Genève", "Genève", "CH", "12", "+41 22", 1),
    ("Amsterdam", "Noord-Holland", "NL", "10", "+31 20", 3),
    ("Rotterdam", "Zuid-Holland", "NL", "30", "+31 10", 2),
    ("Utrecht", "Utrecht", "NL", "35", "+31 30", 1),
    ("London", "England", "UK", "EC1V N1 SE1 W1F E2", "+44 20", 3),
    ("Manchester", "England", "UK", "M1 M4 M20", "+44 161", 1),
    ("Edinburgh", "Scotland", "UK", "EH1 EH3 EH6", "+44 131", 1),
)
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Where contacts come from when no campaign brought them.
_ORGANIC_SOURCES = (("website", 34), ("direct", 18), ("referral", 16), ("import", 10),
                    ("event", 6), ("partner", 6), ("social", 6), ("email", 4))
# Share of contacts per lifecycle stage (percent): many subscribers and leads, fewer customers.
FUNNEL_SHARES = {"subscriber": 30, "lead": 24, "qualified": 11, "opportunity": 8,
                 "customer": 16, "advocate": 4, "disqualified": 7}
_FORWARD = ("subscriber", "lead", "qualified", "opportunity", "customer", "advocate")
_DEPTH = {"subscriber": 0, "lead": 1, "disqualified": 1.5, "qualified": 2, "opportunity": 3,
          "customer": 4, "advocate": 5}

_CHANNEL_WEIGHTS = {"email": 16, "social": 16, "paid_ads": 12, "content": 10, "event": 8,
                    "print": 8, "pr": 5, "partner": 6, "referral": 5, "other": 6}
# How many contacts a day of each channel brings in, relatively.
_CHANNEL_PULL = {"email": 1.5, "social": 2, "paid_ads": 3, "content": 1.5, "event": 4, "print": 1,
                 "pr": 0.5, "partner": 0.7, "referral": 0.7, "other": 1}
_CHANNEL_DAYS = {"email": (5, 14), "social": (21, 60), "paid_ads": (14, 60), "content": (30, 90),
                 "event": (1, 3), "print": (14, 35), "pr": (7, 30), "partner": (30, 90),
                 "referral": (45, 120), "other": (7, 30)}
# Budget range in whole euros, rounded to 50.
_CHANNEL_BUDGET = {"email": (150, 900), "social": (400, 2_500), "paid_ads": (1_500, 8_000),
                   "content": (600, 3_000), "event": (3_000, 14_000), "print": (900, 5_000),
                   "pr": (500, 4_000), "partner": (300, 2_000), "referral": (300, 1_500),
                   "other": (200, 1_500)}
_CHANNEL_OBJECTIVES = {"email": ("retention", "sales", "leads"), "social": ("awareness", "leads"),
                       "paid_ads": ("leads", "sales"), "content": ("awareness", "leads"),
                       "event": ("leads", "sales"), "print": ("awareness", "leads", "sales"),
                       "pr": ("awareness",), "partner": ("leads", "sales"),
                       "referral": ("leads",), "other": ("sales", "retention")}
_AGENCY_CHANNELS = {"social": 0.4, "paid_ads": 0.6, "content": 0.3, "event": 0.7, "print": 0.8,
                    "pr": 0.9}
_DIGITAL_CHANNELS = ("email", "social", "paid_ads", "content")
_CAMPAIGN_NAMES = {
    "email": ("Newsletter {month}", "Seasonal roast mailing {season}", "Win-back mailing {month}",
              "Subscription upsell {season}"),
    "social": ("Latte art series {season}", "Behind the roaster {month}",
               "Office coffee stories {season}", "Meet our baristas {month}"),
    "paid_ads": ("Search ads: office coffee {month}", "Home barista bundle ads {season}",
                 "Search ads: espresso machines {month}", "Machine rental ads {season}"),
    "content": ("Brewing guides {season}", "Barista tips video series {season}",
                "Machine care guides {month}", "Origin stories {season}"),
    "event": ("Hotel & gastro trade fair {year}", "Barista open day {month}",
              "Latte art throwdown {season}", "Cupping evening {month}"),
    "print": ("Flyer drop: cafés in {city}", "Product catalogue {year}",
              "Postcard mailing to hotels {season}", "Menu card sponsoring {season}"),
    "pr": ("Press: new Ethiopia roast {season}", "Local press: roastery anniversary {year}",
           "Trade magazine feature {month}"),
    "partner": ("Bakery partner network {season}", "Co-marketing with Alpenmilch {season}",
                "Coworking partner deal {month}"),
    "referral": ("Refer-a-café bonus {season}", "Customer referral programme {year}",
                 "Bring a friend to training {month}"),
    "other": ("Christmas gift boxes {year}", "Loyalty cards in the shop {season}",
              "Farmers' market sampling {month}", "Pop-up espresso bar {month}"),
}
_CAMPAIGN_NOTES = {
    "email": "Segment by lifecycle stage; subject line A/B test.",
    "social": "Two posts a week plus stories; reuse the photo shoot.",
    "paid_ads": "Daily cap; pause keywords with cost per lead over €40.",
    "content": "Each article links to the matching product page.",
    "event": "Tasting counter with the Duetto; collect cards for the follow-up mailing.",
    "print": "A6 flyers with the offer code on the back.",
    "pr": "Send samples with the press release.",
    "partner": "Partner gets 10% of first orders.",
    "referral": "Reward: 1 kg of house espresso per referred customer.",
    "other": "",
}
_DELIVERABLES = {
    "email": ("Newsletter draft", "Newsletter send", "Reminder email", "Last-chance email"),
    "social": ("Instagram post", "Instagram reel", "LinkedIn post", "Story series"),
    "paid_ads": ("Ad creatives", "Campaign launch", "Budget review", "A/B test review"),
    "content": ("Blog post", "Video", "Brewing guide (PDF)", "Newsletter feature"),
    "event": ("Book booth", "Order roll-up & flyers", "Pack tasting kit", "Event day",
              "Follow-up mailing to visitors"),
    "print": ("Flyer design", "Print proof approval", "Print order", "Distribution"),
    "pr": ("Press release draft", "Press release out", "Journalist follow-up"),
    "partner": ("Partner briefing", "Co-branded material", "Partner check-in"),
    "referral": ("Referral cards to customers", "Reminder to customers", "Reward payout"),
    "other": ("Prepare material", "Launch", "Wrap-up"),
}
_EXPENSES = {
    "email": (("Mailchimp", "Sending plan"), ("Freelance copywriter", "Newsletter copy")),
    "social": (("Meta Platforms Ireland", "Boosted posts"), ("Freelance photographer",
                                                             "Photo shoot")),
    "paid_ads": (("Google Ireland", "Ad spend"), ("Meta Platforms Ireland", "Ad spend"),
                 ("LinkedIn Ireland", "Sponsored content")),
    "content": (("Freelance copywriter", "Articles"), ("Videoproduktion Weiß", "Video edit")),
    "event": (("Messe organiser", "Booth rental"), ("Own stock", "Coffee for tastings"),
              ("Hotel booking", "Staff accommodation")),
    "print": (("Druckerei Hofmann & Söhne", "Printing"), ("Deutsche Post", "Postage")),
    "pr": (("news aktuell", "Press release distribution"), ("Own stock", "Samples for editors")),
    "partner": (("Own stock", "Samples for partners"), ("Partner commission", "First orders")),
    "referral": (("Own stock", "Referral rewards"), ("Gift cards", "Referral vouchers")),
    "other": (("Own stock", "Samples"), ("Verpackung24", "Gift boxes")),
}
_OFFER_WORDS = ("CREMA", "BARISTA", "ROAST", "BEANS", "ESPRESSO", "HOME", "OFFICE", "ABO")
_OFFER_PCTS = (50, 100, 100, 150, 150, 200, 125)  # tenths of a percent

_WON_REASONS = ("Tasting convinced them", "Best service package in the region",
                "Fast installation date", "Good price for the bundle",
                "Happy with our beans for years", "Recommended by another customer",
                "Training included")
_NEXT_STEPS = ("Send proposal", "Follow-up call", "Tasting at their place", "Send samples",
               "Demo of the Duetto machine", "Send contract for signature",
               "Agree installation date", "Answer questions on the service contract",
               "Check budget with the owner", "Schedule barista training")
_DEAL_NOTES = ("Currently on a competitor's beans.", "Wants installation before the summer season.",
               "Needs approval from head office.", "Comparing with a leasing offer.",
               "Second location opens next year.")
_COMPANY_NOTES = ("Deliveries only before 10:00.", "Two locations in town.",
                  "Pays by direct debit.", "Owner prefers WhatsApp.",
                  "Contract with a competitor ends in spring.")
_CONTACT_NOTES = ("Prefers calls in the morning.", "Met at a cupping evening.",
                  "Interested in decaf for the evening menu.", "Loves the Ethiopia roast.",
                  "Ask about the second location.", "Speaks English and German.")

# kind: (subjects, weight, minutes range, minutes step)
_ACTIVITY_KINDS: dict[str, tuple[tuple[str, ...], int, tuple[int, int], int]] = {
    "call": (("Follow-up call", "Intro call", "Check-in call", "Call about delivery",
              "Call: questions on the proposal"), 30, (10, 30), 5),
    "email": (("Send price list", "Send proposal", "Email: sample feedback",
               "Send order confirmation", "Email: training dates"), 30, (5, 15), 5),
    "meeting": (("Tasting", "Machine demo", "Contract meeting", "Site visit", "Coffee cupping"),
                15, (30, 120), 15),
    "task": (("Prepare quote", "Ship sample beans", "Schedule installation",
              "Check stock for order", "Prepare training material"), 15, (15, 90), 15),
    "deadline": (("Proposal due", "Tender submission", "Contract renewal", "Offer expires",
                  "Payment due"), 10, (0, 0), 1),
}
_INTERNAL_TASKS = (("Order green coffee", "sales"), ("Roast plan for next week", "sales"),
                   ("Update price list", "sales"), ("Plan next newsletter", "marketing"),
                   ("Review ad performance", "marketing"), ("Photo shoot for new roast",
                                                           "marketing"))
_ACTIVITY_NOTES = ("Discussed grind settings and delivery rhythm.", "Asked for a second quote.",
                   "Wants to try the decaf.", "Call back after the holidays.",
                   "Machine needs descaling soon.")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SEASONS = ("Winter", "Winter", "Spring", "Spring", "Spring", "Summer", "Summer", "Summer",
            "Autumn", "Autumn", "Autumn", "Winter")

_TAG_NAMES = ("VIP", "newsletter", "wholesale", "café owner", "home barista", "office coffee",
              "hotel & gastro", "service contract", "machine owner", "samples sent",
              "Christmas gifts", "decaf", "price sensitive")

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


@functools.cache
def _clock_texts() -> tuple[str, ...]:
    """'HH:MM:SS' for every second of a day, so stamping an instant is two list look-ups."""
    return tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(_DAY))


class _Calendar:
    """Days as integers from the demo's first day, instants as seconds from its midnight (UTC)."""

    def __init__(self, today: date) -> None:
        self.first = today - timedelta(days=_HISTORY_DAYS)
        self.today = _HISTORY_DAYS
        # The demo is seen as of 09:00 UTC on ``today``: the morning's items may be done.
        self.now = self.today * _DAY + 9 * _HOUR
        first_ordinal = self.first.toordinal()
        self.dates = [date.fromordinal(first_ordinal + d)
                      for d in range(_HISTORY_DAYS + _FUTURE_DAYS)]
        self.texts = [d.isoformat() for d in self.dates]
        base = today.year * 12 + today.month - 1
        # Month of each day relative to today's month (0 = this month, -1 = last month...).
        self.month_of = [d.year * 12 + d.month - 1 - base for d in self.dates]
        self._clock = _clock_texts()
        self.week_start = self.today - today.weekday()

    def stamp(self, seconds: int) -> str:
        day, rest = divmod(seconds, _DAY)
        return self.texts[day] + " " + self._clock[rest]


class _Weighted:
    """Pick from fixed options by weight with one random() call."""

    __slots__ = ("cumulative", "options", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.options = [option for option, _ in pairs]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rnd: Callable[[], float]) -> Any:
        return self.options[bisect.bisect_right(self.cumulative, rnd() * self.total)]


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                       "Ü": "Ue", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "æ": "ae",
                       "&": "und"})


@functools.cache
def _ascii(text: str) -> str:
    """Lower-case ASCII for addresses: 'Müller' → 'mueller', 'Ștefan' → 'stefan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "", plain)


def _slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _quotas(total: int, shares: dict[str, float], filler: str) -> dict[str, int]:
    """Counts per key in proportion to ``shares``, at least one each, summing to ``total``."""
    weight_sum = sum(shares.values())
    counts = {key: max(1, round(total * share / weight_sum)) for key, share in shares.items()}
    counts[filler] += total - sum(counts.values())
    if counts[filler] < 1:
        raise ValueError("scale too small for the demo")
    return counts


def _percent_text(tenths: int) -> str:
    whole, rest = divmod(tenths, 10)
    return str(whole) if rest == 0 else f"{whole}.{rest}"


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Company:
    id: int
    name: str
    industry: _Industry | None  # None for agencies
    country: _Country
    domain: str
    phone: str
    row: list[Any]
    first_seen: int = -1  # creation instant of its first contact


@dataclass(slots=True)
class _Campaign:
    id: int
    name: str
    channel: str
    objective: str
    status: str
    start: int
    end: int
    created: int
    offer_tenths: int = 0
    offer_start: int = -1
    offer_end: int = -1
    offer_product_ids: list[int] = field(default_factory=list)
    agency: _Company | None = None


@dataclass(slots=True)
class _Person:
    id: int
    created: int
    first_name: str
    last_name: str
    company: _Company | None
    stage: str
    stage_time: int
    customer_time: int
    source_channel: str
    campaign: _Campaign | None
    row: list[Any]
    tags: list[int]
    last_touch: int = -1
    touch_written: int = -1


@dataclass(slots=True)
class _Deal:
    id: int
    title: str
    person: _Person
    created: int
    closed: int  # instant of closing, -1 while open


class _DemoBuilder:
    def __init__(self, database: Database, *, scale: float, rng: random.Random,
                 calendar: _Calendar, progress: ProgressCallback) -> None:
        self.database = database
        self.scale = scale
        self.rng = rng
        self.rnd = rng.random
        self.cal = calendar
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.cursor = database.cursor()

    # --- small random helpers ----------------------------------------------------------------

    def pick(self, options: Sequence[Any]) -> Any:
        return options[int(self.rnd() * len(options))]

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    def digits(self, count: int) -> str:
        return str(10 ** (count - 1) + int(self.rnd() * 9 * 10 ** (count - 1)))

    def office_time(self, day: int) -> int:
        """An instant on ``day`` between 07:00 and 17:00 UTC (working hours in Europe)."""
        return day * _DAY + 7 * _HOUR + int(self.rnd() * 10 * _HOUR)

    def working_hours(self, moment: int) -> int:
        """``moment`` moved into its day's working hours; the order of instants is kept."""
        day, second = divmod(moment, _DAY)
        return min(self.cal.now - 60, day * _DAY + 7 * _HOUR + second * 10 // 24)

    # --- writing -----------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        return (self.database.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0) + 1

    def write(self, table: str, columns: str, rows: Any, verb: str = "INSERT") -> None:
        placeholders = ", ".join("?" * len(columns.split(",")))
        self.cursor.executemany(
            f'{verb} INTO "{table}" ({columns}) VALUES ({placeholders})', rows)
        # executemany sums the rows changed; rows skipped by OR IGNORE are not counted.
        self.counts[table] = self.counts.get(table, 0) + max(0, self.cursor.rowcount)

    # --- the whole run -----------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.progress("Products and companies", 0.02)
        self.make_products_and_tags()
        self.make_companies()
        self.progress("Campaigns", 0.05)
        self.make_campaigns()
        self.progress("Contacts", 0.08)
        self.make_people()
        # Parents before children, so that every foreign key is checked as it is written.
        self.write_companies()
        self.write_campaigns()
        self.write_people()
        self.progress("Deals", 0.25)
        self.make_deals()
        self.write_contact_tags()
        self.progress("Activities", 0.35)
        self.make_activities()
        self.write_last_touches()
        self.progress("Goals", 0.55)
        self.make_goals()
        self.write_settings()
        return self.counts

    # --- products, tags ----------------------------------------------------------------------

    def make_products_and_tags(self) -> None:
        first_id = self.next_id("product")
        created = self.cal.stamp(self.cal.today * _DAY - 700 * _DAY + 10 * _HOUR)
        self.product_ids: dict[str, int] = {}
        self.product_price: dict[str, int] = {}
        self.product_name: dict[str, str] = {}
        rows = []
        for offset, (name, sku, price, cost, active) in enumerate(PRODUCTS):
            product_id = first_id + offset
            self.product_ids[sku] = product_id
            self.product_price[sku] = price
            self.product_name[sku] = name
            rows.append((product_id, created, created, name, sku, price, cost, int(active)))
        self.write("product", "id, created_at, updated_at, name, sku, price, unit_cost, active",
                   rows)

        today = self.cal.dates[self.cal.today]
        names = (*_TAG_NAMES, f"trade fair {today.year - 1}", f"trade fair {today.year}")
        existing = dict(self.database.execute_sql("SELECT name, id FROM tag").fetchall())
        next_tag = self.next_id("tag")
        self.tag_ids: dict[str, int] = {}
        new_rows = []
        for name in names:
            if name in existing:
                self.tag_ids[name] = existing[name]
            else:
                self.tag_ids[name] = next_tag
                new_rows.append((next_tag, name))
                next_tag += 1
        self.write("tag", "id, name", new_rows)

    # --- companies ---------------------------------------------------------------------------

    def make_companies(self) -> None:
        n_customers = max(MIN_CUSTOMER_COMPANIES, round(CUSTOMER_COMPANIES_PER_SCALE * self.scale))
        n_agencies = max(3, round(5 * math.sqrt(self.scale)))
        self.city_picker = _Weighted([(city, city[5]) for city in CITIES])
        industry_picker = _Weighted([(industry, industry.weight) for industry in INDUSTRIES])
        size_pickers = {industry.name: _Weighted(list(zip(models.SIZE_BANDS,
                                                          industry.size_weights, strict=True)))
                        for industry in INDUSTRIES}
        self.used_domains: dict[str, int] = {}
        next_id = self.next_id("company")
        self.customer_companies: list[_Company] = []
        self.agencies: list[_Company] = []
        for index in range(n_customers + n_agencies):
            if index < n_customers:
                industry = industry_picker.pick(self.rnd)
                base_name = self.pick(industry.name_patterns).format(
                    surname=self.pick(_SURNAMES), word=self.pick(_NAME_WORDS),
                    place=self.pick(_PLACES))
                size_band = size_pickers[industry.name].pick(self.rnd)
                industry_name = industry.name
            else:
                agency_index = index - n_customers
                industry = None
                if agency_index < len(AGENCIES):
                    base_name, industry_name = AGENCIES[agency_index]
                else:
                    first, second = _AGENCY_NAME_PARTS
                    base_name = f"{self.pick(first)}{self.pick(second)} {agency_index}"
                    industry_name = "Marketing agency"
                size_band = self.pick(("2-9", "2-9", "10-49", "1"))
            city = self.city_picker.pick(self.rnd) if industry is not None else CITIES[
                int(self.rnd() * 11)]
            country = COUNTRIES[city[2]]
            legal = ""
            if industry is None or industry.name == "Corporate office" or self.rnd() < 0.45:
                legal = self.pick(country.legal_forms)
            name = f"{base_name} {legal}" if legal else base_name
            domain = self.unique_domain(_slug(base_name), city[0], country.tld)
            phone = f"{city[4]} {self.digits(3)} {self.digits(4)}"
            notes = self.pick(_COMPANY_NOTES) if industry is not None and self.rnd() < 0.15 else ""
            row = [next_id + index, None, None, name, industry_name, size_band,
                   f"https://www.{domain}", phone,
                   f"{self.pick(country.office_mailboxes)}@{domain}",
                   self.street(country), city[0], self.postcode(city), city[1], country.name,
                   notes]
            company = _Company(next_id + index, name, industry, country, domain, phone, row)
            (self.customer_companies if industry is not None else self.agencies).append(company)

    def unique_domain(self, slug: str, city: str, tld: str) -> str:
        candidate = f"{slug}.{tld}"
        seen = self.used_domains.get(candidate, 0)
        self.used_domains[candidate] = seen + 1
        if seen == 0:
            return candidate
        with_city = f"{slug}-{_slug(city)}.{tld}"
        seen_city = self.used_domains.get(with_city, 0)
        self.used_domains[with_city] = seen_city + 1
        return with_city if seen_city == 0 else f"{slug}-{_slug(city)}-{seen_city + 1}.{tld}"

    def street(self, country: _Country) -> str:
        number = self.between(1, 140)
        street = self.pick(country.streets)
        return f"{number} {street}" if country.street_number_first else f"{street} {number}"

    def postcode(self, city: tuple[str, str, str, str, str, int]) -> str:
        code, start = city[2], city[3]
        rnd = self.rnd
        if code == "DE":
            return start + self.digits(3)
        if code == "AT" and start == "1":  # Vienna: 1 + district + 0
            return f"1{self.between(1, 23):02d}0"
        if code in ("AT", "CH"):
            return start + self.digits(2)
        if code == "NL":
            letters = _POSTCODE_LETTERS
            return (f"{start}{self.digits(2)} {letters[int(rnd() * 20)]}"
                    f"{letters[int(rnd() * 20)]}")
        letters = _POSTCODE_LETTERS
        return (f"{self.pick(start.split())} {self.between(1, 9)}{letters[int(rnd() * 20)]}"
                f"{letters[int(rnd() * 20)]}")

    # --- campaigns ---------------------------------------------------------------------------

    def make_campaigns(self) -> None:
        cal, rnd = self.cal, self.rnd
        count = max(MIN_CAMPAIGNS, round(CAMPAIGNS_PER_SCALE * self.scale))
        channels = list(models.CHANNELS)
        self.rng.shuffle(channels)
        channel_picker = _Weighted(list(_CHANNEL_WEIGHTS.items()))
        channels += [channel_picker.pick(rnd) for _ in range(count - len(channels))]
        self.rng.shuffle(channels)
        window_start = cal.today - _CAMPAIGN_PAST_DAYS
        span = _CAMPAIGN_PAST_DAYS + _CAMPAIGN_AHEAD_DAYS
        plans = []  # [start, end, channel]
        for index, channel in enumerate(channels):
            start = window_start + int((index + rnd()) * span / count)
            low, high = _CHANNEL_DAYS[channel]
            plans.append([start, start + self.between(low, high) - 1, channel])

        # Something is always running today, and one more is running but on hold.
        running = [plan for plan in plans if plan[0] <= cal.today <= plan[1]]
        past = sorted((plan for plan in plans if plan[1] < cal.today), key=lambda p: -p[0])
        for plan in past[:max(0, 2 - len(running))]:
            plan[1] = cal.today + self.between(7, 21)
            running.append(plan)
        running.sort(key=lambda p: p[0])
        surely_active, surely_paused = id(running[0]), id(running[-1])
        running_ids = {id(plan) for plan in running}
        ended = [plan for plan in plans if plan[1] < cal.today]
        surely_cancelled = id(self.pick(ended))

        plans.sort(key=lambda p: (p[0], p[1]))
        first_id = self.next_id("campaign")
        self.campaigns: list[_Campaign] = []
        campaign_rows: list[tuple[Any, ...]] = []
        product_rows: list[tuple[int, int]] = []
        expense_rows: list[tuple[Any, ...]] = []
        self.campaign_rows = (campaign_rows, product_rows, expense_rows)
        expense_id = self.next_id("campaign_expense")
        promotable = [self.product_ids[sku] for sku in _PROMOTABLE_SKUS]
        for offset, (start, end, channel) in enumerate(plans):
            key = id(plans[offset])
            if key == surely_cancelled or (key not in running_ids and rnd() < 0.03):
                status = "cancelled"
            elif end < cal.today:
                status = "done"
            elif start > cal.today:
                status = "planned"
            elif key == surely_paused or (key != surely_active and rnd() < 0.08):
                status = "paused"
            else:
                status = "active"
            start_date = cal.dates[start]
            name = self.pick(_CAMPAIGN_NAMES[channel]).format(
                month=f"{_MONTHS[start_date.month - 1]} {start_date.year}",
                season=f"{_SEASONS[start_date.month - 1]} {start_date.year}",
                year=start_date.year, city=self.pick(CITIES[:11])[0])
            objective = self.pick(_CHANNEL_OBJECTIVES[channel])
            low, high = _CHANNEL_BUDGET[channel]
            budget = self.between(low // 50, high // 50) * 50 * 100
            created = max(0, start - self.between(20, 60)) * _DAY + 10 * _HOUR
            campaign = _Campaign(first_id + offset, name, channel, objective, status, start, end,
                                 created)
            if rnd() < _AGENCY_CHANNELS.get(channel, 0.05):
                campaign.agency = self.pick(self.agencies)

            target_leads = target_revenue = None
            if objective in ("leads", "awareness"):
                target_leads = self.between(4, 40) * 5
            if objective in ("sales", "retention") or rnd() < 0.2:
                target_revenue = self.between(10, 100) * 50_000
            offer = (None, "", None, None)
            if (objective in ("sales", "retention") or channel in ("event", "print")) \
                    and rnd() < 0.6:
                campaign.offer_tenths = self.pick(_OFFER_PCTS)
                campaign.offer_start = min(end, start + int(rnd() * min(7, (end - start) // 3 + 1)))
                campaign.offer_end = min(end, campaign.offer_start + self.between(7, 30))
                products = self.rng.sample(promotable, self.between(1, 3))
                campaign.offer_product_ids = products
                product_rows += [(campaign.id, product) for product in products]
                offer = (_percent_text(campaign.offer_tenths),
                         f"{self.pick(_OFFER_WORDS)}{campaign.offer_tenths // 10}",
                         cal.texts[campaign.offer_start], cal.texts[campaign.offer_end])
            impressions = clicks = visits = None
            if channel in _DIGITAL_CHANNELS and status != "cancelled" and start <= cal.today:
                elapsed = min(1.0, (cal.today - start + 1) / (end - start + 1))
                reach = {"email": (800, 4_000), "social": (5_000, 80_000),
                         "paid_ads": (20_000, 200_000), "content": (2_000, 20_000)}[channel]
                impressions = int(self.between(*reach) * elapsed) + 1
                rate = {"email": 0.05, "social": 0.012, "paid_ads": 0.025, "content": 0.06}[channel]
                clicks = int(impressions * rate * (0.6 + 0.8 * rnd()))
                visits = int(clicks * (0.7 + 0.25 * rnd()))
            audience_stages = {"awareness": "", "leads": "subscriber,lead",
                               "sales": "qualified,opportunity,customer",
                               "retention": "customer,advocate"}[objective]
            audience_tags = {"email": "newsletter", "event": "café owner,hotel & gastro",
                             "paid_ads": "", "print": "café owner"}.get(channel, "")
            updated = max(created, min(end, cal.today) * _DAY + 16 * _HOUR)
            campaign_rows.append((
                campaign.id, cal.stamp(created), cal.stamp(updated), name, channel, objective,
                status, cal.texts[start], cal.texts[end], budget, target_leads, target_revenue,
                audience_tags, audience_stages, *offer,
                campaign.agency.id if campaign.agency else None, impressions, clicks, visits,
                _CAMPAIGN_NOTES[channel]))
            expense_id = self.add_expenses(campaign, budget, expense_rows, expense_id)
            self.campaigns.append(campaign)

    def write_campaigns(self) -> None:
        campaign_rows, product_rows, expense_rows = self.campaign_rows
        self.write("campaign", "id, created_at, updated_at, name, channel, objective, status, "
                   "start_date, end_date, budget, target_leads, target_revenue, audience_tags, "
                   "audience_stages, offer_discount_pct, offer_code, offer_start, offer_end, "
                   "agency_id, impressions, clicks, visits, notes", campaign_rows)
        self.write("campaign_product", "campaign_id, product_id", product_rows)
        self.write("campaign_expense", "id, campaign_id, spent_on, amount, vendor, note",
                   expense_rows)

    def add_expenses(self, campaign: _Campaign, budget: int, rows: list[tuple[Any, ...]],
                     next_id: int) -> int:
        """Spend so far: about the budget for finished campaigns, in proportion for running ones."""
        cal, rnd = self.cal, self.rnd
        start, end = campaign.start, campaign.end
        if campaign.status == "done":
            total = int(budget * (0.88 + 0.2 * rnd()))
        elif campaign.status == "cancelled":
            total = int(budget * 0.1 * rnd()) if start <= cal.today else 0
        elif campaign.status in ("active", "paused"):
            elapsed = (cal.today - start + 1) / (end - start + 1)
            total = int(budget * (0.25 + 0.65 * elapsed))
        else:
            total = int(budget * (0.1 + 0.2 * rnd())) if rnd() < 0.4 else 0
        total = total // 100 * 100
        if total <= 0:
            return next_id
        parts = 1 + int(rnd() * 4)
        weights = [0.5 + rnd() for _ in range(parts)]
        weight_sum = sum(weights)
        # Bookings and deposits are paid ahead of the start; nothing is spent in the future.
        last_day = min(end, cal.today - 1)
        first_day = min(max(0, start - 21), last_day)
        vendors = _EXPENSES[campaign.channel]
        spent = 0
        for part in range(parts):
            amount = (total - spent if part == parts - 1
                      else int(total * weights[part] / weight_sum) // 100 * 100)
            spent += amount
            if amount <= 0:
                continue
            vendor, note = self.pick(vendors)
            if campaign.agency is not None and part == 0:
                vendor, note = campaign.agency.name, "Agency fee"
            rows.append((next_id, campaign.id, cal.texts[self.between(first_day, last_day)],
                         amount, vendor, note))
            next_id += 1
        return next_id

    # --- contacts ----------------------------------------------------------------------------

    def make_people(self) -> None:
        cal, rnd = self.cal, self.rnd
        count = max(MIN_CONTACTS, round(CONTACTS_PER_SCALE * self.scale))
        sourcing = [c for c in self.campaigns if c.start <= cal.today and c.status != "cancelled"]
        campaign_picker = _Weighted([(c, _CHANNEL_PULL[c.channel] * (1 + c.end - c.start) ** 0.5)
                                     for c in sourcing])
        organic = _Weighted(_ORGANIC_SOURCES)

        # When and where each contact came in; ids follow creation order.
        arrivals = []
        for _ in range(count):
            if sourcing and rnd() < 0.55:
                campaign = campaign_picker.pick(rnd)
                day = self.between(campaign.start, min(campaign.end, cal.today))
                arrivals.append((self.office_time(day), campaign.channel, campaign))
            else:
                day = cal.today - int(rnd() ** 1.4 * _CONTACT_HISTORY_DAYS)
                arrivals.append((self.office_time(day), organic.pick(rnd), None))
        arrivals = [(min(t, cal.now - 600), ch, c) for t, ch, c in arrivals]
        arrivals.sort(key=lambda arrival: arrival[0])

        # Older contacts have had time to go further down the funnel; noise keeps it loose.
        quotas = _quotas(count, FUNNEL_SHARES, "subscriber")
        stages = sorted((stage for stage, n in quotas.items() for _ in range(n)),
                        key=_DEPTH.__getitem__)
        oldest = arrivals[0][0]
        age_span = max(1, cal.now - oldest)
        order = sorted(range(count),
                       key=lambda i: (cal.now - arrivals[i][0]) / age_span + 1.2 * rnd())
        stage_of = [""] * count
        for stage, index in zip(stages, order, strict=True):
            stage_of[index] = stage

        companies = self.customer_companies
        shuffled_companies = companies[:]
        self.rng.shuffle(shuffled_companies)
        first_id = self.next_id("contact")
        change_id = self.next_id("lifecycle_change")
        self.people: list[_Person] = []
        self.lifecycle_rows: list[tuple[Any, ...]] = []
        self.new_leads_by_month: dict[int, int] = {}
        tag_ids = self.tag_ids
        b2b_seen = 0
        for index, (created, source, campaign) in enumerate(arrivals):
            stage = stage_of[index]
            company = None
            if rnd() < 0.78:
                company = (shuffled_companies[b2b_seen] if b2b_seen < len(shuffled_companies)
                           else self.pick(companies))
                b2b_seen += 1
                if company.first_seen < 0:
                    company.first_seen = created
            person = self.make_person(first_id + index, created, stage, source, campaign, company)
            change_id = self.add_lifecycle(person, change_id)
            self.tag_person(person, tag_ids)
            self.people.append(person)

    def make_person(self, person_id: int, created: int, stage: str, source: str,
                    campaign: _Campaign | None, company: _Company | None) -> _Person:
        cal, rnd = self.cal, self.rnd
        nameless = stage == "subscriber" and rnd() < 0.15
        first = self.pick(_FIRST_NAMES)
        last = self.pick(_SURNAMES)
        first_ascii, last_ascii = _ascii(first), _ascii(last)
        if company is not None:
            country = company.country
            style = rnd()
            local = (f"{first_ascii}.{last_ascii}" if style < 0.6
                     else f"{first_ascii[0]}.{last_ascii}" if style < 0.85 else first_ascii)
            email = f"{local}@{company.domain}"
            phone = f"{company.phone[:-2]}{self.between(10, 99)}"
            mobile = f"{self.pick(country.mobile_prefixes)} {self.digits(7)}" if rnd() < 0.5 else ""
            industry = company.industry
            job_title = self.pick(industry.job_titles if industry else _AGENCY_TITLES)
            company_row = company.row
            address, city, postcode, region, country_name = ("", company_row[10],
                                                             company_row[11], company_row[12],
                                                             company_row[13])
        else:
            city_info = self.city_picker.pick(rnd)
            country = COUNTRIES[city_info[2]]
            style = rnd()
            local = (f"{first_ascii}.{last_ascii}{self.between(1, 99)}" if style < 0.5
                     else f"{first_ascii}{last_ascii}" if style < 0.8
                     else f"{first_ascii[0]}{last_ascii}{self.between(60, 99)}")
            email = f"{local}@{self.pick(country.mail_domains)}"
            phone = f"{city_info[4]} {self.digits(3)} {self.digits(4)}" if rnd() < 0.2 else ""
            mobile = f"{self.pick(country.mobile_prefixes)} {self.digits(7)}" if rnd() < 0.7 else ""
            job_title = ""
            address = self.street(country) if stage != "subscriber" else ""
            city, postcode, region, country_name = (city_info[0], self.postcode(city_info),
                                                    city_info[1], country.name)
        if nameless:
            first = last = phone = mobile = ""

        do_not_contact = rnd() < (0.15 if stage == "disqualified" else 0.02)
        opted_in = not do_not_contact and (stage == "subscriber" or rnd() < 0.72)
        opt_in_day = min(cal.today, created // _DAY + int(rnd() * 20 * (stage != "subscriber")))
        notes = self.pick(_CONTACT_NOTES) if rnd() < 0.1 else ""
        row = [person_id, cal.stamp(created), None, first, last, email, phone, mobile, job_title,
               company.id if company else None, stage, None, source,
               campaign.id if campaign else None, int(opted_in),
               cal.texts[opt_in_day] if opted_in else None, int(do_not_contact), address, city,
               postcode, region, country_name, notes, None, None]
        return _Person(person_id, created, first, last, company, stage, created, -1, source,
                       campaign, row, [])

    def add_lifecycle(self, person: _Person, change_id: int) -> int:
        """The contact's walk along the funnel up to its current stage, with times."""
        cal, rnd = self.cal, self.rnd
        final = person.stage
        if final == "disqualified":
            peak = self.pick(("lead", "lead", "lead", "qualified", "qualified", "opportunity"))
        else:
            peak = final
        subscribes = person.source_channel in ("email", "social", "content", "website")
        first = "subscriber" if final == "subscriber" or (subscribes and rnd() < 0.45) else "lead"
        path = list(_FORWARD[_FORWARD.index(first):_FORWARD.index(peak) + 1])
        if len(path) >= 4 and "qualified" in path and rnd() < 0.12:
            path.remove("qualified")
        if final == "disqualified":
            path.append("disqualified")

        created = person.created
        times = [created]
        steps = len(path) - 1
        if steps:
            room = cal.now - created
            if final in ("qualified", "opportunity"):
                last = max(created + 1, cal.now - int(rnd() * min(room, 75 * _DAY)))
            else:
                last = created + 1 + int(rnd() * room)
            last = min(last, cal.now - 1)
            middle = sorted(created + 1 + int(rnd() * max(1, last - created - 1))
                            for _ in range(steps - 1))
            for moment in (*middle, last):
                times.append(max(times[-1], self.working_hours(moment)))
        rows = self.lifecycle_rows
        previous = None
        month_of = cal.month_of
        for stage, moment in zip(path, times, strict=True):
            rows.append((change_id, person.id, previous, stage, cal.stamp(moment)))
            change_id += 1
            previous = stage
            if stage == "lead":
                month = month_of[moment // _DAY]
                self.new_leads_by_month[month] = self.new_leads_by_month.get(month, 0) + 1
            if stage == "customer":
                person.customer_time = moment
        person.stage_time = times[-1]
        return change_id

    def tag_person(self, person: _Person, tag_ids: dict[str, int]) -> None:
        rnd = self.rnd
        tags = person.tags
        if person.row[14] and (person.stage == "subscriber" or rnd() < 0.5):
            tags.append(tag_ids["newsletter"])
        company = person.company
        if company is not None and company.industry is not None and company.industry.tag \
                and rnd() < 0.8:
            tags.append(tag_ids[company.industry.tag])
        if company is None and person.stage != "subscriber" and rnd() < 0.6:
            tags.append(tag_ids["home barista"])
        if person.stage in ("customer", "advocate") and rnd() < 0.15:
            tags.append(tag_ids["VIP"])
        if person.stage in ("lead", "qualified") and rnd() < 0.1:
            tags.append(tag_ids["samples sent"])
        campaign = person.campaign
        if campaign is not None and campaign.channel == "event":
            name = f"trade fair {self.cal.dates[campaign.start].year}"
            if name in tag_ids:
                tags.append(tag_ids[name])
        if rnd() < 0.03:
            tags.append(tag_ids["Christmas gifts"])
        if rnd() < 0.03:
            tags.append(tag_ids["decaf"])

    def write_companies(self) -> None:
        cal, rnd = self.cal, self.rnd
        rows = []
        for company in (*self.customer_companies, *self.agencies):
            if company.first_seen >= 0:
                created = max(0, company.first_seen - self.between(0, 30) * _DAY)
            else:
                created = self.office_time(cal.today - self.between(30, 700))
            updated = min(cal.now, created + int(rnd() * (cal.now - created)))
            company.row[1] = cal.stamp(created)
            company.row[2] = cal.stamp(updated)
            rows.append(company.row)
        self.write("company", "id, created_at, updated_at, name, industry, size_band, website, "
                   "phone, email, address, city, postcode, region, country, notes", rows)

    # --- deals -------------------------------------------------------------------------------

    def make_deals(self) -> None:
        cal, rnd = self.cal, self.rnd
        stages = self.database.execute_sql(
            "SELECT id, kind FROM pipeline_stage ORDER BY position, id").fetchall()
        open_stages = [stage_id for stage_id, kind in stages if kind == "open"]
        won_stage = next(stage_id for stage_id, kind in stages if kind == "won")
        lost_stage = next(stage_id for stage_id, kind in stages if kind == "lost")
        lost_reasons = [name for (name,) in self.database.execute_sql(
            "SELECT name FROM lost_reason ORDER BY position, id")] or ["Other"]

        count = max(MIN_DEALS, round(DEALS_PER_SCALE * self.scale))
        n_won = round(count * 0.36)
        n_lost = round(count * 0.22)
        n_open = count - n_won - n_lost
        by_stage: dict[str, list[_Person]] = {stage: [] for stage in models.LIFECYCLE_STAGES}
        for person in self.people:
            by_stage[person.stage].append(person)

        # Won: the purchase that made a recent customer one, or repeat business this year.
        customers = by_stage["customer"] + by_stage["advocate"]
        buyers = customers[:]
        self.rng.shuffle(buyers)
        recent = cal.now - 400 * _DAY
        plans: list[tuple[_Person, str, int]] = []  # person, status, closing instant
        for index in range(n_won):
            person = buyers[index % len(buyers)]
            if index < len(buyers) and person.customer_time >= recent:
                closing = person.customer_time
            else:
                earliest = max(person.customer_time, cal.now - 365 * _DAY)
                closing = earliest + int(rnd() * (cal.now - _DAY - earliest))
            plans.append((person, "won", max(closing, person.created + _HOUR)))
        # Lost: disqualified contacts first, then earlier tries of people still in play.
        disqualified = by_stage["disqualified"]
        in_play = by_stage["qualified"] + by_stage["opportunity"] + customers
        for index in range(n_lost):
            if index < len(disqualified) and index < n_lost * 0.6:
                person = disqualified[index]
                closing = person.stage_time
            else:
                person = self.pick(in_play)
                room = cal.now - _DAY - person.created
                closing = person.created + int(room * (0.3 + 0.7 * rnd()))
            plans.append((person, "lost", max(closing, person.created + _HOUR)))
        # Open: everyone at "opportunity" has one; the rest are new business from customers.
        opportunities = by_stage["opportunity"][:]
        self.rng.shuffle(opportunities)
        upsell = by_stage["qualified"] + customers
        for index in range(n_open):
            plans.append((opportunities[index] if index < len(opportunities)
                          else self.pick(upsell), "open", -1))
        # More deals in the early stages than near the close.
        open_quota = _quotas(n_open, {str(i): len(open_stages) + 2 - i
                                      for i in range(len(open_stages))}, "0")
        open_positions = [int(i) for i, n in open_quota.items() for _ in range(n)]
        self.rng.shuffle(open_positions)

        first_id = self.next_id("deal")
        line_id = self.next_id("deal_line")
        change_id = self.next_id("deal_stage_change")
        self.deals: list[_Deal] = []
        deal_rows, line_rows, change_rows = [], [], []
        self.won_by_month: dict[int, list[int]] = {}
        open_index = 0
        for offset, (person, status, closing) in enumerate(plans):
            deal_id = first_id + offset
            company = person.company
            if company is not None and company.industry is not None:
                kind = DEAL_KINDS[self.pick(company.industry.deal_kinds)]
                party = company.name
            else:
                kind = DEAL_KINDS[self.pick(_CONSUMER_DEAL_KINDS)]
                party = f"{person.first_name} {person.last_name}".strip() or person.row[5]
            title = f"{party} – {kind.label}"

            # Stage path and when each step happened.
            skip_first = len(open_stages) > 1 and rnd() < 0.25
            if status == "open":
                top = open_positions[open_index]
                open_index += 1
                path = open_stages[int(skip_first and top > 0):top + 1]
                if person.stage == "opportunity":
                    start = max(person.created, person.stage_time - int(rnd() * 3 * _DAY))
                else:
                    start = max(person.created, cal.now - int(rnd() * 90 * _DAY))
                end = start + int((cal.now - start) * (0.2 + 0.75 * rnd()))
            else:
                if status == "won":
                    top = len(open_stages) - 1 - int(rnd() < 0.3 and len(open_stages) > 2)
                    path = [*open_stages[int(skip_first):top + 1], won_stage]
                else:
                    top = int(rnd() * len(open_stages))
                    path = [*open_stages[int(skip_first and top > 0):top + 1], lost_stage]
                end = min(closing, cal.now - _HOUR)
                cycle = self.between(*kind.cycle_days) * _DAY
                start = max(person.created, end - cycle)
            start = min(start, end)
            if len(path) == 1:
                end = start
            times = sorted(start + int(rnd() * (end - start)) for _ in range(len(path) - 2))
            times = [self.working_hours(moment)
                     for moment in ([start, *times, end] if len(path) > 1 else [start])]
            start, end = times[0], times[-1]
            previous = None
            for stage_id, moment in zip(path, times, strict=True):
                change_rows.append((change_id, deal_id, previous, stage_id, cal.stamp(moment)))
                change_id += 1
                previous = stage_id

            amount, line_id = self.add_lines(deal_id, kind, person.campaign, start, line_rows,
                                             line_id)
            end_day = end // _DAY
            probability = next_step = next_step_day = None
            reason = ""
            closed_on = None
            if status == "open":
                # Fixed shares rather than chance, so that even a tiny demo shows overdue
                # deals, deals without a next step and a probability set by hand.
                share = open_index % 10
                if share in (1, 6):
                    expected = cal.today - self.between(1, 25)
                else:
                    expected = cal.today + self.between(0, 90)
                if share == 7:
                    probability = self.pick((15, 35, 60, 80, 90))
                if share not in (3, 8):
                    next_step = self.pick(_NEXT_STEPS)
                    next_step_day = cal.texts[cal.today + self.between(-10, 21)]
            else:
                expected = end_day + int(-20 + rnd() * 35)
                closed_on = cal.texts[end_day]
                if status == "won":
                    reason = self.pick(_WON_REASONS)
                    month = cal.month_of[end_day]
                    self.won_by_month.setdefault(month, []).append(amount)
                    if kind.tag:
                        self.add_tag(person, kind.tag)
                else:
                    reason = self.pick(lost_reasons)
                    if reason == "Price":
                        self.add_tag(person, "price sensitive")
            if kind.tag == "wholesale" and status != "lost":
                self.add_tag(person, "wholesale")
            row = [deal_id, cal.stamp(start), cal.stamp(max(end, start)), title, person.id,
                   company.id if company else None, path[-1], amount, probability,
                   cal.texts[min(expected, len(cal.texts) - 1)], status, closed_on, reason,
                   person.campaign.id if person.campaign else None, next_step or "",
                   next_step_day, self.pick(_DEAL_NOTES) if rnd() < 0.2 else "", cal.stamp(end)]
            deal_rows.append(row)
            self.deals.append(_Deal(deal_id, title, person, start,
                                    end if status != "open" else -1))

        self.write("deal", "id, created_at, updated_at, title, contact_id, company_id, stage_id, "
                   "amount, probability_override, expected_close, status, closed_on, "
                   "close_reason, source_campaign_id, next_step, next_step_date, notes, "
                   "stage_entered_at", deal_rows)
        self.write("deal_line", "id, deal_id, product_id, description, quantity, unit_price, "
                   "discount_pct", line_rows)
        self.write("deal_stage_change", "id, deal_id, from_stage_id, to_stage_id, changed_at",
                   change_rows)

    def add_tag(self, person: _Person, name: str) -> None:
        tag_id = self.tag_ids[name]
        if tag_id not in person.tags:
            person.tags.append(tag_id)

    def add_lines(self, deal_id: int, kind: _DealKind, campaign: _Campaign | None, start: int,
                  rows: list[tuple[Any, ...]], line_id: int) -> tuple[int, int]:
        """The deal's product lines; returns (amount in cents, next line id)."""
        rnd = self.rnd
        offer_applies = (campaign is not None and campaign.offer_tenths
                         and campaign.offer_start <= start // _DAY <= campaign.offer_end + 14)
        negotiated = self.pick((50, 100, 100, 150, 75)) if rnd() < 0.2 else 0
        amount = 0
        for sku, least, most in kind.lines:
            quantity = self.between(least, most)
            if quantity == 0:
                continue
            product_id = self.product_ids[sku]
            price = self.product_price[sku]
            discount = 0
            if offer_applies and product_id in campaign.offer_product_ids:
                discount = campaign.offer_tenths
            elif negotiated and rnd() < 0.6:
                discount = negotiated
            # Half-up to the cent, as money.to_minor does: quantity × price × (1 − d/100).
            amount += (quantity * price * (1000 - discount) + 500) // 1000
            rows.append((line_id, deal_id, product_id, self.product_name[sku], str(quantity),
                         price, _percent_text(discount)))
            line_id += 1
        return amount, line_id

    # --- activities --------------------------------------------------------------------------

    def make_activities(self) -> None:
        self.activity_id = self.next_id("activity")
        self.done_by_month: dict[int, int] = {}
        columns = ("id, created_at, updated_at, kind, subject, notes, due_date, due_at, "
                   "duration_minutes, done, done_at, role, contact_id, company_id, deal_id, "
                   "campaign_id")
        deliverables = list(self.deliverable_rows())
        self.write("activity", columns, deliverables)
        total = max(MIN_SALES_ACTIVITIES + len(deliverables),
                    round(ACTIVITIES_PER_SCALE * self.scale))
        self.write("activity", columns, self.sales_activity_rows(total - len(deliverables)))

    def deliverable_rows(self) -> Iterator[tuple[Any, ...]]:
        cal, rnd = self.cal, self.rnd
        for campaign in self.campaigns:
            if campaign.status == "cancelled":
                continue
            items = _DELIVERABLES[campaign.channel]
            duration = campaign.end - campaign.start + 1
            count = {"email": min(4, 2 + duration // 10), "social": min(10, 2 + duration // 7),
                     "paid_ads": min(4, 2 + duration // 20),
                     "content": min(4, 1 + duration // 15)}.get(campaign.channel, len(items))
            lead_time = 45 if campaign.channel == "event" else 10
            first = campaign.start - lead_time
            span = campaign.end - first
            agency_id = campaign.agency.id if campaign.agency else None
            for index in range(count):
                item = (items[index] if campaign.channel in ("event", "print", "pr", "partner",
                                                             "referral", "other", "email")
                        else items[int(rnd() * len(items))])
                day = min(campaign.end, first + int((index + 0.3 + 0.6 * rnd()) * span / count))
                due = day * _DAY + 8 * _HOUR
                done = day < cal.today and (campaign.status == "done" or rnd() < 0.9)
                done_at = None
                if done:
                    finished = min(cal.now - _HOUR, due + int(rnd() * 9 * _HOUR))
                    done_at = cal.stamp(finished)
                    month = cal.month_of[finished // _DAY]
                    self.done_by_month[month] = self.done_by_month.get(month, 0) + 1
                created = min(campaign.created, due)
                activity_id = self.activity_id
                self.activity_id += 1
                yield (activity_id, cal.stamp(created), done_at or cal.stamp(created),
                       "deliverable", f"{item} – {campaign.name}", "", cal.texts[day], None,
                       self.between(2, 16) * 15, int(done), done_at, "marketing", None, agency_id,
                       None, campaign.id)

    def sales_activity_rows(self, count: int) -> Iterator[tuple[Any, ...]]:
        cal, rnd = self.cal, self.rnd
        window_start = cal.today - _ACTIVITY_PAST_DAYS
        weeks = (_ACTIVITY_PAST_DAYS + _ACTIVITY_AHEAD_DAYS) // 7 + 2
        # Deals that are in progress in each week, for activities about a deal.
        alive: list[list[_Deal]] = [[] for _ in range(weeks)]
        for deal in self.deals:
            first_week = max(0, (deal.created // _DAY - window_start) // 7)
            last_day = deal.closed // _DAY if deal.closed >= 0 else cal.today + _ACTIVITY_AHEAD_DAYS
            last_week = min(weeks - 1, (last_day - window_start) // 7)
            for week in range(first_week, last_week + 1):
                alive[week].append(deal)
        people = self.people
        arrival_days = [person.created // _DAY for person in people]
        customers = self.customer_companies
        kind_picker = _Weighted([(kind, spec[1]) for kind, spec in _ACTIVITY_KINDS.items()])
        touches = ("call", "email", "meeting")
        # A busy week: the owner's current week is fuller than the average.
        week_extra = max(6, round(count * 0.005))
        month_of, texts, stamp = cal.month_of, cal.texts, cal.stamp
        for index in range(count):
            if index < week_extra:
                day = cal.week_start + int(rnd() * 7)
            elif rnd() < 0.75:
                day = cal.today - 1 - int(rnd() * _ACTIVITY_PAST_DAYS)
            else:
                day = cal.today + int(rnd() * (_ACTIVITY_AHEAD_DAYS + 1))
            kind = kind_picker.pick(rnd)
            subjects, _, (least, most), step = _ACTIVITY_KINDS[kind]
            timed = kind in ("call", "meeting")
            due = day * _DAY + 7 * _HOUR + int(rnd() * 19) * 1800 if timed else \
                day * _DAY + 8 * _HOUR
            minutes = least + int(rnd() * ((most - least) // step + 1)) * step

            person = deal = company = None
            role = "sales"
            subject = ""
            link = rnd()
            if link < 0.55:
                candidates = alive[(day - window_start) // 7]
                if candidates:
                    deal = candidates[int(rnd() * len(candidates))]
                    person = deal.person
                    company = person.company
                    subject = f"{self.pick(subjects)}: {deal.title}"
            if subject == "" and link < 0.93:
                known = bisect.bisect_right(arrival_days, day)
                if known:
                    person = people[int(rnd() * known)]
                    company = person.company
                    who = company.name if company else (
                        f"{person.first_name} {person.last_name}".strip() or person.row[5])
                    subject = f"{self.pick(subjects)}: {who}"
            if subject == "":
                if kind in ("task", "deadline") or rnd() < 0.5:
                    subject, role = self.pick(_INTERNAL_TASKS)
                    kind, timed, due = "task", False, day * _DAY + 8 * _HOUR
                else:
                    company = customers[int(rnd() * len(customers))]
                    subject = f"{self.pick(subjects)}: {company.name}"

            # Most past items got done; this morning's only partly; nothing ahead is done yet.
            done = due < cal.now and (rnd() < 0.93 if day < cal.today else rnd() < 0.6)
            done_at = None
            if done:
                finished = min(cal.now - 60, due + minutes * 60 + int(rnd() * 2 * _HOUR))
                done_at = stamp(finished)
                month = month_of[finished // _DAY]
                self.done_by_month[month] = self.done_by_month.get(month, 0) + 1
                if person is not None and kind in touches and finished > person.last_touch:
                    person.last_touch = finished
            created = min(due, self.working_hours(max(0, min(due, cal.now)
                                                      - int(rnd() * 14 * _DAY))))
            if person is not None:
                created = max(created, min(person.created, due))
            activity_id = self.activity_id
            self.activity_id += 1
            yield (activity_id, stamp(created), done_at or stamp(created), kind, subject,
                   self.pick(_ACTIVITY_NOTES) if rnd() < 0.15 else "", texts[day],
                   stamp(due) if timed else None, minutes, int(done), done_at, role,
                   person.id if person else None, company.id if company else None,
                   deal.id if deal else None, None)

    # --- writing contacts -----------------------------------------------------------------

    def write_people(self) -> None:
        cal, rnd = self.cal, self.rnd
        follow_up_stages = ("lead", "qualified", "opportunity", "customer")

        def rows() -> Iterator[list[Any]]:
            for person in self.people:
                row = person.row
                # Touches that left no activity behind (a chat at the counter, a reply).
                if person.stage != "subscriber" and rnd() < 0.5:
                    person.last_touch = person.stage_time
                    row[23] = cal.stamp(person.stage_time)
                if person.stage in follow_up_stages and not row[16] and rnd() < 0.4:
                    row[24] = cal.texts[cal.today + int(-14 + rnd() * 45)]
                row[11] = cal.stamp(person.stage_time)
                row[2] = row[11]
                person.touch_written = person.last_touch
                yield [*row, contact_sort_key(row[3], row[4], row[5])]

        self.write("contact", "id, created_at, updated_at, first_name, last_name, email, phone, "
                   "mobile, job_title, company_id, lifecycle_stage, stage_changed_at, "
                   "source_channel, source_campaign_id, marketing_opt_in, opt_in_date, "
                   "do_not_contact, address, city, postcode, region, country, notes, "
                   "last_touch_at, next_follow_up, sort_name", rows())
        self.write("lifecycle_change", "id, contact_id, from_stage, to_stage, changed_at",
                   self.lifecycle_rows)
        self.lifecycle_rows = []

    def write_contact_tags(self) -> None:
        """After the deals, which tag their buyers ("machine owner", "wholesale"...)."""
        self.write("contact_tag", "contact_id, tag_id",
                   [(person.id, tag_id) for person in self.people for tag_id in person.tags])

    def write_last_touches(self) -> None:
        """The latest call, email or meeting with each contact, once the activities exist."""
        stamp = self.cal.stamp
        rows = [(stamp(p.last_touch), stamp(max(p.last_touch, p.stage_time)), p.id)
                for p in self.people if p.last_touch != p.touch_written]
        self.cursor.executemany(
            "UPDATE contact SET last_touch_at = ?, updated_at = ? WHERE id = ?", rows)

    # --- goals and settings ------------------------------------------------------------------

    def make_goals(self) -> None:
        """Monthly and quarterly targets near what the business actually achieved."""
        cal, rnd = self.cal, self.rnd
        today = cal.dates[cal.today]
        actual = {
            "won_revenue": {m: sum(v) for m, v in self.won_by_month.items()},
            "deals_won": {m: len(v) for m, v in self.won_by_month.items()},
            "new_leads": self.new_leads_by_month,
            "activities_done": self.done_by_month,
        }
        this_month = today.year * 12 + today.month - 1
        first_quarter = (this_month - 12) - (this_month - 12) % 3
        last_quarter = (this_month + 3) - (this_month + 3) % 3
        months = range(first_quarter - this_month, last_quarter + 3 - this_month)
        targets: dict[str, dict[int, int]] = {}
        for metric in models.GOAL_METRICS:
            past = [actual[metric].get(m, 0) for m in range(-12, 0)]
            base = max(1.0, sum(past) / len(past))
            per_month = {}
            for month in months:
                ambition = (0.95 + 0.2 * rnd()) if month < 0 else (1.05 + 0.15 * rnd())
                value = base * ambition
                if metric == "won_revenue":
                    per_month[month] = max(10_000, round(value / 10_000) * 10_000)
                else:
                    per_month[month] = max(1, round(value))
            targets[metric] = per_month

        def first_day(month: int) -> str:
            year, index = divmod(this_month + month, 12)
            return date(year, index + 1, 1).isoformat()

        rows = []
        goal_id = self.next_id("goal")
        for metric in models.GOAL_METRICS:
            for month in range(-12, 4):
                rows.append((goal_id, "month", first_day(month), metric, targets[metric][month]))
                goal_id += 1
            for quarter in range(first_quarter - this_month, last_quarter - this_month + 1, 3):
                total = sum(targets[metric][quarter + i] for i in range(3))
                if metric == "won_revenue":
                    total = round(total / 50_000) * 50_000
                rows.append((goal_id, "quarter", first_day(quarter), metric, total))
                goal_id += 1
        self.write("goal", "id, period, period_start, metric, target", rows,
                   verb="INSERT OR IGNORE")

    def write_settings(self) -> None:
        self.write("setting", "key, value",
                   [("business_name", json.dumps(BUSINESS_NAME, ensure_ascii=False)),
                    ("currency", json.dumps(CURRENCY))], verb="INSERT OR REPLACE")


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

_MUST_BE_EMPTY = ("contact", "deal", "campaign", "company", "activity")
# The tables filled in bulk; their (non-unique) indexes are built once, after the load.
_BULK_TABLES = ("company", "campaign", "campaign_product", "campaign_expense", "contact",
                "lifecycle_change", "contact_tag", "deal", "deal_line", "deal_stage_change",
                "activity")


@contextmanager
def _indexes_built_afterwards(database: Database, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables``; create them again on leaving.

    One sorted build per index is about twice as fast as updating 7-9 indexes row by row.
    Unique indexes stay, so that constraints hold during the load. Must run inside the
    caller's transaction: if the load fails, the rollback brings the indexes back.
    """
    marks = ", ".join("?" * len(tables))
    definitions = database.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
        list(tables)).fetchall()
    for name, _ in definitions:
        database.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in definitions:
        database.execute_sql(sql)


def build_demo(database: Database, *, scale: float = 1, seed: int = 1,
               today: date | None = None,
               progress: ProgressCallback | None = None) -> dict[str, int]:
    """Fill the opened, migrated, empty workspace ``database`` with a demo business.

    Deterministic for the same ``scale``, ``seed`` and ``today`` (default: the current date).
    Returns the number of rows written per table. Raises ``ValueError`` if the workspace
    already holds contacts, companies, deals, campaigns or activities, or for a scale <= 0.
    One transaction: on any error nothing is written.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale!r}")
    for table in _MUST_BE_EMPTY:
        if database.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]:
            raise ValueError("Demo data can only be added to an empty workspace; "
                             f"this one already has rows in {table!r}.")
    report = progress or (lambda stage, fraction: None)
    calendar = _Calendar(today or date.today())
    # The index must be rebuilt inside the transaction, so that a failure restores it too.
    with database.atomic(), search.deferred_index(database):
        with _indexes_built_afterwards(database, _BULK_TABLES):
            builder = _DemoBuilder(database, scale=scale, rng=random.Random(seed),
                                   calendar=calendar, progress=report)
            counts = builder.run()
            report("Building indexes", 0.6)
        report("Building the search index", 0.7)
    report("Done", 1.0)
    return dict(sorted(counts.items()))


def main_counts_summary(counts: dict[str, int]) -> str:
    """One line for the command line, e.g. 'Demo data: 500 contacts, 125 companies, ...'."""
    labels = (("contact", "contacts"), ("company", "companies"), ("deal", "deals"),
              ("activity", "activities"), ("campaign", "campaigns"), ("product", "products"),
              ("goal", "goals"))
    parts = [f"{counts.get(table, 0):,} {label}" for table, label in labels]
    total = sum(counts.values())
    return f"Demo data: {', '.join(parts)} ({total:,} rows in all)."
