#include "kc/audit/verifier.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "kc/audit/codec.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/engine.hpp"
#include "kc/text.hpp"

namespace kc {
namespace fs = std::filesystem;

namespace {

// Known protocol versions by SHA-256: the records folder's archive and any protocol folders.
class ProtocolIndex {
public:
    explicit ProtocolIndex(const std::vector<std::string>& dirs) : m_dirs(dirs) {}

    // The protocol with that hash, loaded once; null when no known version has it.
    ProtocolPtr Find(const std::string& sha256, const std::string& recordsRoot) {
        if (auto it = m_bySha.find(sha256); it != m_bySha.end()) return it->second;
        if (!recordsRoot.empty()) {
            const auto archived = LoadProtocolFile(recordsRoot + "/protocols/" + sha256 + ".yaml");
            if (archived.Ok() && archived.protocol->sha256 == sha256) return m_bySha[sha256] = archived.protocol;
        }
        if (!m_dirsLoaded) {
            m_dirsLoaded = true;
            for (const auto& dir : m_dirs) {
                std::vector<std::string> files;
                try {
                    files = ListProtocolFiles(dir);
                } catch (const IoError&) {
                    continue;
                }
                for (const auto& file : files) {
                    auto loaded = LoadProtocolFile(file);
                    if (loaded.Ok()) m_bySha.emplace(loaded.protocol->sha256, loaded.protocol);
                }
            }
            if (auto it = m_bySha.find(sha256); it != m_bySha.end()) return it->second;
        }
        return nullptr;
    }

private:
    std::vector<std::string> m_dirs;
    bool m_dirsLoaded = false;
    std::map<std::string, ProtocolPtr> m_bySha;
};

struct SessionSummary {
    bool ended = false;
    std::string sessionId;
    std::string firstHash;
    std::string lastHash;
    std::uint64_t lastSeq = 0;
    bool intact = false;
};

SessionSummary VerifySessionFile(const std::string& path, const std::string& recordsRoot, ProtocolIndex& protocols,
                                 VerifyReport& report) {
    SessionSummary summary;
    TrailScan scan;
    try {
        scan = ScanTrailFile(path);
    } catch (const IoError& e) {
        report.findings.push_back({path, 0, e.what(), false});
        return summary;
    }
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
    }
    if (scan.problem) {
        report.findings.push_back({path, scan.problem->line,
                                   scan.problem->torn ? fmt::format("{}; run 'checklistctl recover {}'",
                                                                    scan.problem->what, path)
                                                      : scan.problem->what,
                                   scan.problem->torn});
        if (!scan.problem->torn) return summary;
    }
    // The protocol it ran on must be a known version, and every event must follow it.
    if (scan.events.empty()) return summary;
    const auto& started = std::get<ev::SessionStarted>(scan.events.front().body);
    const ProtocolPtr protocol = protocols.Find(started.protocol.sha256, recordsRoot);
    if (!protocol) {
        report.findings.push_back({path, 1,
                                   fmt::format("protocol {} {} with sha256 {} matches no known version",
                                               started.protocol.id, started.protocol.version, started.protocol.sha256),
                                   false});
        return summary;
    }
    const Engine engine(protocol);
    SessionState state;
    for (std::size_t i = 0; i < scan.events.size(); ++i) {
        if (auto error = engine.Apply(state, scan.events[i]); !error.empty()) {
            report.findings.push_back(
                {path, static_cast<int>(i + 1), "event does not follow the protocol: " + error, false});
            return summary;
        }
    }
    summary.intact = !scan.problem;
    return summary;
}

void VerifyFolder(const std::string& root, ProtocolIndex& protocols, VerifyReport& report) {
    const std::string ledgerPath = root + "/ledger.jsonl";
    const std::string sessionsDir = root + "/sessions";
    // Every session file present, by its name.
    std::map<std::string, SessionSummary> present;
    std::error_code ec;
    if (fs::is_directory(sessionsDir, ec)) {
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(sessionsDir, ec))
            if (entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            auto summary = VerifySessionFile(file, root, protocols, report);
            const std::string name = fs::path(file).filename().string();
            if (!summary.sessionId.empty() && name != summary.sessionId + ".jsonl")
                report.findings.push_back(
                    {file, 0, fmt::format("file holds session '{}': it was renamed from {}.jsonl", summary.sessionId,
                                          summary.sessionId),
                     false});
            present.emplace("sessions/" + name, std::move(summary));
        }
    }
    if (!fs::exists(ledgerPath, ec)) {
        if (!present.empty())
            report.findings.push_back({ledgerPath, 0, "the ledger is missing, so deleted sessions cannot be detected", false});
        return;
    }
    // The ledger is a chain of its own; its entries must match the files.
    std::string bytes;
    try {
        bytes = ReadFile(ledgerPath, std::size_t{1} << 30);
    } catch (const IoError& e) {
        report.findings.push_back({ledgerPath, 0, e.what(), false});
        return;
    }
    std::map<std::string, LedgerEntry> opened, closed;
    std::size_t offset = 0;
    int lineNo = 0;
    std::uint64_t expectedSeq = 1;
    std::string prevHash = kGenesisHash;
    while (offset < bytes.size()) {
        ++lineNo;
        const auto end = bytes.find('\n', offset);
        if (end == std::string::npos) {
            report.findings.push_back(
                {ledgerPath, lineNo, fmt::format("{}; run 'checklistctl recover {}'", TornMessage(), ledgerPath), true});
            break;
        }
        const std::string line = bytes.substr(offset, end - offset);
        offset = end + 1;
        const LineCheck check = CheckLine(line);
        LedgerEntry entry;
        std::string prev, error;
        if (!check.ok || !DecodeLedgerLine(line, entry, prev, error)) {
            report.findings.push_back({ledgerPath, lineNo, check.ok ? error : check.what, false});
            return;
        }
        if (entry.seq != expectedSeq || prev != prevHash) {
            report.findings.push_back(
                {ledgerPath, lineNo,
                 entry.seq != expectedSeq
                     ? fmt::format("ledger sequence {} where {} was expected (lines removed, inserted or reordered)",
                                   entry.seq, expectedSeq)
                     : "does not chain to the line before (a line was inserted, removed or replaced)",
                 false});
            return;
        }
        entry.line = lineNo;
        ++expectedSeq;
        prevHash = check.hash;
        (entry.type == "session_opened" ? opened : closed)[entry.file] = entry;
    }
    for (const auto& [file, entry] : opened) {
        const std::string path = root + "/" + file;
        const auto it = present.find(file);
        if (it == present.end()) {
            report.findings.push_back(
                {path, 0, fmt::format("missing: the ledger lists it (line {}) but the file is gone (deleted or renamed)",
                                      entry.line),
                 false});
            continue;
        }
        const SessionSummary& s = it->second;
        if (!s.firstHash.empty() && s.firstHash != entry.firstHash)
            report.findings.push_back({path, 1,
                                       fmt::format("replaced: its first line is not the one the ledger recorded "
                                                   "(ledger line {})",
                                                   entry.line),
                                       false});
        if (s.intact && s.ended && closed.find(file) == closed.end())
            report.findings.push_back(
                {path, static_cast<int>(s.lastSeq),
                 fmt::format("the session ended here but the ledger holds no final hash for it (an interrupted "
                             "close); run 'checklistctl recover {}'",
                             path),
                 false});
        if (const auto c = closed.find(file); c != closed.end() && s.intact &&
                                              (c->second.finalHash != s.lastHash || c->second.lastSeq != s.lastSeq))
            report.findings.push_back(
                {path, static_cast<int>(std::min<std::uint64_t>(s.lastSeq, c->second.lastSeq)),
                 fmt::format("does not end where the ledger says (ledger line {}: {} events, final hash {}; file: {} "
                             "events, final hash {}): lines were removed, added or the file replaced",
                             c->second.line, c->second.lastSeq, c->second.finalHash.substr(0, 12), s.lastSeq,
                             s.lastHash.substr(0, 12)),
                 false});
    }
    for (const auto& [file, summary] : present)
        if (opened.find(file) == opened.end())
            report.findings.push_back({root + "/" + file, 0,
                                       "not in the ledger: a file from elsewhere, or renamed from another name", false});
}

} // namespace

std::string FormatFinding(const FileFinding& f) {
    return f.line > 0 ? fmt::format("{}:{}: {}", f.file, f.line, f.what) : fmt::format("{}: {}", f.file, f.what);
}

VerifyReport VerifyPaths(const std::vector<std::string>& paths, const VerifyOptions& options) {
    VerifyReport report;
    ProtocolIndex protocols(options.protocolDirs);
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            VerifyFolder(path, protocols, report);
        } else if (fs::exists(path, ec)) {
            // A single trail: its records folder is two levels up when it sits in sessions/.
            const fs::path parent = fs::path(path).parent_path();
            const std::string root = parent.filename() == "sessions" ? parent.parent_path().string() : "";
            VerifySessionFile(path, root, protocols, report);
        } else {
            report.findings.push_back({path, 0, "no such file or folder", false});
        }
    }
    return report;
}

} // namespace kc
