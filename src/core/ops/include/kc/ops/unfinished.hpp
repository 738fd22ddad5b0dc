#pragma once
// The sessions of a records folder that have not ended: what the start window offers to
// resume or recover. Read from the ledger: only the trails it does not list as closed are
// read (those it lists as opened, and any file a crash kept out of the ledger).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kc/audit/records.hpp"
#include "kc/base/file_lock.hpp"
#include "kc/session/events.hpp"

namespace kc {

// A session file that has not ended, as found in a records folder.
struct UnfinishedSession {
    std::string sessionId;
    ProtocolRef protocol;
    Actor operatorActor;
    std::string patientRef;
    std::int64_t startedUtcMs = 0;
    std::uint64_t events = 0;
    bool torn = false;          // needs recovery of an incomplete last line first
    std::string problem;        // damaged beyond a torn tail: cannot be resumed
    std::optional<LockHolder> writer; // open elsewhere (another window, process or host) now: who has it
    bool ledgerBehind = false;  // the trail has ended but the ledger does not list its end: recover it
};

// Sorted by session id. A session the ledger lists as closed is not read at all (verify
// judges it); the others are read and kept when their trail has not ended, is torn or is
// damaged, or has ended without its ledger entry (a failed write or a crash: ledgerBehind), each with the writer that has it open now, if any. Throws IoError when the sessions folder or the ledger cannot be read.
std::vector<UnfinishedSession> FindUnfinishedSessions(const RecordsFolder& records);

} // namespace kc
