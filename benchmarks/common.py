"""What every benchmark shares: the result record, timing helpers, the scratch folder."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"


@dataclass
class Result:
    """One figure: ``floor`` is the same work done the most direct way in the same run."""

    name: str
    value: float
    unit: str
    floor: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["value"] = round(self.value, 4)
        data["floor"] = round(self.floor, 4)
        data["ratio"] = round(self.ratio, 3)
        return data


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)
