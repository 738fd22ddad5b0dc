#include "kc/audit/checkpoints.hpp"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/audit/chained_log.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "kc/session/events.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kSignatureMember = ",\"signature\":\"";
constexpr std::size_t kSignatureBase64 = 88; // 64 bytes

// The canonical bytes: the members other than `signature`, keys sorted, no whitespace
// (nlohmann::json's dump of an object, as for trail lines).
std::string Canonical(const Checkpoint& c) {
    json j{{"seq", c.seq},         {"session", c.sessionId}, {"last_seq", c.lastSeq}, {"last_hash", c.lastHash},
           {"prev", c.prev},       {"time", c.time},         {"key_id", c.keyId}};
    if (!c.repaired.empty()) j["repaired"] = c.repaired;
    return j.dump();
}

constexpr ChainNames kCheckpointNames{"the checkpoints", "the last checkpoint", "its end", "checkpoint", ""};

} // namespace

bool DecodeCheckpointLine(std::string_view line, Checkpoint& c, std::string& error) {
    const auto at = line.rfind(kSignatureMember);
    if (at == std::string_view::npos || line.size() != at + kSignatureMember.size() + kSignatureBase64 + 2 ||
        line.substr(line.size() - 2) != "\"}") {
        error = "checkpoint does not end with its signature (,\"signature\":\"<88 base64 characters>\"})";
        return false;
    }
    if (!Base64Decode(line.substr(at + kSignatureMember.size(), kSignatureBase64), c.signature) ||
        c.signature.size() != 64) {
        error = "checkpoint's signature is not the base64 of 64 bytes";
        return false;
    }
    c.canonical = std::string(line.substr(0, at)) + "}";
    const json j = json::parse(c.canonical, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        error = "checkpoint is not a JSON object";
        return false;
    }
    try {
        c.seq = j.at("seq").get<std::uint64_t>();
        c.sessionId = j.at("session").get<std::string>();
        c.lastSeq = j.at("last_seq").get<std::uint64_t>();
        c.lastHash = j.at("last_hash").get<std::string>();
        c.prev = j.at("prev").get<std::string>();
        c.time = j.at("time").get<std::string>();
        c.keyId = j.at("key_id").get<std::string>();
        c.repaired = j.contains("repaired") ? j.at("repaired").get<std::string>() : "";
    } catch (const json::exception& e) {
        error = fmt::format("a checkpoint field is missing or of the wrong type ({})", e.what());
        return false;
    }
    if (j.size() != (c.repaired.empty() ? 7u : 8u)) {
        error = "checkpoint does not have exactly the fields key_id, last_hash, last_seq, prev, seq, session, time "
                "(and repaired)";
        return false;
    }
    if (!IsSha256Hex(c.lastHash) || !IsSha256Hex(c.prev) || !IsSha256Hex(c.keyId)) {
        error = "checkpoint's last_hash, prev or key_id is not 64 lower-case hex digits";
        return false;
    }
    if (c.canonical != Canonical(c)) {
        error = "checkpoint is not in canonical form (keys sorted, no whitespace)";
        return false;
    }
    c.hash = Sha256Hex(c.canonical);
    return true;
}

CheckpointScan ScanCheckpoints(std::string_view bytes) {
    CheckpointScan scan;
    Checkpoint c;
    const ChainScan chain = ScanChain(
        bytes,
        [&](std::string_view line, ChainLink& link, std::string& error) {
            c = Checkpoint{};
            if (!DecodeCheckpointLine(line, c, error)) return false;
            link = {c.seq, c.prev, c.hash};
            return true;
        },
        [&](int line) {
            c.line = line;
            scan.checkpoints.push_back(std::move(c));
            return std::string();
        });
    if (const auto& problem = chain.problem) {
        scan.problemLine = problem->line;
        scan.torn = problem->kind == ChainBreak::Torn;
        switch (problem->kind) {
        case ChainBreak::Torn: scan.problem = TornMessage(); break;
        case ChainBreak::Sequence:
            scan.problem = fmt::format("checkpoint sequence {} where {} was expected (checkpoints removed, inserted "
                                       "or reordered)",
                                       problem->seq, problem->expected);
            break;
        case ChainBreak::Link:
            scan.problem = "does not chain to the checkpoint before (a checkpoint was inserted, removed or changed)";
            break;
        case ChainBreak::Unread:
        case ChainBreak::Refused: scan.problem = problem->what; break;
        }
    }
    return scan;
}

Checkpoint AppendCheckpoint(const RecordsFolder& records, const SigningKey& key, const std::string& sessionId,
                            std::uint64_t lastSeq, const std::string& lastHash, Clock& clock,
                            const std::string& repaired) {
    Checkpoint c;
    ChainAppend append;
    append.path = layout::CheckpointsPath(records.Root());
    append.mode = records.FileMode();
    append.folder = records.Root();
    append.names = kCheckpointNames;
    append.readHead = [](const std::string& lastLine, ChainHead& head, std::string& error) {
        Checkpoint last;
        if (!DecodeCheckpointLine(lastLine, last, error)) return false;
        head = {last.seq, last.hash};
        return true;
    };
    append.nextLine = [&](const ChainHead& head) {
        c.seq = head.seq + 1;
        c.prev = head.hash;
        c.sessionId = sessionId;
        c.lastSeq = lastSeq;
        c.lastHash = lastHash;
        c.time = FormatUtcMs(clock.UtcMs());
        c.keyId = key.KeyId();
        c.repaired = repaired;
        c.canonical = Canonical(c);
        c.hash = Sha256Hex(c.canonical);
        c.signature = key.Sign(c.canonical);
        std::string bytes = c.canonical;
        bytes.pop_back(); // the closing brace: the signature member goes last
        return bytes + fmt::format("{}{}\"}}", kSignatureMember, Base64Encode(c.signature));
    };
    AppendChained(append, records.Io());
    return c;
}

std::string RepairCheckpoint(const RecordsFolder& records, const SigningKey& key, const std::string& sessionId,
                             std::uint64_t lastSeq, const std::string& lastHash, Clock& clock) {
    const std::string path = layout::CheckpointsPath(records.Root());
    std::error_code ec;
    if (fs::exists(path, ec)) {
        const CheckpointScan scan = ScanCheckpoints(ReadFile(path, std::size_t{1} << 30));
        // A torn last checkpoint is recovered first; any other damage is for a person to look at.
        if (!scan.problem.empty())
            throw Error(fmt::format("{}:{}: {}; recovery does not add to damaged checkpoints", path, scan.problemLine,
                                    scan.problem),
                        scan.torn ? " (recover them first)" : " (verify the records)", "",
                        scan.torn ? Remedy{RemedyKind::Recover, path} : Remedy{RemedyKind::Verify, records.Root()});
        for (const auto& c : scan.checkpoints)
            if (c.sessionId == sessionId) return "";
    }
    // Sign only what the ledger vouches for: a close entry that ends where the trail ends.
    bool vouched = false;
    for (const auto& entry : records.ReadLedger())
        if (entry.session == sessionId && entry.type == LedgerEntryType::Closed)
            vouched = entry.lastSeq == lastSeq && entry.finalHash == lastHash;
    if (!vouched) return "";
    AppendCheckpoint(records, key, sessionId, lastSeq, lastHash, clock, kCheckpointRepair);
    return "checkpoints.jsonl now holds its signed checkpoint (marked as a repair; a crash had kept it out)";
}

} // namespace kc
