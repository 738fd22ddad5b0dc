#include "kc/audit/recover.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/audit/chained_log.hpp"
#include "kc/audit/checkpoints.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/session_lock.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace {

// Length of the intact prefix of a ledger: its whole lines, each of which must hold a valid
// hash (only framing: a broken sequence is for verify to name, and does not stop recovery).
std::size_t IntactLedgerPrefix(const std::string& bytes, const std::string& path) {
    const auto torn = ForEachLine(bytes, [&](std::string_view line, int lineNo, std::size_t, std::size_t) {
        if (const LineCheck check = CheckLine(line); !check.ok)
            throw Error(fmt::format("{}:{}: {}; only an incomplete last line can be recovered", path, lineNo, check.what));
        return true;
    });
    return torn ? *torn : bytes.size();
}

// The ledger lists a session only after lines were durable: a torn line it vouches for was
// acknowledged, and is damage that recovery must not remove.
void RefuseIfAcknowledged(const std::string& path, const TrailScan& scan) {
    const auto place = layout::PlaceOfTrail(path);
    if (!place || !std::filesystem::exists(layout::LedgerPath(place->root))) return;
    for (const auto& entry : RecordsFolder(place->root).ReadLedger()) {
        if (entry.file != place->key) continue;
        const bool vouched = entry.type == LedgerEntryType::Closed ||
                             (entry.type == LedgerEntryType::Opened && scan.events.empty());
        if (vouched)
            throw Error(fmt::format("{}:{}: the last line is cut short, but the ledger (line {}) shows it was "
                                    "acknowledged; this is damage, not an interrupted write, and recover does not "
                                    "remove acknowledged lines (nothing was changed)",
                                    path, scan.problem->line, entry.line));
    }
}

// For a trail inside RECORDS/sessions/: puts back the ledger entries a crash kept out.
void RepairSessionLedger(const std::string& path, std::string_view intactBytes, Clock& clock, SysIo& io,
                         const SigningKey* key, RecoverResult& result) {
    const auto place = layout::PlaceOfTrail(path);
    if (!place) return;
    const TrailScan scan = ScanTrail(intactBytes);
    if (scan.events.empty() || scan.problem) return;
    const auto& first = scan.events.front();
    const auto& last = scan.events.back();
    const RecordsFolder records(place->root, io);
    const std::string added = records.RepairLedger(first, last, clock);
    if (!added.empty()) {
        result.changed = true;
        result.message += "; " + added;
    }
    if (EndingOutcome(last.body) == nullptr || key == nullptr) return;
    const std::string signedNow = RepairCheckpoint(records, *key, first.sessionId, last.seq, last.hash, clock);
    if (!signedNow.empty()) {
        result.changed = true;
        result.message += "; " + signedNow;
    }
}

// Length of the intact prefix of checkpoints.jsonl: whole lines that read as checkpoints.
std::size_t IntactCheckpointPrefix(const std::string& bytes, const std::string& path) {
    const CheckpointScan scan = ScanCheckpoints(bytes);
    if (!scan.problem.empty() && !scan.torn)
        throw Error(fmt::format("{}:{}: {}; only an incomplete last line can be recovered", path, scan.problemLine,
                                scan.problem));
    const auto lastNewline = bytes.rfind('\n');
    return lastNewline == std::string::npos ? 0 : lastNewline + 1;
}

// Recover works on a file nobody else writes meanwhile: a trail under its session's writer lock
// (a session open anywhere is refused), the ledger and checkpoints under the lock appenders take.
struct RecoveryLock {
    std::unique_ptr<FileLock> writer;
    std::optional<LockedChainFile> chain;
};

constexpr ChainNames kLedgerFile{"the ledger", "", "", "", ""};
constexpr ChainNames kCheckpointsFile{"the checkpoints file", "", "", "", ""};

RecoverResult RecoverLocked(const std::string& path, std::int64_t now, Clock& clock, SysIo& io, const SigningKey* key,
                            bool ledger, bool checkpoints) {
    const std::string bytes = ReadFile(path, std::size_t{1} << 30);
    std::size_t intact = 0;
    if ((ledger || checkpoints) && bytes.empty())
        return RecoverResult{false, "", path + (ledger ? ": empty ledger; nothing to recover" : ": empty file; nothing to recover")};
    if (ledger) {
        intact = IntactLedgerPrefix(bytes, path);
    } else if (checkpoints) {
        intact = IntactCheckpointPrefix(bytes, path);
    } else {
        const TrailScan scan = ScanTrail(bytes);
        if (scan.problem && !scan.problem->torn)
            throw Error(fmt::format("{}:{}: {}; only an incomplete last line can be recovered (nothing was changed)",
                                    path, scan.problem->line, scan.problem->what));
        intact = scan.intactBytes;
        if (scan.problem) RefuseIfAcknowledged(path, scan);
    }
    RecoverResult result;
    if (intact == bytes.size() && !bytes.empty()) {
        result.message = fmt::format("{}: intact; nothing to recover", path);
        RepairSessionLedger(path, std::string_view(bytes).substr(0, intact), clock, io, key, result);
        return result;
    }
    std::string stamp = FormatUtcMs(now);
    stamp.erase(std::remove_if(stamp.begin(), stamp.end(), [](char c) { return c == '-' || c == ':'; }), stamp.end());
    result.quarantinePath = layout::QuarantinePath(path, stamp);
    if (intact == 0) {
        // Nothing in it was ever acknowledged: the whole file goes to quarantine.
        if (::rename(path.c_str(), result.quarantinePath.c_str()) != 0)
            throw IoError(fmt::format("{}: cannot move to quarantine: {}", path, std::strerror(errno)));
        const auto folder = std::filesystem::path(path).parent_path().string();
        SyncFolder(folder.empty() ? "." : folder, io);
        result.changed = true;
        result.message = fmt::format("{}: held no acknowledged line ({} bytes); moved whole to {}", path, bytes.size(),
                                     result.quarantinePath);
        return result;
    }
    {
        DurableAppendFile quarantine(result.quarantinePath, DurableAppendFile::Mode::CreateNew, io);
        quarantine.Append(std::string_view(bytes).substr(intact));
    }
    // Only now, with the torn bytes safe elsewhere, cut them from the trail.
    const int fd = io.Open(path.c_str(), O_WRONLY | O_CLOEXEC, 0);
    if (fd < 0) throw IoError(fmt::format("{}: cannot open for recovery: {}", path, std::strerror(errno)));
    const bool ok = ::ftruncate(fd, static_cast<off_t>(intact)) == 0 && io.Fsync(fd) == 0;
    const int error = errno;
    io.Close(fd);
    if (!ok) throw IoError(fmt::format("{}: cannot cut the torn line: {}", path, std::strerror(error)));
    result.changed = true;
    result.message = fmt::format("{}: moved an incomplete last line ({} bytes, never acknowledged) to {}", path,
                                 bytes.size() - intact, result.quarantinePath);
    RepairSessionLedger(path, std::string_view(bytes).substr(0, intact), clock, io, key, result);
    return result;
}

} // namespace

RecoverResult RecoverTrail(const std::string& path, Clock& clock, SysIo& io, const SigningKey* key) {
    const std::int64_t now = RecordableNow(clock); // the quarantine file's stamp
    const bool ledger = layout::IsLedgerFile(path);
    const bool checkpoints = layout::IsCheckpointsFile(path);
    RecoveryLock lock;
    if (ledger || checkpoints) {
        lock.chain.emplace(path, ledger ? kLedgerFile : kCheckpointsFile, io, false);
    } else {
        if (struct stat st {}; ::lstat(path.c_str(), &st) != 0)
            throw IoError(path, fmt::format("cannot recover: {}", std::strerror(errno)));
        const std::string name = std::filesystem::path(path).filename().string();
        const std::string id = layout::IsTrailName(name) ? layout::SessionIdOfTrailName(name) : name;
        lock.writer = LockSessionTrail(path, id, "being recovered", "be recovered", now, 0600);
    }
    return RecoverLocked(path, now, clock, io, key, ledger, checkpoints);
}

} // namespace kc
