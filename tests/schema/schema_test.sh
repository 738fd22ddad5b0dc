#!/usr/bin/env bash
# ctest: protocols/protocol.schema.json accepts every valid protocol (the shipped ones and the
# valid fixtures) and refuses the broken fixtures a schema can see (tests/schema/refused.txt),
# as an editor would: the YAML converted by yaml_to_json, checked by ajv (validate.js).
# Usage: schema_test.sh YAML_TO_JSON
set -euo pipefail
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command -v node >/dev/null || { echo "node is missing: run tools/deps.sh" >&2; exit 1; }
[ -d "$root/tests/fhir/node_modules/ajv" ] || { echo "tests/fhir/node_modules is missing: run tools/deps.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
valid=() invalid=()
for f in "$root"/protocols/*.yaml "$root"/tests/data/protocols/valid/*.yaml; do
  case $f in *.scenarios.yaml) continue ;; esac # a protocol's scenarios (checklistctl test), not a protocol
  out=$work/valid-$(basename "$f" .yaml).json
  "$tool" "$f" "$out"
  valid+=("$out")
done
while read -r name; do
  [ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
  out=$work/invalid-$name.json
  "$tool" "$root/tests/data/protocols/invalid/$name.yaml" "$out"
  invalid+=("$out")
done <"$here/refused.txt"
NODE_PATH=$root/tests/fhir/node_modules node "$here/validate.js" "$root/protocols/protocol.schema.json" \
  --valid "${valid[@]}" --invalid "${invalid[@]}"
