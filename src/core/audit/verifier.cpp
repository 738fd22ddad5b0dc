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
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/engine.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace fs = std::filesystem;

namespace {

FileFinding Found(std::string file, int line, FindingKind kind, std::string what, std::string trail = {}) {
    FileFinding f;
    f.file = std::move(file);
    f.line = line;
    f.what = std::move(what);
    f.kind = kind;
    f.trail = std::move(trail);
    return f;
}

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

// `opened`/`closed`: the ledger's entries for this file, when verifying a folder. A ledger
// entry proves the lines it covers were acknowledged, so a file cut short before them is
// damage, not a recoverable torn tail.
// `trail`: the file's ledger name, empty outside a records folder.
SessionSummary VerifySessionScan(const TrailScan& scan, const std::string& path, const std::string& trail,
                                 const std::string& recordsRoot, KnownProtocols& protocols, VerifyReport& report,
                                 const LedgerEntry* opened, const LedgerEntry* closed) {
    SessionSummary summary;
    ++report.sessionFiles;
    report.events += scan.events.size();
    report.bytes += scan.intactBytes;
    if (!scan.events.empty()) {
        summary.sessionId = scan.events.front().sessionId;
        summary.firstHash = scan.events.front().hash;
        summary.lastHash = scan.events.back().hash;
        summary.lastSeq = scan.events.back().seq;
        const auto& last = scan.events.back().body;
        summary.ended = std::holds_alternative<ev::SessionCompleted>(last) ||
                        std::holds_alternative<ev::SessionAbandoned>(last) ||
                        std::holds_alternative<ev::HardStopped>(last);
        summary.outcome = std::holds_alternative<ev::SessionCompleted>(last)   ? "completed"
                          : std::holds_alternative<ev::SessionAbandoned>(last) ? "abandoned"
                          : std::holds_alternative<ev::HardStopped>(last)      ? "stopped"
                                                                               : "";
        if (const auto* started = std::get_if<ev::SessionStarted>(&scan.events.front().body))
            summary.protocolSha256 = started->protocol.sha256;
    }
    summary.torn = scan.problem && scan.problem->torn;
    summary.empty = scan.events.empty();
    summary.chainIntact = !scan.problem && !scan.events.empty();
    if (scan.problem && scan.problem->torn && opened != nullptr && scan.events.empty()) {
        report.findings.push_back(Found(path, 0, FindingKind::Emptied,
                                        fmt::format("emptied: the ledger recorded this session's first line (ledger "
                                                    "line {}), so it was acknowledged and has been removed",
                                                    opened->line),
                                        trail));
        return summary;
    }
    if (scan.problem && scan.problem->torn && closed != nullptr) {
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
        return summary;
    }
    if (scan.problem) {
        report.findings.push_back(
            scan.problem->torn ? TornFinding(path, scan.problem->line, scan.problem->what, trail)
                               : Found(path, scan.problem->line, FindingKind::BrokenChain, scan.problem->what, trail));
        if (!scan.problem->torn) return summary;
    }
    // The protocol it ran on must be a known version, and every event must follow it.
    if (scan.events.empty()) return summary;
    const auto& started = std::get<ev::SessionStarted>(scan.events.front().body);
    const ProtocolPtr protocol = protocols.Find(started.protocol.sha256, recordsRoot);
    if (!protocol) {
        report.findings.push_back(Found(path, 1, FindingKind::ProtocolUnknown,
                                        fmt::format("protocol {} {} with sha256 {} matches no known version",
                                                    started.protocol.id, started.protocol.version,
                                                    started.protocol.sha256),
                                        trail));
        return summary;
    }
    const Engine engine(protocol);
    SessionState state;
    for (std::size_t i = 0; i < scan.events.size(); ++i) {
        if (auto error = engine.Apply(state, scan.events[i]); !error.empty()) {
            report.findings.push_back(Found(path, static_cast<int>(i + 1), FindingKind::ProtocolViolation,
                                            "event does not follow the protocol: " + error, trail));
            return summary;
        }
    }
    summary.intact = !scan.problem;
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
        report.findings.push_back(Found(ledgerPath, 0, FindingKind::Unreadable, e.what()));
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
            report.findings.push_back(Found(entry.path().string(), 0, FindingKind::Unreadable, e.what()));
        }
    }
}

void VerifyFolder(const std::string& root, KnownProtocols& protocols, VerifyReport& report,
                  const VerifyOptions& options) {
    const std::string ledgerPath = layout::LedgerPath(root);
    const std::string sessionsDir = layout::SessionsDir(root);
    std::error_code ec;
    const bool hasLedger = fs::exists(ledgerPath, ec);
    const std::size_t ledgerFindingsBefore = report.findings.size();
    auto entries = hasLedger ? ReadLedgerChain(ledgerPath, report) : std::vector<LedgerEntry>{};
    // A torn ledger tail is a crash; any other break means the ledger cannot vouch for every
    // file, and the line before a chain break may be the edited one, so it is not used.
    bool ledgerIntact = true;
    for (std::size_t i = ledgerFindingsBefore; i < report.findings.size(); ++i)
        if (!report.findings[i].torn) ledgerIntact = false;
    if (!ledgerIntact && !entries.empty()) entries.pop_back();
    if (options.onLedger && hasLedger) options.onLedger(entries);
    std::map<std::string, const LedgerEntry*> opened, closed;
    for (const auto& entry : entries) {
        if (!entry.repaired.empty())
            report.notes.push_back(Found(ledgerPath, entry.line, FindingKind::Repaired,
                                         fmt::format("{} entry for {}: {}", LedgerEntryTypeName(entry.type), entry.file,
                                                     entry.repaired)));
        auto& slot = entry.type == LedgerEntryType::Opened ? opened[entry.file] : closed[entry.file];
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
    for (const auto& [file, entry] : closed)
        if (opened.find(file) == opened.end())
            report.findings.push_back(Found(ledgerPath, entry->line, FindingKind::LedgerCloseWithoutOpen,
                                            fmt::format("closes {} but no entry opened it", file)));

    VerifyArchive(root, report);

    std::map<std::string, SessionSummary> present;
    if (fs::is_directory(sessionsDir, ec)) {
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(sessionsDir, ec))
            if (layout::IsTrailName(entry.path().filename().string())) files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string& file = files[i];
            const std::string key = layout::KeyOfTrail(file);
            const auto o = opened.find(key);
            const auto c = closed.find(key);
            auto summary = VerifySessionFile(file, key, root, protocols, report, options,
                                             o == opened.end() ? nullptr : o->second,
                                             c == closed.end() ? nullptr : c->second);
            if (!summary.sessionId.empty() && key != layout::TrailKey(summary.sessionId))
                report.findings.push_back(Found(file, 0, FindingKind::Misnamed,
                                                fmt::format("file holds session '{}', not the one its name says (a "
                                                            "copy or a renamed file)",
                                                            summary.sessionId),
                                                key));
            present.emplace(key, std::move(summary));
            if (options.onProgress) options.onProgress(i + 1, files.size());
        }
    }
    std::map<std::string, TrailEnd> ends;
    for (const auto& [file, summary] : present) ends[file] = {summary.chainIntact, summary.lastSeq, summary.lastHash};
    VerifyCheckpoints(root, options.keys, closed, hasLedger && ledgerIntact, ends, report);
    if (!hasLedger) {
        if (!present.empty())
            report.findings.push_back(Found(ledgerPath, 0, FindingKind::LedgerMissing,
                                            "the ledger is missing, so deleted sessions cannot be detected"));
        return;
    }
    for (const auto& [file, entry] : opened) {
        const std::string path = layout::PathOfKey(root, file);
        const auto it = present.find(file);
        if (it == present.end()) {
            report.findings.push_back(
                Found(path, 0, FindingKind::Missing,
                      fmt::format("missing: the ledger lists it (line {}) but the file is gone (deleted or renamed)",
                                  entry->line),
                      file));
            continue;
        }
        const SessionSummary& s = it->second;
        if (!s.firstHash.empty() && s.firstHash != entry->firstHash)
            report.findings.push_back(Found(path, 1, FindingKind::Replaced,
                                            fmt::format("replaced: its first line is not the one the ledger "
                                                        "recorded (ledger line {})",
                                                        entry->line),
                                            file));
        else if (!s.protocolSha256.empty() && s.protocolSha256 != entry->protocolSha256)
            report.findings.push_back(Found(path, 1, FindingKind::ProtocolMismatch,
                                            fmt::format("ran on protocol sha256 {}, but the ledger recorded {} "
                                                        "(ledger line {})",
                                                        s.protocolSha256.substr(0, 12),
                                                        entry->protocolSha256.substr(0, 12), entry->line),
                                            file));
        const auto c = closed.find(file);
        if (s.intact && s.ended && c == closed.end() && ledgerIntact) {
            FileFinding f = Found(path, static_cast<int>(s.lastSeq), FindingKind::LedgerMissingClose,
                                  "the session ended here but the ledger holds no final hash for it (an interrupted "
                                  "close)",
                                  file);
            f.remedy = Remedy{RemedyKind::Recover, path};
            report.findings.push_back(std::move(f));
        }
        if (c != closed.end() && s.intact) {
            const LedgerEntry& e = *c->second;
            if (e.finalHash != s.lastHash || e.lastSeq != s.lastSeq)
                report.findings.push_back(
                    Found(path, static_cast<int>(std::min<std::uint64_t>(s.lastSeq, e.lastSeq)),
                          FindingKind::EndMismatch,
                          fmt::format("does not end where the ledger says (ledger line {}: {} events, final hash {}; "
                                      "file: {} events, final hash {}): lines were removed, added or the file replaced",
                                      e.line, e.lastSeq, e.finalHash.substr(0, 12), s.lastSeq,
                                      s.lastHash.substr(0, 12)),
                          file));
            else if (e.outcome != s.outcome)
                report.findings.push_back(Found(path, static_cast<int>(s.lastSeq), FindingKind::OutcomeMismatch,
                                                fmt::format("ledger line {} records the outcome '{}', the trail '{}'",
                                                            e.line, e.outcome, s.outcome.empty() ? "open" : s.outcome),
                                                file));
        }
    }
    // A file the ledger does not list: from elsewhere, or renamed. An empty file is the
    // exception: a crash right after creating it, before anything was written or listed.
    if (ledgerIntact)
        for (const auto& [file, summary] : present)
            if (opened.find(file) == opened.end() && !(summary.torn && summary.empty))
                report.findings.push_back(
                    Found(layout::PathOfKey(root, file), 0, FindingKind::NotInLedger,
                          "not in the ledger: a file from elsewhere, or renamed from another name", file));
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
