#pragma once
// One writer per session: whatever appends to a trail or repairs it (a session open in a
// window, `checklistctl run`, recover) holds the trail's writer lock (kc/base/file_lock.hpp)
// for as long as it may write, across processes and hosts that share the records folder. A
// second comer is refused and told who has the session, where and since when.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

#include "kc/base/file_lock.hpp"

namespace kc {

// Takes the writer lock of the trail at `trailPath` for `what` (e.g. "open in a window of
// the checklist app"), held since `sinceUtcMs`. Throws LockBusyError naming the holder when another has it, IoError
// when it cannot be taken at all. `doing` says what was refused ("resume", "recover").
std::unique_ptr<FileLock> LockSessionTrail(const std::string& trailPath, const std::string& sessionId,
                                           const std::string& what, const std::string& doing,
                                           std::int64_t sinceUtcMs, mode_t mode);

// Who holds the trail's writer lock now (nullopt: nobody). Throws IoError.
std::optional<LockHolder> SessionWriter(const std::string& trailPath);

// "open in a window of the checklist app on ward-3 since 2026-12-01T09:30:00.000Z (process 4242)",
// with "this computer" for this host.
std::string DescribeHolder(const LockHolder& holder);

} // namespace kc
