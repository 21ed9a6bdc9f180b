#!/usr/bin/env bash
# The test command: builds the solution, runs every test project and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet test AiCaller.Email.sln --configuration Release \
  --logger "trx" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1200000
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
