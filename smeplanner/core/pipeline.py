"""Pipeline stages: the ordered columns of the deal board, each with a default probability."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from smeplanner.core.errors import NotFoundError, ValidationError
from smeplanner.core.models import STAGE_KINDS, Deal, DealStageChange, PipelineStage, db


@dataclass(frozen=True)
class StageInfo:
    id: int
    name: str
    position: int
    probability: int
    kind: str
    rotting_days: int | None


def _info(stage: PipelineStage) -> StageInfo:
    return StageInfo(stage.id, stage.name, stage.position, stage.probability, stage.kind,
                     stage.rotting_days)


def list_stages() -> list[StageInfo]:
    return [_info(s) for s in PipelineStage.select().order_by(PipelineStage.position)]


def get_stage(stage_id: int) -> PipelineStage:
    stage = PipelineStage.get_or_none(PipelineStage.id == stage_id)
    if stage is None:
        raise NotFoundError("pipeline stage", stage_id)
    return stage


def _clean_name(name: str, *, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("name", "A stage needs a name")
    clash = PipelineStage.select().where(fn.lower(PipelineStage.name) == name.lower())
    if exclude_id is not None:
        clash = clash.where(PipelineStage.id != exclude_id)
    if clash.exists():
        raise ValidationError("name", f"A stage called {name!r} already exists")
    return name


def _check_probability(probability: object) -> int:
    if isinstance(probability, bool) or not isinstance(probability, int) \
            or not 0 <= probability <= 100:
        raise ValidationError("probability", "must be a whole number from 0 to 100")
    return probability


def _check_rotting(days: object) -> int | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValidationError("rotting_days", "must be empty or at least 1 day")
    return days


def add_stage(name: str, probability: int, *, kind: str = "open",
              rotting_days: int | None = None) -> StageInfo:
    """A new stage; open stages go before the first closed one, won/lost ones at the end."""
    if kind not in STAGE_KINDS:
        raise ValidationError("kind", f"must be one of {', '.join(STAGE_KINDS)}")
    name = _clean_name(name)
    probability = _check_probability(probability)
    rotting_days = _check_rotting(rotting_days)
    with db.atomic():
        stages = list(PipelineStage.select().order_by(PipelineStage.position))
        index = len(stages)
        if kind == "open":
            index = next((i for i, s in enumerate(stages) if s.kind != "open"), len(stages))
        stage = PipelineStage.create(name=name, probability=probability, kind=kind,
                                     rotting_days=rotting_days, position=len(stages) + 1)
        stages.insert(index, stage)
        _renumber(stages)
    return _info(PipelineStage.get_by_id(stage.id))


def update_stage(stage_id: int, *, name: str | None = None, probability: int | None = None,
                 rotting_days: int | str | None = "unchanged") -> StageInfo:
    stage = get_stage(stage_id)
    if name is not None:
        stage.name = _clean_name(name, exclude_id=stage_id)
    if probability is not None:
        stage.probability = _check_probability(probability)
    if rotting_days != "unchanged":
        stage.rotting_days = _check_rotting(rotting_days)
    stage.save()
    return _info(stage)


def reorder_stages(stage_ids: list[int]) -> list[StageInfo]:
    """Set the order of all stages at once; the ids must be exactly the existing ones."""
    with db.atomic():
        stages = {s.id: s for s in PipelineStage.select()}
        if sorted(stage_ids) != sorted(stages):
            raise ValidationError("stages", "The new order must list every stage exactly once")
        _renumber([stages[i] for i in stage_ids])
    return list_stages()


def delete_stage(stage_id: int) -> None:
    stage = get_stage(stage_id)
    in_use = Deal.select().where(Deal.stage == stage_id).count()
    if in_use:
        raise ValidationError("stage", f"{stage.name!r} still holds {in_use} deal(s); "
                                       "move them to another stage first")
    in_history = (DealStageChange.select()
                  .where((DealStageChange.to_stage == stage_id)
                         | (DealStageChange.from_stage == stage_id)).count())
    if in_history:
        # Deleting it would rewrite how those deals moved through the pipeline.
        raise ValidationError("stage", f"{stage.name!r} appears in the history of {in_history} "
                                       "deal move(s); rename it instead of deleting it")
    if PipelineStage.select().where(PipelineStage.kind == stage.kind).count() == 1 \
            and stage.kind in ("won", "lost"):
        raise ValidationError("stage", f"The pipeline needs a {stage.kind} stage")
    with db.atomic():
        stage.delete_instance()
        _renumber(list(PipelineStage.select().order_by(PipelineStage.position)))


def _renumber(stages: list[PipelineStage]) -> None:
    # Two passes: positions are not unique-constrained, but keep them tidy 1..n.
    for position, stage in enumerate(stages, 1):
        if stage.position != position:
            PipelineStage.update(position=position).where(PipelineStage.id == stage.id).execute()
            stage.position = position
