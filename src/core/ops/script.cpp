#include "kc/ops/script.hpp"
#include "script_reader.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "kc/yaml/map_reader.hpp"
#include "kc/yaml/yaml_tree.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "kc/session/session_view.hpp"

namespace kc {
namespace {

using loader::Checker;
using loader::MapReader;
using yamltree::Node;

std::optional<Values> ReadValues(Checker& checker, const Node& node) {
    if (node.IsScalar()) return Values{node.value};
    if (node.IsSequence()) {
        Values values;
        for (const auto& item : node.children) {
            if (!item.IsScalar()) {
                checker.Error(item, "wrong-type", "an answer value must be text");
                return std::nullopt;
            }
            values.push_back(item.value);
        }
        return values;
    }
    checker.Error(node, "wrong-type", "an answer is text, or a list of option ids for multiple choice");
    return std::nullopt;
}

// "15 min", "2 h", "30 s": a whole number of one unit. Nullopt (reported) otherwise.
std::optional<std::int64_t> ReadDuration(Checker& checker, MapReader& r, std::string_view key, bool required) {
    const auto text = r.Text(key, required);
    if (!text) return std::nullopt;
    std::int64_t amount = 0;
    std::size_t i = 0;
    while (i < text->size() && i < 6 && std::isdigit(static_cast<unsigned char>((*text)[i])))
        amount = amount * 10 + ((*text)[i++] - '0');
    const std::string unit = text->substr(i);
    const std::int64_t scale = unit == " min" ? 60'000 : unit == " h" ? 3'600'000 : unit == " s" ? 1'000 : 0;
    if (i == 0 || scale == 0) {
        checker.Error(r.At(key), "wrong-type",
                      fmt::format("'{}' is not a time offset: write a whole number and a unit, e.g. \"15 min\", "
                                  "\"2 h\" or \"30 s\"",
                                  *text));
        return std::nullopt;
    }
    return amount * scale;
}

ScriptedRound ReadRound(Checker& checker, const Node& item) {
    ScriptedRound round;
    round.pos = loader::PosOf(item);
    MapReader r(checker, item, "a round",
                {"schedule", "round", "taken", "entered", "values", "note", "late_reason", "second_clinician", "missed"});
    if (!r.Valid()) return round;
    round.schedule = r.Text("schedule", true).value_or("");
    const std::string number = r.Text("round", true).value_or("");
    if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string::npos ||
        number[0] == '0') {
        if (!number.empty()) checker.Error(r.At("round"), "wrong-type", "a round number is a whole number from 1");
    } else {
        round.number = std::stoull(number);
    }
    round.missed = r.Text("missed", false).value_or("");
    round.enteredMs = ReadDuration(checker, r, "entered", false);
    if (round.missed.empty()) {
        round.takenMs = ReadDuration(checker, r, "taken", true).value_or(0);
        if (const Node* values = r.Map("values", true)) {
            for (std::size_t i = 0; i < values->MapSize(); ++i)
                if (auto v = ReadValues(checker, values->Value(i)))
                    round.values.emplace_back(values->Key(i).value, std::move(*v));
        }
    } else if (r.Get("taken") || r.Get("values")) {
        checker.Error(r.At("missed"), "conflicting-keys", "a missed round has no 'taken' time and no 'values'");
    }
    round.note = r.Text("note", false).value_or("");
    round.lateReason = r.Text("late_reason", false).value_or("");
    round.secondClinician = r.Text("second_clinician", false).value_or("");
    return round;
}

} // namespace

std::optional<Script> LoadScript(const std::string& path, std::vector<Diagnostic>& diagnostics) {
    const auto bytes = scriptreader::ReadInputFile(path, diagnostics);
    if (!bytes) return std::nullopt;
    return ParseScript(*bytes, path, diagnostics);
}

namespace scriptreader {

std::optional<std::string> ReadInputFile(const std::string& path, std::vector<Diagnostic>& diagnostics) {
    try {
        return ReadFile(path, 4 * 1024 * 1024);
    } catch (const IoError& e) {
        diagnostics.push_back({path, 0, 0, Severity::Error, "io-error", e.what()});
        return std::nullopt;
    }
}

void ReadScriptFields(Checker& checker, MapReader& top, Script& script, bool answersRequired) {
    script.location = top.Text("location", false).value_or("");
    script.abandonReason = top.Text("abandon", false).value_or("");
    if (const Node* answers = top.Map("answers", answersRequired)) {
        for (std::size_t i = 0; i < answers->MapSize(); ++i) {
            const Node& key = answers->Key(i);
            const Node& value = answers->Value(i);
            ScriptedAnswer answer;
            if (value.IsMap()) {
                MapReader r(checker, value, "an answer", {"answer", "at", "note", "skip", "justification", "second_clinician"});
                answer.skip = r.Bool("skip", false);
                answer.atMs = ReadDuration(checker, r, "at", false);
                if (const Node* v = r.Get("answer")) {
                    if (auto values = ReadValues(checker, *v)) answer.values = *values;
                } else if (!answer.skip) {
                    r.Missing("answer");
                }
                answer.note = r.Text("note", false).value_or("");
                answer.justification = r.Text("justification", false).value_or("");
                answer.secondClinician = r.Text("second_clinician", false).value_or("");
            } else if (auto values = ReadValues(checker, value)) {
                answer.values = *values;
            }
            script.answers[key.value] = std::move(answer);
        }
    }
    if (const Node* amendments = top.List("amendments", false)) {
        for (const auto& item : amendments->children) {
            MapReader r(checker, item, "an amendment", {"after", "step", "answer", "reason"});
            if (!r.Valid()) continue;
            ScriptedAmendment amendment;
            amendment.after = r.Text("after", false).value_or("");
            amendment.step = r.Text("step", true).value_or("");
            amendment.reason = r.Text("reason", true).value_or("");
            if (const Node* v = r.Get("answer")) {
                if (auto values = ReadValues(checker, *v)) amendment.values = *values;
            } else {
                r.Missing("answer");
            }
            script.amendments.push_back(std::move(amendment));
        }
    }
    if (const Node* rounds = top.List("rounds", false))
        for (const auto& item : rounds->children) script.rounds.push_back(ReadRound(checker, item));
    if (const Node* ends = top.List("end_early", false)) {
        for (const auto& item : ends->children) {
            MapReader r(checker, item, "an early end", {"schedule", "at", "reason", "second_clinician"});
            if (!r.Valid()) continue;
            ScriptedEarlyEnd end;
            end.pos = loader::PosOf(item);
            end.schedule = r.Text("schedule", true).value_or("");
            end.atMs = ReadDuration(checker, r, "at", true).value_or(0);
            end.reason = r.Text("reason", true).value_or("");
            end.secondClinician = r.Text("second_clinician", true).value_or("");
            script.earlyEnds.push_back(std::move(end));
        }
    }
    if (const Node* attestation = top.Map("attestation", false)) {
        MapReader r(checker, *attestation, "the attestation", {"name", "meaning"});
        script.attestation = ev::Attested{r.Text("name", true).value_or(""), r.Text("meaning", true).value_or("")};
    }
}

} // namespace scriptreader

std::optional<Script> ParseScript(std::string_view bytes, const std::string& path, std::vector<Diagnostic>& diagnostics) {
    auto parsed = yamltree::Parse(bytes, path, yamltree::Limits{4 * 1024 * 1024, 16, 200000});
    diagnostics = parsed.diagnostics;
    if (!parsed.ok) return std::nullopt;
    Checker checker(path);
    Script script;
    MapReader top(checker, parsed.root, "an answers file", {KC_SCRIPT_KEYS});
    if (top.Valid()) scriptreader::ReadScriptFields(checker, top, script, true);
    auto& found = checker.Diagnostics();
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    if (HasErrors(diagnostics)) return std::nullopt;
    return script;
}

namespace {

// The rounds and early ends of an answers file, recorded in time order as their schedules start.
class TimedActions {
public:
    TimedActions(Session& session, const Script& script, const AdvanceClock& advance,
                 const std::function<void(const std::string&)>& recorded)
        : m_session(session), m_script(script), m_advance(advance), m_recorded(recorded),
          m_roundDone(script.rounds.size(), false), m_endDone(script.earlyEnds.size(), false) {
        // A resumed run goes on from what the trail holds: entries recorded before are done.
        const Protocol& protocol = session.GetEngine().GetProtocol();
        const SessionState& state = session.State();
        for (std::size_t i = 0; i < script.rounds.size(); ++i) {
            const ScriptedRound& round = script.rounds[i];
            const auto index = protocol.RoundsIndex(round.schedule);
            if (!index || state.schedules.size() <= *index) continue;
            const auto& rounds = state.schedules[*index].rounds;
            const auto found = rounds.find(round.number);
            if (found == rounds.end()) continue;
            m_roundDone[i] = found->second.missed ||
                             std::all_of(round.values.begin(), round.values.end(), [&](const auto& entry) {
                                 const auto j = protocol.rounds[*index].StepIndex(entry.first);
                                 return j && found->second.steps[*j].taken;
                             });
        }
        for (std::size_t i = 0; i < script.earlyEnds.size(); ++i) {
            const auto index = protocol.RoundsIndex(script.earlyEnds[i].schedule);
            m_endDone[i] = index && *index < state.schedules.size() && state.schedules[*index].endedEarly;
        }
    }

    // Moves the clock to `utcMs` (never back). Empty, or why it cannot.
    std::string AdvanceTo(std::int64_t utcMs) {
        const std::int64_t now = m_session.Now().utcMs;
        if (utcMs <= now) return {};
        if (m_advance && m_advance(utcMs)) return {};
        return fmt::format("the answers file times an entry at {}, later than now ({}): run it with --simulate-clock "
                           "to move the run's clock to each time",
                           FormatUtcMs(utcMs), FormatUtcMs(now));
    }

    // Records every entry due by `until` (all of them when nullopt) whose schedule has started.
    std::string RunUntil(std::optional<std::int64_t> until) {
        for (;;) {
            std::optional<std::pair<std::int64_t, std::size_t>> first; // (time, index: rounds first, then ends)
            for (std::size_t i = 0; i < m_script.rounds.size() + m_script.earlyEnds.size(); ++i) {
                const bool isRound = i < m_script.rounds.size();
                if (isRound ? m_roundDone[i] : m_endDone[i - m_script.rounds.size()]) continue;
                const auto at = TimeOf(i);
                if (!at || (until && *at > *until)) continue;
                if (!first || *at < first->first) first = std::make_pair(*at, i);
            }
            if (!first) return {};
            if (auto why = AdvanceTo(first->first); !why.empty()) return why;
            if (auto why = Do(first->second); !why.empty()) return why;
        }
    }

    // Why an entry was never recorded (its schedule never started), or empty.
    std::string Leftover() const {
        for (std::size_t i = 0; i < m_script.rounds.size(); ++i)
            if (!m_roundDone[i])
                return fmt::format("round {} of '{}' (line {} of the answers file) was never recorded: its schedule did "
                                   "not start",
                                   m_script.rounds[i].number, m_script.rounds[i].schedule, m_script.rounds[i].pos.line);
        for (std::size_t i = 0; i < m_script.earlyEnds.size(); ++i)
            if (!m_endDone[i])
                return fmt::format("the early end of '{}' was never recorded: the schedule did not start",
                                   m_script.earlyEnds[i].schedule);
        return {};
    }

    // Lets each observation period still running reach its end (the clock moves there).
    std::string WaitForPeriods() {
        const Engine& engine = m_session.GetEngine();
        const Moment now = m_session.Now();
        std::int64_t latest = now.utcMs;
        for (std::size_t i = 0; i < engine.GetProtocol().rounds.size(); ++i) {
            const ScheduleInfo info = engine.Schedule(m_session.State(), i, now);
            if (info.open && info.endElapsedMs && info.Current() == nullptr)
                latest = std::max(latest, now.utcMs + (*info.endElapsedMs - now.elapsedMs));
        }
        if (auto why = AdvanceTo(latest); !why.empty()) return why;
        return RunUntil(latest);
    }

private:
    std::optional<ScheduleInfo> Started(const std::string& schedule) const {
        const Engine& engine = m_session.GetEngine();
        const auto index = engine.GetProtocol().RoundsIndex(schedule);
        if (!index) return std::nullopt;
        ScheduleInfo info = engine.Schedule(m_session.State(), *index, m_session.Now());
        if (!info.anchored) return std::nullopt;
        return info;
    }

    // When entry i is recorded (UTC), once its schedule has started.
    std::optional<std::int64_t> TimeOf(std::size_t i) const {
        if (i >= m_script.rounds.size()) {
            const ScriptedEarlyEnd& end = m_script.earlyEnds[i - m_script.rounds.size()];
            const auto info = Started(end.schedule);
            return info ? std::optional(info->anchorUtcMs + end.atMs) : std::nullopt;
        }
        const ScriptedRound& round = m_script.rounds[i];
        const auto info = Started(round.schedule);
        if (!info) return std::nullopt;
        if (round.enteredMs) return info->anchorUtcMs + *round.enteredMs;
        if (round.missed.empty()) return info->anchorUtcMs + round.takenMs;
        const RoundSchedule& schedule = *m_session.GetEngine().GetProtocol().FindRounds(round.schedule);
        return info->anchorUtcMs + static_cast<std::int64_t>(round.number) * schedule.everyMs + schedule.graceMs + 60'000;
    }

    std::string Do(std::size_t i) {
        if (i >= m_script.rounds.size()) {
            m_endDone[i - m_script.rounds.size()] = true;
            const ScriptedEarlyEnd& end = m_script.earlyEnds[i - m_script.rounds.size()];
            const Decision d = m_session.EndObservationEarly(end.schedule, end.reason, end.secondClinician);
            if (!d.Accepted()) return fmt::format("the early end of '{}' refused: {}", end.schedule, d.refusal);
            m_recorded(fmt::format("early end of {}", end.schedule));
            return {};
        }
        m_roundDone[i] = true;
        const ScriptedRound& round = m_script.rounds[i];
        if (!round.missed.empty()) {
            const Decision d = m_session.MissRound(round.schedule, round.number, round.missed);
            if (!d.Accepted())
                return fmt::format("closing round {} of '{}' as missed refused: {}", round.number, round.schedule, d.refusal);
            m_recorded(fmt::format("round {} of {} missed", round.number, round.schedule));
            return {};
        }
        const std::int64_t taken = Started(round.schedule)->anchorUtcMs + round.takenMs;
        const RoundSchedule& schedule = *m_session.GetEngine().GetProtocol().FindRounds(round.schedule);
        for (const auto& [step, values] : round.values) {
            if (m_session.State().Ended()) return {};
            if (AlreadyTaken(schedule, round, step)) continue; // recorded before a resume
            const Decision d = m_session.Observe(
                {round.schedule, round.number, step, values, taken, round.note, round.lateReason, round.secondClinician});
            if (!d.Accepted())
                return fmt::format("observation {} in round {} of '{}' refused: {}", step, round.number, round.schedule,
                                   d.refusal);
            m_recorded(fmt::format("round {} of {}: {} = {}", round.number, round.schedule, step, fmt::join(values, ", ")));
        }
        return {};
    }

    bool AlreadyTaken(const RoundSchedule& schedule, const ScriptedRound& round, const std::string& step) const {
        const auto& rounds = m_session.State().schedules[*m_session.GetEngine().GetProtocol().RoundsIndex(round.schedule)].rounds;
        const auto found = rounds.find(round.number);
        const auto j = schedule.StepIndex(step);
        return found != rounds.end() && j && found->second.steps[*j].taken;
    }

    Session& m_session;
    const Script& m_script;
    const AdvanceClock& m_advance;
    const std::function<void(const std::string&)>& m_recorded;
    std::vector<bool> m_roundDone;
    std::vector<bool> m_endDone;
};

} // namespace

RunResult RunScript(Session& session, const Script& script, const std::function<void(const std::string&)>& progress,
                    const AdvanceClock& advance) {
    const Engine& engine = session.GetEngine();
    const Protocol& protocol = engine.GetProtocol();
    auto fail = [](std::string message) { return RunResult{RunOutcome::Failed, std::move(message)}; };
    const std::function<void(const std::string&)> recorded = [&](const std::string& what) {
        progress(fmt::format("recorded {} (seq {})", what, session.State().lastSeq));
    };
    TimedActions timed(session, script, advance, recorded);
    auto applyAmendments = [&](const std::string& after) -> std::string {
        for (const auto& a : script.amendments) {
            if (a.after != after) continue;
            const Decision d = session.Amend(a.step, a.values, a.reason);
            if (!d.Accepted()) return fmt::format("amendment of '{}' refused: {}", a.step, d.refusal);
            recorded(fmt::format("amendment {} = {}", a.step, fmt::join(a.values, ", ")));
        }
        return {};
    };
    bool endAmendmentsDone = false;
    for (;;) {
        if (session.State().status == SessionStatus::Stopped)
            return RunResult{RunOutcome::Stopped,
                             fmt::format("HARD STOP at step '{}': {}", session.State().stopStep,
                                         session.State().stopMessage)};
        const SessionView view(engine, session.State());
        const auto next = view.Next();
        if (!next && endAmendmentsDone) break;
        if (!next) {
            // Rounds still to record come before the end; amendments without 'after' once every
            // step is done (they may open steps).
            if (auto error = timed.RunUntil(std::nullopt); !error.empty()) return fail(error);
            if (session.State().Ended()) continue;
            endAmendmentsDone = true;
            if (auto error = applyAmendments(""); !error.empty()) return fail(error);
            continue;
        }
        const Step& step = protocol.steps[*next];
        const auto it = script.answers.find(step.id);
        if (view.At(*next).status == StepStatus::AwaitingJustification) {
            if (it == script.answers.end() || it->second.justification.empty())
                return fail(fmt::format("step '{}' raised a warning ({}); the answers file gives no justification",
                                        step.id, step.warning ? step.warning->message : step.limits->message));
            const Decision d = session.Justify(step.id, it->second.justification, it->second.secondClinician);
            if (!d.Accepted()) return fail(fmt::format("justification for '{}' refused: {}", step.id, d.refusal));
            recorded(fmt::format("justification for {}", step.id));
            continue;
        }
        if (it != script.answers.end() && it->second.atMs) {
            // A timed answer: the rounds due before it first, then the clock moves to its time.
            const std::int64_t at = session.State().startedUtcMs + *it->second.atMs;
            if (auto error = timed.RunUntil(at); !error.empty()) return fail(error);
            if (session.State().Ended()) continue;
            if (auto error = timed.AdvanceTo(at); !error.empty()) return fail(error);
        }
        Decision d;
        if (it == script.answers.end() || it->second.skip) {
            if (step.required && it == script.answers.end())
                return fail(fmt::format("the answers file has no answer for required step '{}' ({})", step.id,
                                        step.prompt));
            d = session.Skip(step.id, it == script.answers.end() ? "" : it->second.note);
            if (!d.Accepted()) return fail(fmt::format("step '{}' cannot be skipped: {}", step.id, d.refusal));
            recorded(fmt::format("{} skipped", step.id));
        } else {
            d = session.Answer(step.id, it->second.values, it->second.note);
            if (!d.Accepted()) return fail(fmt::format("answer to '{}' refused: {}", step.id, d.refusal));
            recorded(fmt::format("{} = {}", step.id, fmt::join(session.State().steps[*next].values, ", ")));
        }
        if (session.State().Ended()) continue;
        if (auto error = applyAmendments(step.id); !error.empty()) return fail(error);
    }
    if (!script.abandonReason.empty()) {
        const Decision d = session.Abandon(script.abandonReason);
        if (!d.Accepted()) return fail("abandon refused: " + d.refusal);
        recorded("abandonment");
        return RunResult{RunOutcome::Abandoned, "abandoned: " + script.abandonReason};
    }
    if (auto error = timed.Leftover(); !error.empty()) return fail(error);
    if (auto error = timed.WaitForPeriods(); !error.empty()) return fail(error);
    if (session.State().status == SessionStatus::Stopped) return RunResult{RunOutcome::Stopped,
        fmt::format("HARD STOP at step '{}': {}", session.State().stopStep, session.State().stopMessage)};
    if (!script.attestation) return fail("every step is done, but the answers file has no attestation to complete it");
    Decision d = session.Attest(script.attestation->name, script.attestation->meaning);
    if (!d.Accepted()) return fail("attestation refused: " + d.refusal);
    recorded("attestation");
    d = session.Complete();
    if (!d.Accepted()) return fail("completion refused: " + d.refusal);
    recorded("completion");
    return RunResult{RunOutcome::Completed, "completed"};
}

} // namespace kc
