#!/usr/bin/env bash
# Regenerates docs/protocols/<id>.md, the review copies of the bundled protocols.
# The test "review copies in docs/protocols are up to date" fails until this is run
# after a protocol changes.
set -euo pipefail
cd "$(dirname "$0")/.."
ctl="${CHECKLISTCTL:-build/release/src/cli/checklistctl}"
[ -x "$ctl" ] || { echo "build first (make test), or set CHECKLISTCTL" >&2; exit 2; }
mkdir -p docs/protocols
for protocol in protocols/*.yaml; do
  case $protocol in *.scenarios.yaml) continue ;; esac # its scenarios: listed in its review copy
  id=$(basename "$protocol" .yaml)
  "$ctl" show --format markdown "$protocol" > "docs/protocols/$id.md"
  echo "docs/protocols/$id.md"
done
