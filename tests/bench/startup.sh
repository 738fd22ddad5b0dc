#!/usr/bin/env bash
# Start-up: whole process from exec to the first idle event under Xvfb, for
# ketamine-checklist on the bundled protocols and for a minimal wxWidgets frame, with the
# peak memory (max RSS) of each. Prints figures; never passes or fails on time.
#   startup.sh BUILD_DIR [RUNS]
set -euo pipefail
build=${1:?build dir}
runs=${2:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
records=$(mktemp -d)
trap 'rm -rf "$records"' EXIT
app=("$build/src/gui/ketamine-checklist" --protocols "$root/protocols" --records "$records" --quit-when-idle)
minimal=("$build/tests/bench_minimal_frame")

measure() { # name, command...: median and p90 wall time (ms), max RSS (MiB)
  local name=$1; shift
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local begin end kb
    begin=$(date +%s%N)
    /usr/bin/time -o "$records/time.out" -f '%M' "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - begin) / 1000000 ))")
    kb=$(tail -1 "$records/time.out")
    if (( kb > rss )); then rss=$kb; fi
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local median p90
  median=$(awk -v n="$runs" 'NR==int((n+1)/2)' <<<"$sorted")
  p90=$(awk -v n="$runs" 'NR==int(n*0.9+0.5)' <<<"$sorted")
  printf '%-40s %8s %8s %10.1f\n' "$name" "$median" "$p90" "$(awk -v k="$rss" 'BEGIN{print k/1024}')"
  echo "$median" > "$records/$name.median"
}

echo "start-up to first idle, $runs runs each, under ${DISPLAY:-?}"
printf '%-40s %8s %8s %10s\n' "" "p50 ms" "p90 ms" "max MiB"
measure "ketamine-checklist (bundled protocols)" "${app[@]}"
measure "minimal wxWidgets frame" "${minimal[@]}"
awk -v a="$(cat "$records/ketamine-checklist (bundled protocols).median")" \
    -v b="$(cat "$records/minimal wxWidgets frame.median")" \
    'BEGIN{printf "%-40s %7.2fx   (target: within 2x)\n", "ratio of medians", a/b}'
