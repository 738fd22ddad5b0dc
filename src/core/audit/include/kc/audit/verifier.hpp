#pragma once
// Verifies trails and records folders: every chain, the protocol each session ran on, and
// (for a folder) the ledger against the session files present. Reports the first broken
// place of each file as FILE:LINE: what, with its kind and, when a person can do something
// about it, its remedy. Never throws for damaged content.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/remedy.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

// Every verdict the verifier reaches. Consumers (the report, the faces) classify findings by
// their kind, never by their text.
enum class FindingKind {
    // A file's own chain (trail, ledger or checkpoints)
    Torn,        // only an incomplete last line (or an empty trail) that was never acknowledged
    BrokenChain, // a line fails framing, hash, fields, sequence or link: edited, inserted, removed, reordered
    Unreadable,  // the file cannot be read (a folder, no permission, too large)
    NoSuchPath,  // a path given to verify does not exist
    // A session against the protocol it ran on
    ProtocolUnknown,   // no known protocol version has the SHA-256 the session names
    ProtocolViolation, // an event does not follow the protocol
    ArchiveChanged,    // an archived protocol's bytes do not have the SHA-256 its name records
    // A session file against the ledger
    Emptied,            // the ledger recorded its first line, and the file is empty
    CutShort,           // the ledger closed it, and lines it vouches for are gone or damaged
    AddedAfterEnd,      // the ledger closed it, and bytes follow its last line
    Missing,            // the ledger lists it, and the file is gone
    NotInLedger,        // the ledger does not list it: a file from elsewhere, or renamed
    Misnamed,           // it holds another session than its name says (a copy or a renamed file)
    Replaced,           // its first line is not the one the ledger recorded
    ProtocolMismatch,   // it ran on another protocol version than the ledger recorded
    LedgerMissingClose, // it ended, and the ledger holds no final hash for it (an interrupted close)
    EndMismatch,        // it does not end where the ledger's closing entry says
    OutcomeMismatch,    // the ledger records another outcome than the trail
    ManifestMismatch,   // it names another approval manifest (or sequence) than the ledger recorded
    ManifestRollback,   // it started under an older approval manifest than a session started before it
    // The ledger's entries
    LedgerMissing,          // sessions are present and the ledger is not
    LedgerDuplicate,        // a second opened or closed entry for one file
    LedgerNameMismatch,     // an entry names one session and another file
    LedgerCloseWithoutOpen, // an entry closes a file no entry opened
    // The signed checkpoints
    CheckpointBadSignature, // does not verify with any given key
    CheckpointDuplicate,    // a second checkpoint for one session
    CheckpointTrailMissing, // a checkpoint for a session whose file is gone
    CheckpointMismatch,     // the session does not end where its checkpoint says
    CheckpointNotClosed,    // a checkpoint for a session the ledger does not close
    CheckpointMissing,      // a session the ledger closed has no checkpoint
    // Notes: facts an auditor should see that are not damage
    Repaired,             // an entry or checkpoint that recovery added after a crash
    SignaturesNotChecked, // checkpoints verified without a key: their chain only
    NotATrail,            // (the report) a file in sessions/ that is not a trail, not read
};

struct FileFinding {
    std::string file;
    int line = 0; // 0: the file as a whole (missing, not in the ledger, ...)
    std::string what;
    bool torn = false; // an incomplete last line only: recoverable
    FindingKind kind = FindingKind::BrokenChain;
    std::optional<Remedy> remedy;
    // The session it concerns, by the name its records folder's ledger gives its file
    // (sessions/<id>.jsonl), wherever it was found: in the trail, in the ledger's entries for
    // it or in its checkpoint. Empty for a finding about a whole file (the ledger's or the
    // checkpoints' chain, the archive) and for a trail outside a records folder.
    std::string trail;
};

// A session's integrity, as the verifier judges it from the findings that concern it. The one
// verdict: verify, replay, the report, the audit window and the FHIR export all give this one.
enum class Integrity {
    Intact,  // no finding concerns it
    Damaged, // tampered, cut, replaced, off-protocol, unreadable; or its ledger entries or its checkpoint disagree
    Torn,    // only an incomplete last line that was never acknowledged (a recover moves it aside)
    Missing, // listed in the ledger or checkpointed, but the file is gone
    Foreign, // a file the ledger does not list (from elsewhere, or renamed)
};

// "intact", "damaged", "torn", "missing", "foreign".
const char* IntegrityName(Integrity integrity);

// The verdict on one session: every finding that concerns it, and the worst integrity they give.
struct SessionVerdict {
    std::string file;  // the trail's path (for a missing one, where it should be)
    std::string trail; // its ledger name (sessions/<id>.jsonl); empty for a trail outside a records folder
    Integrity integrity = Integrity::Intact;
    std::vector<FileFinding> findings;
    bool Intact() const { return integrity == Integrity::Intact; }
};

struct VerifyOptions {
    std::vector<std::string> protocolDirs; // where else to look for known protocol versions
    // Optional hooks, so a caller (reports) can summarise in the same pass that verifies and
    // read each file once. onTrail: every session file that could be read (by its ledger name,
    // FileFinding::trail), with the intact events before any break. onLedger: a folder's ledger
    // entries that verify trusts; not called for a folder without a ledger. onProgress: after
    // each session file of a folder (files done, files in the folder).
    std::function<void(const std::string& trail, const TrailScan& scan)> onTrail;
    std::function<void(const std::vector<LedgerEntry>& entries)> onLedger;
    std::function<void(std::size_t done, std::size_t total)> onProgress;
    // Public keys that checkpoint signatures must verify with; none: only the checkpoints' chain is checked.
    std::vector<PublicKey> keys;
};

struct VerifyReport {
    std::vector<FileFinding> findings;
    std::vector<FileFinding> notes; // facts an auditor should see that are not damage (repairs)
    // One verdict per session: each trail read, and each one a ledger entry or checkpoint names.
    std::vector<SessionVerdict> sessions;
    int sessionFiles = 0;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
    bool Intact() const { return findings.empty(); }
};

// FILE:LINE: what (FILE: what for line 0), the remedy as the finding says it in plain words.
std::string FormatFinding(const FileFinding& finding);

// Each path is a records folder (ledger + sessions) or a single trail file (VerifySessionTrail).
VerifyReport VerifyPaths(const std::vector<std::string>& paths, const VerifyOptions& options);

// One trail as verify checks it. In a records folder (RECORDS/sessions/<id>.jsonl): its chain
// and its protocol, the ledger's entries for it and its checkpoint, each as the folder's verify
// finds them, and the ledger's and the checkpoints' own chains (a break there concerns every
// session); the other sessions' files are not read. Elsewhere: its chain and its protocol.
// `sessions` holds its one verdict.
VerifyReport VerifySessionTrail(const std::string& trailPath, const VerifyOptions& options);

// One trail held in memory, checked as VerifyPaths checks a lone trail file, against the
// given known protocol versions only (no folder is read).
VerifyReport VerifyTrailBytes(std::string_view bytes, const std::string& displayPath,
                              const std::vector<ProtocolPtr>& knownProtocols);

// A ledger held in memory: its own chain only (the files it lists are not looked at).
VerifyReport VerifyLedgerBytes(std::string_view bytes, const std::string& displayPath);

} // namespace kc
