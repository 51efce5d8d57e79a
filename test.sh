#!/usr/bin/env bash
# Runs every test of FaustGen.sln, also on a fresh machine: it first installs what the dashboard test needs when it is
# missing (Debian's chromium, npm's playwright-core), and it ends by printing the totals alone on a line:
# "N passed, N failed, N skipped". A test that makes no progress for 5 minutes fails the run, and the managed stacks of
# its process are printed. Arguments go to dotnet test (.ci/run passes -c Release --no-build).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! command -v chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null || { echo "could not install chromium"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi
if [ ! -d tests/FaustGen.Web.Tests/Browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/FaustGen.Web.Tests/Browser --no-audit --no-fund --silent || { echo "could not install playwright-core"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

results=$(mktemp -d)
log="$results/test.log"
dotnet test FaustGen.sln --blame-hang-timeout 5m --blame-hang-dump-type mini --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# A hung test host is aborted, and its summary counts the hung test nowhere: it counts as failed here.
hung=$(grep -c "The test running when the crash occurred" "$log")
dumps=$(find "$results" -name '*.dmp')
if [ -n "$dumps" ]; then
  tools="$results/tools"
  dotnet tool install --tool-path "$tools" dotnet-dump --version 10.0.750501 >/dev/null 2>&1 || echo "could not install dotnet-dump to print the stacks of the hung test"
  for dump in $dumps; do
    echo "=== managed stacks of the hung test host ($dump)"
    [ -x "$tools/dotnet-dump" ] && timeout 300 "$tools/dotnet-dump" analyze "$dump" -c "clrstack -all" -c exit
  done
fi

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 76, Skipped: 0, Total: 76").
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- " "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
failed=$((failed + hung))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
