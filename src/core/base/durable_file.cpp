#include "kc/base/durable_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
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
    m_fd = m_io.Open(m_path.c_str(), flags, fileMode);
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

} // namespace kc
