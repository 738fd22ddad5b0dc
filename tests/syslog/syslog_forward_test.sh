#!/usr/bin/env bash
# Audit events forwarded to a real rsyslogd: every trail line arrives, in order, with the
# configured ident and facility; with redact_patient_ref the patient reference is absent from
# the forwarded copy and present in the trail; a maximum-length justification arrives whole.
#
# glibc's syslog() always writes to /dev/log, so the test runs in a private mount namespace
# (unshare --mount) where /dev is a tmpfs holding bind mounts of the real device nodes and
# the test's own rsyslogd's /dev/log socket. The host's /dev and logging are never touched.
#
# Usage: syslog_forward_test.sh CHECKLISTCTL PROTOCOL_DIR TEST_DATA_DIR
# Exit: 0 passed, 1 failed, 77 skipped (ctest SKIP_RETURN_CODE) with the reason printed.
# Under CI=true a missing capability fails instead of skipping: CI must run this test.
set -euo pipefail

skip() {
  echo "SKIP: $*" >&2
  if [ "${CI:-}" = true ]; then
    echo "FAIL: CI must be able to run this test (CI=true)" >&2
    exit 1
  fi
  exit 77
}
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "${1:-}" != --inside ]; then
  [ $# -eq 3 ] || { echo "usage: $0 CHECKLISTCTL PROTOCOL_DIR TEST_DATA_DIR" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || skip "needs root for a private mount namespace (unshare --mount); run as root"
  command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
  command -v rsyslogd >/dev/null || PATH=$PATH:/usr/sbin
  command -v rsyslogd >/dev/null || skip "rsyslogd is not installed (tools/deps.sh installs rsyslog)"
  unshare --mount --propagation private true 2>/dev/null ||
    skip "cannot create a mount namespace here (no CAP_SYS_ADMIN, e.g. an unprivileged container)"
  if [ -e /dev/log ]; then
    echo "# the host's /dev/log exists (its own syslog daemon); the test hides it in a private namespace and leaves it alone"
  fi
  tmp=$(mktemp -d /tmp/kc-syslog-test.XXXXXX)
  rc=0
  unshare --mount --propagation private -- bash "$0" --inside "$tmp" "$@" || rc=$?
  # Removed out here, where none of the namespace's mounts exist (never rm across a bind
  # mount of /dev); --one-file-system as a second guard.
  rm -rf --one-file-system "$tmp"
  exit $rc
fi

# ---- inside the private mount namespace ------------------------------------------------
tmp=$2 ctl=$3 protocols=$4 data=$5
export LC_ALL=C # bytes, not characters, everywhere below
case $tmp in /tmp/kc-syslog-test.*) ;; *) fail "unexpected work folder '$tmp'" ;; esac
rsyslog_pid=""
stop_rsyslog() {
  if [ -n "$rsyslog_pid" ]; then kill "$rsyslog_pid" 2>/dev/null || true; wait "$rsyslog_pid" 2>/dev/null || true; fi
  rsyslog_pid=""
}
trap stop_rsyslog EXIT

# A private /dev: a tmpfs with bind mounts of the few host nodes the programs here use
# (no /dev/log), built aside and then moved over /dev. Nothing here deletes anything.
mkdir "$tmp/newdev"
mount -t tmpfs -o mode=755,size=1m kc-test-dev "$tmp/newdev"
for name in null zero full random urandom tty; do
  [ -c "/dev/$name" ] || continue
  : > "$tmp/newdev/$name"
  mount --bind "/dev/$name" "$tmp/newdev/$name"
done
for name in pts shm; do
  [ -d "/dev/$name" ] || continue
  mkdir "$tmp/newdev/$name"
  mount --rbind "/dev/$name" "$tmp/newdev/$name"
done
ln -s /proc/self/fd "$tmp/newdev/fd"
ln -s /proc/self/fd/0 "$tmp/newdev/stdin"
ln -s /proc/self/fd/1 "$tmp/newdev/stdout"
ln -s /proc/self/fd/2 "$tmp/newdev/stderr"
mount --move "$tmp/newdev" /dev
[ -c /dev/null ] || fail "the private /dev has no /dev/null"
[ ! -e /dev/log ] || fail "/dev/log still exists in the private /dev"

# rsyslogd with only a /dev/log listener and one file; rsyslog's defaults otherwise
# (maxMessageSize 8k), rate limiting off so a burst of lines is never thinned.
received=$tmp/received.log
cat > "$tmp/rsyslog.conf" <<CONF
global(workDirectory="$tmp")
module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
template(name="kcRaw" type="string" string="%syslogfacility-text%|%syslogseverity-text%|%programname%|%msg:2:\$%\n")
*.* action(type="omfile" file="$received" template="kcRaw")
CONF
rsyslogd -n -f "$tmp/rsyslog.conf" -i "$tmp/rsyslogd.pid" 2> "$tmp/rsyslogd.err" &
rsyslog_pid=$!
for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.1; done
[ -S /dev/log ] || { cat "$tmp/rsyslogd.err" >&2; fail "rsyslogd did not create /dev/log"; }

# A scripted session (the CLI test's answers) with one config; prints the trail path.
run_session() { # config patient-ref answers
  local records=$tmp/records-$2 out
  out=$("$ctl" run "$protocols/example-minimal.yaml" --answers "$3" --records "$records" \
        --operator "Dr A" --role anesthesiologist --patient-ref "$2" --config "$1" --log-dir "$tmp/logs-$2") ||
    fail "checklistctl run exited $?: $out"
  echo "$out" | sed -n 's/^session [^ ]* (\(.*\))$/\1/p'
}

# The longest justification the engine takes (4000 bytes), with UTF-8 and JSON-escaped quotes.
unit='Leberwerte geprüft, "ALT" < 3x ULN; '
justification=""
while next=$justification$unit; [ "${#next}" -le 3990 ]; do justification=$next; done # ${#} counts bytes: LC_ALL=C
while [ "${#justification}" -lt 4000 ]; do justification+=.; done
[ "$(printf %s "$justification" | wc -c)" -eq 4000 ] || fail "the justification is not 4000 bytes"
sed "s|    justification: .*|    justification: '$justification'|" "$data/answers/example-complete.answers.yaml" \
  > "$tmp/long.answers.yaml"
escaped=${justification//\"/\\\"}   # as JSON writes it

cat > "$tmp/plain.yaml" <<CONF
forward:
  syslog: true
  ident: kc-plain
  facility: local4
CONF
cat > "$tmp/redacted.yaml" <<CONF
forward: {syslog: true, ident: kc-redacted, facility: local5, redact_patient_ref: true}
CONF

plain_trail=$(run_session "$tmp/plain.yaml" P-SYSLOG-PLAIN "$tmp/long.answers.yaml")
redacted_trail=$(run_session "$tmp/redacted.yaml" P-SYSLOG-REDACT "$data/answers/example-complete.answers.yaml")
[ -s "$plain_trail" ] && [ -s "$redacted_trail" ] || fail "no trail files"
"$ctl" verify "$tmp/records-P-SYSLOG-PLAIN" "$tmp/records-P-SYSLOG-REDACT" >/dev/null || fail "a trail does not verify"

ours() { grep -v '^syslog|info|rsyslogd|' "$received" || true; } # without rsyslogd's own start line
# checklistctl sent everything before it exited; wait (bounded) until rsyslogd wrote it.
expected=$(( $(wc -l < "$plain_trail") + $(wc -l < "$redacted_trail") ))
for _ in $(seq 100); do
  [ -f "$received" ] && [ "$(ours | wc -l)" -ge "$expected" ] && break
  sleep 0.1
done
stop_rsyslog
[ -f "$received" ] || fail "rsyslogd wrote nothing"

passes=0 failures=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok - $what"; passes=$((passes + 1)); else echo "not ok - $what"; failures=$((failures + 1)); fi
}
messages() { grep "^$1|" "$received" | cut -d'|' -f4-; }

check "plain: every trail line arrived, in order, byte for byte" \
  diff <(cat "$plain_trail") <(messages "local4|info|kc-plain")
check "plain: the 4000-byte justification arrived whole" \
  grep -qF "\"justification\":\"${escaped}\"" <(messages "local4|info|kc-plain")
long_line=$(grep -F '"type":"warning_justified"' "$plain_trail")
echo "# the line with the 4000-byte justification has ${#long_line} bytes"
check "plain: the trail line with it is over 4 KiB" test "${#long_line}" -gt 4096
check "plain: the patient reference is forwarded as is" \
  grep -qF '"patient_ref":"P-SYSLOG-PLAIN"' <(messages "local4|info|kc-plain")
token="sha256:$(printf %s P-SYSLOG-REDACT | sha256sum | cut -c1-16)"
check "redacted: the trail keeps the patient reference" \
  grep -qF '"patient_ref":"P-SYSLOG-REDACT"' "$redacted_trail"
check "redacted: the forwarded copy never holds it" \
  bash -c "! grep -qF P-SYSLOG-REDACT '$received'"
check "redacted: the forwarded copy is the trail with the reference replaced by its SHA-256 prefix" \
  diff <(sed "s|\"patient_ref\":\"P-SYSLOG-REDACT\"|\"patient_ref\":\"$token\"|" "$redacted_trail") \
       <(messages "local5|info|kc-redacted")
check "nothing else arrived" test "$(ours | wc -l)" -eq "$expected"

echo "$passes passed, $failures failed"
if [ "$failures" -ne 0 ]; then
  echo "--- received" >&2; cut -c1-300 "$received" >&2
  exit 1
fi
