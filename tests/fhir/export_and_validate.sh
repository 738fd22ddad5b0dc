#!/usr/bin/env bash
# ctest: a scripted session with checklistctl run, its FHIR export, and the export checked
# by tests/fhir/validate.js against the official FHIR R4 JSON Schema (no C++ involved in the
# check). Usage: export_and_validate.sh CHECKLISTCTL SCENARIO
#   chronic-amended   chronic pain, justified warning and an amendment: completes (QR "amended")
#   chronic-stopped   chronic pain, active psychosis: hard stop (QR "stopped")
#   acute-completed   acute pain: completes (QR "completed")
#   chronic-damaged   chronic pain, a line edited afterwards: export refuses (exit 1), then
#                     --allow-damaged exports the events before it, marked (AuditEvent outcome 8)
set -euo pipefail
ctl=$1
scenario=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
answers=$root/tests/data/answers

command -v node >/dev/null || { echo "node is missing: run tools/deps.sh" >&2; exit 1; }
[ -d "$here/node_modules/ajv" ] || { echo "tests/fhir/node_modules is missing: run tools/deps.sh" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
records=$work/records

case $scenario in
  chronic-amended|chronic-damaged)
    protocol=$root/protocols/ketamine-chronic-pain-2018.yaml
    cp "$answers/chronic-moderate-hepatic.answers.yaml" "$work/a.answers.yaml"
    printf 'amendments:\n  - {after: adverse-events, step: baseline-pain, answer: "6", reason: Pain score read from the wrong line}\n' \
      >>"$work/a.answers.yaml"
    expect_run=0 expect_status=amended ;;
  chronic-stopped)
    protocol=$root/protocols/ketamine-chronic-pain-2018.yaml
    cp "$answers/chronic-psychosis-stop.answers.yaml" "$work/a.answers.yaml"
    expect_run=3 expect_status=stopped ;;
  acute-completed)
    protocol=$root/protocols/ketamine-acute-pain-2018.yaml
    cp "$answers/acute-opioid-tolerant-complete.answers.yaml" "$work/a.answers.yaml"
    expect_run=0 expect_status=completed ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac

set +e
"$ctl" run "$protocol" --answers "$work/a.answers.yaml" --records "$records" \
  --operator "Dr A. Operator" --role anesthesiologist --patient-ref P-FHIR-1 --quiet --simulate-clock
rc=$?
set -e
[ "$rc" -eq "$expect_run" ] || { echo "run exited $rc, expected $expect_run" >&2; exit 1; }
trail=$(ls "$records"/sessions/*.jsonl)

if [ "$scenario" = chronic-damaged ]; then
  # Change an answer on line 5 (effects-explained) without re-sealing it: the hash no longer matches.
  sed -i '5s/"yes"/"no"/' "$trail"
  set +e
  "$ctl" export "$trail" --format fhir -o "$work/bundle.json" 2>"$work/err"
  rc=$?
  set -e
  cat "$work/err"
  [ "$rc" -eq 1 ] || { echo "export of a damaged trail exited $rc, expected 1" >&2; exit 1; }
  grep -q "$(basename "$trail"):5: " "$work/err" || { echo "no FILE:LINE reason" >&2; exit 1; }
  [ ! -e "$work/bundle.json" ] || { echo "a refused export wrote a file" >&2; exit 1; }
  "$ctl" export "$trail" --format fhir --allow-damaged -o "$work/bundle.json"
  expect_status=in-progress
else
  "$ctl" export "$trail" --format fhir -o "$work/bundle.json"
fi

node "$here/validate.js" "$work/bundle.json"

# What the scenario is about is in the Bundle (read by node, not by the exporter).
node - "$work/bundle.json" "$expect_status" "$scenario" <<'JS'
const [file, status, scenario] = process.argv.slice(2);
const b = JSON.parse(require('fs').readFileSync(file, 'utf8'));
const of = (t) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === t);
const fail = (m) => { console.error(`${file}: ${m}`); process.exit(1); };
const qr = of('QuestionnaireResponse');
if (of('Questionnaire').length !== 1 || qr.length !== 1 || of('Provenance').length !== 1) fail('resource counts');
if (qr[0].status !== status) fail(`QuestionnaireResponse.status ${qr[0].status}, expected ${status}`);
const verification = of('AuditEvent').find((a) => a.subtype[0].code === 'trail_verified');
const damaged = scenario === 'chronic-damaged';
if (verification.outcome !== (damaged ? '8' : '0')) fail(`verification outcome ${verification.outcome}`);
const codes = of('AuditEvent').map((a) => a.subtype[0].code);
const want = { 'chronic-amended': ['warning_justified', 'answer_amended', 'attested', 'session_completed'],
  'chronic-stopped': ['hard_stopped'], 'acute-completed': ['session_completed'], 'chronic-damaged': [] }[scenario];
for (const c of want) if (!codes.includes(c)) fail(`no AuditEvent for ${c}`);
// One Observation per observation_recorded line, each on the QuestionnaireResponse's patient,
// taken (effectiveDateTime) no later than recorded (issued), with a code and a value.
const observations = of('Observation');
const recorded = of('AuditEvent').filter((a) => a.subtype[0].code === 'observation_recorded');
if (observations.length !== recorded.length) fail(`${observations.length} Observations for ${recorded.length} observations`);
if (['chronic-amended', 'acute-completed'].includes(scenario) && observations.length === 0) fail('no Observation: the answers file records rounds');
for (const o of observations) {
  if (o.status !== 'final') fail(`Observation status ${o.status}`);
  if (JSON.stringify(o.subject) !== JSON.stringify(qr[0].subject)) fail('Observation subject differs from the response');
  if (!(Date.parse(o.effectiveDateTime) <= Date.parse(o.issued))) fail(`taken ${o.effectiveDateTime} after issued ${o.issued}`);
  if (!Object.keys(o).some((k) => k.startsWith('value')) && !o.component) fail('Observation without a value');
}
// The vital signs carry the LOINC codes the protocols give them (issue 14).
if (scenario === 'chronic-amended' || scenario === 'acute-completed') {
  const loinc = new Set(observations.flatMap((o) => o.code.coding).filter((c) => c.system === 'http://loinc.org').map((c) => c.code));
  for (const c of ['8867-4', '8480-6', '8462-4', '59408-5', '9279-1', '72514-3'])
    if (!loinc.has(c)) fail(`no Observation coded LOINC ${c}`);
  const hr = observations.filter((o) => o.code.coding.some((c) => c.code === '8867-4') && o.valueQuantity);
  if (hr.length === 0 || hr.some((o) => o.valueQuantity.unit !== '/min')) fail('heart rate Observations without their unit');
}
if (scenario === 'chronic-amended' &&
    !observations.some((o) => (o.note || []).some((n) => n.text.startsWith('Late entry: Called to another patient'))))
  fail('the late round has no note with its reason');
console.log(`${scenario}: ${b.entry.length} entries, QuestionnaireResponse ${qr[0].status}`);
JS
