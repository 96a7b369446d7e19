"""The deal editor's core side: load, save with lines, the next step in the week, lookups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from smeplanner.core import search, validate
from smeplanner.core.activities import activities
from smeplanner.core.contact_forms import describe_contacts
from smeplanner.core.deals import deals, line_total
from smeplanner.core.errors import ValidationError
from smeplanner.core.models import (
    Activity,
    Campaign,
    Company,
    Contact,
    LostReason,
    Product,
    db,
)
from smeplanner.core.pipeline import StageInfo, list_stages
from smeplanner.core.textkeys import fold

# Search matches a picker looks at before putting the best first.
_POOL = 200


@dataclass(frozen=True, slots=True)
class LineData:
    """One product line as the editor shows it; ``total`` is after the discount."""

    product_id: int | None
    product_name: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    total: Decimal

    def values(self) -> dict[str, Any]:
        """The line as :meth:`DealService.set_lines` takes it."""
        return {"product": self.product_id, "description": self.description,
                "quantity": self.quantity, "unit_price": self.unit_price,
                "discount_pct": self.discount_pct}


@dataclass(slots=True)
class DealFormData:
    """Every editable field of a deal (ids with the names the pickers show), its lines,
    and what the editor shows but does not edit (``status``). ``id`` None: a new deal."""

    id: int | None = None
    title: str = ""
    contact_id: int | None = None
    contact_name: str = ""
    company_id: int | None = None
    company_name: str = ""
    stage_id: int | None = None
    amount: Decimal = Decimal("0.00")
    probability_override: int | None = None
    expected_close: date | None = None
    next_step: str = ""
    next_step_date: date | None = None
    source_campaign_id: int | None = None
    source_campaign_name: str = ""
    notes: str = ""
    status: str = "open"
    closed_on: date | None = None
    close_reason: str = ""
    lines: list[LineData] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The fields by the deal service's names, as :func:`save_deal` takes them."""
        return {
            "title": self.title, "contact": self.contact_id, "company": self.company_id,
            "stage": self.stage_id, "amount": self.amount,
            "probability_override": self.probability_override,
            "expected_close": self.expected_close, "next_step": self.next_step,
            "next_step_date": self.next_step_date, "source_campaign": self.source_campaign_id,
            "notes": self.notes, "closed_on": self.closed_on, "close_reason": self.close_reason,
        }


@dataclass(frozen=True, slots=True)
class ProductChoice:
    id: int
    name: str
    price: Decimal
    active: bool


# --- loading -------------------------------------------------------------------------------
def contact_label(contact_id: int) -> str:
    """"Name — Company" (or just the name) of a contact, as the contact picker shows it."""
    described = describe_contacts([contact_id]).get(contact_id)
    if described is None:
        return ""
    name, company, _email = described
    return f"{name} — {company}" if company else name


def _name_of(model: type[Company] | type[Campaign], record_id: int | None) -> str:
    if record_id is None:
        return ""
    record = model.get_or_none(model.id == record_id)
    return record.name if record is not None else ""


def load_deal(deal_id: int) -> DealFormData:
    """A stored deal with its product lines, as the editor shows it."""
    deal = deals.get(deal_id)
    lines = []
    for line in deals.lines(deal_id):
        lines.append(LineData(
            product_id=line.product_id,
            product_name=line.product.name if line.product_id else "",
            description=line.description, quantity=line.quantity, unit_price=line.unit_price,
            discount_pct=line.discount_pct,
            total=line_total(line.quantity, line.unit_price, line.discount_pct)))
    return DealFormData(
        id=deal.id, title=deal.title,
        contact_id=deal.contact_id,
        contact_name=contact_label(deal.contact_id) if deal.contact_id else "",
        company_id=deal.company_id, company_name=_name_of(Company, deal.company_id),
        stage_id=deal.stage_id, amount=deal.amount,
        probability_override=deal.probability_override, expected_close=deal.expected_close,
        next_step=deal.next_step, next_step_date=deal.next_step_date,
        source_campaign_id=deal.source_campaign_id,
        source_campaign_name=_name_of(Campaign, deal.source_campaign_id),
        notes=deal.notes, status=deal.status, closed_on=deal.closed_on,
        close_reason=deal.close_reason, lines=lines)


def new_deal(defaults: Mapping[str, Any] | None = None) -> DealFormData:
    """A new deal as the editor first shows it.

    ``defaults`` by the service's field names pre-fill it: ``{"contact": id}`` from a contact
    (whose company and source campaign come along), ``{"stage": id}`` from a board column,
    also ``title``, ``company``, ``source_campaign``, ``amount``, ``expected_close``.
    Without a stage it starts in the first open stage. Unknown ids are ignored.
    """
    defaults = dict(defaults or {})
    data = DealFormData(title=str(defaults.get("title") or ""))
    stages = stage_choices()
    stage_ids = {stage.id for stage in stages}
    if defaults.get("stage") in stage_ids:
        data.stage_id = defaults["stage"]
    else:
        data.stage_id = next((s.id for s in stages if s.kind == "open"),
                             stages[0].id if stages else None)
    if defaults.get("amount") not in (None, ""):
        data.amount = Decimal(defaults["amount"])
    data.expected_close = defaults.get("expected_close")
    company = defaults.get("company")
    if company is not None and Company.get_or_none(Company.id == company) is not None:
        data.company_id, data.company_name = company, _name_of(Company, company)
    campaign = defaults.get("source_campaign")
    if campaign is not None and Campaign.get_or_none(Campaign.id == campaign) is not None:
        data.source_campaign_id = campaign
        data.source_campaign_name = _name_of(Campaign, campaign)
    contact = defaults.get("contact")
    if contact is not None and Contact.get_or_none(Contact.id == contact) is not None:
        data.contact_id, data.contact_name = contact, contact_label(contact)
        company_default, campaign_default = contact_defaults(contact)
        if data.company_id is None and company_default is not None:
            data.company_id, data.company_name = company_default
        if data.source_campaign_id is None and campaign_default is not None:
            data.source_campaign_id, data.source_campaign_name = campaign_default
    return data


# --- saving --------------------------------------------------------------------------------
def save_deal(deal_id: int | None, values: Mapping[str, Any],
              lines: Sequence[Mapping[str, Any]] | None) -> int:
    """Create (``deal_id`` None) or update a deal from the editor; returns its id.

    ``values`` by the deal service's field names. ``lines`` None leaves the product lines
    alone; a list replaces them (errors name the row: "line 2.quantity"). With lines the
    amount is their sum; with an empty list the amount in ``values`` stays. The next step
    is then kept in the week (:func:`sync_next_step`). One transaction: a ValidationError
    leaves the workspace exactly as it was.
    """
    with db.atomic():
        if deal_id is None:
            previous_step, previous_date = "", None
            deal_id = deals.create(**values).id
        else:
            before = deals.get(deal_id)
            previous_step, previous_date = before.next_step, before.next_step_date
            deals.update(deal_id, **values)
        if lines is not None:
            deals.set_lines(deal_id, lines)
        sync_next_step(deal_id, previous_step, previous_date)
    return deal_id


def _subject(step: str) -> str:
    """The activity subject for a next step: its first line, cut to fit."""
    first = step.strip().splitlines()[0].strip() if step.strip() else ""
    if len(first) > validate.MAX_TEXT:
        first = first[:validate.MAX_TEXT - 1].rstrip() + "…"
    return first


def _step_tasks(deal_id: int, step: str, due: date | None, *, done: bool) -> list[Activity]:
    return activities.list(deal=deal_id, kind="task", done=done, subject=_subject(step),
                           due_date=due, order_by="id")


def sync_next_step(deal_id: int, previous_step: str, previous_date: date | None) -> None:
    """Keep the deal's next step in the week as one open task.

    A deal's next step with a date is an open Activity: kind "task", role "sales", subject
    the step's first line, due on ``next_step_date``, linked to the deal, its contact and
    company. ``previous_step`` / ``previous_date`` are the step as it was before this save;
    the rule:

    - the deal's open task with the previous step's subject and date is *the* step's task:
      it is updated to the current step, date, contact and company;
    - none found: one is created, unless the deal is closed (won or lost: no new work), or
      the current step already has a done task (the user did it; it is not re-opened);
    - step text or date cleared: that open task is deleted;
    - done tasks are never touched, nor any other activity of the deal.
    """
    deal = deals.get(deal_id)
    step, due = deal.next_step, deal.next_step_date
    found = _step_tasks(deal_id, previous_step, previous_date, done=False) \
        if _subject(previous_step) else []
    task = found[0] if found else None
    wanted = bool(_subject(step)) and due is not None
    try:
        if not wanted:
            if task is not None:
                activities.delete(task.id)
            return
        values = {"subject": _subject(step), "due_date": due, "contact": deal.contact_id,
                  "company": deal.company_id}
        if task is not None:
            activities.update(task.id, **values)
        elif deal.status == "open" and not _step_tasks(deal_id, step, due, done=True):
            activities.create(kind="task", role="sales", deal=deal_id, **values)
    except ValidationError as error:
        # The task mirrors the deal's fields: name those, not the activity's.
        name = "next_step_date" if error.field == "due_date" else "next_step"
        raise ValidationError(name, error.message) from error


# --- the pickers' lookups -------------------------------------------------------------------
def _matching_ids(text: str, kind: str, limit: int) -> list[int]:
    """Ids of records of ``kind`` whose search text matches, in index order, at most
    ``limit``: unranked, because bm25 scores every match before the first row comes back
    (0.3–0.6 s when two letters match most of 100,000 contacts); the callers order the few."""
    built = search.build_query(text)
    if built is None:
        return []
    table, match = built
    rows = db.execute_sql(f"SELECT ref_id FROM {table} WHERE {table} MATCH ? AND kind = ? "
                          "LIMIT ?", (match, kind, limit))
    return [int(ref_id) for (ref_id,) in rows]


def _starts_a_word(key: str, folded: str) -> bool:
    return folded.startswith(key) or f" {key}" in f" {folded}"


def find_contacts(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, "Name — Company") of contacts matching ``text``: names starting with it first
    (alphabetical, ignoring case and accents), then a word of the name starting with it,
    then other matches (any substring of three characters or more, or word prefix, of
    name, email, phone, company...)."""
    key = fold(" ".join(text.split()))
    if not key:
        return []
    # A range on the indexed sort key: the first names of the list without scanning it.
    ids = [contact_id for (contact_id,) in Contact.select(Contact.id)
           .where((Contact.sort_name >= key) & (Contact.sort_name < key + "\U0010ffff"))
           .order_by(Contact.sort_name, Contact.id).limit(limit).tuples()]
    if len(ids) < limit:
        others = [i for i in _matching_ids(text, "contact", _POOL) if i not in set(ids)]
        keys = dict(Contact.select(Contact.id, Contact.sort_name)
                    .where(Contact.id.in_(others)).tuples()) if others else {}
        others.sort(key=lambda i: (not _starts_a_word(key, keys.get(i, "")),
                                   keys.get(i, ""), i))
        ids += others[:limit - len(ids)]
    described = describe_contacts(ids)
    result = []
    for contact_id in ids:
        if contact_id in described:
            name, company, _email = described[contact_id]
            result.append((contact_id, f"{name} — {company}" if company else name))
    return result


def _like_words(text: str) -> tuple[str, list[str]]:
    """SQL that ``name`` contains every word of ``text`` (LIKE: ignoring the case of
    ASCII letters), and its parameters."""
    words = [word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
             for word in text.split()]
    sql = " AND ".join("name LIKE ? ESCAPE '\\'" for _word in words)
    return sql, [f"%{word}%" for word in words]


def find_companies(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, name) of companies whose name contains every word of ``text``: names starting
    with it first, then those with a word starting with it, each alphabetical."""
    if not text.strip():
        return []
    condition, params = _like_words(text)
    first = params[0][1:]  # "word%": the first word as a prefix
    # A scan of the names (24,000 at 100,000 contacts: a few ms); the search index would
    # have to skip every contact whose text matches before it reaches the companies.
    rows = db.execute_sql(
        f"SELECT id, name FROM company WHERE {condition} "
        "ORDER BY name NOT LIKE ? ESCAPE '\\', name NOT LIKE ? ESCAPE '\\', name, id LIMIT ?",
        [*params, first, f"% {first}", limit])
    return [(int(company_id), name) for company_id, name in rows]


def find_campaigns(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, name) of campaigns whose name contains every word of ``text``, newest first;
    empty text: the newest."""
    condition, params = _like_words(text)
    where = f"WHERE {condition} " if condition else ""
    rows = db.execute_sql(f"SELECT id, name FROM campaign {where}"
                          "ORDER BY start_date DESC, id DESC LIMIT ?", [*params, limit])
    return [(int(campaign_id), name) for campaign_id, name in rows]


def product_choices(include: Sequence[int] = ()) -> list[ProductChoice]:
    """Active products by name, plus the inactive ones in ``include`` (already on a line)."""
    condition = Product.active == True  # noqa: E712 - peewee builds SQL from ==
    if include:
        condition |= Product.id.in_(list(include))
    query = (Product.select(Product.id, Product.name, Product.price, Product.active)
             .where(condition).order_by(Product.name, Product.id))
    return [ProductChoice(p.id, p.name, p.price, p.active) for p in query]


def stage_choices() -> list[StageInfo]:
    """The pipeline stages (id, name, kind, probability...) in board order."""
    return list_stages()


def lost_reasons() -> list[str]:
    """The workspace's list of reasons a deal is lost, in their order."""
    query = LostReason.select(LostReason.name).order_by(LostReason.position, LostReason.id)
    return [reason.name for reason in query]


def contact_defaults(contact_id: int) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
    """((company id, name) or None, (source campaign id, name) or None) of a contact: what
    picking them fills in when the deal has none yet."""
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None, None
    company = (contact.company_id, _name_of(Company, contact.company_id)) \
        if contact.company_id else None
    campaign = (contact.source_campaign_id, _name_of(Campaign, contact.source_campaign_id)) \
        if contact.source_campaign_id else None
    return company, campaign

