#include "checkpoint_verifier.hpp"

#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "kc/audit/checkpoints.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace {

// Whether the checkpoint's signature verifies with one of the keys; reports it when none does.
bool VerifySignature(const Checkpoint& c, const std::string& path, const std::vector<PublicKey>& keys,
                     VerifyReport& report) {
    bool keyGiven = false, verified = false;
    for (const auto& key : keys) {
        keyGiven = keyGiven || key.KeyId() == c.keyId;
        verified = verified || key.Verify(c.canonical, c.signature);
    }
    if (!verified)
        report.findings.push_back(
            Found(path, c.line, FindingKind::CheckpointBadSignature,
                  keyGiven ? std::string("signature does not verify with the given key")
                           : fmt::format("signature does not verify with the given key (the checkpoint names key {}, "
                                         "the given key is {})",
                                         c.keyId.substr(0, 16), keys.front().KeyId().substr(0, 16)),
                  layout::TrailKey(c.sessionId)));
    return verified;
}

// A checkpoint against its session's file and the ledger. `trusted`: not refuted by a key;
// `verified`: its signature verified.
void CheckAgainstSession(const Checkpoint& c, bool trusted, bool verified, const std::string& path,
                         const std::map<std::string, const LedgerEntry*>& closed, bool ledgerIntact,
                         const std::map<std::string, TrailEnd>& trails, VerifyReport& report) {
    const std::string file = layout::TrailKey(c.sessionId);
    const auto trail = trails.find(file);
    if (trail == trails.end()) {
        report.findings.push_back(Found(path, c.line, FindingKind::CheckpointTrailMissing,
                                        fmt::format("checkpoint for session {}, but {} is missing (deleted or renamed)",
                                                    c.sessionId, file),
                                        file));
        return;
    }
    // A checkpoint whose signature failed says nothing about its session: that finding is enough.
    const TrailEnd& t = trail->second;
    if (trusted && t.chainIntact && (t.lastSeq != c.lastSeq || t.lastHash != c.lastHash)) {
        // Unsigned, it cannot say which of the two files changed; the signature can.
        FileFinding f =
            Found(path, c.line, FindingKind::CheckpointMismatch,
                  fmt::format("session {} {} (checkpoint: {} events, last hash {}; file: {} events, last hash {})",
                              c.sessionId,
                              verified ? "was rewritten after its checkpoint"
                                       : "does not end where its checkpoint says: it was rewritten after its "
                                         "checkpoint, or the checkpoint was changed",
                              c.lastSeq, c.lastHash.substr(0, 12), t.lastSeq, t.lastHash.substr(0, 12)),
                  file);
        if (!verified) f.remedy = Remedy{RemedyKind::VerifyWithKey, {}};
        report.findings.push_back(std::move(f));
    }
    if (ledgerIntact && closed.find(file) == closed.end())
        report.findings.push_back(Found(path, c.line, FindingKind::CheckpointNotClosed,
                                        fmt::format("checkpoint for session {}, which the ledger does not close (the "
                                                    "ledger was changed)",
                                                    c.sessionId),
                                        file));
}

// Every session the ledger closed, and whose file is there, has its checkpoint.
void ReportMissingCheckpoints(const std::string& root, bool exists, const std::map<std::string, const Checkpoint*>& bySession,
                              const std::map<std::string, const LedgerEntry*>& closed,
                              const std::map<std::string, TrailEnd>& trails, VerifyReport& report) {
    for (const auto& [file, entry] : closed) {
        if (bySession.count(entry->session) != 0 || trails.count(file) == 0) continue;
        const std::string trail = layout::PathOfKey(root, file);
        Remedy recover{RemedyKind::Recover, trail};
        FileFinding f = Found(
            trail, static_cast<int>(entry->lastSeq), FindingKind::CheckpointMissing,
            SayRemedy(fmt::format("closed session without checkpoint: the ledger closed it (ledger line {}) but {}: a "
                                  "crash between the close and its checkpoint",
                                  entry->line,
                                  exists ? "checkpoints.jsonl holds no signed checkpoint for it"
                                         : "there is no checkpoints.jsonl"),
                      " (recovery adds one, marked as a repair)", ", or a checkpoint was removed", recover));
        f.remedy = std::move(recover);
        f.trail = file;
        report.findings.push_back(std::move(f));
    }
}

// The file's chain: its checkpoints up to the first break (reported); nullopt when it cannot be read.
std::optional<CheckpointScan> ScanCheckpointsFile(const std::string& path, bool exists, VerifyReport& report) {
    CheckpointScan scan;
    if (exists) {
        try {
            scan = ScanCheckpoints(ReadFile(path, std::size_t{1} << 30));
        } catch (const IoError& e) {
            report.findings.push_back(Found(path, 0, FindingKind::Unreadable, e.Detail())); // the finding names the file
            return std::nullopt;
        }
    }
    if (!scan.problem.empty()) {
        FileFinding f =
            Found(path, scan.problemLine, scan.torn ? FindingKind::Torn : FindingKind::BrokenChain, scan.problem);
        f.torn = scan.torn;
        if (scan.torn) f.remedy = Remedy{RemedyKind::Recover, path};
        report.findings.push_back(std::move(f));
    }
    return scan;
}

} // namespace

void VerifyCheckpoints(const std::string& root, const std::vector<PublicKey>& keys,
                       const std::map<std::string, const LedgerEntry*>& closed, bool ledgerIntact,
                       const std::map<std::string, TrailEnd>& trails, VerifyReport& report) {
    const std::string path = layout::CheckpointsPath(root);
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    // A folder from before checkpoints, verified without a key: nothing to check, as before.
    if (!exists && keys.empty()) return;
    const auto scan = ScanCheckpointsFile(path, exists, report);
    if (!scan) return;
    std::map<std::string, const Checkpoint*> bySession;
    for (const auto& c : scan->checkpoints) {
        const bool verified = !keys.empty() && VerifySignature(c, path, keys, report);
        if (const auto seen = bySession.find(c.sessionId); seen != bySession.end()) {
            report.findings.push_back(Found(path, c.line, FindingKind::CheckpointDuplicate,
                                            fmt::format("second checkpoint for session {} (first at line {})",
                                                        c.sessionId, seen->second->line),
                                            layout::TrailKey(c.sessionId)));
            continue;
        }
        bySession.emplace(c.sessionId, &c);
        if (!c.repaired.empty())
            report.notes.push_back(Found(path, c.line, FindingKind::Repaired,
                                         fmt::format("checkpoint for session {}: {}", c.sessionId, c.repaired),
                                         layout::TrailKey(c.sessionId)));
        CheckAgainstSession(c, keys.empty() || verified, verified, path, closed, ledgerIntact, trails, report);
    }
    // After a break other than a torn tail, the checkpoints cannot vouch that none is missing.
    if (scan->problem.empty() || scan->torn) ReportMissingCheckpoints(root, exists, bySession, closed, trails, report);
    if (keys.empty() && !scan->checkpoints.empty()) {
        FileFinding note = Found(path, 0, FindingKind::SignaturesNotChecked,
                                 fmt::format("{} checkpoint{}: chain checked, signatures not checked",
                                             scan->checkpoints.size(), scan->checkpoints.size() == 1 ? "" : "s"));
        note.remedy = Remedy{RemedyKind::VerifyWithKey, {}};
        report.notes.push_back(std::move(note));
    }
}

} // namespace kc
