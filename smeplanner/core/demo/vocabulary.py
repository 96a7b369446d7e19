"""The demo business: what it sells, who its customers are and where, and how many of each."""

from __future__ import annotations

from dataclasses import dataclass

from smeplanner.core import models

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
PROMOTABLE_SKUS = ("RW-ESP-1000", "RW-CRM-1000", "RW-ETH-250", "RW-DEC-1000", "RW-ABO-2000",
                   "RW-MCH-1G", "RW-GRD-64", "RW-SVC-TRN", "RW-SVC-CTR", "RW-ACC-SET")


@dataclass(frozen=True)
class DealKind:
    label: str
    # (SKU, least quantity, most quantity); a least of 0 makes the line optional.
    lines: tuple[tuple[str, int, int], ...]
    cycle_days: tuple[int, int]
    tag: str = ""


DEAL_KINDS: dict[str, DealKind] = {
    "fitout": DealKind("Café fit-out", (("RW-MCH-2G", 1, 1), ("RW-GRD-64", 1, 2),
                                        ("RW-SVC-TRN", 1, 2), ("RW-ACC-FLT", 2, 4),
                                        ("RW-GAS-6000", 2, 6)), (30, 100), "machine owner"),
    "wholesale": DealKind("Wholesale coffee supply", (("RW-GAS-6000", 10, 60),
                                                      ("RW-ESP-1000", 10, 80),
                                                      ("RW-DEC-1000", 0, 12)), (14, 60),
                          "wholesale"),
    "office": DealKind("Office coffee package", (("RW-RNT-2G", 12, 24), ("RW-CRM-1000", 24, 120),
                                                 ("RW-SVC-CTR", 1, 1)), (21, 75),
                       "office coffee"),
    "service": DealKind("Maintenance contract", (("RW-SVC-CTR", 1, 3), ("RW-SVC-MNT", 0, 4)),
                        (7, 40), "service contract"),
    "training": DealKind("Barista training", (("RW-SVC-TRN", 1, 4), ("RW-ACC-SET", 0, 4)),
                         (5, 30)),
    "hotel": DealKind("Breakfast coffee service", (("RW-MCH-2G", 1, 2), ("RW-CRM-1000", 40, 200),
                                                   ("RW-DEC-1000", 5, 30), ("RW-SVC-CTR", 1, 2)),
                      (30, 120), "machine owner"),
    "home": DealKind("Home barista bundle", (("RW-MCH-1G", 1, 1), ("RW-GRD-64", 0, 1),
                                             ("RW-ACC-SET", 1, 1), ("RW-ESP-1000", 1, 4)),
                     (3, 25), "machine owner"),
    "subscription": DealKind("Coffee subscription", (("RW-ABO-2000", 6, 12),), (2, 14)),
    "retail": DealKind("Retail shelf: roasted beans", (("RW-ETH-250", 24, 120),
                                                       ("RW-ESP-1000", 12, 48)), (10, 45),
                       "wholesale"),
}


@dataclass(frozen=True)
class Industry:
    name: str
    weight: int
    size_weights: tuple[int, ...]  # over models.SIZE_BANDS
    name_patterns: tuple[str, ...]
    job_titles: tuple[str, ...]
    deal_kinds: tuple[str, ...]
    tag: str = ""


INDUSTRIES: tuple[Industry, ...] = (
    Industry("Café", 30, (10, 60, 27, 3, 0, 0),
             ("Café {surname}", "{word} Coffee", "Espressobar {word}", "Kaffeehaus {surname}",
              "Café am {place}", "{word} Kaffeebar"),
             ("Owner", "Co-owner", "Café Manager", "Head Barista"),
             ("fitout", "wholesale", "training", "service"), "café owner"),
    Industry("Restaurant", 14, (2, 40, 50, 8, 0, 0),
             ("Restaurant {surname}", "Trattoria {word}", "Bistro {word}", "Gasthaus am {place}"),
             ("Owner", "Restaurant Manager", "Head Chef", "F&B Manager"),
             ("wholesale", "fitout", "service"), "hotel & gastro"),
    Industry("Hotel", 8, (0, 10, 50, 35, 5, 0),
             ("Hotel {word}", "Hotel am {place}", "Landhotel {surname}", "{word} Boutique Hotel"),
             ("General Manager", "F&B Manager", "Purchasing Manager", "Breakfast Supervisor"),
             ("hotel", "wholesale", "service", "training"), "hotel & gastro"),
    Industry("Bakery", 10, (0, 40, 45, 15, 0, 0),
             ("Bäckerei {surname}", "Backhaus {surname}", "Konditorei {word}"),
             ("Owner", "Master Baker", "Branch Manager"),
             ("wholesale", "fitout", "training")),
    Industry("Corporate office", 16, (0, 15, 35, 30, 15, 5),
             ("{surname} & Partner", "{word} Consulting", "{surname} Steuerberatung",
              "{word}tech", "{surname} Architekten"),
             ("Office Manager", "Facility Manager", "Head of Workplace", "Purchasing Manager",
              "Managing Director", "Assistant to the CEO"),
             ("office", "service", "subscription"), "office coffee"),
    Industry("Coworking", 4, (0, 60, 40, 0, 0, 0),
             ("{word} Coworking", "Werkraum {place}", "{word} Hub"),
             ("Founder", "Community Manager"),
             ("office", "subscription"), "office coffee"),
    Industry("Catering", 6, (0, 30, 55, 15, 0, 0),
             ("{surname} Catering", "{word} Events & Catering"),
             ("Managing Director", "Event Manager", "Head Chef"),
             ("wholesale", "hotel", "training"), "hotel & gastro"),
    Industry("Delicatessen", 6, (20, 70, 10, 0, 0, 0),
             ("Feinkost {surname}", "{word} Delikatessen", "Kaffee & Tee {surname}"),
             ("Owner", "Store Manager", "Buyer"),
             ("retail", "wholesale")),
)
CONSUMER_DEAL_KINDS = ("home", "home", "subscription", "training")

AGENCIES: tuple[tuple[str, str], ...] = (
    ("Kreativbüro Nordlicht", "Marketing agency"),
    ("Pixelfabrik Digital", "Marketing agency"),
    ("Druckerei Hofmann & Söhne", "Print shop"),
    ("Messebau Krüger", "Event services"),
    ("PR-Agentur Wortwerk", "PR agency"),
    ("Social Sisters Media", "Marketing agency"),
    ("Fotostudio Lichtblick", "Photography"),
)
AGENCY_NAME_PARTS = (("Blau", "Grün", "Kupfer", "Fuchs", "Nord", "Süd", "Leucht", "Ideen"),
                     ("werk", "raum", "haus", "kontor", "labor", "schmiede"))
AGENCY_TITLES = ("Account Manager", "Creative Director", "Managing Director", "Project Manager")

SURNAMES = (
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
FIRST_NAMES = (
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
NAME_WORDS = ("Morgenrot", "Kupfer", "Nordstern", "Silberlöffel", "Sonnenblume", "Goldmund",
              "Kranich", "Eiche", "Mühlstein", "Fuchsbau", "Laterne", "Pusteblume", "Seeblick",
              "Bergblick", "Zimt", "Anker", "Kompass", "Bohne", "Lindgrün", "Rabe", "Amsel",
              "Kastanie", "Holunder", "Feldlerche")
PLACES = ("Markt", "Hafen", "Dom", "Park", "See", "Bahnhof", "Rathaus", "Schlossplatz", "Ufer")


@dataclass(frozen=True)
class Country:
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
COUNTRIES: dict[str, Country] = {
    "DE": Country("Germany", "de", ("GmbH", "GmbH", "UG", "e.K.", "GmbH & Co. KG"),
                  ("+49 151", "+49 160", "+49 170", "+49 176"),
                  ("gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de"),
                  _DE_STREETS),
    "AT": Country("Austria", "at", ("GmbH", "KG", "OG"), ("+43 664", "+43 676", "+43 699"),
                  ("gmx.at", "aon.at", "gmail.com", "chello.at"),
                  ("Mariahilfer Straße", "Landstraße", "Herrengasse", "Kärntner Straße",
                   "Getreidegasse", "Hauptplatz")),
    "CH": Country("Switzerland", "ch", ("AG", "GmbH"), ("+41 76", "+41 78", "+41 79"),
                  ("bluewin.ch", "gmail.com", "gmx.ch", "sunrise.ch"),
                  ("Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Marktgasse", "Limmatquai")),
    "NL": Country("Netherlands", "nl", ("B.V.",), ("+31 6",), ("ziggo.nl", "gmail.com",
                                                               "kpnmail.nl", "outlook.com"),
                  ("Prinsengracht", "Keizersgracht", "Kalverstraat", "Oudegracht",
                   "Witte de Withstraat"), office_mailboxes=("info", "hallo", "contact")),
    "UK": Country("United Kingdom", "co.uk", ("Ltd",), ("+44 7700", "+44 7911", "+44 7421"),
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
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Where contacts come from when no campaign brought them.
ORGANIC_SOURCES = (("website", 34), ("direct", 18), ("referral", 16), ("import", 10),
                   ("event", 6), ("partner", 6), ("social", 6), ("email", 4))
# Share of contacts per lifecycle stage (percent): many subscribers and leads, fewer customers.
FUNNEL_SHARES = {"subscriber": 30, "lead": 27, "qualified": 14, "opportunity": 2,
                 "customer": 16, "advocate": 4, "disqualified": 7}
FORWARD = ("subscriber", "lead", "qualified", "opportunity", "customer", "advocate")
DEPTH = {"subscriber": 0, "lead": 1, "disqualified": 1.5, "qualified": 2, "opportunity": 3,
         "customer": 4, "advocate": 5}

WON_REASONS = ("Tasting convinced them", "Best service package in the region",
               "Fast installation date", "Good price for the bundle",
               "Happy with our beans for years", "Recommended by another customer",
               "Training included")
NEXT_STEPS = ("Send proposal", "Follow-up call", "Tasting at their place", "Send samples",
              "Demo of the Duetto machine", "Send contract for signature",
              "Agree installation date", "Answer questions on the service contract",
              "Check budget with the owner", "Schedule barista training")
DEAL_NOTES = ("Currently on a competitor's beans.", "Wants installation before the summer season.",
              "Needs approval from head office.", "Comparing with a leasing offer.",
              "Second location opens next year.")
COMPANY_NOTES = ("Deliveries only before 10:00.", "Two locations in town.",
                 "Pays by direct debit.", "Owner prefers WhatsApp.",
                 "Contract with a competitor ends in spring.")
CONTACT_NOTES = ("Prefers calls in the morning.", "Met at a cupping evening.",
                 "Interested in decaf for the evening menu.", "Loves the Ethiopia roast.",
                 "Ask about the second location.", "Speaks English and German.")

# kind: (subjects, weight, minutes range, minutes step)
ACTIVITY_KINDS: dict[str, tuple[tuple[str, ...], int, tuple[int, int], int]] = {
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
INTERNAL_TASKS = (("Order green coffee", "sales"), ("Roast plan for next week", "sales"),
                  ("Update price list", "sales"), ("Plan next newsletter", "marketing"),
                  ("Review ad performance", "marketing"), ("Photo shoot for new roast",
                                                           "marketing"))
# The owner's own marketing work in the current week, with how long each takes (minutes).
MARKETING_WEEK_TASKS = (("Write the newsletter", 120), ("Plan next month's posts", 90),
                        ("Photograph the new roast", 120), ("Update the website shop", 60),
                        ("Review ad results", 45), ("Draft a blog post on brewing", 120),
                        ("Answer reviews and comments", 30))
ACTIVITY_NOTES = ("Discussed grind settings and delivery rhythm.", "Asked for a second quote.",
                  "Wants to try the decaf.", "Call back after the holidays.",
                  "Machine needs descaling soon.")

TAG_NAMES = ("VIP", "newsletter", "wholesale", "café owner", "home barista", "office coffee",
             "hotel & gastro", "service contract", "machine owner", "samples sent",
             "Christmas gifts", "decaf", "price sensitive")
