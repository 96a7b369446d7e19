"""The app's fixed vocabularies: stored as their key, with labels for display.

Kept apart from the schema so that widgets can list them without importing the models.
"""

from __future__ import annotations

LIFECYCLE_STAGES = ("subscriber", "lead", "qualified", "opportunity", "customer", "advocate",
                    "disqualified")
LIFECYCLE_LABELS = {"subscriber": "Subscriber", "lead": "Lead", "qualified": "Qualified",
                    "opportunity": "Opportunity", "customer": "Customer", "advocate": "Advocate",
                    "disqualified": "Disqualified"}
CHANNELS = ("email", "social", "paid_ads", "content", "event", "print", "pr", "partner",
            "referral", "other")
CHANNEL_LABELS = {"email": "Email", "social": "Social", "paid_ads": "Paid ads",
                  "content": "Content/blog", "event": "Event", "print": "Print", "pr": "PR",
                  "partner": "Partner", "referral": "Referral", "other": "Other"}
# Where a contact came from: a marketing channel, or a way in that no campaign runs.
SOURCE_CHANNELS = (*CHANNELS, "website", "direct", "import")
OBJECTIVES = ("awareness", "leads", "sales", "retention")
CAMPAIGN_STATUSES = ("planned", "active", "paused", "done", "cancelled")
DEAL_STATUSES = ("open", "won", "lost")
STAGE_KINDS = ("open", "won", "lost")
ACTIVITY_KINDS = ("call", "email", "meeting", "task", "deliverable", "deadline")
ACTIVITY_LABELS = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "Task",
                   "deliverable": "Deliverable", "deadline": "Deadline"}
ROLES = ("sales", "marketing")
SIZE_BANDS = ("1", "2-9", "10-49", "50-249", "250-999", "1000+")
GOAL_METRICS = ("won_revenue", "deals_won", "new_leads", "activities_done")
GOAL_PERIODS = ("month", "quarter")
SOURCE_LABELS = {**CHANNEL_LABELS, "website": "Website", "direct": "Direct", "import": "Import"}
CAMPAIGN_STATUS_LABELS = {"planned": "Planned", "active": "Active", "paused": "Paused",
                          "done": "Done", "cancelled": "Cancelled"}
# A campaign deliverable's progress; "done" always goes with the activity's done flag.
DELIVERABLE_STAGES = ("idea", "in_progress", "scheduled", "done")
DELIVERABLE_STAGE_LABELS = {"idea": "Idea", "in_progress": "In progress",
                            "scheduled": "Scheduled", "done": "Done"}
# Who is making it: the owner, or the agency/vendor the campaign works with.
DELIVERABLE_OWNERS = ("me", "agency")
DELIVERABLE_OWNER_LABELS = {"me": "Me", "agency": "Agency"}
DELIVERABLE_KINDS = ("post", "newsletter", "ad", "flyer", "event", "landing_page", "video",
                     "other")
DELIVERABLE_KIND_LABELS = {"post": "Post", "newsletter": "Newsletter", "ad": "Ad",
                           "flyer": "Flyer", "event": "Event", "landing_page": "Landing page",
                           "video": "Video", "other": "Other"}
