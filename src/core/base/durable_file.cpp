#include "kc/base/durable_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/base/error.hpp"

namespace kc {

int SysIo::Open(const char* path, int flags, mode_t mode) { return ::open(path, flags, mode); }
ssize_t SysIo::Write(int fd, const void* data, std::size_t size) { return ::write(fd, data, size); }
int SysIo::Fdatasync(int fd) { return ::fdatasync(fd); }
int SysIo::Fsync(int fd) { return ::fsync(fd); }
int SysIo::Close(int fd) { return ::close(fd); }

SysIo& RealSysIo() {
    static SysIo io;
    return io;
}

namespace {

const char* KindOf(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISDIR(mode)) return "a folder";
    return "not a file";
}

[[noreturn]] void ThrowNotRegular(const std::string& path, mode_t mode, bool viaLink) {
    if (S_ISDIR(mode)) throw NotRegularFileError(path, "is a folder, not a file");
    throw NotRegularFileError(
        path, fmt::format("not a regular file ({}{})", viaLink ? "a symbolic link to " : "", KindOf(mode)));
}

} // namespace

int OpenRegularFile(const std::string& path, int flags, SysIo& io, mode_t mode) {
    struct stat target {};
    if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) {
        struct stat link {};
        ThrowNotRegular(path, target.st_mode, ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode));
    }
    const int fd = io.Open(path.c_str(), flags | O_NONBLOCK | O_NOCTTY, mode);
    if (fd < 0) return fd;
    struct stat opened {};
    if (::fstat(fd, &opened) != 0 || !S_ISREG(opened.st_mode)) {
        const int error = errno;
        io.Close(fd);
        if (opened.st_mode != 0) ThrowNotRegular(path, opened.st_mode, false);
        throw IoError(path, fmt::format("cannot stat: {}", std::strerror(error)));
    }
    if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        const int error = errno;
        io.Close(fd);
        throw IoError(path, fmt::format("cannot clear O_NONBLOCK: {}", std::strerror(error)));
    }
    return fd;
}

void SyncFolder(const std::string& folder, SysIo& io) {
    const int fd = io.Open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) throw IoError(fmt::format("{}: cannot open folder to sync it: {}", folder, std::strerror(errno)));
    const int rc = io.Fsync(fd);
    const int error = errno;
    io.Close(fd);
    if (rc != 0) throw IoError(fmt::format("{}: cannot sync folder: {}", folder, std::strerror(error)));
}

DurableAppendFile::DurableAppendFile(std::string path, Mode mode, SysIo& io, mode_t fileMode)
    : m_path(std::move(path)), m_io(io) {
    int flags = O_WRONLY | O_APPEND | O_CLOEXEC;
    if (mode == Mode::CreateNew) flags |= O_CREAT | O_EXCL;
    try {
        m_fd = OpenRegularFile(m_path, flags, m_io, fileMode);
    } catch (const NotRegularFileError& e) {
        throw AuditWriteError(m_path, "cannot open the audit file: " + e.Detail());
    }
    if (m_fd < 0)
        throw AuditWriteError(fmt::format("{}: cannot {} the audit file: {}", m_path,
                                          mode == Mode::CreateNew ? "create" : "open", std::strerror(errno)));
    if (mode == Mode::CreateNew) {
        try {
            const auto parent = std::filesystem::path(m_path).parent_path().string();
            SyncFolder(parent.empty() ? "." : parent, m_io);
        } catch (const IoError& e) {
            m_io.Close(m_fd);
            m_fd = -1;
            throw AuditWriteError(e.what());
        }
    }
}

DurableAppendFile::~DurableAppendFile() {
    if (m_fd >= 0) m_io.Close(m_fd);
}

void DurableAppendFile::Fail(const std::string& what, int error) {
    m_failure = fmt::format("{}: {}: {}", m_path, what, std::strerror(error));
    // The descriptor is closed and never used again: a retried fsync on it could report
    // success for pages the kernel already dropped.
    m_io.Close(m_fd);
    m_fd = -1;
    throw AuditWriteError(m_failure);
}

void DurableAppendFile::Append(std::string_view bytes) {
    if (Failed()) throw AuditWriteError("the audit file is closed after an earlier failure: " + m_failure);
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = m_io.Write(m_fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue; // interrupted before writing anything: not a failure
            Fail("write failed", errno);
        }
        if (n == 0) Fail("write made no progress", EIO);
        written += static_cast<std::size_t>(n); // a short write continues with the rest
    }
    if (m_io.Fdatasync(m_fd) != 0) Fail("fdatasync failed", errno);
}

void ReplaceFileDurably(const std::string& path, const std::string& bytes, mode_t fileMode, SysIo& io) {
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    {
        DurableAppendFile file(temp, DurableAppendFile::Mode::CreateNew, io, fileMode);
        file.Append(bytes);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temp.c_str());
        throw IoError(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
    }
    const std::string folder = std::filesystem::path(path).parent_path().string();
    SyncFolder(folder.empty() ? "." : folder, io);
}

} // namespace kc
