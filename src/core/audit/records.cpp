#include "kc/audit/records.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "json_fields.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/known_protocols.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void MakeFolder(const std::string& path, RecordsSharing sharing) {
    const mode_t mode = sharing == RecordsSharing::Group ? 0750 : 0700;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        if (sharing == RecordsSharing::Group && ::chmod(path.c_str(), mode) != 0)
            throw IoError(fmt::format("{}: cannot open the folder to its group: {}", path, std::strerror(errno)));
        return;
    }
    // Missing parents first (as `mkdir -p`), each private to its owner.
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty() && parent != fs::path(path) && !fs::exists(parent, ec)) MakeFolder(parent.string(), RecordsSharing::OwnerOnly);
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST)
        throw IoError(fmt::format("{}: cannot create folder: {}", path, std::strerror(errno)));
    if (sharing == RecordsSharing::Group) ::chmod(path.c_str(), mode); // mkdir's mode is masked by the umask
}

constexpr ChainNames kLedgerNames{"the ledger", "the ledger's last line", "the ledger's end", "ledger",
                                  " before starting sessions"}; // no session may be listed after a torn line

constexpr const char* kLedgerRepair = "added by recovery: a crash fell between the trail write and this entry";

json OpenedPayload(const std::string& sessionId, const std::string& firstHash, const std::string& protocolSha256,
                   const std::optional<ManifestRef>& manifest = std::nullopt) {
    json payload{{"session", sessionId},
                 {"file", layout::TrailKey(sessionId)},
                 {"first_hash", firstHash},
                 {"protocol_sha256", protocolSha256}};
    if (manifest) payload["manifest"] = {{"id", manifest->id}, {"sequence", manifest->sequence}};
    return payload;
}

json ClosedPayload(const std::string& sessionId, std::uint64_t lastSeq, const std::string& finalHash,
                   const std::string& outcome) {
    return {{"session", sessionId},
            {"file", layout::TrailKey(sessionId)},
            {"last_seq", lastSeq},
            {"final_hash", finalHash},
            {"outcome", outcome}};
}

// A ledger line checked (framing, hash) and decoded, with its place in the chain.
bool ReadLedgerLine(std::string_view line, LedgerEntry& entry, std::string& prev, std::string& hash,
                    std::string& error) {
    LineCheck check = CheckLine(line);
    if (!check.ok) {
        error = std::move(check.what);
        return false;
    }
    hash = std::move(check.hash);
    return DecodeLedgerLine(line, entry, prev, error);
}

// Appends one entry under the ledger's lock, durably (chained_log). Throws AuditWriteError.
void AppendLedger(const RecordsFolder& records, LedgerEntryType type, json payload, Clock& clock) {
    ChainAppend append;
    append.path = records.LedgerPath();
    append.mode = records.FileMode();
    append.folder = records.Root();
    append.names = kLedgerNames;
    append.readHead = [](const std::string& lastLine, ChainHead& head, std::string& error) {
        LedgerEntry last;
        std::string prev;
        if (!ReadLedgerLine(lastLine, last, prev, head.hash, error)) return false;
        head.seq = last.seq;
        return true;
    };
    append.nextLine = [&](const ChainHead& head) {
        const json line{{"seq", head.seq + 1},
                        {"time", FormatUtcMs(clock.UtcMs())},
                        {"type", LedgerEntryTypeName(type)},
                        {"payload", std::move(payload)},
                        {"prev", head.hash}};
        std::string hash;
        return SealLine(line.dump(), hash);
    };
    AppendChained(append, records.Io());
}

} // namespace

RecordsFolder::RecordsFolder(std::string root, SysIo& io, RecordsSharing sharing)
    : m_sharing(sharing), m_root(std::move(root)), m_io(io) {
    while (m_root.size() > 1 && m_root.back() == '/') m_root.pop_back();
    MakeFolder(m_root, m_sharing);
    MakeFolder(SessionsDir(), m_sharing);
    MakeFolder(layout::ProtocolsDir(m_root), m_sharing);
}

std::unique_ptr<DurableAppendFile> RecordsFolder::CreateSessionFile(const std::string& sessionId) const {
    return std::make_unique<DurableAppendFile>(SessionPath(sessionId), DurableAppendFile::Mode::CreateNew, m_io, FileMode());
}

std::unique_ptr<DurableAppendFile> RecordsFolder::OpenSessionFile(const std::string& sessionId) const {
    return std::make_unique<DurableAppendFile>(SessionPath(sessionId), DurableAppendFile::Mode::OpenExisting, m_io);
}

void RecordsFolder::ArchiveProtocol(const Protocol& protocol) const {
    const std::string target = ProtocolArchivePath(protocol.sha256);
    std::error_code ec;
    if (fs::is_regular_file(target, ec)) return;
    if (fs::exists(fs::symlink_status(target, ec)))
        throw NotRegularFileError(target, "not a regular file, so the protocol cannot be archived under its name");
    // Written under a temporary name, synced, then renamed: the archive never holds a
    // partial protocol under its hash's name.
    const std::string temp = target + ".tmp-" + std::to_string(::getpid());
    {
        DurableAppendFile file(temp, DurableAppendFile::Mode::CreateNew, m_io, FileMode());
        file.Append(protocol.bytes);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0)
        throw IoError(fmt::format("{}: cannot archive protocol: {}", target, std::strerror(errno)));
    SyncFolder(layout::ProtocolsDir(m_root), m_io);
}

std::vector<std::string> RecordsFolder::SessionIds() const {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(SessionsDir(), ec))
        if (const std::string name = entry.path().filename().string(); layout::IsTrailName(name))
            ids.push_back(layout::SessionIdOfTrailName(name));
    if (ec) throw IoError(fmt::format("{}: cannot list: {}", SessionsDir(), ec.message()));
    std::sort(ids.begin(), ids.end());
    return ids;
}

const char* LedgerEntryTypeName(LedgerEntryType type) {
    switch (type) {
    case LedgerEntryType::Opened: return "session_opened";
    case LedgerEntryType::Closed: return "session_closed";
    }
    return "session_opened";
}

void RecordsFolder::LedgerOpened(const std::string& sessionId, const std::string& firstHash,
                                 const std::string& protocolSha256, Clock& clock,
                                 const std::optional<ManifestRef>& manifest) const {
    AppendLedger(*this, LedgerEntryType::Opened, OpenedPayload(sessionId, firstHash, protocolSha256, manifest), clock);
}

void RecordsFolder::LedgerClosed(const std::string& sessionId, std::uint64_t lastSeq, const std::string& finalHash,
                                 const std::string& outcome, Clock& clock) const {
    AppendLedger(*this, LedgerEntryType::Closed, ClosedPayload(sessionId, lastSeq, finalHash, outcome), clock);
}

std::vector<LedgerEntry> RecordsFolder::ReadLedger() const {
    std::vector<LedgerEntry> entries;
    std::error_code ec;
    if (!fs::exists(LedgerPath(), ec)) return entries;
    const std::string bytes = ReadFile(LedgerPath(), std::size_t{1} << 30);
    // A torn tail is not an entry; a line that does not decode is skipped, not the rest.
    std::string prev, error;
    ForEachLine(bytes, [&](std::string_view text, int line, std::size_t, std::size_t) {
        LedgerEntry entry;
        if (DecodeLedgerLine(text, entry, prev, error)) {
            entry.line = line;
            entries.push_back(std::move(entry));
        }
        return true;
    });
    return entries;
}

std::vector<LedgerEntry> RecordsFolder::RequireIntactLedger() const {
    LedgerScan scan = ScanLedger(ReadFile(LedgerPath(), std::size_t{1} << 30));
    if (const auto& problem = scan.chain.problem) {
        if (problem->kind == ChainBreak::Torn)
            throw Error(fmt::format("{}:{}: the ledger's last line is incomplete; recover the ledger first",
                                    LedgerPath(), problem->line));
        throw Error(fmt::format("{}:{}: the ledger is damaged; recovery does not add to a damaged ledger",
                                LedgerPath(), problem->line),
                    " (verify the records)", "", Remedy{RemedyKind::Verify, {}});
    }
    return std::move(scan.entries);
}

void RecordsFolder::CheckLedgerWritable() const {
    std::error_code ec;
    if (!fs::exists(LedgerPath(), ec)) return;
    const int fd = OpenRegularFile(LedgerPath(), O_RDONLY | O_CLOEXEC, m_io); // a FIFO is refused, not waited on
    if (fd < 0) throw AuditWriteError(fmt::format("{}: cannot open the ledger: {}", LedgerPath(), std::strerror(errno)));
    ChainTail tail;
    try {
        tail = ReadChainTail(fd, LedgerPath(), kLedgerNames);
    } catch (...) {
        m_io.Close(fd);
        throw;
    }
    m_io.Close(fd);
    if (!tail.clean) throw TornTailError(LedgerPath(), kLedgerNames);
}

std::string RecordsFolder::RepairLedger(const Event& first, const Event& last, Clock& clock) const {
    const std::string& sessionId = first.sessionId;
    const auto& started = std::get<ev::SessionStarted>(first.body);
    const char* outcome = EndingOutcome(last.body);
    std::error_code ec;
    std::vector<LedgerEntry> entries;
    if (fs::exists(LedgerPath(), ec)) {
        entries = RequireIntactLedger();
    } else {
        // Only the first session of a folder can crash before the ledger exists.
        for (const auto& id : SessionIds())
            if (id != sessionId)
                throw Error(m_root + ": the records folder has no ledger but holds other sessions; recovery does not "
                                     "create a ledger for them",
                            " (verify the records)", "", Remedy{RemedyKind::Verify, {}});
    }
    bool opened = false, closed = false;
    for (const auto& entry : entries) {
        if (entry.session != sessionId) continue;
        opened = opened || entry.type == LedgerEntryType::Opened;
        closed = closed || entry.type == LedgerEntryType::Closed;
    }
    std::string added;
    if (!opened) {
        json payload = OpenedPayload(sessionId, first.hash, started.protocol.sha256, started.manifest);
        payload["repaired"] = kLedgerRepair;
        AppendLedger(*this, LedgerEntryType::Opened, std::move(payload), clock);
        added = "its start";
    }
    if (outcome != nullptr && !closed) {
        json payload = ClosedPayload(sessionId, last.seq, last.hash, outcome);
        payload["repaired"] = kLedgerRepair;
        AppendLedger(*this, LedgerEntryType::Closed, std::move(payload), clock);
        added += added.empty() ? "its final hash" : " and its final hash";
    }
    return added.empty() ? "" : "the ledger now lists " + added + " (marked as a repair; a crash had kept it out)";
}

const char* EndingOutcome(const EventBody& body) {
    return std::holds_alternative<ev::SessionCompleted>(body)   ? "completed"
           : std::holds_alternative<ev::SessionAbandoned>(body) ? "abandoned"
           : std::holds_alternative<ev::HardStopped>(body)      ? "stopped"
                                                                : nullptr;
}

bool DecodeLedgerLine(std::string_view line, LedgerEntry& entry, std::string& prevHash, std::string& error) {
    using namespace json_fields;
    error.clear();
    object top;
    if (!ParseObject(line, top)) {
        error = "line is not a JSON object";
        return false;
    }
    // The six fields, each once, in the order AppendLedger writes them (sorted, hash last).
    static constexpr std::string_view kFields[] = {"payload", "prev", "seq", "time", "type", "hash"};
    std::size_t count = 0;
    bool canonical = true;
    for (const auto field : top) canonical = canonical && count < std::size(kFields) && field.key == kFields[count++];
    if (!canonical || count != std::size(kFields)) {
        error = "a ledger line has exactly the six ledger fields, once each, in canonical order";
        return false;
    }
    const Fields f{top, error, "ledger line"};
    entry.seq = f.Count("seq");
    const std::string type = f.Text("type");
    prevHash = f.Text("prev");
    if (ParseUtcMs(f.Text("time")) < 0) f.Fail("ledger time is not written YYYY-MM-DDTHH:MM:SS.mmmZ");
    const Fields p{f.Object("payload"), error, "ledger payload"};
    if (!error.empty()) return false;
    entry.session = p.Text("session");
    entry.file = p.Text("file");
    entry.repaired = p.Text("repaired", false);
    if (type == LedgerEntryTypeName(LedgerEntryType::Opened)) {
        entry.type = LedgerEntryType::Opened;
        entry.firstHash = p.Text("first_hash");
        entry.protocolSha256 = p.Text("protocol_sha256");
        entry.manifest = OptionalManifest(p);
    } else if (type == LedgerEntryTypeName(LedgerEntryType::Closed)) {
        entry.type = LedgerEntryType::Closed;
        entry.lastSeq = p.Count("last_seq");
        entry.finalHash = p.Text("final_hash");
        entry.outcome = p.Text("outcome");
    } else if (error.empty()) {
        error = fmt::format("unknown ledger entry type '{}'", type);
    }
    return error.empty();
}

LedgerScan ScanLedger(std::string_view bytes) {
    LedgerScan scan;
    LedgerEntry entry;
    std::string prev, hash;
    scan.chain = ScanChain(
        bytes,
        [&](std::string_view line, ChainLink& link, std::string& error) {
            entry = LedgerEntry{};
            if (!ReadLedgerLine(line, entry, prev, hash, error)) return false;
            link = {entry.seq, prev, hash};
            return true;
        },
        [&](int line) {
            entry.line = line;
            scan.entries.push_back(std::move(entry));
            return std::string();
        });
    return scan;
}

ProtocolPtr FindTrailProtocol(const std::string& trailPath, const std::string& sha256, const std::vector<std::string>& dirs) {
    const auto place = layout::PlaceOfTrail(trailPath);
    return KnownProtocols(dirs).Find(sha256, place ? place->root : std::string());
}

} // namespace kc
