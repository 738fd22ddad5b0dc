#include "kc/audit/chained_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace kc {

ChainTail ReadChainTail(int fd, const std::string& path, const ChainNames& names) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw AuditWriteError(fmt::format("{}: cannot stat: {}", path, std::strerror(errno)));
    ChainTail tail;
    if (st.st_size == 0) return tail;
    // A line is far shorter than this: its last 64 KiB hold the whole of it.
    const off_t chunk = std::min<off_t>(st.st_size, 64 * 1024);
    std::string buffer(static_cast<std::size_t>(chunk), '\0');
    if (::pread(fd, buffer.data(), buffer.size(), st.st_size - chunk) != chunk)
        throw AuditWriteError(fmt::format("{}: cannot read {}: {}", path, names.end, std::strerror(errno)));
    tail.clean = buffer.back() == '\n';
    if (!tail.clean) return tail;
    buffer.pop_back();
    const auto start = buffer.rfind('\n');
    tail.lastLine = start == std::string::npos ? buffer : buffer.substr(start + 1);
    return tail;
}

AuditWriteError TornTailError(const std::string& path, const ChainNames& names) {
    return AuditWriteError(fmt::format("{}: {} is incomplete (an interrupted write)", path, names.lastLine),
                           "; recover it", names.tornAfter, Remedy{RemedyKind::Recover, path});
}

LockedChainFile::LockedChainFile(const std::string& path, const ChainNames& names, SysIo& io, bool create, mode_t mode)
    : m_io(io) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::error_code ec;
        const bool existed = std::filesystem::exists(path, ec);
        const int fd = OpenRegularFile(path, O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), io, mode);
        if (fd < 0)
            throw AuditWriteError(fmt::format("{}: cannot open {}: {}", path, names.file, std::strerror(errno)));
        struct stat mine {}, there {};
        if (::fstat(fd, &mine) != 0) {
            const int error = errno;
            io.Close(fd);
            throw AuditWriteError(fmt::format("{}: cannot stat {}: {}", path, names.file, std::strerror(error)));
        }
        // One writer at a time, and the chain head read under the lock.
        if (::flock(fd, LOCK_EX) != 0) {
            const int error = errno;
            io.Close(fd);
            throw AuditWriteError(fmt::format("{}: cannot lock {}: {}", path, names.file, std::strerror(error)));
        }
        if (::stat(path.c_str(), &there) == 0 && there.st_ino == mine.st_ino && there.st_dev == mine.st_dev) {
            m_fd = fd;
            m_created = !existed;
            return;
        }
        io.Close(fd); // moved away (recover) while this waited: lock the file that is there now
    }
    throw AuditWriteError(fmt::format("{}: {} kept being replaced while waiting for its lock", path, names.file));
}

LockedChainFile::~LockedChainFile() { m_io.Close(m_fd); } // closing also releases the lock

void AppendChained(const ChainAppend& append, SysIo& io) {
    const std::string& path = append.path;
    const ChainNames& names = append.names;
    const LockedChainFile file(path, names, io, true, append.mode);
    const int fd = file.Fd();
    if (file.Created()) SyncFolder(append.folder, io);

    const ChainTail tail = ReadChainTail(fd, path, names);
    if (!tail.clean) throw TornTailError(path, names);
    ChainHead head;
    if (std::string error; !tail.lastLine.empty() && !append.readHead(tail.lastLine, head, error))
        throw AuditWriteError(fmt::format("{}: {} is damaged ({})", path, names.lastLine, error),
                              "; verify the records", "", Remedy{RemedyKind::Verify, {}});
    std::string bytes = append.nextLine(head);
    bytes.push_back('\n');
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = io.Write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw AuditWriteError(fmt::format("{}: {} write failed: {}", path, names.entry, std::strerror(errno)));
        written += static_cast<std::size_t>(n);
    }
    if (io.Fdatasync(fd) != 0)
        throw AuditWriteError(fmt::format("{}: {} fdatasync failed: {}", path, names.entry, std::strerror(errno)));
}

} // namespace kc
