#!/usr/bin/env bash
# A scripted session on a real, tiny file system that fills up: at every amount of free
# space the session either completes or stops with a clear message (exit 1 or 2), never
# loses a step it printed as recorded, leaves a trail that verifies intact or with only what a
# crash can leave (a torn, unacknowledged tail; a closed session whose signed checkpoint could
# not be written), and after space is freed, recover (+ resume, when it had not ended) makes
# the folder whole again.
# Needs root to mount (CI runs as root): an ext4 image on a loop device, else a tmpfs.
# When it cannot mount it says why and exits 77, which ctest shows as skipped, never passed.
#   full_disk.sh CHECKLISTCTL PROTOCOL ANSWERS
set -euo pipefail
ctl=$1 protocol=$2 answers=$3
skip() { echo "SKIPPED: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "mounting a tiny file system needs root (CI runs as root)"

work=$(mktemp -d)
mnt=$work/mnt
mkdir "$mnt"
cleanup() { umount "$mnt" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if truncate -s 1M "$work/img" && mkfs.ext4 -q -m 0 -b 1024 -N 64 "$work/img" 2>/dev/null &&
   mount -o loop "$work/img" "$mnt" 2>/dev/null; then
  fs="ext4 on a loop device"
elif mount -t tmpfs -o size=256k tmpfs "$mnt" 2>/dev/null; then
  fs="tmpfs"
else
  skip "cannot mount a loop device or a tmpfs here"
fi

run() { # records, extra args...: the scripted session; sets rc, out, err
  local records=$1; shift
  set +e
  out=$("$ctl" run "$protocol" --answers "$answers" --records "$records" --operator "Dr A. Operator" \
        --role anesthesiologist --patient-ref P-FULL --key-dir "$work/keys" --simulate-clock "$@" 2>"$work/err")
  rc=$?
  set -e
  err=$(cat "$work/err")
}
fail() { echo "FAILED (free $free bytes): $*"; echo "stdout: $out"; echo "stderr: $err"; exit 1; }

completed=0 failed=0 stops=""
for free in 0 8192 $(seq 45056 2048 67584) $(seq 68608 1024 79872) 131072; do
  rm -rf "${mnt:?}"/*
  avail=$(df --output=avail -B1 "$mnt" | tail -1)
  if (( avail > free )); then fallocate -l $((avail - free)) "$mnt/filler" 2>/dev/null ||
    dd if=/dev/zero of="$mnt/filler" bs=1 count=0 seek=$((avail - free)) 2>/dev/null; fi
  records=$mnt/records
  run "$records"
  acked=$(grep -oE 'recorded .* \(seq [0-9]+\)' <<<"$out" | grep -oE '[0-9]+\)$' | tr -d ')' | tail -1 || true)
  case $rc in
    0) completed=$((completed + 1)); continue ;;
    1|2) grep -qiE 'no space left|could not be written|cannot' <<<"$err" || fail "exit $rc without a clear message" ;;
    *) fail "unexpected exit $rc" ;;
  esac
  failed=$((failed + 1))
  stops+=" ${free}B:seq${acked:-0}"
  rm -f "$mnt/filler" # space again, as after a person frees the disk
  trail=$(ls "$records"/sessions/*.jsonl 2>/dev/null | head -1 || true)
  if [ -z "$trail" ]; then
    [ -z "$acked" ] || fail "step seq $acked was acknowledged but there is no trail"
    continue
  fi
  if [ -n "$acked" ]; then
    grep -q "\"seq\":$acked," "$trail" || fail "acknowledged seq $acked is not in the trail"
  fi
  set +e; verify=$("$ctl" verify "$records" 2>&1); vrc=$?; set -e
  if (( vrc != 0 )) && grep -v 'incomplete, not acknowledged\|closed session without checkpoint' <<<"$verify" |
       grep -q ':[0-9]*: '; then
    fail "verify reports more than a crash can leave: $verify"
  fi
  "$ctl" recover "$trail" --key-dir "$work/keys" >/dev/null 2>&1 || true
  [ -f "$trail" ] || continue # nothing had started: the empty file went to quarantine
  run "$records" --resume "$(basename "$trail" .jsonl)"
  if (( rc != 0 )) && ! grep -q 'is already completed' <<<"$err"; then
    fail "resume after freeing space did not complete (exit $rc)"
  fi
  "$ctl" verify "$records" >/dev/null || fail "verify after resume: $("$ctl" verify "$records" 2>&1)"
done
echo "full disk ($fs): $failed runs failed closed with a clear message and resumed after space was freed," \
     "$completed had room to complete; nothing acknowledged was lost"
echo "free space : last acknowledged step at the failure:$stops"
(( failed > 0 )) || { echo "FAILED: no run hit a full disk"; exit 1; }
