#pragma once
// Recovery after a crash: an incomplete last line (never acknowledged) is moved to a
// quarantine file beside the trail — copied out durably, then cut from the trail — so the
// session can resume. Nothing is deleted; a trail damaged in any other way is refused.
#include <string>

#include "kc/base/durable_file.hpp"

namespace kc {

class Clock;
class SigningKey;

struct RecoverResult {
    bool changed = false;
    std::string quarantinePath; // where the torn bytes now are
    std::string message;        // for a person
};

// Works on a session trail or a records ledger. Throws Error when the file is damaged
// beyond a torn tail, IoError on I/O failure.
// With `key`, an ended session whose checkpoint a crash kept out gets one, marked as a repair.
// Also works on RECORDS/checkpoints.jsonl (a torn last checkpoint).
RecoverResult RecoverTrail(const std::string& path, Clock& clock, SysIo& io = RealSysIo(),
                           const SigningKey* key = nullptr);

} // namespace kc
