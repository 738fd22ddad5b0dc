#pragma once
// A live session: the engine's decisions made durable. A command is decided against the
// state, its events are written to the trail (write + fdatasync through spdlog), and only
// then applied to the state: what the state shows is what the trail holds.
//
// A session has one writer: Start and Resume take the trail's writer lock (session_lock.hpp)
// and hold it as long as the Session lives; a second Resume anywhere throws LockBusyError.
//
// Throws AuditWriteError when the trail cannot be written; the session is then closed for
// input for good and says why (Closed(), ClosedReason()). LedgerBehindError when the trail
// holds the events but the ledger entry or checkpoint after them could not be written (the
// state shows them; recover adds what is missing). ClockRangeError, with nothing written,
// while the clock reads a time a record cannot hold. Refused commands (a rule or a
// precondition) return a Decision with a refusal and write nothing. With env.forward set,
// each durable batch is then forwarded; a forwarding failure is logged, never thrown.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "kc/audit/forwarder.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/trail_writer.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/file_lock.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "kc/session/engine.hpp"

namespace kc {

class SigningKey;

struct SessionEnv {
    const RecordsFolder& records;
    Clock& clock;
    IdGenerator& ids;
    DiagnosticLog& log;
    AuditForwarder* forward = nullptr; // optional: gets each batch after it is durable
    // When set, each session's close also appends a checkpoint signed with it (checkpoints.hpp).
    const SigningKey* signingKey = nullptr;
    // What holds a session's writer lock, as a second comer is told (kc/audit/session_lock.hpp).
    std::string writer = "open in another window";
};

struct StartRequest {
    Actor actor;
    std::string patientRef; // pseudonymous
    std::string location;
    // The approval manifest the start gate checked an approved protocol against (kc/ops/start.hpp),
    // recorded in session_started and the ledger's opened entry.
    std::optional<ManifestRef> manifest = std::nullopt;
};

// A resume that cannot go ahead: the id is no session id, the trail is torn, damaged, ended,
// or its protocol differs; or the person resuming is refused by the rules of a start
// (Refused: a blank or malformed name or role).
class ResumeError : public Error {
public:
    enum class Reason { NotAnId, Torn, Damaged, Ended, ProtocolMismatch, Refused };
    ResumeError(Reason reason, const std::string& what) : Error(what), m_reason(reason) {}
    ResumeError(Reason reason, const std::string& before, std::string_view words, std::string_view after, Remedy remedy)
        : Error(before, words, after, std::move(remedy)), m_reason(reason) {}
    Reason GetReason() const { return m_reason; }

private:
    Reason m_reason;
};

class Session {
public:
    // Creates the trail, records session_started durably and lists the file in the ledger.
    // A refused start (e.g. no patient reference) returns null with `refusal` set.
    static std::unique_ptr<Session> Start(ProtocolPtr protocol, const StartRequest& request, SessionEnv env,
                                          std::string& refusal);

    // Replays an unfinished session's trail and continues it; records session_resumed (and
    // any outcome a crash left unrecorded). The session is named by its id only (a path is
    // refused). Throws ResumeError, LockBusyError, IoError, AuditWriteError.
    static std::unique_ptr<Session> Resume(ProtocolPtr protocol, const std::string& sessionId, const Actor& actor,
                                           SessionEnv env);

    Decision Answer(const std::string& step, const Values& values, const std::string& note = {});
    Decision Skip(const std::string& step, const std::string& note = {});
    Decision Justify(const std::string& step, const std::string& justification,
                     const std::string& secondClinician = {});
    Decision Amend(const std::string& step, const Values& values, const std::string& reason);
    Decision Attest(const std::string& name, const std::string& meaning);
    Decision Complete();
    Decision Abandon(const std::string& reason);
    // Rounds of observations (kc/session/engine.hpp): decided and recorded at one reading of the clocks.
    Decision Observe(const Observation& observation);
    Decision MissRound(const std::string& rounds, std::uint64_t number, const std::string& reason);
    Decision EndObservationEarly(const std::string& rounds, const std::string& reason, const std::string& secondClinician);

    // The clocks read now: the wall clock, and session time (the monotonic clock since the
    // session was opened, continuing the trail's last elapsed time, plus the wall clock's gap
    // while it was closed). Throws ClockRangeError when the wall clock reads a time a record
    // cannot hold. The faces show schedules at this moment (Engine::Schedule).
    Moment Now() const;

    const SessionState& State() const { return m_state; }
    const std::vector<Event>& Events() const { return m_events; } // as written to the trail
    const Engine& GetEngine() const { return m_engine; }
    const std::string& Id() const { return m_state.sessionId; }
    // Who records from now on: the person who started it, or who resumed it.
    const Actor& GetActor() const { return m_actor; }
    const std::string& TrailPath() const { return m_writer->Path(); }
    bool Closed() const { return !m_closedReason.empty(); }
    const std::string& ClosedReason() const { return m_closedReason; }

private:
    Session(ProtocolPtr protocol, SessionEnv env, Actor actor);
    // Stamps with `now` (the moment the decision was made at), writes durably, then applies.
    // Returns the decision as given.
    Decision Record(Decision decision, Moment now);
    // Reads the clocks and decides: `decide(now)` returns the decision, recorded at that moment.
    template <class Decide>
    Decision DecideAndRecord(Decide decide);
    void WriteEvents(const std::vector<EventBody>& bodies, Moment now);
    // The error for events that are durable while the ledger or checkpoint after them is not.
    LedgerBehindError Behind(const std::string& what, const IoError& cause, std::string_view then) const;
    void Forward(const std::vector<std::string>& lines);

    Engine m_engine;
    SessionEnv m_env;
    Actor m_actor;
    SessionState m_state;
    std::vector<Event> m_events;
    std::unique_ptr<FileLock> m_lock; // released after the writer closed the trail
    std::unique_ptr<TrailWriter> m_writer;
    std::int64_t m_monotonicOrigin = 0;
    std::int64_t m_elapsedBase = 0;
    std::string m_closedReason;
};

} // namespace kc
