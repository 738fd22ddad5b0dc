#!/usr/bin/env bash
# ctest: the validator must reject a broken Bundle (an otherwise valid QuestionnaireResponse
# whose resourceType is a number), or its passes prove nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "node is missing: run tools/deps.sh" >&2; exit 1; }
set +e
out=$(node "$here/validate.js" "$here/broken-bundle.json" 2>&1)
rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || { echo "validate.js exited $rc on a broken Bundle, expected 1" >&2; exit 1; }
grep -q "resourceType 7 is not an R4 resource type" <<<"$out" || { echo "the wrong resourceType was not reported" >&2; exit 1; }
grep -q "NOT valid against the FHIR R4 JSON Schema" <<<"$out" || { echo "the schema did not reject it" >&2; exit 1; }
# The same Bundle with the resourceType repaired passes: that one defect is what failed it.
fixed=$(mktemp)
trap 'rm -f "$fixed"' EXIT
sed 's/"resourceType": 7/"resourceType": "QuestionnaireResponse"/' "$here/broken-bundle.json" >"$fixed"
node "$here/validate.js" "$fixed"
echo "the broken Bundle was rejected, and passes once repaired"
