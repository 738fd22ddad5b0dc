#include "kc/audit/checkpoints.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

// The last complete line of an open file; false when the file does not end in '\n'.
bool ReadLastLine(int fd, const std::string& path, std::string& lastLine) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw AuditWriteError(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
    lastLine.clear();
    if (st.st_size == 0) return true;
    const off_t chunk = std::min<off_t>(st.st_size, 64 * 1024);
    std::string buffer(static_cast<std::size_t>(chunk), '\0');
    if (::pread(fd, buffer.data(), buffer.size(), st.st_size - chunk) != chunk)
        throw AuditWriteError(fmt::format("{}: cannot read its end: {}", path, std::strerror(errno)));
    if (buffer.back() != '\n') return false;
    buffer.pop_back();
    const auto start = buffer.rfind('\n');
    lastLine = start == std::string::npos ? buffer : buffer.substr(start + 1);
    return true;
}

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
    std::size_t offset = 0;
    int lineNo = 0;
    std::string prev = kGenesisHash;
    while (offset < bytes.size()) {
        ++lineNo;
        const auto end = bytes.find('\n', offset);
        if (end == std::string_view::npos) {
            scan.problemLine = lineNo;
            scan.problem = TornMessage();
            scan.torn = true;
            break;
        }
        Checkpoint c;
        std::string error;
        if (!DecodeCheckpointLine(bytes.substr(offset, end - offset), c, error)) {
            scan.problemLine = lineNo;
            scan.problem = error;
            break;
        }
        if (c.seq != scan.checkpoints.size() + 1) {
            scan.problemLine = lineNo;
            scan.problem = fmt::format("checkpoint sequence {} where {} was expected (checkpoints removed, inserted "
                                       "or reordered)",
                                       c.seq, scan.checkpoints.size() + 1);
            break;
        }
        if (c.prev != prev) {
            scan.problemLine = lineNo;
            scan.problem = "does not chain to the checkpoint before (a checkpoint was inserted, removed or changed)";
            break;
        }
        c.line = lineNo;
        prev = c.hash;
        scan.checkpoints.push_back(std::move(c));
        offset = end + 1;
    }
    return scan;
}

Checkpoint AppendCheckpoint(const RecordsFolder& records, const SigningKey& key, const std::string& sessionId,
                            std::uint64_t lastSeq, const std::string& lastHash, Clock& clock,
                            const std::string& repaired) {
    const std::string path = layout::CheckpointsPath(records.Root());
    SysIo& io = records.Io();
    std::error_code ec;
    const bool created = !fs::exists(path, ec);
    const int fd = io.Open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, records.FileMode());
    if (fd < 0) throw AuditWriteError(fmt::format("{}: cannot open the checkpoints: {}", path, std::strerror(errno)));
    struct Closer {
        SysIo& io;
        int fd;
        ~Closer() { io.Close(fd); } // closing also releases the lock
    } closer{io, fd};
    // The same discipline as the ledger: one writer at a time, and the chain head read under the lock.
    if (::flock(fd, LOCK_EX) != 0)
        throw AuditWriteError(fmt::format("{}: cannot lock the checkpoints: {}", path, std::strerror(errno)));
    if (created) SyncFolder(records.Root(), io);
    std::string lastLine;
    if (!ReadLastLine(fd, path, lastLine))
        throw AuditWriteError(path + ": the last checkpoint is incomplete (an interrupted write)", "; recover it", "",
                              Remedy{RemedyKind::Recover, path});
    Checkpoint c;
    c.seq = 1;
    c.prev = kGenesisHash;
    if (!lastLine.empty()) {
        Checkpoint last;
        std::string error;
        if (!DecodeCheckpointLine(lastLine, last, error))
            throw AuditWriteError(fmt::format("{}: the last checkpoint is damaged ({})", path, error),
                                  "; verify the records", "", Remedy{RemedyKind::Verify, {}});
        c.seq = last.seq + 1;
        c.prev = last.hash;
    }
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
    bytes += fmt::format("{}{}\"}}\n", kSignatureMember, Base64Encode(c.signature));
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = io.Write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw AuditWriteError(fmt::format("{}: checkpoint write failed: {}", path, std::strerror(errno)));
        written += static_cast<std::size_t>(n);
    }
    if (io.Fdatasync(fd) != 0)
        throw AuditWriteError(fmt::format("{}: checkpoint fdatasync failed: {}", path, std::strerror(errno)));
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
        if (entry.session == sessionId && entry.type == "session_closed")
            vouched = entry.lastSeq == lastSeq && entry.finalHash == lastHash;
    if (!vouched) return "";
    AppendCheckpoint(records, key, sessionId, lastSeq, lastHash, clock, kCheckpointRepair);
    return "checkpoints.jsonl now holds its signed checkpoint (marked as a repair; a crash had kept it out)";
}

} // namespace kc
