// Rounds of observations (kc/protocol/model.hpp, RoundSchedule): when each is due, what state
// it is in at a moment, and the commands that record, miss or end them. Due times are session
// time (elapsed), from the recorded time points; the wall clock only names them for a person.
#include <algorithm>

#include <fmt/format.h>

#include "kc/base/clock.hpp"
#include "kc/protocol/render.hpp"
#include "kc/session/engine.hpp"
#include "rules.hpp"

namespace kc {

using namespace rules;

namespace {

// Round numbers a trail may name: far beyond any session (a 24-hour period of 1-minute rounds
// is 1,440), and small enough that a due time never overflows.
constexpr std::uint64_t kMaxRoundNumber = 100'000;

const StepRecord* RecordedPoint(const Protocol& p, const SessionState& state, const std::vector<bool>& visible,
                                const std::string& id) {
    const auto index = p.StepIndex(id);
    if (!index || !visible[*index] || !state.steps[*index].answered) return nullptr;
    return &state.steps[*index];
}

// Which steps of a round are shown: a condition holds over the shown top-level answers and the
// round's own earlier shown answers.
std::vector<bool> ShownInRound(const Protocol& p, const SessionState& state, const std::vector<bool>& visible,
                               const RoundSchedule& schedule, const RoundRecord* round) {
    std::vector<bool> shown(schedule.steps.size(), false);
    for (std::size_t j = 0; j < schedule.steps.size(); ++j) {
        const auto answer = [&](const std::string& id) -> const Values* {
            if (const auto k = schedule.StepIndex(id)) {
                if (*k >= j || !shown[*k] || round == nullptr || !round->steps[*k].taken) return nullptr;
                return &round->steps[*k].values;
            }
            const auto index = p.StepIndex(id);
            if (!index || !visible[*index] || !state.steps[*index].answered) return nullptr;
            return &state.steps[*index].values;
        };
        shown[j] = !schedule.steps[j].when || Holds(*schedule.steps[j].when, answer);
    }
    return shown;
}

bool AllTaken(const RoundSchedule& schedule, const RoundRecord* round, const std::vector<bool>& shown) {
    for (std::size_t j = 0; j < schedule.steps.size(); ++j)
        if (shown[j] && schedule.steps[j].required && (round == nullptr || !round->steps[j].taken)) return false;
    return true;
}

// Taken after the round's grace, or entered more than the grace after it was taken.
bool IsLate(std::int64_t takenElapsedMs, std::int64_t takenUtcMs, std::int64_t recordedUtcMs, std::int64_t dueElapsedMs,
            std::int64_t graceMs) {
    return takenElapsedMs > dueElapsedMs + graceMs || recordedUtcMs - takenUtcMs > graceMs;
}

RoundStatus StatusAt(const RoundSchedule& schedule, const RoundRecord* round, bool complete, std::int64_t due,
                     Moment now) {
    if (round != nullptr && round->missed) return RoundStatus::Missed;
    if (complete) {
        const bool late = std::any_of(round->steps.begin(), round->steps.end(), [&](const ObservationRecord& o) {
            return o.taken && IsLate(o.takenElapsedMs, o.takenUtcMs, o.recordedUtcMs, due, schedule.graceMs);
        });
        return late ? RoundStatus::Late : RoundStatus::OnTime;
    }
    if (now.elapsedMs < due - schedule.graceMs) return RoundStatus::Upcoming;
    if (now.elapsedMs <= due + schedule.graceMs) return RoundStatus::Due;
    return RoundStatus::Overdue;
}

// Where a schedule's rounds run: from its recorded start to its end (the `until` time point once
// recorded, or from + for), cut short by an early end.
struct Span {
    bool anchored = false;
    std::int64_t anchorElapsedMs = 0;
    std::int64_t anchorUtcMs = 0;
    std::optional<std::int64_t> end;  // as the protocol gives it
    std::optional<std::int64_t> last; // the end, or the early end if sooner
};

Span SpanOf(const Protocol& p, const SessionState& state, const std::vector<bool>& visible, std::size_t index) {
    Span span;
    const RoundSchedule& schedule = p.rounds[index];
    const StepRecord* from = RecordedPoint(p, state, visible, schedule.from);
    if (from == nullptr) return span;
    span.anchored = true;
    span.anchorElapsedMs = from->atElapsedMs;
    span.anchorUtcMs = from->atUtcMs;
    if (schedule.until.empty()) {
        span.end = from->atElapsedMs + schedule.forMs;
    } else if (const StepRecord* until = RecordedPoint(p, state, visible, schedule.until)) {
        span.end = until->atElapsedMs;
    }
    span.last = span.end;
    const ScheduleRecord& record = state.schedules[index];
    if (record.endedEarly)
        span.last = std::min(span.last.value_or(record.endedEarlyElapsedMs), record.endedEarlyElapsedMs);
    return span;
}

// Round n of a started schedule at `now` (its due time within the span: the caller checks).
RoundInfo RoundAt(const Protocol& p, const SessionState& state, const std::vector<bool>& visible, std::size_t index,
                  const Span& span, std::uint64_t n, Moment now) {
    const RoundSchedule& schedule = p.rounds[index];
    const std::int64_t offset = static_cast<std::int64_t>(n) * schedule.everyMs;
    const std::int64_t due = span.anchorElapsedMs + offset;
    const auto& rounds = state.schedules[index].rounds;
    const auto found = rounds.find(n);
    const RoundRecord* round = found == rounds.end() ? nullptr : &found->second;
    const bool complete = round != nullptr && AllTaken(schedule, round, ShownInRound(p, state, visible, schedule, round));
    return {n, due, span.anchorUtcMs + offset, StatusAt(schedule, round, complete, due, now), round};
}

bool InSpan(const RoundSchedule& schedule, const Span& span, std::uint64_t n) {
    if (n == 0 || n > kMaxRoundNumber) return false;
    return !span.last || span.anchorElapsedMs + static_cast<std::int64_t>(n) * schedule.everyMs <= *span.last;
}

} // namespace

const char* ToString(RoundStatus status) {
    switch (status) {
    case RoundStatus::Upcoming: return "upcoming";
    case RoundStatus::Due: return "due";
    case RoundStatus::Overdue: return "overdue";
    case RoundStatus::OnTime: return "done on time";
    case RoundStatus::Late: return "done late";
    case RoundStatus::Missed: return "missed";
    }
    return "?";
}

const RoundInfo* ScheduleInfo::Current() const {
    for (const auto& round : rounds)
        if (round.status == RoundStatus::Due || round.status == RoundStatus::Overdue) return &round;
    return nullptr;
}

const RoundInfo* ScheduleInfo::NextUpcoming() const {
    for (const auto& round : rounds)
        if (round.status == RoundStatus::Upcoming) return &round;
    return nullptr;
}

ScheduleInfo Engine::Schedule(const SessionState& state, std::size_t index, Moment now) const {
    ScheduleInfo info;
    if (state.status == SessionStatus::NotStarted || index >= m_protocol->rounds.size()) return info;
    const RoundSchedule& schedule = m_protocol->rounds[index];
    const auto visible = Visibility(state);
    const Span span = SpanOf(*m_protocol, state, visible, index);
    if (!span.anchored) return info;
    info.anchored = true;
    info.anchorElapsedMs = span.anchorElapsedMs;
    info.anchorUtcMs = span.anchorUtcMs;
    info.endElapsedMs = span.end;
    info.endedEarly = state.schedules[index].endedEarly;
    // Round 1 up to the last one due by now, then the next upcoming one.
    for (std::uint64_t n = 1; InSpan(schedule, span, n); ++n) {
        info.rounds.push_back(RoundAt(*m_protocol, state, visible, index, span, n, now));
        if (info.rounds.back().status == RoundStatus::Upcoming) break;
    }
    info.open = !info.endedEarly && (!span.last || now.elapsedMs < *span.last || info.Current() != nullptr);
    return info;
}

std::vector<bool> Engine::RoundVisibility(const SessionState& state, std::size_t index, std::uint64_t number) const {
    const RoundSchedule& schedule = m_protocol->rounds.at(index);
    if (state.status == SessionStatus::NotStarted) return std::vector<bool>(schedule.steps.size(), false);
    const auto& rounds = state.schedules[index].rounds;
    const auto found = rounds.find(number);
    return ShownInRound(*m_protocol, state, Visibility(state), schedule,
                        found == rounds.end() ? nullptr : &found->second);
}

std::string Engine::RoundsOpen(const SessionState& state, Moment now) const {
    for (std::size_t i = 0; i < m_protocol->rounds.size(); ++i) {
        const RoundSchedule& schedule = m_protocol->rounds[i];
        const ScheduleInfo info = Schedule(state, i, now);
        if (!info.open) continue;
        if (const RoundInfo* round = info.Current())
            return fmt::format("round {} of \"{}\" is {} (due {}): record it, or close it as missed with a reason",
                               round->number, schedule.title, ToString(round->status), ClockText(round->dueUtcMs));
        if (!info.endElapsedMs)
            return fmt::format("the rounds of \"{}\" run until '{}' is recorded", schedule.title, schedule.until);
        return fmt::format("the observation period of \"{}\" runs until {} ({} after '{}'); it can end early with a "
                           "reason and a second clinician",
                           schedule.title, ClockText(info.anchorUtcMs + (*info.endElapsedMs - info.anchorElapsedMs)),
                           DescribeDuration(*info.endElapsedMs - info.anchorElapsedMs), schedule.from);
    }
    return {};
}

std::string Engine::AnchorsRecordedRounds(const SessionState& state, const std::string& step) const {
    for (std::size_t i = 0; i < m_protocol->rounds.size(); ++i) {
        const RoundSchedule& schedule = m_protocol->rounds[i];
        if (schedule.from != step && schedule.until != step) continue;
        const ScheduleRecord& record = state.schedules[i];
        if (!record.rounds.empty() || record.endedEarly)
            return fmt::format("step '{}' times the rounds of \"{}\", and rounds are recorded against it: it can no "
                               "longer be amended",
                               step, schedule.title);
    }
    return {};
}

Decision Engine::Observe(const SessionState& state, const Observation& o, const Actor& actor, Moment now) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}; no more observations are accepted", ToString(state.status)));
    const auto index = m_protocol->RoundsIndex(o.rounds);
    if (!index) return Decision::Refuse(fmt::format("the protocol has no rounds '{}'", o.rounds));
    const RoundSchedule& schedule = m_protocol->rounds[*index];
    // Round o.number alone, not the whole schedule: this runs on every observation and its fold.
    const auto visible = Visibility(state);
    const Span span = SpanOf(*m_protocol, state, visible, *index);
    if (!span.anchored)
        return Decision::Refuse(fmt::format("the rounds of \"{}\" start when '{}' is recorded", schedule.title, schedule.from));
    if (state.schedules[*index].endedEarly)
        return Decision::Refuse(fmt::format("the rounds of \"{}\" were ended early", schedule.title));
    if (!InSpan(schedule, span, o.number))
        return Decision::Refuse(fmt::format("\"{}\" has no round {}", schedule.title, o.number));
    const RoundInfo round = RoundAt(*m_protocol, state, visible, *index, span, o.number, now);
    if (round.status == RoundStatus::Upcoming) {
        // The first round not open yet at `now`.
        const std::int64_t since = now.elapsedMs - span.anchorElapsedMs + schedule.graceMs;
        const std::uint64_t next = since < 0 ? 1 : static_cast<std::uint64_t>(since / schedule.everyMs) + 1;
        if (next < o.number)
            return Decision::Refuse(fmt::format("round {} of \"{}\" is not open yet: round {} is the next", o.number,
                                                schedule.title, next));
        return Decision::Refuse(fmt::format("round {} of \"{}\" opens at {} (due {})", o.number, schedule.title,
                                            ClockText(round.dueUtcMs - schedule.graceMs), ClockText(round.dueUtcMs)));
    }
    if (round.status == RoundStatus::Missed)
        return Decision::Refuse(fmt::format("round {} of \"{}\" was closed as missed", o.number, schedule.title));
    const auto j = schedule.StepIndex(o.step);
    if (!j) return Decision::Refuse(fmt::format("\"{}\" has no step '{}'", schedule.title, o.step));
    const Step& step = schedule.steps[*j];
    if (round.record != nullptr && round.record->steps[*j].taken)
        return Decision::Refuse(fmt::format("'{}' is already recorded in round {} of \"{}\"", o.step, o.number, schedule.title));
    if (!ShownInRound(*m_protocol, state, visible, schedule, round.record)[*j])
        return Decision::Refuse(fmt::format("'{}' does not apply in round {}: its condition does not hold", o.step, o.number));
    if (auto why = rules::CheckValues(step, o.values); !why.empty()) return Decision::Refuse(why);

    const std::int64_t taken = o.takenUtcMs.value_or(now.utcMs);
    if (!RecordableUtcMs(taken) || taken > now.utcMs)
        return Decision::Refuse(fmt::format("'{}' cannot be taken at {}: that is later than now ({})", o.step,
                                            FormatUtcMs(taken), FormatUtcMs(now.utcMs)));
    const std::int64_t takenElapsed = now.elapsedMs - (now.utcMs - taken);
    if (takenElapsed < round.dueElapsedMs - schedule.graceMs)
        return Decision::Refuse(fmt::format("'{}' taken at {} is before round {} opened ({})", o.step, ClockText(taken),
                                            o.number, ClockText(round.dueUtcMs - schedule.graceMs)));
    const bool late = IsLate(takenElapsed, taken, now.utcMs, round.dueElapsedMs, schedule.graceMs);
    if (late) {
        if (auto why = CheckProse(o.lateReason, "a reason for the late entry", true); !why.empty())
            return Decision::Refuse(fmt::format("round {} of \"{}\" was due at {} with {} grace, and this entry is late: {}",
                                                o.number, schedule.title, ClockText(round.dueUtcMs),
                                                DescribeDuration(schedule.graceMs), why));
    } else if (!o.lateReason.empty()) {
        return Decision::Refuse(fmt::format("round {} of \"{}\" is on time: there is no late entry to explain", o.number,
                                            schedule.title));
    }
    const Outcome outcome = OutcomeOf(step, o.values);
    const bool warned = outcome.kind == Outcome::Kind::Warning;
    if (auto why = CheckProse(o.note, warned ? "a note of what was done (the value raised a warning)" : "the note", warned);
        !why.empty())
        return Decision::Refuse(warned ? fmt::format("{}: {}", outcome.message, why) : why);
    if (auto why = CheckSecondClinician(o.secondClinician, warned && outcome.secondClinician, actor); !why.empty())
        return Decision::Refuse(why);

    Decision d;
    d.events.emplace_back(ev::ObservationRecorded{schedule.id, o.number, step.id, o.values, step.unit, taken, o.note,
                                                  o.lateReason, warned ? outcome.message : "", o.secondClinician});
    if (outcome.kind == Outcome::Kind::HardStop) d.events.emplace_back(ev::HardStopped{step.id, o.values, outcome.message});
    return d;
}

Decision Engine::MissRound(const SessionState& state, const std::string& rounds, std::uint64_t number,
                           const std::string& reason, Moment now) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    const auto index = m_protocol->RoundsIndex(rounds);
    if (!index) return Decision::Refuse(fmt::format("the protocol has no rounds '{}'", rounds));
    const RoundSchedule& schedule = m_protocol->rounds[*index];
    const ScheduleInfo info = Schedule(state, *index, now);
    if (number == 0 || number > info.rounds.size())
        return Decision::Refuse(fmt::format("\"{}\" has no round {} due", schedule.title, number));
    const RoundInfo& round = info.rounds[number - 1];
    if (round.status != RoundStatus::Overdue)
        return Decision::Refuse(
            round.status == RoundStatus::Due || round.status == RoundStatus::Upcoming
                ? fmt::format("round {} of \"{}\" is {}: it can be closed as missed once its grace has passed ({})", number,
                              schedule.title, ToString(round.status), ClockText(round.dueUtcMs + schedule.graceMs))
                : fmt::format("round {} of \"{}\" is {}", number, schedule.title, ToString(round.status)));
    if (auto why = CheckProse(reason, "a reason the round was missed", true); !why.empty()) return Decision::Refuse(why);
    return Decision{{ev::RoundMissed{schedule.id, number, reason}}, {}};
}

Decision Engine::EndObservationEarly(const SessionState& state, const std::string& rounds, const std::string& reason,
                                     const std::string& secondClinician, const Actor& actor, Moment now) const {
    if (state.status != SessionStatus::Active)
        return Decision::Refuse(fmt::format("the session is {}", ToString(state.status)));
    const auto index = m_protocol->RoundsIndex(rounds);
    if (!index) return Decision::Refuse(fmt::format("the protocol has no rounds '{}'", rounds));
    const RoundSchedule& schedule = m_protocol->rounds[*index];
    const ScheduleInfo info = Schedule(state, *index, now);
    if (!info.anchored)
        return Decision::Refuse(fmt::format("the rounds of \"{}\" have not started", schedule.title));
    if (!info.open) return Decision::Refuse(fmt::format("the rounds of \"{}\" are over", schedule.title));
    if (const RoundInfo* round = info.Current())
        return Decision::Refuse(fmt::format("round {} of \"{}\" is {}: record it or close it as missed first",
                                            round->number, schedule.title, ToString(round->status)));
    if (auto why = CheckProse(reason, "a reason for ending the observation early", true); !why.empty())
        return Decision::Refuse(why);
    if (auto why = CheckSecondClinician(secondClinician, true, actor); !why.empty()) return Decision::Refuse(why);
    return Decision{{ev::ObservationEndedEarly{schedule.id, reason, secondClinician}}, {}};
}

} // namespace kc
