#pragma once
// An append-only file whose Append() returns only after the bytes are written and
// fdatasync'd. Any failure throws AuditWriteError and closes the file for good: a failed
// descriptor is never retried (after a failed fsync the kernel may have dropped the pages).
#include <cstddef>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace kc {

// The system calls the durable layer makes. Tests substitute faults (ENOSPC, EIO, short
// writes) here; the real one calls the kernel.
class SysIo {
public:
    virtual ~SysIo() = default;
    virtual int Open(const char* path, int flags, mode_t mode);
    virtual ssize_t Write(int fd, const void* data, std::size_t size);
    virtual int Fdatasync(int fd);
    virtual int Fsync(int fd);
    virtual int Close(int fd);
};

SysIo& RealSysIo();

// Opens a path that must be a regular file. What it names is checked before it is opened
// (stat: a FIFO or a device is never opened) and again on the descriptor (fstat: nothing swapped
// in between is read), and it is opened O_NONBLOCK | O_NOCTTY, so that an open never blocks
// nor takes a terminal (O_NONBLOCK is cleared again once it is known to be a regular file). A
// path that does not exist is opened as asked (O_CREAT creates it). Returns the descriptor, or
// -1 with errno when open fails (the caller says what it was opening); throws
// NotRegularFileError ("PATH: not a regular file (a FIFO)", "PATH: is a folder, not a file").
int OpenRegularFile(const std::string& path, int flags, SysIo& io = RealSysIo(), mode_t mode = 0);

// Makes a new folder entry durable: fsyncs the folder. Throws IoError.
void SyncFolder(const std::string& folder, SysIo& io = RealSysIo());

// Replaces the file at `path` with `bytes` so that a crash leaves the old file or the new one,
// never a part: written under a temporary name, synced, renamed, the folder synced. Throws IoError.
void ReplaceFileDurably(const std::string& path, const std::string& bytes, mode_t fileMode = 0600,
                        SysIo& io = RealSysIo());

class DurableAppendFile {
public:
    enum class Mode { CreateNew, OpenExisting };
    // CreateNew fails if the file exists, and syncs its folder so the new name survives a
    // crash. Files are created 0600 (mode can widen to 0640 for a group-readable set-up).
    DurableAppendFile(std::string path, Mode mode, SysIo& io = RealSysIo(), mode_t fileMode = 0600);
    ~DurableAppendFile();
    DurableAppendFile(const DurableAppendFile&) = delete;
    DurableAppendFile& operator=(const DurableAppendFile&) = delete;

    void Append(std::string_view bytes);

    bool Failed() const { return !m_failure.empty(); }
    const std::string& Failure() const { return m_failure; }
    const std::string& Path() const { return m_path; }

private:
    [[noreturn]] void Fail(const std::string& what, int error);

    std::string m_path;
    SysIo& m_io;
    int m_fd = -1;
    std::string m_failure;
};

} // namespace kc
