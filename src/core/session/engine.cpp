#include "kc/session/engine.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kc/base/text.hpp"

namespace kc {
namespace {

constexpr std::size_t kMaxTextBytes = 4000;
constexpr std::size_t kMaxNameBytes = 200;

bool Holds(const Condition& c, const std::vector<const Values*>& answers, const Protocol& p) {
    switch (c.op) {
    case Condition::Op::Equals: {
        const auto index = p.StepIndex(c.step);
        if (!index || answers[*index] == nullptr) return false;
        const Values& v = *answers[*index];
        return std::find(v.begin(), v.end(), c.value) != v.end();
    }
    case Condition::Op::Not: return !Holds(c.children.front(), answers, p);
    case Condition::Op::Any:
        return std::any_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Holds(x, answers, p); });
    case Condition::Op::All:
        return std::all_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Holds(x, answers, p); });
    }
    return false;
}

// Walks the steps in order with whether each is shown (it has no condition, or its condition
// holds over the answers of earlier shown steps) until `visit(index, shown)` returns true;
// returns that index. A step's visibility depends on earlier answers only.
template <class Visit>
std::optional<std::size_t> WalkSteps(const Protocol& p, const SessionState& state, Visit visit) {
    std::vector<const Values*> answers(p.steps.size(), nullptr);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const bool shown = !p.steps[i].when || Holds(*p.steps[i].when, answers, p);
        if (visit(i, shown)) return i;
        if (shown && i < state.steps.size() && state.steps[i].answered) answers[i] = &state.steps[i].values;
    }
    return std::nullopt;
}

bool Triggers(const std::optional<Rule>& rule, const Values& values) {
    if (!rule) return false;
    return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
        return std::find(rule->on.begin(), rule->on.end(), v) != rule->on.end();
    });
}

bool IsDecimal(const std::string& s) {
    // A recorded number, kept as text: optional sign, digits, optional fraction. It is
    // never converted or used in arithmetic; the check only keeps typos out of the record.
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t intStart = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t intDigits = i - intStart;
    if (intDigits == 0 || intDigits > 9) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    const std::size_t fracStart = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i == s.size() && i - fracStart >= 1 && i - fracStart <= 6;
}

// What an answer triggers. A hard stop wins over a warning: an answer that matches both stops
// the session and raises no warning. Stated here once, for the decisions and for the fold.
enum class RuleOutcome { None, HardStop, Warning };

RuleOutcome OutcomeOf(const Step& step, const Values& values) {
    if (Triggers(step.hardStop, values)) return RuleOutcome::HardStop;
    if (Triggers(step.warning, values)) return RuleOutcome::Warning;
    return RuleOutcome::None;
}

// The one check of text a person enters: at most maxBytes of valid UTF-8 under `rules`
// (kc/base/text.hpp): a name, role, location or patient reference is one line with no control
// and no bidirectional formatting or mark; a note or reason may span lines but holds no C1
// control and no bidirectional formatting. Returns why not, or empty.
std::string CheckText(const std::string& text, const char* what, std::size_t maxBytes, bool required,
                      TextRules rules) {
    if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) return fmt::format("{} is required", what);
    if (text.size() > maxBytes) return fmt::format("{} is longer than {} bytes", what, maxBytes);
    if (const auto bad = FindInvalidText(text, rules)) return fmt::format("{}: {}", what, bad->what);
    return {};
}

std::string CheckName(const std::string& text, const char* what, bool required) {
    return CheckText(text, what, kMaxNameBytes, required, TextRules::Line);
}

std::string CheckProse(const std::string& text, const char* what, bool required) {
    return CheckText(text, what, kMaxTextBytes, required, TextRules::Paragraph);
}

// Who records an event: the person who started or resumed the session.
std::string CheckActor(const Actor& actor) {
    if (auto why = CheckName(actor.name, "the operator's name", true); !why.empty()) return why;
    return CheckName(actor.role, "the operator's role", true);
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

std::string Engine::CheckValues(const Step& step, const Values& values) const {
    switch (step.kind) {
    case AnswerKind::YesNo:
    case AnswerKind::YesNoNa:
    case AnswerKind::SingleChoice: {
        if (values.size() != 1) return fmt::format("step '{}' takes exactly one answer", step.id);
        const auto allowed = step.AllowedValues();
        if (std::find(allowed.begin(), allowed.end(), values[0]) == allowed.end())
            return fmt::format("'{}' is not an answer of step '{}' (answers: {})", values[0], step.id,
                               fmt::join(allowed, ", "));
        return {};
    }
    case AnswerKind::MultipleChoice: {
        if (values.empty()) return fmt::format("step '{}' needs at least one selection", step.id);
        std::set<std::string> seen;
        for (const auto& v : values) {
            if (!step.FindOption(v)) return fmt::format("'{}' is not an option of step '{}'", v, step.id);
            if (!seen.insert(v).second) return fmt::format("'{}' is selected twice", v);
        }
        return {};
    }
    case AnswerKind::FreeText:
        if (values.size() != 1) return fmt::format("step '{}' takes one text", step.id);
        return CheckProse(values[0], "the answer", true);
    case AnswerKind::TimePoint: return "time points are not supported yet"; // TEMPORARY (issue 14)
    case AnswerKind::Measurement:
        if (values.size() != 1 || !IsDecimal(values[0]))
            return fmt::format("step '{}' records one number in {} (for example 72 or 36.8)", step.id, step.unit);
        return {};
    }
    return "unknown answer kind";
}

void Engine::AddRuleEvents(const Step& step, const Values& values, std::vector<EventBody>& events) const {
    switch (OutcomeOf(step, values)) {
    case RuleOutcome::HardStop: events.emplace_back(ev::HardStopped{step.id, values, step.hardStop->message}); break;
    case RuleOutcome::Warning:
        events.emplace_back(ev::WarningRaised{step.id, step.warning->message, step.warning->secondClinician});
        break;
    case RuleOutcome::None: break;
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

Decision Engine::Answer(const SessionState& state, const std::string& stepId, const Values& values,
                        const std::string& note, std::optional<Moment>) const {
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
    if (auto why = CheckValues(*step, values); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(note, "the note", false); !why.empty()) return Decision::Refuse(why);
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
    if (step->warning->secondClinician) {
        if (auto why = CheckName(secondClinician, "the second clinician's name", true); !why.empty())
            return Decision::Refuse(why + " (this protocol asks a second clinician to acknowledge this warning)");
        if (secondClinician == actor.name)
            return Decision::Refuse("the second clinician must be someone other than the operator");
    } else if (auto why = CheckName(secondClinician, "the second clinician's name", false); !why.empty()) {
        return Decision::Refuse(why);
    }
    return Decision{{ev::WarningJustified{stepId, justification, secondClinician}}, {}};
}

Decision Engine::Amend(const SessionState& state, const std::string& stepId, const Values& values,
                       const std::string& reason, std::optional<Moment>) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}; answers can no longer be amended", ToString(state.status)));
    std::size_t index = 0;
    const Step* step = FindStep(stepId, index);
    if (!step) return Decision::Refuse(fmt::format("the protocol has no step '{}'", stepId));
    const StepStatus status = Status(state, index);
    if (!MayAmend(state, status))
        return Decision::Refuse(fmt::format("step '{}' has no answer to amend ({})", stepId, ToString(status)));
    if (auto why = CheckValues(*step, values); !why.empty()) return Decision::Refuse(why);
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
                        std::optional<Moment>) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    if (const auto next = NextStep(state))
        return Decision::Refuse(fmt::format("step '{}' is not done yet", m_protocol->steps[*next].id));
    if (auto why = CheckName(name, "the printed name", true); !why.empty()) return Decision::Refuse(why);
    if (auto why = CheckProse(meaning, "the meaning of the signature", true); !why.empty())
        return Decision::Refuse(why);
    return Decision{{ev::Attested{name, meaning}}, {}};
}

Decision Engine::Complete(const SessionState& state, std::optional<Moment>) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    if (const auto next = NextStep(state))
        return Decision::Refuse(fmt::format("step '{}' is not done yet", m_protocol->steps[*next].id));
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
            events.emplace_back(ev::WarningRaised{step.id, step.warning->message, step.warning->secondClinician});
        }
    }
    if (state.status == SessionStatus::Stopped && !state.stopRecorded) {
        const std::size_t i = *m_protocol->StepIndex(state.stopStep);
        events.emplace_back(ev::HardStopped{state.stopStep, state.steps[i].values, state.stopMessage});
    }
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
        m_state.startedUtcMs = m_event.utcMs;
        return {};
    }

    std::string operator()(const ev::SessionResumed& x) const {
        const auto d = m_engine.Resume(m_state, m_event.actor, x.note);
        return d.refusal;
    }

    std::string operator()(const ev::StepAnswered& x) const {
        const auto d = m_engine.Answer(m_state, x.step, x.values, x.note);
        if (!d.Accepted()) return d.refusal;
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
        const auto d = m_engine.Amend(m_state, x.step, x.newValues, x.reason);
        if (!d.Accepted()) return d.refusal;
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
        const auto d = m_engine.Attest(m_state, x.name, x.meaning);
        if (!d.Accepted()) return d.refusal;
        m_state.attestation = x;
        return {};
    }

    std::string operator()(const ev::SessionCompleted&) const {
        const auto d = m_engine.Complete(m_state);
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

    // TEMPORARY (issue 14 in progress): rounds are not folded yet.
    std::string operator()(const ev::ObservationRecorded&) const { return "rounds are not supported yet"; }
    std::string operator()(const ev::RoundMissed&) const { return "rounds are not supported yet"; }
    std::string operator()(const ev::ObservationEndedEarly&) const { return "rounds are not supported yet"; }

private:
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
        const RuleOutcome outcome = OutcomeOf(step, values);
        StepRecord& r = m_state.steps[i];
        r.answered = true;
        r.skipped = false;
        r.values = values;
        r.warningRaised = outcome == RuleOutcome::Warning;
        r.warningRecorded = false;
        r.justified = false;
        r.justification.clear();
        r.secondClinician.clear();
        if (outcome == RuleOutcome::HardStop) {
            m_state.status = SessionStatus::Stopped;
            m_state.stopStep = step.id;
            m_state.stopMessage = step.hardStop->message;
            m_state.stopRecorded = false;
            m_state.endedUtcMs = m_event.utcMs;
        }
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
    return {};
}

} // namespace kc
