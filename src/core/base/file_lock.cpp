#include "kc/base/file_lock.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/base/durable_file.hpp"

namespace kc {
namespace {

// A lock file is opened as every file is (OpenRegularFile: a FIFO or a folder is refused,
// never opened for reading), and without following a link.
int OpenLockFile(const std::string& path, int flags, mode_t mode) {
    return OpenRegularFile(path, flags | O_CLOEXEC | O_NOFOLLOW, RealSysIo(), mode);
}

std::string Describe(const LockHolder& h) {
    return fmt::format("host={}\npid={}\nwhat={}\nsince={}\n", h.host, h.pid, h.what, h.since);
}

LockHolder ReadWords(int fd) {
    char buffer[1024];
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, 0);
    LockHolder holder;
    if (n <= 0) return holder;
    std::string_view text(buffer, static_cast<std::size_t>(n));
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "host") holder.host = value;
        else if (key == "what") holder.what = value;
        else if (key == "since") holder.since = value;
        else if (key == "pid") {
            std::int64_t pid = 0;
            for (const char c : value) pid = c >= '0' && c <= '9' && pid < 1'000'000'000 ? pid * 10 + (c - '0') : pid;
            holder.pid = pid;
        }
    }
    return holder;
}

// The holder writes its words just after it took the lock: a second comer that looks in
// between waits a moment for them (up to 200 ms) rather than say it does not know who.
LockHolder ReadHolder(int fd) {
    LockHolder holder = ReadWords(fd);
    for (int i = 0; i < 20 && holder.host.empty(); ++i) {
        ::usleep(10'000);
        holder = ReadWords(fd);
    }
    return holder;
}

struct flock WholeFile(short type) {
    struct flock fl {};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0; // to the end, however long
    return fl;
}

[[noreturn]] void CannotLock(const std::string& path, int error) {
    throw IoError(path, fmt::format("cannot take the lock: {} (the folder's file system must support locks; on NFS "
                                    "the lock service must run); nothing was changed",
                                    std::strerror(error)));
}

} // namespace

std::string ThisHostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown host";
    return name;
}

std::unique_ptr<FileLock> FileLock::Acquire(const std::string& path, const LockHolder& self, Wait wait, mode_t mode,
                                            LockHolder* holder) {
    // The previous holder removes the file as it lets go: a lock taken on a file that is no
    // longer at `path` is no lock at all, so it is taken again on the file that is.
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = OpenLockFile(path, O_RDWR | O_CREAT, mode);
        if (fd < 0) throw IoError(path, fmt::format("cannot create the lock file: {}", std::strerror(errno)));
        struct flock fl = WholeFile(F_WRLCK);
        int rc;
        do rc = ::fcntl(fd, wait == Wait::Yes ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
        while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            const int error = errno;
            if (error == EAGAIN || error == EACCES) {
                if (holder != nullptr) *holder = ReadHolder(fd);
                ::close(fd);
                return nullptr;
            }
            ::close(fd);
            CannotLock(path, error);
        }
        struct stat mine {}, there {};
        if (::fstat(fd, &mine) != 0 || ::stat(path.c_str(), &there) != 0 || mine.st_ino != there.st_ino ||
            mine.st_dev != there.st_dev) {
            ::close(fd);
            continue;
        }
        const std::string text = Describe(self);
        if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
            const int error = errno;
            ::unlink(path.c_str());
            ::close(fd);
            throw IoError(path, fmt::format("cannot write the lock file: {}; nothing was changed", std::strerror(error)));
        }
        return std::unique_ptr<FileLock>(new FileLock(path, fd));
    }
    throw IoError(path, "the lock file kept being replaced; nothing was changed");
}

std::optional<LockHolder> FileLock::Holder(const std::string& path) {
    const int fd = OpenLockFile(path, O_RDONLY, 0);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        throw IoError(path, fmt::format("cannot open the lock file: {}", std::strerror(errno)));
    }
    struct flock fl = WholeFile(F_WRLCK);
    if (::fcntl(fd, F_OFD_GETLK, &fl) != 0) {
        const int error = errno;
        ::close(fd);
        CannotLock(path, error);
    }
    std::optional<LockHolder> holder;
    if (fl.l_type != F_UNLCK) holder = ReadHolder(fd);
    ::close(fd);
    return holder;
}

FileLock::~FileLock() {
    // Only its own file: one that replaced it at the path (after someone removed this one) is
    // another holder's.
    struct stat mine {}, there {};
    if (::fstat(m_fd, &mine) == 0 && ::stat(m_path.c_str(), &there) == 0 && mine.st_ino == there.st_ino &&
        mine.st_dev == there.st_dev)
        ::unlink(m_path.c_str());
    ::close(m_fd);
}

} // namespace kc
