#include "kc/audit/verifier.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "checkpoint_verifier.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/known_protocols.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/session_lock.hpp"
#include "session_verdict.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/engine.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace fs = std::filesystem;

namespace {

// An incomplete last line: recover moves it aside.
FileFinding TornFinding(const std::string& file, int line, std::string what, std::string trail = {}) {
    FileFinding f = Found(file, line, FindingKind::Torn, std::move(what), std::move(trail));
    f.torn = true;
    f.remedy = Remedy{RemedyKind::Recover, file};
    return f;
}

// The same for a trail whose session is open now: its writer may be in the middle of that
// line, and recover would refuse it, so none is offered.
FileFinding TornTrailFinding(const std::string& file, int line, const std::string& what, const std::string& trail) {
    std::optional<LockHolder> writer;
    try {
        writer = SessionWriter(file);
    } catch (const Error&) {
        // No word from the lock file: the finding stands as it is.
    }
    if (!writer) return TornFinding(file, line, what, trail);
    FileFinding f = Found(file, line, FindingKind::Torn,
                          fmt::format("{}; the session is {} now, and its writer may be in the middle of this line "
                                      "(verify again once it is closed)",
                                      what, DescribeHolder(*writer)),
                          trail);
    f.torn = true; // as TornFinding, without its recover: it would be refused
    return f;
}

struct SessionSummary {
    bool ended = false;
    bool torn = false;
    bool empty = true;
    std::string protocolSha256;
    std::optional<ManifestRef> manifest; // the approval manifest its start was checked against
    std::string outcome;
    std::string sessionId;
    std::string firstHash;
    std::string lastHash;
    std::uint64_t lastSeq = 0;
    bool intact = false;
    bool chainIntact = false; // no problem in the chain, torn tail included (the rules may still be broken)
};

SessionSummary SummaryOf(const TrailScan& scan) {
    SessionSummary summary;
    summary.torn = scan.problem && scan.problem->torn;
    summary.empty = scan.events.empty();
    summary.chainIntact = !scan.problem && !scan.events.empty();
    if (scan.events.empty()) return summary;
    summary.sessionId = scan.events.front().sessionId;
    summary.firstHash = scan.events.front().hash;
    summary.lastHash = scan.events.back().hash;
    summary.lastSeq = scan.events.back().seq;
    const auto& last = scan.events.back().body;
    const char* outcome = EndingOutcome(last);
    summary.ended = outcome != nullptr;
    summary.outcome = outcome ? outcome : "";
    if (const auto* started = std::get_if<ev::SessionStarted>(&scan.events.front().body)) {
        summary.protocolSha256 = started->protocol.sha256;
        summary.manifest = started->manifest;
    }
    return summary;
}

// A torn tail the ledger shows was acknowledged is damage, not a recoverable crash: the ledger
// recorded the first line of an emptied file, or closed the session. True when it reported one.
bool ReportAcknowledgedTear(const TrailScan& scan, const std::string& path, const std::string& trail,
                            const LedgerEntry* opened, const LedgerEntry* closed, VerifyReport& report) {
    if (!scan.problem || !scan.problem->torn) return false;
    if (opened != nullptr && scan.events.empty()) {
        report.findings.push_back(Found(path, 0, FindingKind::Emptied,
                                        fmt::format("emptied: the ledger recorded this session's first line (ledger "
                                                    "line {}), so it was acknowledged and has been removed",
                                                    opened->line),
                                        trail));
        return true;
    }
    if (closed == nullptr) return false;
    const bool allThere = scan.events.size() >= closed->lastSeq;
    report.findings.push_back(
        allThere ? Found(path, scan.problem->line, FindingKind::AddedAfterEnd,
                         fmt::format("bytes were added after the end: the ledger closed this session after {} "
                                     "events (ledger line {})",
                                     closed->lastSeq, closed->line),
                         trail)
                 : Found(path, scan.problem->line, FindingKind::CutShort,
                         fmt::format("cut short: the ledger closed this session after {} events (ledger line {}), "
                                     "so every one of its lines was acknowledged; lines were removed or damaged "
                                     "(do not recover)",
                                     closed->lastSeq, closed->line),
                         trail));
    return true;
}

// The protocol it ran on must be a known version, and every event must follow it.
bool ReplaysOnItsProtocol(const std::vector<Event>& events, const std::string& path, const std::string& trail,
                          const std::string& recordsRoot, KnownProtocols& protocols, VerifyReport& report) {
    const auto& started = std::get<ev::SessionStarted>(events.front().body);
    const ProtocolPtr protocol = protocols.Find(started.protocol.sha256, recordsRoot);
    if (!protocol) {
        report.findings.push_back(Found(path, 1, FindingKind::ProtocolUnknown,
                                        fmt::format("protocol {} {} with sha256 {} matches no known version",
                                                    started.protocol.id, started.protocol.version,
                                                    started.protocol.sha256),
                                        trail));
        return false;
    }
    const Engine engine(protocol);
    SessionState state;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (auto error = engine.Apply(state, events[i]); !error.empty()) {
            report.findings.push_back(Found(path, static_cast<int>(i + 1), FindingKind::ProtocolViolation,
                                            "event does not follow the protocol: " + error, trail));
            return false;
        }
    }
    return true;
}

// `opened`/`closed`: the ledger's entries for this file, when verifying a folder. A ledger
// entry proves the lines it covers were acknowledged, so a file cut short before them is
// damage, not a recoverable torn tail.
// `trail`: the file's ledger name, empty outside a records folder.
SessionSummary VerifySessionScan(const TrailScan& scan, const std::string& path, const std::string& trail,
                                 const std::string& recordsRoot, KnownProtocols& protocols, VerifyReport& report,
                                 const LedgerEntry* opened, const LedgerEntry* closed) {
    ++report.sessionFiles;
    report.events += scan.events.size();
    report.bytes += scan.intactBytes;
    SessionSummary summary = SummaryOf(scan);
    if (ReportAcknowledgedTear(scan, path, trail, opened, closed, report)) return summary;
    if (scan.problem) {
        report.findings.push_back(
            scan.problem->torn ? TornTrailFinding(path, scan.problem->line, scan.problem->what, trail)
                               : Found(path, scan.problem->line, FindingKind::BrokenChain, scan.problem->what, trail));
        if (!scan.problem->torn) return summary;
    }
    if (scan.events.empty()) return summary;
    summary.intact = ReplaysOnItsProtocol(scan.events, path, trail, recordsRoot, protocols, report) && !scan.problem;
    return summary;
}

SessionSummary VerifySessionFile(const std::string& path, const std::string& trail, const std::string& recordsRoot,
                                 KnownProtocols& protocols, VerifyReport& report, const VerifyOptions& options,
                                 const LedgerEntry* opened = nullptr, const LedgerEntry* closed = nullptr) {
    TrailScan scan;
    try {
        scan = ScanTrailFile(path);
    } catch (const IoError& e) {
        report.findings.push_back(Found(path, 0, FindingKind::Unreadable, e.Detail(), trail)); // the finding names the file
        return {};
    }
    if (options.onTrail) options.onTrail(trail, scan);
    return VerifySessionScan(scan, path, trail, recordsRoot, protocols, report, opened, closed);
}

// Verifies the ledger's own chain (its bytes); returns its entries up to the first break.
std::vector<LedgerEntry> VerifyLedgerChain(std::string_view bytes, const std::string& ledgerPath, VerifyReport& report) {
    LedgerScan scan = ScanLedger(bytes);
    if (const auto& problem = scan.chain.problem) {
        switch (problem->kind) {
        case ChainBreak::Torn: report.findings.push_back(TornFinding(ledgerPath, problem->line, TornMessage())); break;
        case ChainBreak::Sequence:
            report.findings.push_back(
                Found(ledgerPath, problem->line, FindingKind::BrokenChain,
                      fmt::format("ledger sequence {} where {} was expected (lines removed, inserted or reordered)",
                                  problem->seq, problem->expected)));
            break;
        case ChainBreak::Link:
            report.findings.push_back(
                Found(ledgerPath, problem->line, FindingKind::BrokenChain,
                      "does not chain to the line before (a line was inserted, removed or replaced)"));
            break;
        case ChainBreak::Unread:
        case ChainBreak::Refused:
            report.findings.push_back(Found(ledgerPath, problem->line, FindingKind::BrokenChain, problem->what));
            break;
        }
    }
    return std::move(scan.entries);
}

std::vector<LedgerEntry> ReadLedgerChain(const std::string& ledgerPath, VerifyReport& report) {
    std::string bytes;
    try {
        bytes = ReadFile(ledgerPath, std::size_t{1} << 30);
    } catch (const IoError& e) {
        report.findings.push_back(Found(ledgerPath, 0, FindingKind::Unreadable, e.Detail()));
        return {};
    }
    return VerifyLedgerChain(bytes, ledgerPath, report);
}

// Every archived protocol must hold the bytes its name (their SHA-256) promises.
void VerifyArchive(const std::string& root, VerifyReport& report) {
    std::error_code ec;
    const std::string dir = layout::ProtocolsDir(root);
    if (!fs::is_directory(dir, ec)) return;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string named = layout::ShaOfArchiveName(entry.path().filename().string());
        if (named.empty()) continue;
        try {
            const std::string sha = Sha256Hex(ReadFile(entry.path().string(), kMaxProtocolBytes + 1));
            if (sha != named)
                report.findings.push_back(Found(entry.path().string(), 0, FindingKind::ArchiveChanged,
                                                fmt::format("archived protocol was changed: its content has sha256 "
                                                            "{}, not the one its name records",
                                                            sha.substr(0, 12))));
        } catch (const IoError& e) {
            report.findings.push_back(Found(entry.path().string(), 0, FindingKind::Unreadable, e.Detail()));
        }
    }
}

// What a folder's ledger says, as far as verify trusts it: its entries up to any break, and
// each file's opened and closed entry.
struct LedgerIndex {
    bool exists = false;
    bool intact = true; // nothing wrong but perhaps a torn tail: it vouches for every file
    std::vector<LedgerEntry> entries;
    std::map<std::string, const LedgerEntry*> opened, closed; // by file (sessions/<id>.jsonl)

    static const LedgerEntry* Of(const std::map<std::string, const LedgerEntry*>& entries, const std::string& file) {
        const auto it = entries.find(file);
        return it == entries.end() ? nullptr : it->second;
    }
};

// The session an entry's finding concerns: the file it names, when that names a trail.
std::string SessionOfEntry(const LedgerEntry& entry) {
    const std::string name = fs::path(entry.file).filename().string();
    return layout::IsTrailName(name) && layout::KeyOfTrail(name) == entry.file ? entry.file : std::string();
}

// Each entry once per file and kind, naming its own session's file; a repair is a note.
void IndexLedger(const std::string& ledgerPath, LedgerIndex& ledger, VerifyReport& report) {
    for (const auto& entry : ledger.entries) {
        const std::string trail = SessionOfEntry(entry);
        if (!entry.repaired.empty())
            report.notes.push_back(Found(ledgerPath, entry.line, FindingKind::Repaired,
                                         fmt::format("{} entry for {}: {}", LedgerEntryTypeName(entry.type), entry.file,
                                                     entry.repaired),
                                         trail));
        auto& slot = entry.type == LedgerEntryType::Opened ? ledger.opened[entry.file] : ledger.closed[entry.file];
        if (slot != nullptr)
            report.findings.push_back(Found(ledgerPath, entry.line, FindingKind::LedgerDuplicate,
                                            fmt::format("second {} entry for {} (first at ledger line {})",
                                                        LedgerEntryTypeName(entry.type), entry.file, slot->line),
                                            trail));
        else
            slot = &entry;
        if (entry.file != layout::TrailKey(entry.session))
            report.findings.push_back(
                Found(ledgerPath, entry.line, FindingKind::LedgerNameMismatch,
                      fmt::format("entry names session '{}' but file {}", entry.session, entry.file), trail));
    }
    for (const auto& [file, entry] : ledger.closed)
        if (ledger.opened.find(file) == ledger.opened.end())
            report.findings.push_back(Found(ledgerPath, entry->line, FindingKind::LedgerCloseWithoutOpen,
                                            fmt::format("closes {} but no entry opened it", file),
                                            SessionOfEntry(*entry)));
}

// The ledger pass: its chain, then its entries. Fills `ledger` in place (the index points into its entries).
void VerifyLedger(const std::string& root, LedgerIndex& ledger, VerifyReport& report, const VerifyOptions& options) {
    const std::string ledgerPath = layout::LedgerPath(root);
    std::error_code ec;
    ledger.exists = fs::exists(ledgerPath, ec);
    if (!ledger.exists) return;
    const std::size_t findingsBefore = report.findings.size();
    ledger.entries = ReadLedgerChain(ledgerPath, report);
    // A torn ledger tail is a crash; any other break means the ledger cannot vouch for every
    // file, and the line before a chain break may be the edited one, so it is not used.
    for (std::size_t i = findingsBefore; i < report.findings.size(); ++i)
        if (!report.findings[i].torn) ledger.intact = false;
    if (!ledger.intact && !ledger.entries.empty()) ledger.entries.pop_back();
    if (options.onLedger) options.onLedger(ledger.entries);
    IndexLedger(ledgerPath, ledger, report);
}

// The session pass: every trail in sessions/ (or only the one named `only`), each against its
// ledger entries; their summaries by key.
std::map<std::string, SessionSummary> VerifySessions(const std::string& root, const LedgerIndex& ledger,
                                                     KnownProtocols& protocols, VerifyReport& report,
                                                     const VerifyOptions& options, const std::string& only) {
    std::map<std::string, SessionSummary> present;
    std::vector<std::string> files;
    if (!only.empty()) {
        files.push_back(layout::PathOfKey(root, only));
    } else {
        std::error_code ec;
        const std::string sessionsDir = layout::SessionsDir(root);
        if (!fs::is_directory(sessionsDir, ec)) return present;
        for (const auto& entry : fs::directory_iterator(sessionsDir, ec))
            if (layout::IsTrailName(entry.path().filename().string())) files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& file = files[i];
        const std::string key = layout::KeyOfTrail(file);
        auto summary = VerifySessionFile(file, key, root, protocols, report, options,
                                         LedgerIndex::Of(ledger.opened, key), LedgerIndex::Of(ledger.closed, key));
        if (!summary.sessionId.empty() && key != layout::TrailKey(summary.sessionId))
            report.findings.push_back(Found(file, 0, FindingKind::Misnamed,
                                            fmt::format("file holds session '{}', not the one its name says (a "
                                                        "copy or a renamed file)",
                                                        summary.sessionId),
                                            key));
        present.emplace(key, std::move(summary));
        if (options.onProgress) options.onProgress(i + 1, files.size());
    }
    return present;
}

std::string DescribeManifest(const std::optional<ManifestRef>& m) {
    return m ? fmt::format("approvals.json sequence {} (manifest {})", m->sequence, m->id.substr(0, 12))
             : std::string("no numbered approval manifest");
}

// Sessions start in ledger order, and the approval manifest each was checked against never goes
// back: a lower sequence of the same manifest after a higher one means an older copy was put
// back. The trail's own record is used where its file was read (it is what its checkpoint
// covers), else the ledger's.
void CheckManifestOrder(const std::string& root, const LedgerIndex& ledger,
                        const std::map<std::string, SessionSummary>& present, VerifyReport& report) {
    std::map<std::string, std::pair<std::uint64_t, int>> highest; // by manifest id: sequence, ledger line
    for (const auto& entry : ledger.entries) {
        if (entry.type != LedgerEntryType::Opened || LedgerIndex::Of(ledger.opened, entry.file) != &entry) continue;
        const auto it = present.find(entry.file);
        const bool fromTrail = it != present.end() && !it->second.firstHash.empty();
        const std::optional<ManifestRef>& m = fromTrail ? it->second.manifest : entry.manifest;
        if (!m) continue;
        auto [at, first] = highest.try_emplace(m->id, m->sequence, entry.line);
        if (first) continue;
        if (m->sequence < at->second.first) {
            report.findings.push_back(
                Found(fromTrail ? layout::PathOfKey(root, entry.file) : layout::LedgerPath(root),
                      fromTrail ? 1 : entry.line, FindingKind::ManifestRollback,
                      fmt::format("started under approvals.json sequence {}, older than sequence {} of the same "
                                  "manifest that a session started before it recorded (ledger line {}): an older "
                                  "copy of the approval manifest had been put back",
                                  m->sequence, at->second.first, at->second.second),
                      entry.file));
            continue;
        }
        at->second = {m->sequence, entry.line};
    }
}

// A file the ledger lists, present: it begins and ends where the ledger says, on its protocol.
void CrossCheckListed(const std::string& path, const std::string& file, const SessionSummary& s,
                      const LedgerEntry& opened, const LedgerEntry* closed, bool ledgerIntact, VerifyReport& report) {
    if (!s.firstHash.empty() && s.firstHash != opened.firstHash)
        report.findings.push_back(Found(path, 1, FindingKind::Replaced,
                                        fmt::format("replaced: its first line is not the one the ledger recorded "
                                                    "(ledger line {})",
                                                    opened.line),
                                        file));
    else if (!s.protocolSha256.empty() && s.protocolSha256 != opened.protocolSha256)
        report.findings.push_back(Found(path, 1, FindingKind::ProtocolMismatch,
                                        fmt::format("ran on protocol sha256 {}, but the ledger recorded {} (ledger "
                                                    "line {})",
                                                    s.protocolSha256.substr(0, 12), opened.protocolSha256.substr(0, 12),
                                                    opened.line),
                                        file));
    // An opened entry that recovery added was written from the protocol alone and names no manifest.
    if (!s.firstHash.empty() && s.manifest != opened.manifest && (opened.repaired.empty() || opened.manifest))
        report.findings.push_back(Found(path, 1, FindingKind::ManifestMismatch,
                                        fmt::format("started under {}, but the ledger recorded {} (ledger line {})",
                                                    DescribeManifest(s.manifest), DescribeManifest(opened.manifest),
                                                    opened.line),
                                        file));
    if (s.intact && s.ended && closed == nullptr && ledgerIntact) {
        FileFinding f = Found(path, static_cast<int>(s.lastSeq), FindingKind::LedgerMissingClose,
                              "the session ended here but the ledger holds no final hash for it (an interrupted close)",
                              file);
        f.remedy = Remedy{RemedyKind::Recover, path};
        report.findings.push_back(std::move(f));
    }
    if (closed == nullptr || !s.intact) return;
    const LedgerEntry& e = *closed;
    if (e.finalHash != s.lastHash || e.lastSeq != s.lastSeq)
        report.findings.push_back(
            Found(path, static_cast<int>(std::min<std::uint64_t>(s.lastSeq, e.lastSeq)), FindingKind::EndMismatch,
                  fmt::format("does not end where the ledger says (ledger line {}: {} events, final hash {}; file: {} "
                              "events, final hash {}): lines were removed, added or the file replaced",
                              e.line, e.lastSeq, e.finalHash.substr(0, 12), s.lastSeq, s.lastHash.substr(0, 12)),
                  file));
    else if (e.outcome != s.outcome)
        report.findings.push_back(Found(path, static_cast<int>(s.lastSeq), FindingKind::OutcomeMismatch,
                                        fmt::format("ledger line {} records the outcome '{}', the trail '{}'", e.line,
                                                    e.outcome, s.outcome.empty() ? "open" : s.outcome),
                                        file));
}

// The cross-check: every file the ledger lists (or only the one named `only`) is there as
// listed, and (when the ledger can vouch for all) every file there is listed.
void CrossCheck(const std::string& root, const LedgerIndex& ledger, const std::map<std::string, SessionSummary>& present,
                VerifyReport& report, const std::string& only) {
    for (const auto& [file, entry] : ledger.opened) {
        if (!only.empty() && file != only) continue;
        const std::string path = layout::PathOfKey(root, file);
        const auto it = present.find(file);
        if (it == present.end())
            report.findings.push_back(
                Found(path, 0, FindingKind::Missing,
                      fmt::format("missing: the ledger lists it (line {}) but the file is gone (deleted or renamed)",
                                  entry->line),
                      file));
        else
            CrossCheckListed(path, file, it->second, *entry, LedgerIndex::Of(ledger.closed, file), ledger.intact,
                             report);
    }
    // A file the ledger does not list: from elsewhere, or renamed. An empty file is the
    // exception: a crash right after creating it, before anything was written or listed.
    if (ledger.intact)
        for (const auto& [file, summary] : present)
            if (ledger.opened.find(file) == ledger.opened.end() && !(summary.torn && summary.empty))
                report.findings.push_back(
                    Found(layout::PathOfKey(root, file), 0, FindingKind::NotInLedger,
                          "not in the ledger: a file from elsewhere, or renamed from another name", file));
}

// Checks a records folder, or (`only`: a trail's key) one of its sessions: its file, its
// ledger entries, its checkpoint, and the ledger's and checkpoints' own chains, keeping only the
// findings and notes that concern it or a whole file. Then each session's verdict.
void VerifyFolder(const std::string& root, KnownProtocols& protocols, VerifyReport& report,
                  const VerifyOptions& options, const std::string& only = {}) {
    const std::size_t firstFinding = report.findings.size(), firstNote = report.notes.size();
    LedgerIndex ledger;
    VerifyLedger(root, ledger, report, options);
    if (only.empty()) VerifyArchive(root, report); // a session's own archived protocol is checked by its lookup
    const auto present = VerifySessions(root, ledger, protocols, report, options, only);
    std::map<std::string, TrailEnd> ends;
    for (const auto& [file, summary] : present) ends[file] = {summary.chainIntact, summary.lastSeq, summary.lastHash};
    VerifyCheckpoints(root, options.keys, ledger.closed, ledger.exists && ledger.intact, ends, report);
    if (ledger.exists) {
        CrossCheck(root, ledger, present, report, only);
        CheckManifestOrder(root, ledger, present, report);
    } else if (!present.empty()) {
        report.findings.push_back(Found(layout::LedgerPath(root), 0, FindingKind::LedgerMissing,
                                        "the ledger is missing, so deleted sessions cannot be detected"));
    }
    if (!only.empty()) {
        // What concerns another session is that session's verdict, not this one's.
        const auto other = [&](const FileFinding& f) { return !f.trail.empty() && f.trail != only; };
        report.findings.erase(std::remove_if(report.findings.begin() + static_cast<std::ptrdiff_t>(firstFinding),
                                             report.findings.end(), other),
                              report.findings.end());
        report.notes.erase(std::remove_if(report.notes.begin() + static_cast<std::ptrdiff_t>(firstNote),
                                          report.notes.end(), other),
                           report.notes.end());
    }
    std::set<std::string> sessions;
    for (const auto& [file, summary] : present) sessions.insert(file);
    for (std::size_t i = firstFinding; i < report.findings.size(); ++i)
        if (!report.findings[i].trail.empty()) sessions.insert(report.findings[i].trail);
    for (const auto& key : sessions)
        report.sessions.push_back(VerdictOf(layout::PathOfKey(root, key), key, report, firstFinding, ledger.exists,
                                            ledger.opened.count(key) != 0,
                                            [&](const FileFinding& f) { return f.trail == key; }));
}

// A trail outside a records folder: its chain and its protocol; every finding is its own.
void VerifyLoneTrail(const std::string& path, KnownProtocols& protocols, VerifyReport& report,
                     const VerifyOptions& options) {
    const std::size_t first = report.findings.size();
    VerifySessionFile(path, "", "", protocols, report, options);
    report.sessions.push_back(VerdictOf(path, "", report, first, false, false, [](const FileFinding&) { return true; }));
}

void VerifyTrail(const std::string& path, KnownProtocols& protocols, VerifyReport& report,
                 const VerifyOptions& options) {
    if (const auto place = layout::PlaceOfTrail(path)) VerifyFolder(place->root, protocols, report, options, place->key);
    else VerifyLoneTrail(path, protocols, report, options);
}

} // namespace

std::string FormatFinding(const FileFinding& f) {
    return f.line > 0 ? fmt::format("{}:{}: {}", f.file, f.line, f.what) : fmt::format("{}: {}", f.file, f.what);
}

VerifyReport VerifyPaths(const std::vector<std::string>& paths, const VerifyOptions& options) {
    VerifyReport report;
    KnownProtocols protocols(options.protocolDirs);
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            VerifyFolder(path, protocols, report, options);
        } else if (layout::IsLedgerFile(path)) {
            // The ledger is checked with the folder it lists.
            const std::string folder = fs::path(path).parent_path().string();
            VerifyFolder(folder.empty() ? "." : folder, protocols, report, options);
        } else if (fs::exists(path, ec)) {
            VerifyTrail(path, protocols, report, options);
        } else {
            report.findings.push_back(Found(path, 0, FindingKind::NoSuchPath, "no such file or folder"));
        }
    }
    return report;
}

VerifyReport VerifySessionTrail(const std::string& trailPath, const VerifyOptions& options) {
    VerifyReport report;
    KnownProtocols protocols(options.protocolDirs);
    std::error_code ec;
    if (fs::exists(trailPath, ec)) VerifyTrail(trailPath, protocols, report, options);
    else report.findings.push_back(Found(trailPath, 0, FindingKind::NoSuchPath, "no such file or folder"));
    return report;
}

VerifyReport VerifyTrailBytes(std::string_view bytes, const std::string& displayPath,
                              const std::vector<ProtocolPtr>& knownProtocols) {
    VerifyReport report;
    KnownProtocols protocols(knownProtocols);
    VerifySessionScan(ScanTrail(bytes), displayPath, "", "", protocols, report, nullptr, nullptr);
    report.sessions.push_back(VerdictOf(displayPath, "", report, 0, false, false, [](const FileFinding&) { return true; }));
    return report;
}

VerifyReport VerifyLedgerBytes(std::string_view bytes, const std::string& displayPath) {
    VerifyReport report;
    VerifyLedgerChain(bytes, displayPath, report);
    return report;
}

} // namespace kc
