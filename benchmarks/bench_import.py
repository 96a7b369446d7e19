"""import_csv_100k_s: a 100,000-row Google Contacts CSV (current format, UTF-8 with BOM,
labels and " ::: " multi-values) imported into an empty workspace, search index included,
as ``smeplanner import`` does it, in a fresh process per run.

Floor: the same file parsed with the ``csv`` module plus raw ``sqlite3`` ``executemany`` of
the same rows into the same tables (same indexes and search triggers) in one transaction,
in a twin process. Medians of alternating runs, each on a fresh copy of an empty workspace.
Target: ratio ≤ 1.5.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.common import DATA, ROOT, Result, median

ROWS = 100_000
RUNS = 3
CHILD = Path(__file__).with_name("import_child.py")
HEADER = ["First Name", "Middle Name", "Last Name", "Phonetic First Name",
          "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname",
          "File As", "Organization Name", "Organization Title", "Organization Department",
          "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
          "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value",
          "Phone 2 - Label", "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted",
          "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
          "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
          "Website 1 - Label", "Website 1 - Value"]
FIRST = ("Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ines", "Jonas",
         "Katarzyna", "Lukas", "Marie", "Noah", "Olga", "Paul", "Renée", "Sven", "Tomás", "Zoë")
LAST = ("Schmidt", "Müller", "Weber", "Novak", "Rossi", "Jansen", "Dubois", "Kowalski",
        "Andersson", "García", "Yılmaz", "Brown", "Fischer", "Wagner", "Becker", "Hoffmann")
CITIES = ("Berlin", "Hamburg", "München", "Köln", "Wien", "Zürich", "Leipzig", "Graz")


def write_csv(path: Path, rows: int = ROWS, seed: int = 1) -> None:
    """A Google Contacts export of ``rows`` people at ~20,000 companies."""
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            company = f"{rnd.choice(LAST)} {rnd.choice(('GmbH', 'AG', 'KG', 'Café', 'Bäckerei'))}" \
                      f" {n % 20_000}"
            labels = " ::: ".join(["* myContacts", *rnd.sample(("Customers", "Fair 2026",
                                                               "Newsletter", "VIP"), 1)])
            city = rnd.choice(CITIES)
            row = {"First Name": first, "Last Name": last, "Organization Name": company,
                   "Organization Title": rnd.choice(("Owner", "Manager", "Buyer", "")),
                   "Notes": "Met at the fair\nWants a quote" if n % 7 == 0 else "",
                   "Labels": labels, "E-mail 1 - Label": "* Work",
                   "E-mail 1 - Value": f"{first}.{last}.{n}@example.com".lower(),
                   "Phone 1 - Label": "Mobile", "Phone 1 - Value": f"+49 171 {n:07d}",
                   "Address 1 - Label": "Work", "Address 1 - Street": f"Hauptstraße {n % 200}",
                   "Address 1 - City": city, "Address 1 - Postal Code": f"{10000 + n % 89999}",
                   "Address 1 - Country": "Germany"}
            writer.writerow([row.get(name, "") for name in HEADER])


def empty_workspace(path: Path) -> None:
    from smeplanner.core.db import open_workspace

    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with open_workspace(path):
        pass


def launch(mode: str, csv_path: Path, template: Path) -> dict[str, float]:
    scratch = DATA / f"import-{mode}.smeplanner"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(scratch) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, scratch)
    result = subprocess.run([sys.executable, str(CHILD), mode, str(csv_path), str(scratch)],
                            capture_output=True, text=True, timeout=900,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    if result.returncode != 0:
        raise RuntimeError(f"import_child {mode} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(_path: Path) -> list[Result]:
    csv_path = DATA / "google-100k.csv"
    if not csv_path.exists():
        write_csv(csv_path)
    template = DATA / "empty.smeplanner"
    empty_workspace(template)
    launch("floor", csv_path, template)  # warm the file cache for both
    apps, floors = [], []
    for _ in range(RUNS):
        floors.append(launch("floor", csv_path, template))
        apps.append(launch("app", csv_path, template))
    if any(run["created"] != ROWS for run in apps + floors):
        raise RuntimeError(f"not all {ROWS} rows were imported: {apps} {floors}")
    app_s = median([run["seconds"] for run in apps])
    return [Result("import_csv_100k_s", app_s, "s", median([run["seconds"] for run in floors]),
                   note=f"median of {RUNS}; {ROWS:,} rows, 20,000 companies; read "
                        f"{median([r['read_s'] for r in apps]):.2f} s, plan "
                        f"{median([r['plan_s'] for r in apps]):.2f} s, write "
                        f"{median([r['write_s'] for r in apps]):.2f} s; floor: csv module + "
                        f"raw executemany with the search triggers; target ratio ≤ 1.5")]
