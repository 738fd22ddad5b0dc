#include "kc/session/engine.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kc/base/clock.hpp"
#include "rules.hpp"

namespace kc {
namespace {

using namespace rules;

// Walks the steps in order with whether each is shown (it has no condition, or its condition
// holds over the answers of earlier shown steps) until `visit(index, shown)` returns true;
// returns that index. A step's visibility depends on earlier answers only.
template <class Visit>
std::optional<std::size_t> WalkSteps(const Protocol& p, const SessionState& state, Visit visit) {
    std::vector<const Values*> answers(p.steps.size(), nullptr);
    const auto answer = [&](const std::string& id) -> const Values* {
        const auto index = p.StepIndex(id);
        return index ? answers[*index] : nullptr;
    };
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const bool shown = !p.steps[i].when || Holds(*p.steps[i].when, answer);
        if (visit(i, shown)) return i;
        if (shown && i < state.steps.size() && state.steps[i].answered) answers[i] = &state.steps[i].values;
    }
    return std::nullopt;
}

Moment AsOfLastEvent(const SessionState& state) { return {state.lastUtcMs, state.lastElapsedMs}; }

// A time point's answer as recorded: "now" is the moment's time.
Values TimeValues(const Step& step, const Values& values, Moment now) {
    if (step.kind == AnswerKind::TimePoint && values.size() == 1 && values[0] == "now") return {FormatUtcMs(now.utcMs)};
    return values;
}

} // namespace

const char* ToString(SessionStatus status) {
    switch (status) {
    case SessionStatus::NotStarted: return "not started";
    case SessionStatus::Active: return "in progress";
    case SessionStatus::Stopped: return "stopped";
    case SessionStatus::Completed: return "completed";
    case SessionStatus::Abandoned: return "abandoned";
    }
    return "?";
}

const char* ToString(StepStatus status) {
    switch (status) {
    case StepStatus::Pending: return "pending";
    case StepStatus::Answered: return "answered";
    case StepStatus::Skipped: return "skipped";
    case StepStatus::NotApplicable: return "not applicable";
    case StepStatus::AwaitingJustification: return "needs justification";
    case StepStatus::Justified: return "warning justified";
    case StepStatus::Stopped: return "stopped";
    }
    return "?";
}

Engine::Engine(ProtocolPtr protocol) : m_protocol(std::move(protocol)) {}

const Step* Engine::FindStep(const std::string& id, std::size_t& index) const {
    const auto found = m_protocol->StepIndex(id);
    if (!found) return nullptr;
    index = *found;
    return &m_protocol->steps[index];
}

std::vector<bool> Engine::Visibility(const SessionState& state) const {
    std::vector<bool> visible(m_protocol->steps.size(), false);
    WalkSteps(*m_protocol, state, [&](std::size_t i, bool shown) {
        visible[i] = shown;
        return false;
    });
    return visible;
}

StepStatus Engine::Status(const SessionState& state, std::size_t step) const { return Statuses(state)[step]; }

StepStatus Engine::StatusOf(const SessionState& state, std::size_t i, bool visible) const {
    const StepRecord& r = state.steps[i];
    if (!visible) return StepStatus::NotApplicable;
    if (state.status == SessionStatus::Stopped && state.stopStep == m_protocol->steps[i].id) return StepStatus::Stopped;
    if (r.answered && r.warningRaised) return r.justified ? StepStatus::Justified : StepStatus::AwaitingJustification;
    if (r.answered) return StepStatus::Answered;
    if (r.skipped) return StepStatus::Skipped;
    return StepStatus::Pending;
}

std::vector<StepStatus> Engine::Statuses(const SessionState& state) const {
    const auto visible = Visibility(state);
    std::vector<StepStatus> out(visible.size(), StepStatus::Pending);
    for (std::size_t i = 0; i < visible.size(); ++i) out[i] = StatusOf(state, i, visible[i]);
    return out;
}

std::optional<std::size_t> Engine::NextStep(const SessionState& state) const {
    // Runs on every answer, and for every line when a trail is verified: the walk stops at
    // the first step waiting.
    return WalkSteps(*m_protocol, state, [&](std::size_t i, bool shown) {
        if (i >= state.steps.size()) return false; // not started
        const StepStatus status = StatusOf(state, i, shown);
        return status == StepStatus::Pending || status == StepStatus::AwaitingJustification;
    });
}

std::string Engine::CheckValues(const SessionState& state, const Step& step, const Values& values, Moment now) const {
    if (auto why = rules::CheckValues(step, values); !why.empty()) return why;
    if (step.kind != AnswerKind::TimePoint) return {};
    const std::int64_t at = ParseUtcMs(values[0]);
    if (at > now.utcMs)
        return fmt::format("step '{}': {} is later than now ({}); a time point records what has happened",
                           step.id, values[0], FormatUtcMs(now.utcMs));
    if (at < state.startedUtcMs)
        return fmt::format("step '{}': {} is before the session started ({})", step.id, values[0],
                           FormatUtcMs(state.startedUtcMs));
    // The end of a schedule's rounds comes after its start.
    for (const auto& schedule : m_protocol->rounds) {
        if (schedule.until != step.id) continue;
        const auto from = m_protocol->StepIndex(schedule.from);
        if (from && state.steps[*from].answered && at < state.steps[*from].atUtcMs)
            return fmt::format("step '{}': {} is before '{}' ({})", step.id, values[0], schedule.from,
                               state.steps[*from].values.front());
    }
    return {};
}

void Engine::AddRuleEvents(const Step& step, const Values& values, std::vector<EventBody>& events) const {
    const Outcome outcome = OutcomeOf(step, values);
    switch (outcome.kind) {
    case Outcome::Kind::HardStop: events.emplace_back(ev::HardStopped{step.id, values, outcome.message}); break;
    case Outcome::Kind::Warning:
        events.emplace_back(ev::WarningRaised{step.id, outcome.message, outcome.secondClinician});
        break;
    case Outcome::Kind::None: break;
    }
}

bool MayAmend(const SessionState& state, StepStatus step) {
    return state.status == SessionStatus::Active &&
           (step == StepStatus::Answered || step == StepStatus::AwaitingJustification ||
            step == StepStatus::Justified || step == StepStatus::Skipped);
}

Decision Engine::Start(const ProtocolRef& ref, const Actor& actor, const std::string& patientRef,
                       const std::string& location) const {
    if (auto why = CheckActor(actor); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckName(patientRef, "the patient reference", true); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckName(location, "the location", false); !why.empty()) return Decision::Refuse(why);
    if (ref.sha256 != m_protocol->sha256) return Decision::Refuse("protocol identity does not match the loaded protocol");
    return Decision{{ev::SessionStarted{ref, patientRef, location}}, {}};
}

Decision Engine::Answer(const SessionState& state, const std::string& stepId, const Values& given,
                        const std::string& note, std::optional<Moment> at) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}; no more answers are accepted", ToString(state.status)));
    std::size_t index = 0;
    const Step* step = FindStep(stepId, index);
    if (!step) return Decision::Refuse(fmt::format("the protocol has no step '{}'", stepId));
    const auto next = NextStep(state);
    if (!next || *next != index) {
        if (state.steps[index].answered)
            return Decision::Refuse(fmt::format("step '{}' is already answered; amend it with a reason", stepId));
        return Decision::Refuse(fmt::format("step '{}' is not the current step{}", stepId,
                                            next ? fmt::format(" ('{}' is)", m_protocol->steps[*next].id) : ""));
    }
    if (state.steps[index].answered)
        return Decision::Refuse(fmt::format("step '{}' needs a justification for its warning, or an amendment", stepId));
    const Moment now = at.value_or(AsOfLastEvent(state));
    const Values values = TimeValues(*step, given, now);
    if (auto why = CheckValues(state, *step, values, now); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(note, step->noteRequired ? "a note (this step asks for one)" : "the note",
                              step->noteRequired);
        !why.empty())
        return Decision::Refuse(why);
    Decision d;
    d.events.emplace_back(ev::StepAnswered{step->id, values, step->unit, note});
    AddRuleEvents(*step, values, d.events);
    return d;
}

Decision Engine::Skip(const SessionState& state, const std::string& stepId, const std::string& note) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    std::size_t index = 0;
    const Step* step = FindStep(stepId, index);
    if (!step) return Decision::Refuse(fmt::format("the protocol has no step '{}'", stepId));
    const auto next = NextStep(state);
    if (!next || *next != index || state.steps[index].answered)
        return Decision::Refuse(fmt::format("step '{}' is not the current step", stepId));
    if (step->required) return Decision::Refuse(fmt::format("step '{}' is required and cannot be skipped", stepId));
    if (auto why = CheckProse(note, "the note", false); !why.empty()) return Decision::Refuse(why);
    return Decision{{ev::StepSkipped{stepId, note}}, {}};
}

Decision Engine::Justify(const SessionState& state, const std::string& stepId, const std::string& justification,
                         const std::string& secondClinician, const Actor& actor) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    std::size_t index = 0;
    const Step* step = FindStep(stepId, index);
    if (!step) return Decision::Refuse(fmt::format("the protocol has no step '{}'", stepId));
    if (Status(state, index) != StepStatus::AwaitingJustification)
        return Decision::Refuse(fmt::format("step '{}' has no warning waiting for a justification", stepId));
    if (auto why = CheckProse(justification, "a written justification", true); !why.empty())
        return Decision::Refuse(why);
    const bool second = OutcomeOf(*step, state.steps[index].values).secondClinician;
    if (auto why = CheckSecondClinician(secondClinician, second, actor); !why.empty()) return Decision::Refuse(why);
    return Decision{{ev::WarningJustified{stepId, justification, secondClinician}}, {}};
}

Decision Engine::Amend(const SessionState& state, const std::string& stepId, const Values& given,
                       const std::string& reason, std::optional<Moment> at) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}; answers can no longer be amended", ToString(state.status)));
    std::size_t index = 0;
    const Step* step = FindStep(stepId, index);
    if (!step) return Decision::Refuse(fmt::format("the protocol has no step '{}'", stepId));
    const StepStatus status = Status(state, index);
    if (!MayAmend(state, status))
        return Decision::Refuse(fmt::format("step '{}' has no answer to amend ({})", stepId, ToString(status)));
    if (auto why = AnchorsRecordedRounds(state, stepId); !why.empty()) return Decision::Refuse(why);
    const Moment now = at.value_or(AsOfLastEvent(state));
    const Values values = TimeValues(*step, given, now);
    if (auto why = CheckValues(state, *step, values, now); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(reason, "a reason for the amendment", true); !why.empty())
        return Decision::Refuse(why);
    const Values& old = state.steps[index].values;
    if (state.steps[index].answered && old == values) return Decision::Refuse("the new answer is the same as the old one");

    Decision d;
    d.events.emplace_back(ev::AnswerAmended{stepId, state.steps[index].answered ? old : Values{}, values, reason});
    // Steps whose condition no longer holds lose their answers: recorded as superseded.
    SessionState after = state;
    StepRecord& r = after.steps[index];
    r.answered = true;
    r.skipped = false;
    r.values = values;
    const auto visible = Visibility(after);
    for (std::size_t i = 0; i < visible.size(); ++i)
        if (!visible[i] && (after.steps[i].answered || after.steps[i].skipped))
            d.events.emplace_back(ev::AnswerSuperseded{m_protocol->steps[i].id, after.steps[i].values, stepId});
    AddRuleEvents(*step, values, d.events);
    return d;
}

Decision Engine::Attest(const SessionState& state, const std::string& name, const std::string& meaning,
                        std::optional<Moment> at) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    if (const auto next = NextStep(state))
        return Decision::Refuse(fmt::format("step '{}' is not done yet", m_protocol->steps[*next].id));
    if (auto why = RoundsOpen(state, at.value_or(AsOfLastEvent(state))); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckName(name, "the printed name", true); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(meaning, "the meaning of the signature", true); !why.empty())
        return Decision::Refuse(why);
    return Decision{{ev::Attested{name, meaning}}, {}};
}

Decision Engine::Complete(const SessionState& state, std::optional<Moment> at) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    if (const auto next = NextStep(state))
        return Decision::Refuse(fmt::format("step '{}' is not done yet", m_protocol->steps[*next].id));
    if (auto why = RoundsOpen(state, at.value_or(AsOfLastEvent(state))); !why.empty()) return Decision::Refuse(why);
    if (!state.attestation) return Decision::Refuse("the session needs an attestation before it is completed");
    return Decision{{ev::SessionCompleted{}}, {}};
}

Decision Engine::Abandon(const SessionState& state, const std::string& reason) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    if (auto why = CheckProse(reason, "a reason for abandoning", true); !why.empty())
        return Decision::Refuse(why);
    return Decision{{ev::SessionAbandoned{reason}}, {}};
}

Decision Engine::Resume(const SessionState& state, const Actor& actor, const std::string& note) const {
    // A hard stop a crash left unrecorded is still to be written (MissingRecords), by this person.
    const bool stopUnrecorded = state.status == SessionStatus::Stopped && !state.stopRecorded;
    if (state.status != SessionStatus::Active && !stopUnrecorded)
        return Decision::Refuse(fmt::format("the session is {} and cannot be resumed", ToString(state.status)));
    if (auto why = CheckActor(actor); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(note, "the note", false); !why.empty()) return Decision::Refuse(why);
    if (stopUnrecorded) return {};
    return Decision{{ev::SessionResumed{note}}, {}};
}

std::vector<EventBody> Engine::MissingRecords(const SessionState& state) const {
    std::vector<EventBody> events;
    if (state.status == SessionStatus::NotStarted) return events;
    const auto visible = Visibility(state);
    for (std::size_t i = 0; i < visible.size(); ++i) {
        const StepRecord& r = state.steps[i];
        const Step& step = m_protocol->steps[i];
        if (!visible[i] && (r.answered || r.skipped)) {
            events.emplace_back(ev::AnswerSuperseded{step.id, r.values, "an earlier amendment"});
        } else if (r.warningRaised && !r.warningRecorded) {
            const Outcome outcome = OutcomeOf(step, r.values);
            events.emplace_back(ev::WarningRaised{step.id, outcome.message, outcome.secondClinician});
        }
    }
    if (state.status == SessionStatus::Stopped && !state.stopRecorded)
        events.emplace_back(ev::HardStopped{state.stopStep, state.stopValues, state.stopMessage});
    return events;
}

namespace {

// The fold of one event body into the state: one overload per event type, each returning an
// empty string, or why the event cannot follow. A recorded command must be one the engine
// would have accepted at that point, so each asks the command's own decision first.
class EventFold {
public:
    EventFold(const Engine& engine, SessionState& state, const Event& event)
        : m_engine(engine), m_protocol(engine.GetProtocol()), m_state(state), m_event(event) {}

    std::string operator()(const ev::SessionStarted& x) const {
        if (x.protocol.sha256 != m_protocol.sha256)
            return fmt::format("session ran on protocol {} {} (sha256 {}), not the one loaded", x.protocol.id,
                               x.protocol.version, x.protocol.sha256.substr(0, 12));
        const ProtocolRef loaded{m_protocol.id, m_protocol.version, m_protocol.sha256, m_protocol.title};
        if (const auto d = m_engine.Start(loaded, m_event.actor, x.patientRef, x.location); !d.Accepted())
            return d.refusal;
        m_state.status = SessionStatus::Active;
        m_state.sessionId = m_event.sessionId;
        m_state.protocol = x.protocol;
        m_state.operatorActor = m_event.actor;
        m_state.patientRef = x.patientRef;
        m_state.location = x.location;
        m_state.steps.assign(m_protocol.steps.size(), StepRecord{});
        m_state.schedules.assign(m_protocol.rounds.size(), ScheduleRecord{});
        m_state.startedUtcMs = m_event.utcMs;
        return {};
    }

    std::string operator()(const ev::SessionResumed& x) const {
        const auto d = m_engine.Resume(m_state, m_event.actor, x.note);
        return d.refusal;
    }

    std::string operator()(const ev::StepAnswered& x) const {
        const auto d = m_engine.Answer(m_state, x.step, x.values, x.note, Now());
        if (!d.Accepted()) return d.refusal;
        if (std::get<ev::StepAnswered>(d.events.front()).values != x.values)
            return fmt::format("step '{}' records '{}', not a time", x.step, fmt::join(x.values, ", "));
        std::size_t i = 0;
        Find(x.step, i)->note = x.note;
        TakeAnswer(i, x.values);
        return {};
    }

    std::string operator()(const ev::StepSkipped& x) const {
        const auto d = m_engine.Skip(m_state, x.step, x.note);
        if (!d.Accepted()) return d.refusal;
        std::size_t i = 0;
        StepRecord* r = Find(x.step, i);
        r->skipped = true;
        r->note = x.note;
        return {};
    }

    std::string operator()(const ev::WarningRaised& x) const {
        std::size_t i = 0;
        StepRecord* r = Find(x.step, i);
        if (!r || !r->warningRaised || r->warningRecorded)
            return fmt::format("warning for step '{}' that its answer does not trigger", x.step);
        r->warningRecorded = true;
        return {};
    }

    std::string operator()(const ev::WarningJustified& x) const {
        const auto d = m_engine.Justify(m_state, x.step, x.justification, x.secondClinician, m_event.actor);
        if (!d.Accepted()) return d.refusal;
        std::size_t i = 0;
        StepRecord* r = Find(x.step, i);
        r->justified = true;
        r->justification = x.justification;
        r->secondClinician = x.secondClinician;
        return {};
    }

    std::string operator()(const ev::AnswerAmended& x) const {
        const auto d = m_engine.Amend(m_state, x.step, x.newValues, x.reason, Now());
        if (!d.Accepted()) return d.refusal;
        if (std::get<ev::AnswerAmended>(d.events.front()).newValues != x.newValues)
            return fmt::format("step '{}' records '{}', not a time", x.step, fmt::join(x.newValues, ", "));
        std::size_t i = 0;
        StepRecord* r = Find(x.step, i);
        if (r == nullptr) return fmt::format("the protocol has no step '{}'", x.step);
        if (x.oldValues != (r->answered ? r->values : Values{}))
            return fmt::format("amendment of '{}' names an old answer that was not recorded", x.step);
        ++r->amendments;
        TakeAnswer(i, x.newValues);
        m_state.attestation.reset(); // an attestation covers the answers as they were
        return {};
    }

    std::string operator()(const ev::AnswerSuperseded& x) const {
        std::size_t i = 0;
        StepRecord* r = Find(x.step, i);
        if (!r || m_engine.Visibility(m_state)[i] || !(r->answered || r->skipped))
            return fmt::format("step '{}' cannot be superseded here", x.step);
        if (r->answered) r->superseded.push_back(r->values);
        StepRecord cleared;
        cleared.amendments = r->amendments;
        cleared.superseded = std::move(r->superseded);
        *r = std::move(cleared);
        return {};
    }

    std::string operator()(const ev::HardStopped& x) const {
        if (m_state.status != SessionStatus::Stopped || m_state.stopStep != x.step)
            return fmt::format("hard stop at step '{}' that its answer does not trigger", x.step);
        m_state.stopRecorded = true;
        return {};
    }

    std::string operator()(const ev::Attested& x) const {
        const auto d = m_engine.Attest(m_state, x.name, x.meaning, Now());
        if (!d.Accepted()) return d.refusal;
        m_state.attestation = x;
        return {};
    }

    std::string operator()(const ev::SessionCompleted&) const {
        const auto d = m_engine.Complete(m_state, Now());
        if (!d.Accepted()) return d.refusal;
        m_state.status = SessionStatus::Completed;
        m_state.endedUtcMs = m_event.utcMs;
        return {};
    }

    std::string operator()(const ev::SessionAbandoned& x) const {
        const auto d = m_engine.Abandon(m_state, x.reason);
        if (!d.Accepted()) return d.refusal;
        m_state.status = SessionStatus::Abandoned;
        m_state.abandonReason = x.reason;
        m_state.endedUtcMs = m_event.utcMs;
        return {};
    }

    std::string operator()(const ev::ObservationRecorded& x) const {
        const Observation o{x.rounds, x.number, x.step, x.values, x.takenUtcMs, x.note, x.lateReason, x.secondClinician};
        const auto d = m_engine.Observe(m_state, o, m_event.actor, Now());
        if (!d.Accepted()) return d.refusal;
        // What the value raises follows from the value: a line that says otherwise was not written by us.
        if (std::get<ev::ObservationRecorded>(d.events.front()) != x)
            return fmt::format("observation of '{}' in round {} of '{}' does not match what its value raises", x.step,
                               x.number, x.rounds);
        const std::size_t i = *m_protocol.RoundsIndex(x.rounds);
        const RoundSchedule& schedule = m_protocol.rounds[i];
        RoundRecord& round = m_state.schedules[i].rounds[x.number];
        round.steps.resize(schedule.steps.size());
        const std::size_t j = *schedule.StepIndex(x.step);
        ObservationRecord& r = round.steps[j];
        r.taken = true;
        r.values = x.values;
        r.takenUtcMs = x.takenUtcMs;
        r.takenElapsedMs = m_event.elapsedMs - (m_event.utcMs - x.takenUtcMs);
        r.recordedUtcMs = m_event.utcMs;
        r.seq = m_event.seq;
        r.note = x.note;
        r.lateReason = x.lateReason;
        r.warning = x.warning;
        r.secondClinician = x.secondClinician;
        const Outcome outcome = OutcomeOf(schedule.steps[j], x.values);
        if (outcome.kind == Outcome::Kind::HardStop) Stop(x.step, x.values, outcome.message);
        return {};
    }

    std::string operator()(const ev::RoundMissed& x) const {
        const auto d = m_engine.MissRound(m_state, x.rounds, x.number, x.reason, Now());
        if (!d.Accepted()) return d.refusal;
        const std::size_t i = *m_protocol.RoundsIndex(x.rounds);
        RoundRecord& round = m_state.schedules[i].rounds[x.number];
        round.steps.resize(m_protocol.rounds[i].steps.size());
        round.missed = true;
        round.missedReason = x.reason;
        return {};
    }

    std::string operator()(const ev::ObservationEndedEarly& x) const {
        const auto d = m_engine.EndObservationEarly(m_state, x.rounds, x.reason, x.secondClinician, m_event.actor, Now());
        if (!d.Accepted()) return d.refusal;
        ScheduleRecord& schedule = m_state.schedules[*m_protocol.RoundsIndex(x.rounds)];
        schedule.endedEarly = true;
        schedule.earlyReason = x.reason;
        schedule.earlySecondClinician = x.secondClinician;
        schedule.endedEarlyElapsedMs = m_event.elapsedMs;
        return {};
    }

private:
    // The moment the event was recorded at: what its decision was made against.
    Moment Now() const { return {m_event.utcMs, m_event.elapsedMs}; }

    void Stop(const std::string& step, const Values& values, const std::string& message) const {
        m_state.status = SessionStatus::Stopped;
        m_state.stopStep = step;
        m_state.stopValues = values;
        m_state.stopMessage = message;
        m_state.stopRecorded = false;
        m_state.endedUtcMs = m_event.utcMs;
    }

    StepRecord* Find(const std::string& id, std::size_t& index) const {
        const auto found = m_protocol.StepIndex(id);
        if (!found) return nullptr;
        index = *found;
        return &m_state.steps[index];
    }

    // A hard stop and a warning follow from the answer itself, so a crash between an answer
    // and the line that records its outcome can never let a session continue past it.
    void TakeAnswer(std::size_t i, const Values& values) const {
        const Step& step = m_protocol.steps[i];
        const Outcome outcome = OutcomeOf(step, values);
        StepRecord& r = m_state.steps[i];
        r.answered = true;
        r.skipped = false;
        r.values = values;
        r.warningRaised = outcome.kind == Outcome::Kind::Warning;
        r.warningRecorded = false;
        r.justified = false;
        r.justification.clear();
        r.secondClinician.clear();
        if (step.kind == AnswerKind::TimePoint) {
            // When it happened, on session time: this event's elapsed time less how long before it.
            r.atUtcMs = ParseUtcMs(values.front());
            r.atElapsedMs = m_event.elapsedMs - (m_event.utcMs - r.atUtcMs);
        }
        if (outcome.kind == Outcome::Kind::HardStop) Stop(step.id, values, outcome.message);
    }

    const Engine& m_engine;
    const Protocol& m_protocol;
    SessionState& m_state;
    const Event& m_event;
};

} // namespace

std::string Engine::Apply(SessionState& s, const Event& e) const {
    if (e.seq != s.lastSeq + 1) return fmt::format("sequence number {} follows {}", e.seq, s.lastSeq);
    if (e.prevHash != s.lastHash) return "previous-hash does not match the line before";
    const bool starting = std::holds_alternative<ev::SessionStarted>(e.body);
    if (starting != (s.status == SessionStatus::NotStarted))
        return starting ? "a second session_started event" : "the trail does not begin with session_started";
    if (!starting && e.sessionId != s.sessionId) return fmt::format("event belongs to session '{}'", e.sessionId);
    const bool recordingStop = std::holds_alternative<ev::HardStopped>(e.body) && !s.stopRecorded;
    if (s.Ended() && !(s.status == SessionStatus::Stopped && recordingStop))
        return fmt::format("event after the session was {}", ToString(s.status));
    // Every event names who recorded it, under the rules a start or a resume checks.
    if (std::string why = CheckActor(e.actor); !why.empty()) return why;
    if (std::string error = std::visit(EventFold(*this, s, e), e.body); !error.empty()) return error;
    s.lastSeq = e.seq;
    s.lastHash = e.hash;
    s.lastElapsedMs = e.elapsedMs;
    s.lastUtcMs = e.utcMs;
    return {};
}

} // namespace kc
