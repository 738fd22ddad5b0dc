#include "kc/audit/verifier.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "checkpoint_verifier.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/known_protocols.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/records_layout.hpp"
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

struct SessionSummary {
    bool ended = false;
    bool torn = false;
    bool empty = true;
    std::string protocolSha256;
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
    summary.ended = std::holds_alternative<ev::SessionCompleted>(last) ||
                    std::holds_alternative<ev::SessionAbandoned>(last) || std::holds_alternative<ev::HardStopped>(last);
    summary.outcome = std::holds_alternative<ev::SessionCompleted>(last)   ? "completed"
                      : std::holds_alternative<ev::SessionAbandoned>(last) ? "abandoned"
                      : std::holds_alternative<ev::HardStopped>(last)      ? "stopped"
                                                                           : "";
    if (const auto* started = std::get_if<ev::SessionStarted>(&scan.events.front().body))
        summary.protocolSha256 = started->protocol.sha256;
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
            scan.problem->torn ? TornFinding(path, scan.problem->line, scan.problem->what, trail)
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

// Each entry once per file and kind, naming its own session's file; a repair is a note.
void IndexLedger(const std::string& ledgerPath, LedgerIndex& ledger, VerifyReport& report) {
    for (const auto& entry : ledger.entries) {
        if (!entry.repaired.empty())
            report.notes.push_back(Found(ledgerPath, entry.line, FindingKind::Repaired,
                                         fmt::format("{} entry for {}: {}", LedgerEntryTypeName(entry.type), entry.file,
                                                     entry.repaired)));
        auto& slot = entry.type == LedgerEntryType::Opened ? ledger.opened[entry.file] : ledger.closed[entry.file];
        if (slot != nullptr)
            report.findings.push_back(Found(ledgerPath, entry.line, FindingKind::LedgerDuplicate,
                                            fmt::format("second {} entry for {} (first at ledger line {})",
                                                        LedgerEntryTypeName(entry.type), entry.file, slot->line)));
        else
            slot = &entry;
        if (entry.file != layout::TrailKey(entry.session))
            report.findings.push_back(
                Found(ledgerPath, entry.line, FindingKind::LedgerNameMismatch,
                      fmt::format("entry names session '{}' but file {}", entry.session, entry.file)));
    }
    for (const auto& [file, entry] : ledger.closed)
        if (ledger.opened.find(file) == ledger.opened.end())
            report.findings.push_back(Found(ledgerPath, entry->line, FindingKind::LedgerCloseWithoutOpen,
                                            fmt::format("closes {} but no entry opened it", file)));
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

// The session pass: every trail in sessions/, each against its ledger entries; their summaries by key.
std::map<std::string, SessionSummary> VerifySessions(const std::string& root, const LedgerIndex& ledger,
                                                     KnownProtocols& protocols, VerifyReport& report,
                                                     const VerifyOptions& options) {
    std::map<std::string, SessionSummary> present;
    std::error_code ec;
    const std::string sessionsDir = layout::SessionsDir(root);
    if (!fs::is_directory(sessionsDir, ec)) return present;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(sessionsDir, ec))
        if (layout::IsTrailName(entry.path().filename().string())) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
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

// The cross-check: every file the ledger lists is there as listed, and (when the ledger can
// vouch for all) every file there is listed.
void CrossCheck(const std::string& root, const LedgerIndex& ledger, const std::map<std::string, SessionSummary>& present,
                VerifyReport& report) {
    for (const auto& [file, entry] : ledger.opened) {
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

void VerifyFolder(const std::string& root, KnownProtocols& protocols, VerifyReport& report,
                  const VerifyOptions& options) {
    LedgerIndex ledger;
    VerifyLedger(root, ledger, report, options);
    VerifyArchive(root, report);
    const auto present = VerifySessions(root, ledger, protocols, report, options);
    std::map<std::string, TrailEnd> ends;
    for (const auto& [file, summary] : present) ends[file] = {summary.chainIntact, summary.lastSeq, summary.lastHash};
    VerifyCheckpoints(root, options.keys, ledger.closed, ledger.exists && ledger.intact, ends, report);
    if (ledger.exists) {
        CrossCheck(root, ledger, present, report);
    } else if (!present.empty()) {
        report.findings.push_back(Found(layout::LedgerPath(root), 0, FindingKind::LedgerMissing,
                                        "the ledger is missing, so deleted sessions cannot be detected"));
    }
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
            // A single trail: its records folder is two levels up when it sits in sessions/.
            const auto place = layout::PlaceOfTrail(path);
            VerifySessionFile(path, place ? place->key : "", place ? place->root : "", protocols, report, options);
        } else {
            report.findings.push_back(Found(path, 0, FindingKind::NoSuchPath, "no such file or folder"));
        }
    }
    return report;
}

VerifyReport VerifyTrailBytes(std::string_view bytes, const std::string& displayPath,
                              const std::vector<ProtocolPtr>& knownProtocols) {
    VerifyReport report;
    KnownProtocols protocols(knownProtocols);
    VerifySessionScan(ScanTrail(bytes), displayPath, "", "", protocols, report, nullptr, nullptr);
    return report;
}

VerifyReport VerifyLedgerBytes(std::string_view bytes, const std::string& displayPath) {
    VerifyReport report;
    VerifyLedgerChain(bytes, displayPath, report);
    return report;
}

} // namespace kc
