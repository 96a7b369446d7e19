"""The schema: peewee models of one workspace (bound to ``db`` once it is opened).

Money is a :class:`MoneyField` (integer minor units), instants are
:class:`UTCDateTimeField` (UTC text), all-day dates are plain ``DateField``.
"""

from __future__ import annotations

import peewee
from peewee import (
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from smeplanner.core.fields import DecimalTextField, MoneyField, UTCDateTimeField
from smeplanner.core.timeutil import utcnow
from smeplanner.core.vocabulary import (  # noqa: F401 - re-exported for the services
    ACTIVITY_KINDS,
    ACTIVITY_LABELS,
    CAMPAIGN_STATUSES,
    CHANNEL_LABELS,
    CHANNELS,
    DEAL_STATUSES,
    DELIVERABLE_KINDS,
    DELIVERABLE_OWNERS,
    DELIVERABLE_STAGES,
    GOAL_METRICS,
    GOAL_PERIODS,
    LIFECYCLE_LABELS,
    LIFECYCLE_STAGES,
    OBJECTIVES,
    ROLES,
    SIZE_BANDS,
    SOURCE_CHANNELS,
    STAGE_KINDS,
)


class _Savepoint(peewee._savepoint):
    def rollback(self, begin: bool = True) -> None:
        if self.db.connection().in_transaction:
            super().rollback(begin)


class WorkspaceDatabase(SqliteDatabase):
    """peewee's SQLite database, for errors after which SQLite has already rolled the whole
    transaction back by itself (a full disk, an I/O error): rolling back again would fail
    ("no such savepoint", "no transaction is active") and hide the real error."""

    def rollback(self) -> None:
        if not self.is_closed() and self.connection().in_transaction:
            super().rollback()

    def savepoint(self, sid: str | None = None) -> _Savepoint:
        return _Savepoint(self, sid)


# The one database object; ``core.db.open_workspace`` initialises it with a path.
db = WorkspaceDatabase(None)



class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class TimestampedModel(BaseModel):
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)


class Setting(BaseModel):
    """Workspace preferences as JSON text by key (business name, currency, week start...)."""

    key = CharField(primary_key=True)
    value = TextField()


class AddressedModel(TimestampedModel):
    """A record with a postal address and free notes (companies and contacts)."""

    address = TextField(default="")
    city = CharField(default="")
    postcode = CharField(default="")
    region = CharField(default="")
    country = CharField(default="")
    notes = TextField(default="")


ADDRESS_FIELDS = ("address", "city", "postcode", "region", "country", "notes")


class Company(AddressedModel):
    name = CharField(index=True)
    industry = CharField(default="")
    size_band = CharField(default="")
    website = CharField(default="")
    phone = CharField(default="")
    email = CharField(default="")


class Product(TimestampedModel):
    name = CharField(index=True)
    sku = CharField(default="", index=True)
    price = MoneyField(default=0)
    unit_cost = MoneyField(default=0)
    active = BooleanField(default=True)


class Campaign(TimestampedModel):
    name = CharField(index=True)
    channel = CharField(default="other")
    objective = CharField(default="leads")
    status = CharField(default="planned", index=True)
    start_date = DateField(index=True)
    end_date = DateField(index=True)
    budget = MoneyField(default=0)
    target_leads = IntegerField(null=True)
    target_revenue = MoneyField(null=True)
    # Audience: tag names and lifecycle stages, comma separated.
    audience_tags = TextField(default="")
    audience_stages = TextField(default="")
    offer_discount_pct = DecimalTextField(null=True)
    offer_code = CharField(default="")
    offer_start = DateField(null=True)
    offer_end = DateField(null=True)
    agency = ForeignKeyField(Company, null=True, backref="agency_campaigns", on_delete="SET NULL")
    impressions = IntegerField(null=True)
    clicks = IntegerField(null=True)
    visits = IntegerField(null=True)
    notes = TextField(default="")


class CampaignProduct(BaseModel):
    """The products a campaign's offer applies to."""

    campaign = ForeignKeyField(Campaign, backref="offer_products", on_delete="CASCADE")
    product = ForeignKeyField(Product, backref="offer_campaigns", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("campaign", "product")


class CampaignExpense(BaseModel):
    campaign = ForeignKeyField(Campaign, backref="expenses", on_delete="CASCADE")
    spent_on = DateField()
    amount = MoneyField()
    vendor = CharField(default="")
    note = TextField(default="")


class Contact(AddressedModel):
    first_name = CharField(default="")
    last_name = CharField(default="", index=True)
    email = CharField(default="", index=True)
    phone = CharField(default="")
    mobile = CharField(default="")
    job_title = CharField(default="")
    company = ForeignKeyField(Company, null=True, backref="contacts", on_delete="SET NULL")
    lifecycle_stage = CharField(default="lead", index=True)
    stage_changed_at = UTCDateTimeField(default=utcnow)
    source_channel = CharField(default="", index=True)
    source_campaign = ForeignKeyField(Campaign, null=True, backref="sourced_contacts",
                                      on_delete="SET NULL")
    marketing_opt_in = BooleanField(default=False)
    opt_in_date = DateField(null=True)
    opt_in_source = CharField(default="")  # how consent was given: web form, trade fair…
    do_not_contact = BooleanField(default=False)
    last_touch_at = UTCDateTimeField(null=True, index=True)
    next_follow_up = DateField(null=True, index=True)
    # Display name folded for sorting (textkeys.contact_sort_key); kept by ContactService.
    sort_name = CharField(default="", index=True)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class LifecycleChange(BaseModel):
    """Each move of a contact along the funnel, so conversions can be counted by date."""

    contact = ForeignKeyField(Contact, backref="lifecycle_changes", on_delete="CASCADE")
    from_stage = CharField(null=True)
    to_stage = CharField()
    changed_at = UTCDateTimeField(default=utcnow, index=True)


class Tag(BaseModel):
    name = CharField(unique=True)


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="tag_contacts", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("contact", "tag")


class PipelineStage(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(index=True)
    probability = IntegerField(default=0)
    kind = CharField(default="open")  # open, won or lost
    rotting_days = IntegerField(null=True)


class LostReason(BaseModel):
    name = CharField(unique=True)
    position = IntegerField(default=0)


class Deal(TimestampedModel):
    title = CharField(index=True)
    contact = ForeignKeyField(Contact, null=True, backref="deals", on_delete="SET NULL")
    company = ForeignKeyField(Company, null=True, backref="deals", on_delete="SET NULL")
    stage = ForeignKeyField(PipelineStage, backref="deals", on_delete="RESTRICT")
    amount = MoneyField(default=0)
    probability_override = IntegerField(null=True)
    expected_close = DateField(null=True, index=True)
    status = CharField(default="open", index=True)
    closed_on = DateField(null=True, index=True)
    close_reason = TextField(default="")
    source_campaign = ForeignKeyField(Campaign, null=True, backref="sourced_deals",
                                      on_delete="SET NULL")
    next_step = TextField(default="")
    next_step_date = DateField(null=True)
    notes = TextField(default="")
    stage_entered_at = UTCDateTimeField(default=utcnow)


class DealLine(BaseModel):
    deal = ForeignKeyField(Deal, backref="lines", on_delete="CASCADE")
    product = ForeignKeyField(Product, null=True, backref="deal_lines", on_delete="SET NULL")
    description = CharField(default="")
    quantity = DecimalTextField(default=1)
    unit_price = MoneyField(default=0)
    discount_pct = DecimalTextField(default=0)


class DealStageChange(BaseModel):
    deal = ForeignKeyField(Deal, backref="stage_changes", on_delete="CASCADE")
    from_stage = ForeignKeyField(PipelineStage, null=True, backref="+", on_delete="SET NULL")
    to_stage = ForeignKeyField(PipelineStage, backref="+", on_delete="CASCADE")
    changed_at = UTCDateTimeField(default=utcnow, index=True)


class DeliverableSeries(BaseModel):
    """A recurring deliverable of a campaign ("newsletter every other Tuesday until June").

    The rule is kept so the series can be described and shown; its occurrences are stored
    as ordinary deliverable activities (``Activity.series``), each done on its own.
    """

    campaign = ForeignKeyField(Campaign, backref="deliverable_series", on_delete="CASCADE")
    title = CharField()
    deliverable_kind = CharField(default="other")
    owner = CharField(default="me")
    rrule = TextField()  # RFC 5545 RRULE without DTSTART, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU
    dtstart = DateField()
    notes = TextField(default="")
    created_at = UTCDateTimeField(default=utcnow)


class Activity(TimestampedModel):
    kind = CharField(default="task", index=True)
    subject = CharField()
    notes = TextField(default="")
    # An all-day item has only due_date; a timed one also has due_at (UTC), and due_date is its
    # local date, so the week view can filter on one indexed column.
    due_date = DateField(null=True, index=True)
    due_at = UTCDateTimeField(null=True)
    duration_minutes = IntegerField(default=0)
    done = BooleanField(default=False, index=True)
    done_at = UTCDateTimeField(null=True)
    role = CharField(default="sales")
    contact = ForeignKeyField(Contact, null=True, backref="activities", on_delete="CASCADE")
    company = ForeignKeyField(Company, null=True, backref="activities", on_delete="SET NULL")
    deal = ForeignKeyField(Deal, null=True, backref="activities", on_delete="SET NULL")
    campaign = ForeignKeyField(Campaign, null=True, backref="activities", on_delete="SET NULL")
    # Deliverables only ('' for other kinds). Triggers of migration 0006 keep ``stage`` and
    # ``done`` in step whoever writes ``done`` (the week page ticks deliverables off too).
    stage = CharField(default="")
    owner = CharField(default="")
    deliverable_kind = CharField(default="")
    series = ForeignKeyField(DeliverableSeries, null=True, backref="occurrences",
                             on_delete="SET NULL")
    # Minutes before the start (09:00 local for an all-day item); NULL: no reminder.
    reminder_minutes = IntegerField(null=True)
    # When the pending reminder is due (derived by ActivityService, moved by a snooze);
    # NULL: nothing pending. Partial index of migration 0007.
    remind_at = UTCDateTimeField(null=True)


class Goal(BaseModel):
    period = CharField(default="month")  # month or quarter
    period_start = DateField()
    metric = CharField()
    target = IntegerField()  # minor units for won_revenue, a count otherwise

    class Meta:
        indexes = ((("period", "period_start", "metric"), True),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting, Company, Product, Campaign, CampaignProduct, CampaignExpense, Contact,
    LifecycleChange, Tag, ContactTag, PipelineStage, LostReason, Deal, DealLine,
    DealStageChange, DeliverableSeries, Activity, Goal,
)
