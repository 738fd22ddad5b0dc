#pragma once
// Real system calls with chosen failures, for durability tests: the n-th write or fdatasync
// fails (with a chosen errno), every write from a moment on fails (a full disk), or writes are
// cut short.
#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kc/base/durable_file.hpp"

namespace kc::test {

class FaultyIo : public SysIo {
public:
    int writes = 0, syncs = 0;
    int failWriteAt = -1, writeErrno = ENOSPC;
    int failSyncAt = -1, syncErrno = EIO;
    bool failWrites = false; // every write fails with ENOSPC while set
    std::size_t maxChunk = SIZE_MAX;
    std::vector<int> closedFds;
    std::string failWritesTo; // every write to a file whose path contains this fails with ENOSPC

    int Open(const char* path, int flags, mode_t mode) override {
        const int fd = SysIo::Open(path, flags, mode);
        if (fd >= 0) m_paths[fd] = path;
        return fd;
    }

    ssize_t Write(int fd, const void* data, std::size_t size) override {
        ++writes;
        if (failWrites || (!failWritesTo.empty() && m_paths[fd].find(failWritesTo) != std::string::npos)) {
            errno = ENOSPC;
            return -1;
        }
        if (writes == failWriteAt) {
            errno = writeErrno;
            return -1;
        }
        return SysIo::Write(fd, data, std::min(size, maxChunk));
    }
    int Fdatasync(int fd) override {
        if (++syncs == failSyncAt) {
            errno = syncErrno;
            return -1;
        }
        return SysIo::Fdatasync(fd);
    }
    int Close(int fd) override {
        closedFds.push_back(fd);
        m_paths.erase(fd);
        return SysIo::Close(fd);
    }

private:
    std::map<int, std::string> m_paths;
};

} // namespace kc::test
