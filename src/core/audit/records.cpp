#include "kc/audit/records.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include <fcntl.h>
#include <sys/file.h>
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

// The last complete line of an open file and whether the file ends cleanly with '\n'.
struct Tail {
    std::string lastLine;
    bool clean = true;
};

// No session may be listed after a torn line, so none starts until the ledger is recovered.
AuditWriteError LedgerTornError(const std::string& path) {
    return AuditWriteError(path + ": the ledger's last line is incomplete (an interrupted write)", "; recover it",
                           " before starting sessions", Remedy{RemedyKind::Recover, path});
}

Tail ReadTail(int fd, const std::string& path) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw AuditWriteError(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
    Tail tail;
    if (st.st_size == 0) return tail;
    const off_t chunk = std::min<off_t>(st.st_size, 64 * 1024);
    std::string buffer(static_cast<std::size_t>(chunk), '\0');
    if (::pread(fd, buffer.data(), buffer.size(), st.st_size - chunk) != chunk)
        throw AuditWriteError(fmt::format("{}: cannot read the ledger's end: {}", path, std::strerror(errno)));
    tail.clean = buffer.back() == '\n';
    if (!tail.clean) return tail;
    buffer.pop_back();
    const auto start = buffer.rfind('\n');
    tail.lastLine = start == std::string::npos ? buffer : buffer.substr(start + 1);
    return tail;
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
    if (fs::exists(target, ec)) return;
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

void RecordsFolder::LedgerOpened(const std::string& sessionId, const std::string& firstHash,
                                 const std::string& protocolSha256, Clock& clock) const {
    const json payload{{"session", sessionId},
                       {"file", layout::TrailKey(sessionId)},
                       {"first_hash", firstHash},
                       {"protocol_sha256", protocolSha256}};
    AppendLedger("session_opened", payload.dump(), clock);
}

void RecordsFolder::LedgerClosed(const std::string& sessionId, std::uint64_t lastSeq, const std::string& finalHash,
                                 const std::string& outcome, Clock& clock) const {
    const json payload{{"session", sessionId},
                       {"file", layout::TrailKey(sessionId)},
                       {"last_seq", lastSeq},
                       {"final_hash", finalHash},
                       {"outcome", outcome}};
    AppendLedger("session_closed", payload.dump(), clock);
}

void RecordsFolder::AppendLedger(const std::string& type, const std::string& payloadJson, Clock& clock) const {
    const std::string path = LedgerPath();
    std::error_code ec;
    const bool created = !fs::exists(path, ec);
    const int fd = m_io.Open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, FileMode());
    if (fd < 0) throw AuditWriteError(fmt::format("{}: cannot open the ledger: {}", path, std::strerror(errno)));
    struct Closer {
        SysIo& io;
        int fd;
        ~Closer() { io.Close(fd); } // closing also releases the lock
    } closer{m_io, fd};
    if (::flock(fd, LOCK_EX) != 0)
        throw AuditWriteError(fmt::format("{}: cannot lock the ledger: {}", path, std::strerror(errno)));
    if (created) SyncFolder(m_root, m_io);

    const Tail tail = ReadTail(fd, path);
    if (!tail.clean) throw LedgerTornError(path);
    std::uint64_t seq = 1;
    std::string prev = kGenesisHash;
    if (!tail.lastLine.empty()) {
        const LineCheck check = CheckLine(tail.lastLine);
        LedgerEntry last;
        std::string lastPrev, error;
        if (!check.ok || !DecodeLedgerLine(tail.lastLine, last, lastPrev, error))
            throw AuditWriteError(
                fmt::format("{}: the ledger's last line is damaged ({})", path, check.ok ? error : check.what),
                "; verify the records", "", Remedy{RemedyKind::Verify, {}});
        seq = last.seq + 1;
        prev = check.hash;
    }
    const json line{{"seq", seq},
                    {"time", FormatUtcMs(clock.UtcMs())},
                    {"type", type},
                    {"payload", json::parse(payloadJson)},
                    {"prev", prev}};
    std::string hash;
    std::string bytes = SealLine(line.dump(), hash);
    bytes.push_back('\n');
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = m_io.Write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw AuditWriteError(fmt::format("{}: ledger write failed: {}", path, std::strerror(errno)));
        written += static_cast<std::size_t>(n);
    }
    if (m_io.Fdatasync(fd) != 0)
        throw AuditWriteError(fmt::format("{}: ledger fdatasync failed: {}", path, std::strerror(errno)));
}

std::vector<LedgerEntry> RecordsFolder::ReadLedger() const {
    std::vector<LedgerEntry> entries;
    std::error_code ec;
    if (!fs::exists(LedgerPath(), ec)) return entries;
    const std::string bytes = ReadFile(LedgerPath(), std::size_t{1} << 30);
    std::size_t offset = 0;
    int line = 0;
    while (offset < bytes.size()) {
        const auto end = bytes.find('\n', offset);
        if (end == std::string::npos) break; // a torn tail is not an entry
        ++line;
        LedgerEntry entry;
        std::string prev, error;
        if (DecodeLedgerLine(bytes.substr(offset, end - offset), entry, prev, error)) {
            entry.line = line;
            entries.push_back(std::move(entry));
        }
        offset = end + 1;
    }
    return entries;
}

void RecordsFolder::CheckLedgerChain() const {
    const std::string bytes = ReadFile(LedgerPath(), std::size_t{1} << 30);
    std::size_t offset = 0;
    int line = 0;
    std::uint64_t seq = 0;
    std::string prev = kGenesisHash;
    while (offset < bytes.size()) {
        ++line;
        const auto end = bytes.find('\n', offset);
        if (end == std::string::npos)
            throw Error(fmt::format("{}:{}: the ledger's last line is incomplete; recover the ledger first",
                                    LedgerPath(), line));
        const std::string text = bytes.substr(offset, end - offset);
        const LineCheck check = CheckLine(text);
        LedgerEntry entry;
        std::string entryPrev, error;
        if (!check.ok || !DecodeLedgerLine(text, entry, entryPrev, error) || entry.seq != seq + 1 || entryPrev != prev)
            throw Error(fmt::format("{}:{}: the ledger is damaged; recovery does not add to a damaged ledger",
                                    LedgerPath(), line),
                        " (verify the records)", "", Remedy{RemedyKind::Verify, {}});
        seq = entry.seq;
        prev = check.hash;
        offset = end + 1;
    }
}

void RecordsFolder::CheckLedgerWritable() const {
    std::error_code ec;
    if (!fs::exists(LedgerPath(), ec)) return;
    const int fd = m_io.Open(LedgerPath().c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) throw AuditWriteError(fmt::format("{}: cannot open the ledger: {}", LedgerPath(), std::strerror(errno)));
    Tail tail;
    try {
        tail = ReadTail(fd, LedgerPath());
    } catch (...) {
        m_io.Close(fd);
        throw;
    }
    m_io.Close(fd);
    if (!tail.clean) throw LedgerTornError(LedgerPath());
}

std::string RecordsFolder::RepairLedger(const std::string& sessionId, const std::string& firstHash,
                                        const std::string& protocolSha256, bool ended, std::uint64_t lastSeq,
                                        const std::string& lastHash, const std::string& outcome, Clock& clock) const {
    std::error_code ec;
    if (fs::exists(LedgerPath(), ec)) {
        CheckLedgerChain();
    } else {
        // Only the first session of a folder can crash before the ledger exists.
        for (const auto& id : SessionIds())
            if (id != sessionId)
                throw Error(m_root + ": the records folder has no ledger but holds other sessions; recovery does not "
                                     "create a ledger for them",
                            " (verify the records)", "", Remedy{RemedyKind::Verify, {}});
    }
    bool opened = false, closed = false;
    for (const auto& entry : ReadLedger()) {
        if (entry.session != sessionId) continue;
        opened = opened || entry.type == "session_opened";
        closed = closed || entry.type == "session_closed";
    }
    static constexpr const char* kRepair = "added by recovery: a crash fell between the trail write and this entry";
    std::string added;
    if (!opened) {
        AppendLedger("session_opened",
                     json{{"session", sessionId},
                          {"file", layout::TrailKey(sessionId)},
                          {"first_hash", firstHash},
                          {"protocol_sha256", protocolSha256},
                          {"repaired", kRepair}}
                         .dump(),
                     clock);
        added = "its start";
    }
    if (ended && !closed) {
        AppendLedger("session_closed",
                     json{{"session", sessionId},
                          {"file", layout::TrailKey(sessionId)},
                          {"last_seq", lastSeq},
                          {"final_hash", lastHash},
                          {"outcome", outcome},
                          {"repaired", kRepair}}
                         .dump(),
                     clock);
        added += added.empty() ? "its final hash" : " and its final hash";
    }
    return added.empty() ? "" : "the ledger now lists " + added + " (marked as a repair; a crash had kept it out)";
}

bool DecodeLedgerLine(const std::string& line, LedgerEntry& entry, std::string& prevHash, std::string& error) {
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
    entry.type = f.Text("type");
    prevHash = f.Text("prev");
    if (ParseUtcMs(f.Text("time")) < 0) f.Fail("ledger time is not written YYYY-MM-DDTHH:MM:SS.mmmZ");
    const Fields p{f.Object("payload"), error, "ledger payload"};
    if (!error.empty()) return false;
    entry.session = p.Text("session");
    entry.file = p.Text("file");
    entry.repaired = p.Text("repaired", false);
    if (entry.type == "session_opened") {
        entry.firstHash = p.Text("first_hash");
        entry.protocolSha256 = p.Text("protocol_sha256");
    } else if (entry.type == "session_closed") {
        entry.lastSeq = p.Count("last_seq");
        entry.finalHash = p.Text("final_hash");
        entry.outcome = p.Text("outcome");
    } else if (error.empty()) {
        error = fmt::format("unknown ledger entry type '{}'", entry.type);
    }
    return error.empty();
}

ProtocolPtr FindTrailProtocol(const std::string& trailPath, const std::string& sha256, const std::vector<std::string>& dirs) {
    const auto place = layout::PlaceOfTrail(trailPath);
    return KnownProtocols(dirs).Find(sha256, place ? place->root : std::string());
}

} // namespace kc
