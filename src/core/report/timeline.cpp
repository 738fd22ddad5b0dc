#include "kc/report/timeline.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "kc/base/overloaded.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/render.hpp"
#include "kc/session/engine.hpp"

namespace kc {
namespace {

std::string Join(const Values& values) { return values.empty() ? "(none)" : fmt::format("{}", fmt::join(values, ", ")); }

std::string StepLabel(const std::string& id, const Protocol* protocol) {
    if (protocol)
        if (const Step* step = protocol->FindStep(id)) return fmt::format("{} \"{}\"", id, step->prompt);
    return id;
}

std::string RoundStepLabel(const std::string& rounds, const std::string& id, const Protocol* protocol) {
    if (protocol)
        if (const RoundSchedule* schedule = protocol->FindRounds(rounds))
            if (const Step* step = schedule->FindStep(id)) return fmt::format("{} \"{}\"", id, step->prompt);
    return id;
}

std::string Describe(const EventBody& body, const Protocol* p) {
    return std::visit(
        Overloaded{
            [](const ev::SessionStarted& e) {
                return fmt::format("session started: protocol {} {} (sha256 {}{}), patient ref {}, location {}",
                                   e.protocol.id, e.protocol.version, e.protocol.sha256.substr(0, 12),
                                   e.manifest ? fmt::format("; approved in approvals.json sequence {}",
                                                            e.manifest->sequence)
                                              : std::string(),
                                   e.patientRef, e.location.empty() ? "-" : e.location);
            },
            [](const ev::SessionResumed& e) { return "session resumed (" + e.note + ")"; },
            [&](const ev::StepAnswered& e) {
                std::string out = fmt::format("answered {}: {}{}", StepLabel(e.step, p), Join(e.values),
                                              e.unit.empty() ? "" : " " + e.unit);
                if (!e.note.empty()) out += fmt::format(" — note: {}", e.note);
                return out;
            },
            [&](const ev::StepSkipped& e) {
                return fmt::format("skipped optional {}{}", StepLabel(e.step, p), e.note.empty() ? "" : " — " + e.note);
            },
            [](const ev::WarningRaised& e) {
                return fmt::format("WARNING at {}: {}{}", e.step, e.message,
                                   e.secondClinicianRequired ? " (second clinician required)" : "");
            },
            [](const ev::WarningJustified& e) {
                return fmt::format("warning at {} justified: \"{}\"{}", e.step, e.justification,
                                   e.secondClinician.empty() ? "" : ", acknowledged by " + e.secondClinician);
            },
            [&](const ev::AnswerAmended& e) {
                return fmt::format("AMENDED {}: {} -> {} — reason: {}", StepLabel(e.step, p), Join(e.oldValues),
                                   Join(e.newValues), e.reason);
            },
            [](const ev::AnswerSuperseded& e) {
                return fmt::format("answer to {} ({}) superseded: no longer applies after {} changed", e.step,
                                   Join(e.values), e.cause);
            },
            [](const ev::HardStopped& e) {
                return fmt::format("HARD STOP at {} on {}: {}", e.step, Join(e.values), e.message);
            },
            [](const ev::Attested& e) { return fmt::format("attested by {}: \"{}\"", e.name, e.meaning); },
            [](const ev::SessionCompleted&) { return std::string("session completed"); },
            [&](const ev::ObservationRecorded& e) {
                std::string out = fmt::format("round {} of {}: {} {}{} (taken {})", e.number, e.rounds,
                                              RoundStepLabel(e.rounds, e.step, p), Join(e.values),
                                              e.unit.empty() ? "" : " " + e.unit, FormatUtcMs(e.takenUtcMs));
                if (!e.warning.empty()) out += fmt::format(" — WARNING: {}", e.warning);
                if (!e.note.empty()) out += fmt::format(" — note: {}", e.note);
                if (!e.secondClinician.empty()) out += fmt::format(", acknowledged by {}", e.secondClinician);
                if (!e.lateReason.empty()) out += fmt::format(" — LATE: {}", e.lateReason);
                return out;
            },
            [](const ev::RoundMissed& e) {
                return fmt::format("MISSED round {} of {}: {}", e.number, e.rounds, e.reason);
            },
            [](const ev::ObservationEndedEarly& e) {
                return fmt::format("observation {} ENDED EARLY: {} — acknowledged by {}", e.rounds, e.reason,
                                   e.secondClinician);
            },
            [](const ev::SessionAbandoned& e) { return "session abandoned — reason: " + e.reason; },
        },
        body);
}

} // namespace

std::vector<TimelineRow> BuildTimeline(const std::vector<Event>& events, const Protocol* protocol) {
    std::vector<TimelineRow> rows;
    rows.reserve(events.size());
    for (const auto& e : events)
        rows.push_back({e.seq, FormatUtcMs(e.utcMs), fmt::format("+{:.3f} s", static_cast<double>(e.elapsedMs) / 1000.0),
                        fmt::format("{} ({})", e.actor.name, e.actor.role), Describe(e.body, protocol)});
    return rows;
}

std::string RenderTimelineText(const std::vector<Event>& events, const Protocol* protocol) {
    if (events.empty()) return "empty trail\n";
    std::string out = fmt::format("Session {}\n", events.front().sessionId);
    if (protocol) out += fmt::format("Protocol: {} — {} {}\n", protocol->title, protocol->id, protocol->version);
    out += "\n";
    for (const auto& row : BuildTimeline(events, protocol))
        out += fmt::format("{:>4}  {}  {:>12}  {}  {}\n", row.seq, row.time, row.elapsed, row.actor, row.what);
    out += fmt::format("\n{} events; final hash {}\n", events.size(), events.back().hash);
    return out;
}

namespace {

std::string ScheduleLine(const RoundSchedule& r) {
    return fmt::format("{} ({}): every {} from '{}' {}, grace {}", r.title, r.id, DescribeDuration(r.everyMs), r.from,
                       r.until.empty() ? "for " + DescribeDuration(r.forMs) : fmt::format("until '{}'", r.until),
                       DescribeDuration(r.graceMs));
}

// When a round's observations were taken and recorded: one time, or the first to the last.
std::string TakenText(const RoundRecord& round) {
    std::int64_t firstTaken = -1, lastTaken = -1, lastRecorded = -1;
    std::vector<std::string> reasons;
    for (const auto& o : round.steps) {
        if (!o.taken) continue;
        firstTaken = firstTaken < 0 ? o.takenUtcMs : std::min(firstTaken, o.takenUtcMs);
        lastTaken = std::max(lastTaken, o.takenUtcMs);
        lastRecorded = std::max(lastRecorded, o.recordedUtcMs);
        if (!o.lateReason.empty() && std::find(reasons.begin(), reasons.end(), o.lateReason) == reasons.end())
            reasons.push_back(o.lateReason);
    }
    if (firstTaken < 0) return {};
    std::string out = firstTaken == lastTaken ? fmt::format("taken {}", FormatUtcMs(firstTaken))
                                              : fmt::format("taken {} to {}", FormatUtcMs(firstTaken), FormatUtcMs(lastTaken));
    out += fmt::format(", recorded by {}", FormatUtcMs(lastRecorded));
    for (const auto& reason : reasons) out += fmt::format(" — late: {}", reason);
    return out;
}

} // namespace

std::string RenderRoundsText(const std::vector<Event>& events, const Protocol& protocol) {
    if (protocol.rounds.empty() || events.empty()) return {};
    const Engine engine(std::make_shared<Protocol>(protocol));
    SessionState state;
    for (const auto& e : events)
        if (!engine.Apply(state, e).empty()) return {};
    const Moment last{events.back().utcMs, events.back().elapsedMs};
    std::string out = fmt::format("\nRounds, as of the last event ({}):\n", FormatUtcMs(last.utcMs));
    for (std::size_t i = 0; i < protocol.rounds.size(); ++i) {
        const ScheduleInfo info = engine.Schedule(state, i, last);
        out += "  " + ScheduleLine(protocol.rounds[i]) + "\n";
        if (!info.anchored) {
            out += fmt::format("    not started: '{}' is not recorded\n", protocol.rounds[i].from);
            continue;
        }
        for (const auto& round : info.rounds) {
            std::string line = fmt::format("    round {:>2}  due {}  {}", round.number, FormatUtcMs(round.dueUtcMs),
                                           ToString(round.status));
            if (round.record != nullptr) {
                if (round.record->missed) line += " — reason: " + round.record->missedReason;
                else if (const std::string taken = TakenText(*round.record); !taken.empty()) line += "; " + taken;
            }
            out += line + "\n";
        }
        const ScheduleRecord& record = state.schedules[i];
        if (record.endedEarly)
            out += fmt::format("    ENDED EARLY: {} — acknowledged by {}\n", record.earlyReason, record.earlySecondClinician);
    }
    return out;
}

} // namespace kc
