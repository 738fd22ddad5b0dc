#include "kc/audit/session_lock.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "kc/audit/records_layout.hpp"
#include "kc/base/clock.hpp"

namespace kc {

std::string DescribeHolder(const LockHolder& h) {
    if (h.host.empty() && h.what.empty()) return "open in another program that has not yet said which";
    const std::string where = h.host == ThisHostName() ? fmt::format("this computer ({})", h.host) : h.host;
    return fmt::format("{} on {} since {} (process {})", h.what.empty() ? "open" : h.what, where,
                       h.since.empty() ? "an unknown time" : h.since, h.pid);
}

std::unique_ptr<FileLock> LockSessionTrail(const std::string& trailPath, const std::string& sessionId,
                                           const std::string& what, const std::string& doing,
                                           std::int64_t sinceUtcMs, mode_t mode) {
    const LockHolder self{ThisHostName(), static_cast<std::int64_t>(::getpid()), what, FormatUtcMs(sinceUtcMs)};
    LockHolder holder;
    auto lock = FileLock::Acquire(layout::WriterLockPath(trailPath), self, FileLock::Wait::No, mode, &holder);
    if (!lock)
        throw LockBusyError(fmt::format("session {} is {}; a session has one writer at a time, so it cannot {} here "
                                        "until that one closes it (nothing was changed)",
                                        sessionId, DescribeHolder(holder), doing),
                            holder);
    return lock;
}

std::optional<LockHolder> SessionWriter(const std::string& trailPath) {
    return FileLock::Holder(layout::WriterLockPath(trailPath));
}

} // namespace kc
