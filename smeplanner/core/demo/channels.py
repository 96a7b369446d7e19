"""Marketing channels in the demo: how campaigns on each are sized, named, run and paid for."""

from __future__ import annotations

CHANNEL_WEIGHTS = {"email": 16, "social": 16, "paid_ads": 12, "content": 10, "event": 8,
                   "print": 8, "pr": 5, "partner": 6, "referral": 5, "other": 6}
# How many contacts a day of each channel brings in, relatively.
CHANNEL_PULL = {"email": 1.5, "social": 2, "paid_ads": 3, "content": 1.5, "event": 4, "print": 1,
                "pr": 0.5, "partner": 0.7, "referral": 0.7, "other": 1}
CHANNEL_DAYS = {"email": (5, 14), "social": (21, 60), "paid_ads": (14, 60), "content": (30, 90),
                "event": (1, 3), "print": (14, 35), "pr": (7, 30), "partner": (30, 90),
                "referral": (45, 120), "other": (7, 30)}
# Budget range in whole euros, rounded to 50.
CHANNEL_BUDGET = {"email": (150, 900), "social": (400, 2_500), "paid_ads": (1_500, 8_000),
                  "content": (600, 3_000), "event": (3_000, 14_000), "print": (900, 5_000),
                  "pr": (500, 4_000), "partner": (300, 2_000), "referral": (300, 1_500),
                  "other": (200, 1_500)}
CHANNEL_OBJECTIVES = {"email": ("retention", "sales", "leads"), "social": ("awareness", "leads"),
                      "paid_ads": ("leads", "sales"), "content": ("awareness", "leads"),
                      "event": ("leads", "sales"), "print": ("awareness", "leads", "sales"),
                      "pr": ("awareness",), "partner": ("leads", "sales"),
                      "referral": ("leads",), "other": ("sales", "retention")}
AGENCY_CHANNELS = {"social": 0.4, "paid_ads": 0.6, "content": 0.3, "event": 0.7, "print": 0.8,
                   "pr": 0.9}
DIGITAL_CHANNELS = ("email", "social", "paid_ads", "content")
CAMPAIGN_NAMES = {
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
CAMPAIGN_NOTES = {
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
DELIVERABLES = {
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
EXPENSES = {
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
OFFER_WORDS = ("CREMA", "BARISTA", "ROAST", "BEANS", "ESPRESSO", "HOME", "OFFICE", "ABO")
OFFER_PCTS = (50, 100, 100, 150, 150, 200, 125)  # tenths of a percent
