#include "kc/ops/session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kc/audit/checkpoints.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/session_lock.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"

namespace kc {
namespace {

const char* Outcome(SessionStatus status) {
    switch (status) {
    case SessionStatus::Completed: return "completed";
    case SessionStatus::Stopped: return "stopped";
    case SessionStatus::Abandoned: return "abandoned";
    default: return "open";
    }
}

} // namespace

Session::Session(ProtocolPtr protocol, SessionEnv env, Actor actor)
    : m_engine(std::move(protocol)), m_env(env), m_actor(std::move(actor)),
      m_monotonicOrigin(env.clock.MonotonicMs()) {}

std::unique_ptr<Session> Session::Start(ProtocolPtr protocol, const StartRequest& request, SessionEnv env,
                                        std::string& refusal) {
    const ProtocolRef ref{protocol->id, protocol->version, protocol->sha256, protocol->title};
    std::unique_ptr<Session> session(new Session(protocol, env, request.actor));
    Decision decision = session->m_engine.Start(ref, request.actor, request.patientRef, request.location);
    if (!decision.Accepted()) {
        refusal = decision.refusal;
        return nullptr;
    }
    // One reading of the clock: checked, then the time of the first event and of the lock.
    const std::int64_t now = env.clock.UtcMs();
    if (std::string why = ClockOutOfRange(now); !why.empty()) {
        refusal = std::move(why);
        return nullptr;
    }
    std::get<ev::SessionStarted>(decision.events.front()).manifest = request.manifest;
    env.records.CheckLedgerWritable(); // no trail is created that the ledger could not list
    const std::string id = env.ids.NewSessionId();
    session->m_lock = LockSessionTrail(env.records.SessionPath(id), id, env.writer, "start", now,
                                       env.records.FileMode());
    env.records.ArchiveProtocol(*protocol);
    session->m_writer = std::make_unique<TrailWriter>(env.records.CreateSessionFile(id));
    session->m_state.sessionId = id; // stamped on the first event
    session->Record(std::move(decision), Moment{now, 0});
    try {
        env.records.LedgerOpened(id, session->m_state.lastHash, protocol->sha256, env.clock, request.manifest);
    } catch (const IoError& e) {
        throw session->Behind("the ledger could not list the session", e, " and resume the session");
    }
    env.log.Info(fmt::format("session {} started on protocol {} {} ({}) by a {}", id, protocol->id, protocol->version,
                             protocol->ShortHash(), request.actor.role));
    return session;
}

std::unique_ptr<Session> Session::Resume(ProtocolPtr protocol, const std::string& sessionId, const Actor& actor,
                                         SessionEnv env) {
    if (!layout::IsSessionId(sessionId))
        throw ResumeError(ResumeError::Reason::NotAnId,
                          fmt::format("'{}' is not a session id: a session is named by its id only (lower-case letters, "
                                      "digits and '-', as the start window and verify show it), never by a path; "
                                      "nothing was changed",
                                      sessionId.substr(0, 80)));
    const std::int64_t now = RecordableNow(env.clock); // the time of session_resumed
    const std::string path = env.records.SessionPath(sessionId);
    auto lock = LockSessionTrail(path, sessionId, env.writer, "be resumed", now, env.records.FileMode());
    const TrailScan scan = ScanTrailFile(path);
    if (scan.problem && scan.problem->torn)
        throw ResumeError(ResumeError::Reason::Torn,
                          fmt::format("{}:{}: {}. Recover it first", path, scan.problem->line, scan.problem->what), "",
                          "; the torn line is kept in a quarantine file.", Remedy{RemedyKind::Recover, path});
    if (scan.problem)
        throw ResumeError(ResumeError::Reason::Damaged,
                          fmt::format("{}:{}: {}; this session cannot be resumed", path, scan.problem->line,
                                      scan.problem->what),
                          " (verify the records)", "", Remedy{RemedyKind::Verify, {}});
    const auto& started = std::get<ev::SessionStarted>(scan.events.front().body);
    if (started.protocol.sha256 != protocol->sha256)
        throw ResumeError(ResumeError::Reason::ProtocolMismatch,
                          fmt::format("session {} started on protocol {} {} (sha256 {}), but the protocol file {} now "
                                      "has sha256 {}; resume needs the exact protocol the session started with",
                                      sessionId, started.protocol.id, started.protocol.version,
                                      started.protocol.sha256.substr(0, 12), protocol->path, protocol->ShortHash()));
    std::unique_ptr<Session> session(new Session(protocol, env, actor));
    session->m_lock = std::move(lock);
    for (std::size_t i = 0; i < scan.events.size(); ++i)
        if (auto error = session->m_engine.Apply(session->m_state, scan.events[i]); !error.empty())
            throw ResumeError(ResumeError::Reason::Damaged,
                              fmt::format("{}:{}: event does not follow the protocol: {}", path, i + 1, error));
    session->m_events = scan.events;
    const bool stopUnrecorded = session->m_state.status == SessionStatus::Stopped && !session->m_state.stopRecorded;
    if (session->m_state.Ended() && !stopUnrecorded)
        throw ResumeError(ResumeError::Reason::Ended,
                          fmt::format("session {} is already {}", sessionId, ToString(session->m_state.status)));
    // Session time goes on while the session is closed: the wall clock's gap since its last
    // event is added (never taken away when the wall clock went back), so rounds that fell due
    // meanwhile are due or overdue when it reopens.
    session->m_elapsedBase = session->m_state.lastElapsedMs + std::max<std::int64_t>(0, now - session->m_state.lastUtcMs);
    // The person resuming is held to the rules of a start, before anything is written.
    Decision decision = session->m_engine.Resume(session->m_state, actor, "resumed");
    if (!decision.Accepted())
        throw ResumeError(ResumeError::Reason::Refused,
                          fmt::format("session {} cannot be resumed: {}", sessionId, decision.refusal));
    // A crash between the first trail line and the ledger entry left the session unlisted.
    const auto repaired = env.records.RepairLedger(scan.events.front(), scan.events.back(), env.clock);
    if (!repaired.empty()) env.log.Info(fmt::format("session {}: {}", sessionId, repaired));
    session->m_writer = std::make_unique<TrailWriter>(env.records.OpenSessionFile(sessionId));
    // Finish what a crash interrupted before anything new is recorded.
    for (auto& missing : session->m_engine.MissingRecords(session->m_state)) decision.events.push_back(std::move(missing));
    session->Record(std::move(decision), Moment{now, session->m_elapsedBase});
    env.log.Info(fmt::format("session {} resumed at event {}", sessionId, session->m_state.lastSeq));
    return session;
}

Moment Session::Now() const {
    const std::int64_t utc = RecordableNow(m_env.clock);
    return {utc, m_elapsedBase + (m_env.clock.MonotonicMs() - m_monotonicOrigin)};
}

void Session::WriteEvents(const std::vector<EventBody>& bodies, Moment now) {
    // Stamp and encode against a copy of the chain head; the state moves only after the
    // write returned, so a failed write leaves the state at the last durable event.
    std::vector<std::string> lines;
    std::vector<Event> events;
    std::uint64_t seq = m_state.lastSeq;
    std::string prev = m_state.lastHash;
    for (const auto& body : bodies) {
        Event e;
        e.seq = ++seq;
        e.utcMs = now.utcMs;
        e.elapsedMs = now.elapsedMs;
        e.sessionId = m_state.sessionId;
        e.actor = m_actor;
        e.body = body;
        e.prevHash = prev;
        lines.push_back(EncodeLine(e));
        prev = e.hash;
        events.push_back(std::move(e));
    }
    try {
        m_writer->Write(lines);
    } catch (const AuditWriteError& e) {
        m_closedReason = e.what();
        m_lock.reset(); // it writes no more: recover may act on the trail now
        m_env.log.Error(fmt::format("session {} closed for input: {}", m_state.sessionId, e.what()));
        throw;
    }
    Forward(lines);
    for (auto& e : events) {
        if (auto error = m_engine.Apply(m_state, e); !error.empty())
            throw Error(fmt::format("internal error: a recorded event does not apply: {}", error));
        m_events.push_back(std::move(e));
    }
}

void Session::Forward(const std::vector<std::string>& lines) {
    // Only after the durable write returned, and never able to change what it acknowledged:
    // a copy that fails is the diagnostic log's business, not the session's.
    if (m_env.forward == nullptr) return;
    try {
        m_env.forward->Forward(lines);
    } catch (const std::exception& e) {
        m_env.log.Error(fmt::format("session {}: audit events not forwarded: {}", m_state.sessionId, e.what()));
    } catch (...) {
        m_env.log.Error(fmt::format("session {}: audit events not forwarded: unknown error", m_state.sessionId));
    }
}

template <class Decide>
Decision Session::DecideAndRecord(Decide decide) {
    // One reading of the clocks: checked, decided against, and stamped on the events.
    const std::int64_t utc = m_env.clock.UtcMs();
    if (std::string why = ClockOutOfRange(utc); !why.empty()) return Decision::Refuse(std::move(why));
    const Moment now{utc, m_elapsedBase + (m_env.clock.MonotonicMs() - m_monotonicOrigin)};
    return Record(decide(now), now);
}

Decision Session::Record(Decision decision, Moment now) {
    if (Closed()) return Decision::Refuse("the session is closed for input: " + m_closedReason);
    if (!decision.Accepted() || decision.events.empty()) return decision;
    if (!m_lock) return Decision::Refuse("the session has ended; nothing more is recorded in it");
    const bool wasEnded = m_state.Ended() && m_state.stopRecorded;
    WriteEvents(decision.events, now);
    if (m_state.Ended() && !wasEnded) {
        // Its last line is written. Once the ledger and checkpoint below are written or have
        // failed, it writes no more: the lock goes with this block, and recover may add what they lack.
        const auto release = std::move(m_lock);
        try {
            m_env.records.LedgerClosed(m_state.sessionId, m_state.lastSeq, m_state.lastHash, Outcome(m_state.status),
                                       m_env.clock);
        } catch (const IoError& e) {
            throw Behind("the ledger could not list its end", e, "");
        }
        // Signed after the ledger entry: a crash between the two leaves a closed session without
        // a checkpoint, which verify reports and recover repairs (marked as such).
        try {
            if (m_env.signingKey != nullptr)
                AppendCheckpoint(m_env.records, *m_env.signingKey, m_state.sessionId, m_state.lastSeq,
                                 m_state.lastHash, m_env.clock);
        } catch (const IoError& e) {
            throw Behind("its signed checkpoint could not be written", e, "");
        }
        m_env.log.Info(fmt::format("session {} {}", m_state.sessionId, Outcome(m_state.status)));
    }
    return decision;
}

LedgerBehindError Session::Behind(const std::string& what, const IoError& cause, std::string_view then) const {
    m_env.log.Error(fmt::format("session {}: recorded, but {}: {}", m_state.sessionId, what, cause.what()));
    return LedgerBehindError(fmt::format("event {} is recorded in {} (the session is {}), but {}: {}. Nothing "
                                         "recorded is lost",
                                         m_state.lastSeq, TrailPath(), Outcome(m_state.status), what, cause.what()),
                             "; recover the trail", fmt::format(" to add what is missing (marked as a repair){}", then),
                             Remedy{RemedyKind::Recover, TrailPath()});
}

Decision Session::Answer(const std::string& step, const Values& values, const std::string& note) {
    return DecideAndRecord([&](Moment now) { return m_engine.Answer(m_state, step, values, note, now); });
}
Decision Session::Skip(const std::string& step, const std::string& note) {
    return DecideAndRecord([&](Moment) { return m_engine.Skip(m_state, step, note); });
}
Decision Session::Justify(const std::string& step, const std::string& justification,
                          const std::string& secondClinician) {
    return DecideAndRecord([&](Moment) { return m_engine.Justify(m_state, step, justification, secondClinician, m_actor); });
}
Decision Session::Amend(const std::string& step, const Values& values, const std::string& reason) {
    return DecideAndRecord([&](Moment now) { return m_engine.Amend(m_state, step, values, reason, now); });
}
Decision Session::Attest(const std::string& name, const std::string& meaning) {
    return DecideAndRecord([&](Moment now) { return m_engine.Attest(m_state, name, meaning, now); });
}
Decision Session::Complete() {
    return DecideAndRecord([&](Moment now) { return m_engine.Complete(m_state, now); });
}
Decision Session::Abandon(const std::string& reason) {
    return DecideAndRecord([&](Moment) { return m_engine.Abandon(m_state, reason); });
}
Decision Session::Observe(const Observation& observation) {
    return DecideAndRecord([&](Moment now) { return m_engine.Observe(m_state, observation, m_actor, now); });
}
Decision Session::MissRound(const std::string& rounds, std::uint64_t number, const std::string& reason) {
    return DecideAndRecord([&](Moment now) { return m_engine.MissRound(m_state, rounds, number, reason, now); });
}
Decision Session::EndObservationEarly(const std::string& rounds, const std::string& reason,
                                      const std::string& secondClinician) {
    return DecideAndRecord(
        [&](Moment now) { return m_engine.EndObservationEarly(m_state, rounds, reason, secondClinician, m_actor, now); });
}

} // namespace kc
