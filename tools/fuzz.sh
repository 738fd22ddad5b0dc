#!/usr/bin/env bash
# Runs each libFuzzer target (make fuzz) for FUZZ_SECONDS (default 300) with a persistent
# corpus in build/fuzz-corpus/<target>, seeded from the test fixtures, then prints what each
# did: executions, coverage, corpus size and crashes. Exits 1 when any target found one; the
# input that caused it is in build/fuzz-artifacts/<target>/.
# Usage: tools/fuzz.sh [BUILD_DIR] [TARGET...]   (BUILD_DIR: the fuzz preset's, build/fuzz)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/fuzz}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(protocol trail script)
seconds=${FUZZ_SECONDS:-300}

seeds_protocol=(tests/data/protocols protocols)
seeds_trail=(tests/data/trails tests/data/fuzz/trail)
seeds_script=(tests/data/answers)

status=0
summary=()
for name in "${targets[@]}"; do
  corpus=build/fuzz-corpus/$name
  artifacts=build/fuzz-artifacts/$name
  log=build/fuzz-corpus/$name.log
  mkdir -p "$corpus" "$artifacts"
  seeds_var="seeds_${name}[@]"
  echo "fuzz: $name for ${seconds}s (log: $log)"
  "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict="tests/fuzz/$name.dict" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "${!seeds_var}" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  files=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | wc -l)
  if [ $rc -ne 0 ]; then
    status=1
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" || true
  fi
  summary+=("$(printf '%-9s %6ss  %10s execs  %6s exec/s  %-20s  corpus %5s files  crash artifacts %s  exit %s' \
    "$name" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-cov: ?}" "$files" "$crashes" "$rc")")
done
printf '%s\n' "${summary[@]}"
exit $status
