#pragma once
// The session engine: pure functions over a protocol. The session state is a fold over its
// events (Apply); commands are decided against the state and return the events they would
// record, or a refusal (Decision). Nothing here does I/O; nothing here throws for a rule
// outcome (hard stop, missing justification): those are events and refusals.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc {

enum class SessionStatus { NotStarted, Active, Stopped, Completed, Abandoned };
enum class StepStatus { Pending, Answered, Skipped, NotApplicable, AwaitingJustification, Justified, Stopped };

// A round of observations at a moment: not yet due, due (within its grace either side of the
// due time), overdue (past the grace, not done), done on time, done late (a reason was given)
// or missed (closed with a reason).
enum class RoundStatus { Upcoming, Due, Overdue, OnTime, Late, Missed };

const char* ToString(SessionStatus status);
const char* ToString(StepStatus status);
const char* ToString(RoundStatus status);

// A point in session time: the wall clock (for a person) and the elapsed session time (for due
// times). A session stamps each batch of events with one Moment, and decides against the same.
struct Moment {
    std::int64_t utcMs = 0;
    std::int64_t elapsedMs = 0;
};

struct StepRecord {
    bool answered = false;
    bool skipped = false;
    Values values;
    std::string note;
    bool warningRaised = false;   // the current answer triggers the step's warning
    bool warningRecorded = false; // ... and the warning_raised event is in the trail
    bool justified = false;
    std::string justification;
    std::string secondClinician;
    int amendments = 0;
    std::vector<Values> superseded; // answers that stopped applying after an amendment
    // Time points: when it happened, on the wall clock and on session time (the recording
    // event's elapsed time less how long before it the time point was).
    std::int64_t atUtcMs = 0;
    std::int64_t atElapsedMs = 0;
};

// One step of one round as recorded.
struct ObservationRecord {
    bool taken = false;
    Values values;
    std::int64_t takenUtcMs = 0;
    std::int64_t takenElapsedMs = 0;
    std::int64_t recordedUtcMs = 0;
    std::uint64_t seq = 0; // of the observation_recorded event
    std::string note;
    std::string lateReason;
    std::string warning;
    std::string secondClinician;
};

struct RoundRecord {
    std::vector<ObservationRecord> steps; // indexed like RoundSchedule::steps
    bool missed = false;
    std::string missedReason;
};

struct ScheduleRecord {
    std::map<std::uint64_t, RoundRecord> rounds; // by round number, those with anything recorded
    bool endedEarly = false;
    std::string earlyReason;
    std::string earlySecondClinician;
    std::int64_t endedEarlyElapsedMs = 0;
};

struct SessionState {
    SessionStatus status = SessionStatus::NotStarted;
    std::string sessionId;
    ProtocolRef protocol;
    Actor operatorActor; // who started it
    std::string patientRef;
    std::string location;
    std::vector<StepRecord> steps; // indexed like Protocol::steps
    std::vector<ScheduleRecord> schedules; // indexed like Protocol::rounds
    std::optional<ev::Attested> attestation;
    std::string stopStep;
    std::string stopMessage;
    Values stopValues;
    bool stopRecorded = false; // the hard_stopped event is in the trail
    std::string abandonReason;
    std::uint64_t lastSeq = 0;
    std::string lastHash = kGenesisHash;
    std::int64_t lastElapsedMs = 0;
    std::int64_t lastUtcMs = 0;
    std::int64_t startedUtcMs = 0;
    std::int64_t endedUtcMs = 0;

    bool Ended() const {
        return status == SessionStatus::Stopped || status == SessionStatus::Completed ||
               status == SessionStatus::Abandoned;
    }
};

// One round of a schedule as it stands at a moment.
struct RoundInfo {
    std::uint64_t number = 0;
    std::int64_t dueElapsedMs = 0;
    std::int64_t dueUtcMs = 0; // for a person: the anchor's wall-clock time plus n intervals
    RoundStatus status = RoundStatus::Upcoming;
    const RoundRecord* record = nullptr; // into the state; null when nothing is recorded
};

// A schedule of rounds as it stands at a moment (Engine::Schedule).
struct ScheduleInfo {
    bool anchored = false;  // its `from` time point is recorded (and shown)
    std::int64_t anchorElapsedMs = 0;
    std::int64_t anchorUtcMs = 0;
    // The end of its rounds: the `until` time point once recorded, or from + for.
    std::optional<std::int64_t> endElapsedMs;
    bool endedEarly = false;
    // Rounds may still fall due, the period still runs, or a round due is not closed: the
    // session cannot be finished.
    bool open = false;
    std::vector<RoundInfo> rounds; // round 1 up to the last due by now, then the next upcoming one
    const RoundInfo* Current() const; // the first due or overdue round, else null
    const RoundInfo* NextUpcoming() const;
};

// An observation to record (Engine::Observe).
struct Observation {
    std::string rounds;
    std::uint64_t number = 0;
    std::string step;
    Values values;
    std::optional<std::int64_t> takenUtcMs; // nullopt: now
    std::string note;
    std::string lateReason;
    std::string secondClinician;
};

// The outcome of a command: events to record, or why it was refused.
struct Decision {
    std::vector<EventBody> events;
    std::string refusal;
    bool Accepted() const { return refusal.empty(); }
    static Decision Refuse(std::string why) { return Decision{{}, std::move(why)}; }
};

class Engine {
public:
    explicit Engine(ProtocolPtr protocol);

    const Protocol& GetProtocol() const { return *m_protocol; }

    // Folds one event into the state. Returns an empty string, or why the event cannot
    // follow this state under this protocol (a trail that was forged or edited and rehashed).
    std::string Apply(SessionState& state, const Event& event) const;

    // Which steps are shown: a step is shown when it has no condition, or its condition
    // holds over the answers of earlier shown steps.
    std::vector<bool> Visibility(const SessionState& state) const;
    StepStatus Status(const SessionState& state, std::size_t step) const;
    std::vector<StepStatus> Statuses(const SessionState& state) const;
    // The step to answer now (or justify); nullopt when every shown step is done.
    std::optional<std::size_t> NextStep(const SessionState& state) const;

    // `actor` is who starts it (recorded on the event envelope): a name and a role are required.
    Decision Start(const ProtocolRef& ref, const Actor& actor, const std::string& patientRef,
                   const std::string& location) const;
    // Commands that depend on time take the moment they are decided at (a session's reading of
    // its clocks); without one they decide as of the last recorded event. A time point's answer
    // is a UTC time, or "now" (recorded as the moment's time).
    Decision Answer(const SessionState& state, const std::string& step, const Values& values,
                    const std::string& note, std::optional<Moment> now = std::nullopt) const;
    Decision Skip(const SessionState& state, const std::string& step, const std::string& note) const;
    Decision Justify(const SessionState& state, const std::string& step, const std::string& justification,
                     const std::string& secondClinician, const Actor& actor) const;
    Decision Amend(const SessionState& state, const std::string& step, const Values& values,
                   const std::string& reason, std::optional<Moment> now = std::nullopt) const;
    Decision Attest(const SessionState& state, const std::string& name, const std::string& meaning,
                    std::optional<Moment> now = std::nullopt) const;
    Decision Complete(const SessionState& state, std::optional<Moment> now = std::nullopt) const;

    // Rounds. Schedule(i) is Protocol::rounds[i] at `now`.
    ScheduleInfo Schedule(const SessionState& state, std::size_t schedule, Moment now) const;
    // Which steps of one round are shown (their condition holds over top-level answers and the
    // round's own earlier answers).
    std::vector<bool> RoundVisibility(const SessionState& state, std::size_t schedule, std::uint64_t number) const;
    // Why the session cannot be finished because of its rounds at `now`, or empty.
    std::string RoundsOpen(const SessionState& state, Moment now) const;
    Decision Observe(const SessionState& state, const Observation& observation, const Actor& actor, Moment now) const;
    Decision MissRound(const SessionState& state, const std::string& rounds, std::uint64_t number,
                       const std::string& reason, Moment now) const;
    Decision EndObservationEarly(const SessionState& state, const std::string& rounds, const std::string& reason,
                                 const std::string& secondClinician, const Actor& actor, Moment now) const;
    Decision Abandon(const SessionState& state, const std::string& reason) const;
    // `actor` is who resumes it (recorded on the event envelope): the same rules as at the start.
    // Records session_resumed; for a session whose hard stop a crash left unrecorded, nothing
    // (MissingRecords writes the stop), once the actor passes.
    Decision Resume(const SessionState& state, const Actor& actor, const std::string& note) const;
    // Records a decision left half-written by a crash: the hard stop, warnings and
    // superseded answers its answers imply but the trail does not yet hold.
    std::vector<EventBody> MissingRecords(const SessionState& state) const;

private:
    // Why `values` is not a valid answer to `step` at `now` (empty when it is).
    std::string CheckValues(const SessionState& state, const Step& step, const Values& values, Moment now) const;
    // Why a time point cannot be amended: rounds are recorded against it (empty when it can).
    std::string AnchorsRecordedRounds(const SessionState& state, const std::string& step) const;
    const Step* FindStep(const std::string& id, std::size_t& index) const;
    // The status of shown or hidden step i (Statuses without the rest of the vector).
    StepStatus StatusOf(const SessionState& state, std::size_t i, bool visible) const;
    // Events that follow an answer: a hard stop, or a warning to justify.
    void AddRuleEvents(const Step& step, const Values& values, std::vector<EventBody>& events) const;

    ProtocolPtr m_protocol;
};

// Amend's precondition, before the new answer and the reason are checked: the session is active
// and the step holds an answer or a skip to replace. SessionView asks the same question.
bool MayAmend(const SessionState& state, StepStatus step);

} // namespace kc
