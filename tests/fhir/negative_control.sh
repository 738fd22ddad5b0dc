#!/usr/bin/env bash
# ctest: the validator must reject a broken Bundle (an otherwise valid QuestionnaireResponse
# whose resourceType is a number), or its passes prove nothing. The same Bundle with that one
# field repaired must pass, so that defect is what fails it. (One node run checks both: the
# schema takes seconds to compile.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "node is missing: run tools/deps.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/broken-bundle.json" "$work/broken.json"
sed 's/"resourceType": 7/"resourceType": "QuestionnaireResponse"/' "$here/broken-bundle.json" >"$work/repaired.json"
set +e
out=$(node "$here/validate.js" "$work/broken.json" "$work/repaired.json" 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || { echo "validate.js exited $rc, expected 1 (one file invalid)" >&2; exit 1; }
grep -q "broken.json: NOT valid against the FHIR R4 JSON Schema" <<<"$out" || { echo "the broken Bundle passed" >&2; exit 1; }
grep -q "resourceType 7 is not an R4 resource type" <<<"$out" || { echo "the wrong resourceType was not reported" >&2; exit 1; }
grep -q "repaired.json: valid FHIR R4 Bundle" <<<"$out" || { echo "the repaired Bundle did not pass" >&2; exit 1; }
echo "the broken Bundle was rejected, and passes once repaired"
