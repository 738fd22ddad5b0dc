#!/usr/bin/env bash
# Whole-process timings with hyperfine, each beside its reference in the same run:
#   checklistctl verify over records folders of growing size  vs  sha256sum over the same bytes
#   checklistctl validate on each protocol                      vs  a program doing only YAML::Load
#   (the shipped ones, and generated ones of 2,000 steps: without conditions, with a mixed
#   condition on each, with "all of the eight before" on each)
# Prints figures; never passes or fails on time.
#   process_bench.sh BUILD_DIR [--runs N] [--sizes "S1 S2 ..."] [--data DIR] [--tiny]
# Sizes are numbers of 50-event sessions (default "2000 6000 20000": 100,000 to 1,000,000
# events). Generated folders are kept in DATA (default BUILD_DIR/bench-data) and reused.
set -euo pipefail
build=${1:?build dir}; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=3
sizes="2000 6000 20000"
data="$build/bench-data"
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --tiny) runs=1; sizes="4"; data=$(mktemp -d); trap 'rm -rf "$data"' EXIT; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ctl="$build/src/cli/checklistctl"
gen="$build/tests/bench_make_records"
yamlonly="$build/tests/bench_yaml_load_only"
mkdir -p "$data"
csv="$data/hyperfine.csv"
hf() { hyperfine --style none --warmup 1 --runs "$runs" --export-csv "$csv" "$@" >/dev/null; }
mean() { awk -F, -v row="$1" 'NR==row+1 {print $2}' "$csv"; } # seconds, row 1 = first command

echo "verify: whole process (hyperfine, $runs runs, page cache warm), beside sha256sum over the same bytes"
printf '%-9s %10s %8s | %9s %12s %8s | %9s %8s | %6s %s\n' sessions events MB "verify s" "records/s" "MB/s" \
  "sha256 s" "MB/s" ratio "(targets: >= 1,000,000 records/s; >= 0.5x sha256sum MB/s)"
for n in $sizes; do
  dir="$data/records-$n"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$gen" --dir "$dir" --sessions "$n" >/dev/null
    "$ctl" verify "$dir" >/dev/null # must be intact, or the figures mean nothing
    touch "$dir/.complete"
  fi
  events=$(( n * 50 ))
  bytes=$(find "$dir" -type f \( -name '*.jsonl' -o -name '*.yaml' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
  hf "$ctl verify $dir" \
     "find $dir -type f \\( -name '*.jsonl' -o -name '*.yaml' \\) -print0 | xargs -0 sha256sum"
  v=$(mean 1); s=$(mean 2)
  awk -v n="$n" -v e="$events" -v b="$bytes" -v v="$v" -v s="$s" 'BEGIN {
    mb = b / 1e6
    printf "%-9d %10d %8.1f | %9.3f %12.0f %8.1f | %9.3f %8.1f | %5.2fx\n", n, e, mb, v, e / v, mb / v, s, mb / s, (mb / v) / (mb / s)
  }'
done

echo
echo "validate: whole process (hyperfine, $runs runs), beside a program doing only YAML::Load of the same file"
echo "(process start-up alone: 'checklistctl --version' and the YAML::Load program given no file)"
hf -N "$ctl --version" "$yamlonly"
awk -v c="$(mean 1)" -v y="$(mean 2)" 'BEGIN { printf "%-34s %9s | %12.2f %12.2f | %5.2fx\n", "(start-up only)", "-", c * 1000, y * 1000, c / y }'
printf '%-34s %9s | %12s %12s | %6s %s\n' protocol KB "validate ms" "YAML::Load ms" ratio "(target: within 1.5x)"
generated="$data/generated-2000-steps.yaml"
"$gen" --protocol "$generated" --steps 2000
conditions="$data/generated-2000-steps-conditions.yaml" # a condition on every step
"$gen" --protocol "$conditions" --steps 2000 --conditions mixed
allof8="$data/generated-2000-steps-all-of-8.yaml" # each step: all of the 8 before it
"$gen" --protocol "$allof8" --steps 2000 --conditions all-of-8
for file in "$root"/protocols/*.yaml "$generated" "$conditions" "$allof8"; do
  case $file in *.scenarios.yaml) continue ;; esac # scenarios are not protocols
  hf -N "$ctl validate --no-scenarios $file" "$yamlonly $file"
  v=$(mean 1); y=$(mean 2)
  awk -v f="$(basename "$file")" -v k="$(stat -c %s "$file")" -v v="$v" -v y="$y" 'BEGIN {
    printf "%-34s %9.1f | %12.2f %12.2f | %5.2fx\n", f, k / 1024, v * 1000, y * 1000, v / y
  }'
done
