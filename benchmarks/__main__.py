"""`make bench`: build the scale-200 demo, then measure; writes bench-results.json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import bench_demo, bench_search, bench_startup
from benchmarks.common import DATA, ROOT, Result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse bench-data/scale200.smeplanner instead of rebuilding it")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = parser.parse_args(argv)

    path = DATA / "scale200.smeplanner"
    results: list[Result] = []
    if args.reuse and path.exists():
        print(f"reusing {path}")
    else:
        demo_results, path = bench_demo.run(path)
        results += demo_results
        _show(demo_results)
    for bench in (bench_search, bench_startup):
        found = bench.run(path)
        results += found
        _show(found)
    Path(args.output).write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n",
                                 encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def _show(results: list[Result]) -> None:
    for result in results:
        print(f"{result.name:<28} {result.value:>10.3f} {result.unit:<3} floor "
              f"{result.floor:>9.3f}  ratio {result.ratio:5.2f}  {result.note}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
