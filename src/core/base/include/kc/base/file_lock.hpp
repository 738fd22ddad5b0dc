#pragma once
// An exclusive lock on a lock file, between processes and between hosts that share the
// folder, and between two holders in one process (two windows of one app).
//
// It is an open-file-description lock (fcntl F_OFD_SETLK): the kernel releases it when its
// holder closes the file or dies, so a crash never leaves a stale lock behind. On NFS it is
// a lock of the NFS lock service (NFSv4 byte-range locks; NFSv3 through lockd), released by
// the server when the client's lease expires. A file system that cannot lock refuses: the
// lock is never assumed.
//
// The file holds who took it (host, process, what, since), written after the lock was taken,
// so that a second comer can be told who has it. The holder removes the file on release.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

#include "kc/base/error.hpp"

namespace kc {

struct LockHolder {
    std::string host;
    std::int64_t pid = 0;
    std::string what;  // what holds it, for a person: "a window of the checklist app", "checklistctl run"
    std::string since; // UTC, as FormatUtcMs writes it
};

// Another holder has the lock. what() says who, for a person.
class LockBusyError : public Error {
public:
    LockBusyError(const std::string& what, LockHolder holder) : Error(what), m_holder(std::move(holder)) {}
    const LockHolder& Holder() const { return m_holder; }

private:
    LockHolder m_holder;
};

// This host's name, as the lock files record it.
std::string ThisHostName();

class FileLock {
public:
    enum class Wait { No, Yes };

    // Takes the lock at `path` (the file is created with `mode` when missing). With Wait::No a
    // lock held elsewhere returns null with `holder` set to who has it (as far as its file
    // says; empty fields when it has not written them yet). Throws IoError when the file
    // cannot be created or the file system cannot lock.
    static std::unique_ptr<FileLock> Acquire(const std::string& path, const LockHolder& self, Wait wait,
                                             mode_t mode, LockHolder* holder);

    // Who holds the lock at `path` now; nullopt when nobody does (or the file is missing).
    // Never creates the file. Throws IoError when the file system cannot tell.
    static std::optional<LockHolder> Holder(const std::string& path);

    ~FileLock(); // removes the file, then releases the lock
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    const std::string& Path() const { return m_path; }

private:
    FileLock(std::string path, int fd) : m_path(std::move(path)), m_fd(fd) {}
    std::string m_path;
    int m_fd;
};

} // namespace kc
