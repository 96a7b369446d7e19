#!/usr/bin/env bash
# Smoke test of the built bundle (`make package` first): it prints its version, and its
# --self-test passes (a temporary workspace, the window built offscreen when there is no
# display, records, a chart, vCard and iCalendar files). Any error fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/smeplanner
app=$bundle/smeplanner
# On Windows the windowed smeplanner.exe has no console to print to: use its console twin.
if [ -f "$bundle/smeplanner-cli.exe" ]; then app=$bundle/smeplanner-cli.exe; fi
if [ ! -x "$app" ]; then
    echo "smoke_bundle: no bundle at $app; build it with: make package" >&2
    exit 1
fi

expected="smeplanner $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' smeplanner/__init__.py)"
version=$("$app" --version)
echo "$version"
if [ "$version" != "$expected" ]; then
    echo "smoke_bundle: --version printed '$version', expected '$expected'" >&2
    exit 1
fi

output=$("$app" --self-test)
echo "$output"
if [ "$(tail -n 1 <<<"$output")" != "self-test ok" ]; then
    echo "smoke_bundle: the self-test did not end with 'self-test ok'" >&2
    exit 1
fi
