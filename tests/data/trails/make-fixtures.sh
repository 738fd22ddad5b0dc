#!/usr/bin/env bash
# Regenerates the audit-trail fixtures in this folder: one records folder per way a trail,
# a ledger or a records folder can be damaged or tampered with, each with expected.txt.
#
#   tests/data/trails/make-fixtures.sh [path/to/checklistctl]
#
# Sessions are recorded for real with `checklistctl run` into a temporary folder (so the
# session ids and times change on every run); each tamper is then applied with Python.
# expected.txt lists one expected finding per line, "RELATIVE_FILE:LINE: PHRASE", where
# LINE is derived from the tamper itself (0 for a finding about the whole file) and PHRASE
# is a short substring of the verifier's message. The test
# (tests/core/trail_verifier_fixtures_test.cpp) reads the folders as committed; it never runs
# this script. Only bash and python3 are needed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
ctl="${1:-${CHECKLISTCTL:-$root/build/dev/src/cli/checklistctl}}"
if [[ ! -x "$ctl" ]]; then
    echo "make-fixtures.sh: $ctl not found; build first (cmake --build build/dev) or pass its path" >&2
    exit 1
fi

exec python3 - "$here" "$root" "$ctl" <<'PYTHON'
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

HERE, ROOT, CTL = sys.argv[1], sys.argv[2], sys.argv[3]
PROTOCOL = os.path.join(ROOT, "protocols", "example-minimal.yaml")
ANSWERS = os.path.join(ROOT, "tests", "data", "answers")
GENESIS = "0" * 64
HASH_MEMBER = b',"hash":"'


def fail(message):
    sys.exit("make-fixtures.sh: " + message)


# --- The line format (docs/audit-trail-format.md, src/core/audit/codec.cpp) -------------------

def canon(obj):
    """Canonical JSON: keys sorted, no whitespace, UTF-8 as is (what nlohmann's dump() writes)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal(canonical):
    """Appends ,"hash":"<sha256 of the canonical bytes>" before the closing brace."""
    digest = hashlib.sha256(canonical).hexdigest().encode()
    return canonical[:-1] + HASH_MEMBER + digest + b'"}'


def unseal(line):
    return line[: line.rfind(HASH_MEMBER)] + b"}"


def hash_of(line):
    start = line.rfind(HASH_MEMBER) + len(HASH_MEMBER)
    return line[start : start + 64].decode()


def obj_of(line):
    return json.loads(unseal(line))


def reseal(obj):
    return seal(canon(obj))


def rechain(lines, start):
    """Re-links lines[start:] to the line before each, re-sealing them (a forger's rewrite)."""
    out = list(lines)
    for i in range(start, len(out)):
        obj = obj_of(out[i])
        obj["prev"] = hash_of(out[i - 1]) if i > 0 else GENESIS
        out[i] = reseal(obj)
    return out


# --- Files ------------------------------------------------------------------------------------

def read_lines(path):
    data = open(path, "rb").read()
    if not data.endswith(b"\n"):
        fail(f"{path} does not end with a newline")
    return data[:-1].split(b"\n")


def write_lines(path, lines, tail=b""):
    with open(path, "wb") as f:
        f.write(b"".join(line + b"\n" for line in lines) + tail)


def event_type(line):
    return obj_of(line)["type"]


def require_types(path, wanted):
    """Fails loudly when a recorded trail is not shaped the way the tampers assume."""
    got = [event_type(line) for line in read_lines(path)]
    if got != wanted:
        fail(f"{path}: events are {got}, the fixtures assume {wanted}")


# --- Recording real sessions --------------------------------------------------------------------

def record(records, protocol, answers, operator, role, patient, expect_rc):
    result = subprocess.run(
        [CTL, "run", protocol, "--answers", answers, "--records", records, "--operator", operator,
         "--role", role, "--patient-ref", patient, "--quiet", "--key-dir", os.path.join(work, "keys")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != expect_rc:
        fail(f"checklistctl run {answers} exited {result.returncode}, expected {expect_rc}:\n"
             f"{result.stdout}{result.stderr}")
    # These fixtures are of the chain and the ledger. Signed checkpoints need a private key,
    # which is not committed: tests/core/checkpoint_test.cpp makes its own tampered ones.
    if os.path.exists(os.path.join(records, "checkpoints.jsonl")):
        os.remove(os.path.join(records, "checkpoints.jsonl"))
    match = re.match(r"session (\S+) ", result.stdout)
    if not match:
        fail("checklistctl run printed no session id:\n" + result.stdout)
    return match.group(1)


work = tempfile.mkdtemp(prefix="kc-trail-fixtures-")
try:
    # A second version of the protocol (only the version differs), so one session runs on a
    # protocol whose archive entry can be removed without touching the others.
    protocol_101 = os.path.join(work, "example-minimal-1.0.1.yaml")
    text = open(PROTOCOL, encoding="utf-8").read()
    if "\nversion: 1.0.0\n" not in text:
        fail("protocols/example-minimal.yaml no longer has 'version: 1.0.0'")
    open(protocol_101, "w", encoding="utf-8").write(text.replace("\nversion: 1.0.0\n", "\nversion: 1.0.1\n"))

    amended_answers = os.path.join(work, "amended.answers.yaml")
    open(amended_answers, "w", encoding="utf-8").write("""\
# Answers cv-risk, then amends it (which supersedes ecg); amends heart-rate once every step is done.
location: Infusion suite 1
answers:
  indication: other
  psychosis: "no"
  hepatic: normal
  cv-risk: "yes"
  ecg: "yes"
  monitors: [spo2, nibp]
  heart-rate: "72"
  remarks:
    answer: Patient comfortable throughout.
amendments:
  - after: ecg
    step: cv-risk
    answer: "no"
    reason: Cardiology letter shows no cardiovascular disease; the risk was entered in error.
  - step: heart-rate
    answer: "76"
    reason: Monitor reading re-checked; 72 was the previous patient's value.
attestation:
  name: Dr C. Operator
  meaning: I confirm that this record is complete and accurate.
""")
    plain_answers = os.path.join(work, "plain.answers.yaml")
    open(plain_answers, "w", encoding="utf-8").write("""\
# A walk without warnings; the fixtures cut it short to play a crash in the middle of a write.
location: Infusion suite 3
answers:
  indication: crps
  psychosis: "no"
  hepatic: normal
  cv-risk: "yes"
  ecg: "yes"
  monitors: [spo2, nibp, ecg-monitor]
  heart-rate: "68"
  remarks: {skip: true}
attestation:
  name: Dr D. Operator
  meaning: I confirm that this record is complete and accurate.
""")

    # base: three closed sessions.
    #   C  completed, a warning justified with a second clinician (13 lines)
    #   S  hard stop (4 lines)
    #   A  completed with two amendments, one superseding an answer, on protocol 1.0.1 (14 lines)
    base = os.path.join(work, "base")
    C = record(base, PROTOCOL, os.path.join(ANSWERS, "example-complete.answers.yaml"),
               "Dr A. Operator", "anesthesiologist", "P-1001", 0)
    S = record(base, PROTOCOL, os.path.join(ANSWERS, "example-psychosis-stop.answers.yaml"),
               "Dr A. Operator", "anesthesiologist", "P-1002", 3)
    A = record(base, protocol_101, amended_answers, "Dr C. Operator", "pain physician", "P-1003", 0)

    # crash: base plus a fourth session D recorded last (its session_closed is the ledger's
    # last line). Fixtures built on it drop that ledger line and cut D's trail, which is what a
    # crash in the middle of writing D's line 6 leaves behind.
    crash = os.path.join(work, "crash")
    shutil.copytree(base, crash)
    D = record(crash, PROTOCOL, plain_answers, "Dr D. Operator", "anesthesiologist", "P-1004", 0)

    # elsewhere: an unrelated records folder, the source of a foreign session file.
    elsewhere = os.path.join(work, "elsewhere")
    F = record(elsewhere, PROTOCOL, os.path.join(ANSWERS, "example-complete.answers.yaml"),
               "Dr E. Operator", "anesthesiologist", "P-2001", 0)

    def sess(folder, sid):
        return os.path.join(folder, "sessions", sid + ".jsonl")

    def rel(sid):
        return f"sessions/{sid}.jsonl"

    require_types(sess(base, C), ["session_started", "step_answered", "step_answered", "step_answered",
                                  "warning_raised", "warning_justified", "step_answered", "step_answered",
                                  "step_answered", "step_answered", "step_skipped", "attested",
                                  "session_completed"])
    require_types(sess(base, S), ["session_started", "step_answered", "step_answered", "hard_stopped"])
    require_types(sess(base, A), ["session_started", "step_answered", "step_answered", "step_answered",
                                  "step_answered", "step_answered", "answer_amended", "answer_superseded",
                                  "step_answered", "step_answered", "step_answered", "answer_amended",
                                  "attested", "session_completed"])
    require_types(sess(crash, D), ["session_started", "step_answered", "step_answered", "step_answered",
                                   "step_answered", "step_answered", "step_answered", "step_answered",
                                   "step_skipped", "attested", "session_completed"])
    ledger = read_lines(os.path.join(base, "ledger.jsonl"))
    if [(obj_of(l)["type"], obj_of(l)["payload"]["session"]) for l in ledger] != [
            ("session_opened", C), ("session_closed", C), ("session_opened", S), ("session_closed", S),
            ("session_opened", A), ("session_closed", A)]:
        fail("the base ledger is not C opened/closed, S opened/closed, A opened/closed")
    # The Python canonical form must be byte for byte the writer's.
    for path in [sess(base, C), sess(base, S), sess(base, A), os.path.join(base, "ledger.jsonl")]:
        for n, line in enumerate(read_lines(path), 1):
            if reseal(obj_of(line)) != line:
                fail(f"{path}:{n}: re-sealing does not reproduce the line; the canonical form changed")

    archive = {}
    for name in os.listdir(os.path.join(base, "protocols")):
        version = re.search(r"^version: (\S+)$", open(os.path.join(base, "protocols", name)).read(), re.M).group(1)
        archive[version] = "protocols/" + name
    if sorted(archive) != ["1.0.0", "1.0.1"]:
        fail(f"the archive holds {sorted(archive)}")

    # --- The fixtures ---------------------------------------------------------------------------

    staging = os.path.join(work, "fixtures")
    os.mkdir(staging)
    made = []

    def fixture(name, source, expected):
        """Copies `source`, lets the caller tamper with the copy, then writes expected.txt."""
        dest = os.path.join(staging, name)
        shutil.copytree(source, dest)
        made.append((dest, expected))
        return dest

    def path_in(dest, relative):
        return os.path.join(dest, relative)

    def edit_lines(dest, relative, change):
        path = path_in(dest, relative)
        write_lines(path, change(read_lines(path)))

    def replace_line(lines, n, new):
        lines = list(lines)
        lines[n - 1] = new
        return lines

    def with_obj(lines, n, change):
        obj = obj_of(lines[n - 1])
        change(obj)
        return replace_line(lines, n, reseal(obj))

    def crashed(name, expected):
        """The crash folder as a crash leaves it: D's session_closed never reached the ledger."""
        dest = fixture(name, crash, expected)
        edit_lines(dest, "ledger.jsonl", lambda lines: lines[:-1])
        return dest

    # intact: nothing changed; no finding at all.
    fixture("intact", base, [])

    # -- one line of a trail -----------------------------------------------------------------
    # A byte of line 10 (heart-rate 72) changed: the line no longer matches its hash.
    d = fixture("edited-line", base, [(rel(C), 10, "does not match its hash")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 10, l[9].replace(b'"values":["72"]', b'"values":["78"]', 1)))

    # One hex digit of line 7's hash changed.
    def flip_hash(line):
        at = line.rfind(HASH_MEMBER) + len(HASH_MEMBER) + 63
        return line[:at] + (b"0" if line[at:at + 1] != b"0" else b"1") + line[at + 1:]
    d = fixture("edited-hash", base, [(rel(C), 7, "does not match its hash")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 7, flip_hash(l[6])))

    # Line 7's hash written in upper case: not the hash format at all.
    def upper_hash(line):
        at = line.rfind(HASH_MEMBER) + len(HASH_MEMBER)
        return line[:at] + line[at:at + 64].upper() + line[at + 64:]
    d = fixture("bad-hash-digits", base, [(rel(C), 7, "not 64 hex digits")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 7, upper_hash(l[6])))

    # Line 10 edited and given a correct hash of its own, but nothing after it re-linked: the
    # line itself checks out, so the break shows at line 11, whose prev names the old line 10.
    d = fixture("resealed-line", base, [(rel(C), 11, "does not chain")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 10, lambda o: o["payload"].update(values=["58"])))

    # A NUL byte inside line 4 (in the word "moderate").
    d = fixture("zero-bytes-mid-line", base, [(rel(C), 4, "zero bytes")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 4, l[3].replace(b"moderate", b"mod\x00rate", 1)))

    # A stray message written into the trail in place of line 9: no hash member at all.
    d = fixture("not-json-line", base, [(rel(C), 9, "does not end with its hash")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 9, b"monitors: spo2, nibp, ecg-monitor (typed by hand)"))

    # Line 9 replaced by bytes that carry a correct hash but are not JSON.
    d = fixture("sealed-not-json-line", base, [(rel(C), 9, "not a JSON object")])
    edit_lines(d, rel(C), lambda l: replace_line(l, 9, seal(b"monitors: spo2, nibp, ecg-monitor}")))

    # Line 9 with a tenth field, correctly sealed.
    d = fixture("extra-field-line", base, [(rel(C), 9, "nine trail fields")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 9, lambda o: o.update(comment="added later")))

    # Line 9 with its time in another format, correctly sealed.
    d = fixture("bad-time-line", base, [(rel(C), 9, "time is not written")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 9, lambda o: o.update(time=o["time"][:10] + " 15:00:00+01:00")))

    # Line 9 with its sequence number written as text, correctly sealed.
    d = fixture("wrong-type-field", base, [(rel(C), 9, "wrong type")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 9, lambda o: o.update(seq=str(o["seq"]))))

    # Line 9 with an event type the format does not have, correctly sealed.
    d = fixture("unknown-event-type", base, [(rel(C), 9, "unknown event type")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 9, lambda o: o.update(type="step_erased")))

    # Line 9 (an answer) without its values, correctly sealed.
    d = fixture("missing-payload-field", base, [(rel(C), 9, "payload has no")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 9, lambda o: o["payload"].pop("values")))

    # Line 4 moved to another session: its session id changed, correctly sealed (its seq and
    # prev are still right, so only the session id gives it away).
    d = fixture("wrong-session-line", base, [(rel(C), 4, "belongs to session")])
    edit_lines(d, rel(C), lambda l: with_obj(l, 4, lambda o: o.update(session=S)))

    # Line 1 replaced by a correctly sealed answer that claims to be the first line.
    def answer_as_first(lines):
        obj = obj_of(lines[1])
        obj.update(seq=1, prev=GENESIS)
        return replace_line(lines, 1, reseal(obj))
    d = fixture("no-session-started", base, [(rel(C), 1, "does not begin with session_started")])
    edit_lines(d, rel(C), answer_as_first)

    # -- lines added, removed, moved ----------------------------------------------------------
    # Line 5 (the warning) deleted: line 5 is now the old line 6, and the gap shows there.
    d = fixture("removed-line", base, [(rel(C), 5, "removed")])
    edit_lines(d, rel(C), lambda l: l[:4] + l[5:])

    # Line 1 (session_started) deleted.
    d = fixture("removed-first-line", base, [(rel(C), 1, "removed")])
    edit_lines(d, rel(C), lambda l: l[1:])

    # S's line 3 (psychosis: yes, seq 3) inserted into C as line 3: its seq fits, its link does not.
    d = fixture("inserted-line", base, [(rel(C), 3, "does not chain")])
    stop_line_3 = read_lines(sess(base, S))[2]
    edit_lines(d, rel(C), lambda l: l[:2] + [stop_line_3] + l[2:])

    # Lines 8 and 9 swapped: line 8 is the first out of place.
    d = fixture("reordered-lines", base, [(rel(C), 8, "order")])
    edit_lines(d, rel(C), lambda l: l[:7] + [l[8], l[7]] + l[9:])

    # Line 6 written twice: the copy is line 7.
    d = fixture("duplicated-line", base, [(rel(C), 7, "duplicate")])
    edit_lines(d, rel(C), lambda l: l[:6] + [l[5]] + l[6:])

    # A copy of line 3 inserted after line 9: the copy is line 10 (line 3 is still in place).
    d = fixture("duplicated-earlier-line", base, [(rel(C), 10, "duplicate")])
    edit_lines(d, rel(C), lambda l: l[:9] + [l[2]] + l[9:])

    # An empty line inserted after line 6.
    d = fixture("empty-line", base, [(rel(C), 7, "empty line")])
    edit_lines(d, rel(C), lambda l: l[:6] + [b""] + l[6:])

    # -- the end of a trail -------------------------------------------------------------------
    # A crash while D's line 6 was being written: half of it reached the disk, no newline. The
    # line was never acknowledged, so the ledger never recorded D as closed.
    d = crashed("torn-last-line", [(rel(D), 6, "incomplete")])
    path = path_in(d, rel(D))
    lines = read_lines(path)
    write_lines(path, lines[:5], tail=lines[5][: len(lines[5]) // 2])

    # The same crash on a file system that extended the file but never wrote the data: line 6
    # and its newline are NUL bytes.
    d = crashed("zero-filled-tail", [(rel(D), 6, "zero-filled")])
    path = path_in(d, rel(D))
    lines = read_lines(path)
    write_lines(path, lines[:5], tail=b"\x00" * (len(lines[5]) + 1))

    # D's line 6 is NUL bytes but its newline is there: not a torn tail, a lost write.
    d = crashed("zero-filled-last-line", [(rel(D), 6, "zero-filled line")])
    path = path_in(d, rel(D))
    lines = read_lines(path)
    write_lines(path, lines[:5] + [b"\x00" * len(lines[5])])

    # D cut after line 5 (as if it crashed there) plus a correctly sealed and linked line 6
    # that the protocol does not allow (ecg: "maybe"): the chain holds, the protocol does not.
    d = crashed("protocol-violation", [(rel(D), 6, "does not follow the protocol")])
    path = path_in(d, rel(D))
    lines = read_lines(path)
    write_lines(path, with_obj(lines[:6], 6, lambda o: o["payload"].update(values=["maybe"])))

    # C's last line (session_completed, line 13) cut in half. The ledger closed C at line 13
    # after that line was made durable, so this is not an unacknowledged write: besides the
    # torn line 13, the file does not end where the ledger says (it ends at line 12).
    d = fixture("torn-closed-session", base, [(rel(C), 13, "incomplete"),
                                              (rel(C), 12, "does not end where the ledger says")])
    path = path_in(d, rel(C))
    lines = read_lines(path)
    write_lines(path, lines[:12], tail=lines[12][: len(lines[12]) // 2])

    # C's last two complete lines removed: the file ends at line 11, the ledger says 13.
    d = fixture("truncated-session", base, [(rel(C), 11, "does not end where the ledger says")])
    edit_lines(d, rel(C), lambda l: l[:11])

    # Line 10 edited and every line after it re-sealed and re-linked: the chain holds; only the
    # ledger's final hash (of line 13) tells.
    def rechained_edit(lines):
        return rechain(with_obj(lines, 10, lambda o: o["payload"].update(values=["58"])), 10)
    d = fixture("rechained-edit", base, [(rel(C), 13, "does not end where the ledger says")])
    edit_lines(d, rel(C), rechained_edit)

    # C rewritten from line 1 (another patient reference) and re-linked throughout.
    def rewritten(lines):
        return rechain(with_obj(lines, 1, lambda o: o["payload"].update(patient_ref="P-9999")), 1)
    d = fixture("rewritten-session-file", base, [(rel(C), 1, "replaced"),
                                                 (rel(C), 13, "does not end where the ledger says")])
    edit_lines(d, rel(C), rewritten)

    # -- files of a records folder ------------------------------------------------------------
    d = fixture("missing-session-file", base, [(rel(S), 0, "missing")])
    os.remove(path_in(d, rel(S)))

    # S renamed to another id: the new name holds S, S's name is gone, the new name is unknown.
    other = str(uuid.uuid4())
    d = fixture("renamed-session-file", base, [(rel(other), 0, "holds session"),
                                               (rel(S), 0, "missing"),
                                               (rel(other), 0, "not in the ledger")])
    os.rename(path_in(d, rel(S)), path_in(d, rel(other)))

    # A's file overwritten with a copy of S's: it holds S, its first line is not the one the
    # ledger recorded for A, and it ends at line 4 where the ledger says 14.
    d = fixture("replaced-session-file", base, [(rel(A), 0, "holds session"),
                                                (rel(A), 1, "replaced"),
                                                (rel(A), 4, "does not end where the ledger says")])
    shutil.copyfile(path_in(d, rel(S)), path_in(d, rel(A)))

    # A session file from another records folder dropped in.
    d = fixture("foreign-session-file", base, [(rel(F), 0, "not in the ledger")])
    shutil.copyfile(sess(elsewhere, F), path_in(d, rel(F)))

    # S's file emptied: nothing of it is left, a finding about the file as a whole.
    d = fixture("empty-session-file", base, [(rel(S), 0, "empty")])
    open(path_in(d, rel(S)), "wb").close()

    # A crash right after a session file was created, before its first line was durable: an
    # empty file the ledger never heard of (the ledger lists a session only after its first
    # line). Nothing was recorded, so this is no file "from elsewhere".
    unstarted = str(uuid.uuid4())
    d = fixture("crashed-before-first-line", base, [(rel(unstarted), 0, "never started")])
    open(path_in(d, rel(unstarted)), "wb").close()

    # S's file replaced by a folder of the same name (holding a note, so git keeps it).
    d = fixture("session-file-is-folder", base, [(rel(S), 0, "is a folder")])
    os.remove(path_in(d, rel(S)))
    os.mkdir(path_in(d, rel(S)))
    open(os.path.join(path_in(d, rel(S)), "README"), "w").write("A folder where a session file should be.\n")

    # -- the protocol archive -----------------------------------------------------------------
    # Protocol 1.0.1's archive entry removed (and no other protocol folder is searched): A's
    # protocol matches no known version.
    d = fixture("unknown-protocol", base, [(rel(A), 1, "matches no known version")])
    os.remove(path_in(d, archive["1.0.1"]))

    # Protocol 1.0.0's archived bytes edited (a grade changed): its hash no longer matches, so
    # neither session that ran on 1.0.0 has a known protocol.
    d = fixture("edited-protocol-archive", base, [(rel(C), 1, "matches no known version"),
                                                  (rel(S), 1, "matches no known version")])
    p = path_in(d, archive["1.0.0"])
    data = open(p, "rb").read()
    if b"grade: B" not in data:
        fail("the protocol has no 'grade: B' to edit")
    open(p, "wb").write(data.replace(b"grade: B", b"grade: A", 1))

    # -- the ledger ---------------------------------------------------------------------------
    # Line 2 (C closed) says abandoned instead of completed.
    d = fixture("edited-ledger", base, [("ledger.jsonl", 2, "does not match its hash")])
    edit_lines(d, "ledger.jsonl",
               lambda l: replace_line(l, 2, l[1].replace(b'"outcome":"completed"', b'"outcome":"abandoned"', 1)))

    # Line 3 (S opened) deleted.
    d = fixture("ledger-removed-line", base, [("ledger.jsonl", 3, "removed")])
    edit_lines(d, "ledger.jsonl", lambda l: l[:2] + l[3:])

    # Line 3 (S opened) given another first hash and re-sealed, nothing after it re-linked:
    # the break shows at line 4.
    d = fixture("ledger-resealed-line", base, [("ledger.jsonl", 4, "does not chain")])
    edit_lines(d, "ledger.jsonl", lambda l: with_obj(
        l, 3, lambda o: o["payload"].update(first_hash=hashlib.sha256(b"another first line").hexdigest())))

    # Line 3 turned into an entry type the ledger does not have, correctly sealed.
    d = fixture("ledger-bad-entry", base, [("ledger.jsonl", 3, "unknown ledger entry type")])
    edit_lines(d, "ledger.jsonl", lambda l: with_obj(l, 3, lambda o: o.update(type="session_deleted")))

    # A crash while the ledger's last line (A closed) was written: half of it, no newline. A's
    # trail ended (line 14) but the ledger no longer holds its final hash.
    d = fixture("ledger-torn-last-line", base, [("ledger.jsonl", 6, "incomplete"),
                                                (rel(A), 14, "no final hash")])
    path = path_in(d, "ledger.jsonl")
    lines = read_lines(path)
    write_lines(path, lines[:5], tail=lines[5][: len(lines[5]) // 2])

    # The ledger's last line (A closed) removed whole: the ledger's own chain is intact, only
    # A's trail, which ended at line 14, shows that its final hash is missing.
    d = fixture("ledger-missing-close", base, [(rel(A), 14, "no final hash")])
    edit_lines(d, "ledger.jsonl", lambda l: l[:5])

    d = fixture("missing-ledger", base, [("ledger.jsonl", 0, "ledger is missing")])
    os.remove(path_in(d, "ledger.jsonl"))

    # --- Write them out -------------------------------------------------------------------------
    for dest, expected in made:
        with open(os.path.join(dest, "expected.txt"), "w") as f:
            for file, line, phrase in expected:
                f.write(f"{file}:{line}: {phrase}\n")
        for top, dirs, files in os.walk(dest):
            os.chmod(top, 0o755)
            for name in files:
                os.chmod(os.path.join(top, name), 0o644)

    # Replace the previous fixtures (every sub-folder holding an expected.txt).
    for name in sorted(os.listdir(HERE)):
        old = os.path.join(HERE, name)
        if os.path.isdir(old) and os.path.exists(os.path.join(old, "expected.txt")):
            shutil.rmtree(old)
    for dest, _ in made:
        shutil.copytree(dest, os.path.join(HERE, os.path.basename(dest)))
    print(f"{len(made)} fixtures written to {HERE}")
finally:
    shutil.rmtree(work, ignore_errors=True)
PYTHON
