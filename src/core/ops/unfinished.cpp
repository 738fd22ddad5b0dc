#include "kc/ops/unfinished.hpp"

#include <set>

#include <fmt/format.h>

#include "kc/audit/session_lock.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"

namespace kc {
namespace {

UnfinishedSession Inspect(const RecordsFolder& records, const std::string& id, bool& ended) {
    UnfinishedSession s;
    s.sessionId = id;
    ended = false;
    TrailScan scan;
    try {
        scan = ScanTrailFile(records.SessionPath(id));
    } catch (const IoError& e) {
        s.problem = e.what();
        return s;
    }
    if (scan.problem && !scan.problem->torn) s.problem = fmt::format("line {}: {}", scan.problem->line, scan.problem->what);
    s.torn = scan.problem && scan.problem->torn;
    if (!scan.events.empty()) {
        const auto& first = scan.events.front();
        const auto& started = std::get<ev::SessionStarted>(first.body);
        s.protocol = started.protocol;
        s.operatorActor = first.actor;
        s.patientRef = started.patientRef;
        s.startedUtcMs = first.utcMs;
        s.events = scan.events.size();
        ended = EndingOutcome(scan.events.back().body) != nullptr && s.problem.empty() && !s.torn;
    }
    return s;
}

} // namespace

std::vector<UnfinishedSession> FindUnfinishedSessions(const RecordsFolder& records) {
    // The ledger is appended after each close, so a closed entry means the trail ended; an
    // entry the ledger lost or cannot decode only makes its trail be read, never skipped.
    std::set<std::string> closed;
    for (const auto& entry : records.ReadLedger())
        if (entry.type == LedgerEntryType::Closed) closed.insert(entry.session);
    std::vector<UnfinishedSession> found;
    for (const auto& id : records.SessionIds()) {
        if (closed.count(id) != 0) continue;
        bool ended = false;
        UnfinishedSession s = Inspect(records, id, ended);
        s.ledgerBehind = ended;
        try {
            s.writer = SessionWriter(records.SessionPath(id));
        } catch (const IoError& e) {
            if (s.problem.empty()) s.problem = e.what();
        }
        found.push_back(std::move(s));
    }
    return found;
}

} // namespace kc
