#pragma once
// The session engine: pure functions over a protocol. The session state is a fold over its
// events (Apply); commands are decided against the state and return the events they would
// record, or a refusal (Decision). Nothing here does I/O; nothing here throws for a rule
// outcome (hard stop, missing justification): those are events and refusals.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc {

enum class SessionStatus { NotStarted, Active, Stopped, Completed, Abandoned };
enum class StepStatus { Pending, Answered, Skipped, NotApplicable, AwaitingJustification, Justified, Stopped };

const char* ToString(SessionStatus status);
const char* ToString(StepStatus status);

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
};

struct SessionState {
    SessionStatus status = SessionStatus::NotStarted;
    std::string sessionId;
    ProtocolRef protocol;
    Actor operatorActor; // who started it
    std::string patientRef;
    std::string location;
    std::vector<StepRecord> steps; // indexed like Protocol::steps
    std::optional<ev::Attested> attestation;
    std::string stopStep;
    std::string stopMessage;
    bool stopRecorded = false; // the hard_stopped event is in the trail
    std::string abandonReason;
    std::uint64_t lastSeq = 0;
    std::string lastHash = kGenesisHash;
    std::int64_t lastElapsedMs = 0;
    std::int64_t startedUtcMs = 0;
    std::int64_t endedUtcMs = 0;

    bool Ended() const {
        return status == SessionStatus::Stopped || status == SessionStatus::Completed ||
               status == SessionStatus::Abandoned;
    }
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
    Decision Answer(const SessionState& state, const std::string& step, const Values& values,
                    const std::string& note) const;
    Decision Skip(const SessionState& state, const std::string& step, const std::string& note) const;
    Decision Justify(const SessionState& state, const std::string& step, const std::string& justification,
                     const std::string& secondClinician, const Actor& actor) const;
    Decision Amend(const SessionState& state, const std::string& step, const Values& values,
                   const std::string& reason) const;
    Decision Attest(const SessionState& state, const std::string& name, const std::string& meaning) const;
    Decision Complete(const SessionState& state) const;
    Decision Abandon(const SessionState& state, const std::string& reason) const;
    // `actor` is who resumes it (recorded on the event envelope): the same rules as at the start.
    // Records session_resumed; for a session whose hard stop a crash left unrecorded, nothing
    // (MissingRecords writes the stop), once the actor passes.
    Decision Resume(const SessionState& state, const Actor& actor, const std::string& note) const;
    // Records a decision left half-written by a crash: the hard stop, warnings and
    // superseded answers its answers imply but the trail does not yet hold.
    std::vector<EventBody> MissingRecords(const SessionState& state) const;

private:
    // Why `values` is not a valid answer to `step` (empty when it is).
    std::string CheckValues(const Step& step, const Values& values) const;
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
