"""`make bench`: build the scale-200 demo, then measure; writes bench-results.json."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import (
    bench_board,
    bench_bundle,
    bench_campaigns,
    bench_contacts,
    bench_demo,
    bench_import,
    bench_reports,
    bench_search,
    bench_startup,
    bench_week,
)
from benchmarks.common import DATA, ROOT, Result

# Run in this order after the demo is built; ``--only`` takes one of these names or "demo".
BENCHES = {"search": bench_search, "startup": bench_startup, "contacts": bench_contacts,
           "board": bench_board, "campaigns": bench_campaigns, "week": bench_week,
           "reports": bench_reports, "import": bench_import, "bundle": bench_bundle}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse bench-data/scale200.smeplanner instead of rebuilding it")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    parser.add_argument("--only", choices=("demo", *BENCHES), metavar="NAME",
                        help="run one benchmark (demo, " + ", ".join(BENCHES) + "); the "
                             "other figures already in --output are kept")
    args = parser.parse_args(argv)

    path = DATA / "scale200.smeplanner"
    results: list[Result] = []
    if args.reuse and path.exists() and args.only != "demo":
        print(f"reusing {path}")
    else:
        demo_results, path = bench_demo.run(path)
        results += demo_results
        _show(demo_results)
    for name, bench in BENCHES.items():
        if args.only in (None, name):
            found = bench.run(path)
            results += found
            _show(found)
    entries = [r.as_json() for r in results]
    output = Path(args.output)
    if args.only and output.exists():
        # One benchmark re-run: replace its figures, keep the others where they were.
        fresh = {entry["name"]: entry for entry in entries}
        kept = json.loads(output.read_text(encoding="utf-8"))
        entries = [fresh.pop(entry["name"], entry) for entry in kept] + list(fresh.values())
    output.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def _show(results: list[Result]) -> None:
    for result in results:
        print(f"{result.name:<28} {result.value:>10.3f} {result.unit:<3} floor "
              f"{result.floor:>9.3f}  ratio {result.ratio:5.2f}  {result.note}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
