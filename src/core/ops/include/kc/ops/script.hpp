#pragma once
// Scripted runs: a session walked from an answers file (*.answers.yaml; format in
// docs/user-guide.md, "Scripted runs"). Used by `checklistctl run`, the durability tests and
// the demos. The runner only calls Session commands: every rule still applies.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/base/diagnostic.hpp"
#include "kc/ops/session.hpp"

namespace kc {

struct ScriptedAnswer {
    Values values;
    std::optional<std::int64_t> atMs; // when it is recorded: this long after the session started
    std::string note;
    bool skip = false;
    std::string justification;
    std::string secondClinician;
};

struct ScriptedAmendment {
    std::string after; // apply once this step is answered; empty: before the attestation
    std::string step;
    Values values;
    std::string reason;
};

// One round of a schedule, at times given from the schedule's start (its `from` time point).
struct ScriptedRound {
    std::string schedule;
    std::uint64_t number = 0;
    std::int64_t takenMs = 0;               // taken this long after the schedule's start
    std::optional<std::int64_t> enteredMs;  // recorded this long after it (default: when taken)
    std::vector<std::pair<std::string, Values>> values; // step -> value, in the file's order
    std::string note;
    std::string lateReason;
    std::string secondClinician;
    std::string missed; // when set: the round is closed as missed with this reason (at `entered`,
                        // default one minute after its grace)
    SourcePos pos;
};

struct ScriptedEarlyEnd {
    std::string schedule;
    std::int64_t atMs = 0; // after the schedule's start
    std::string reason;
    std::string secondClinician;
    SourcePos pos;
};

struct Script {
    std::string location;
    std::map<std::string, ScriptedAnswer> answers;
    std::vector<ScriptedAmendment> amendments;
    std::vector<ScriptedRound> rounds;
    std::vector<ScriptedEarlyEnd> earlyEnds;
    std::optional<ev::Attested> attestation;
    std::string abandonReason; // when set, the session is abandoned instead of completed
};

// Parses an answers file; nullopt with diagnostics (FILE:LINE:COL) when it is malformed.
std::optional<Script> LoadScript(const std::string& path, std::vector<Diagnostic>& diagnostics);
// The same for an answers file's bytes; `displayPath` names it in diagnostics.
std::optional<Script> ParseScript(std::string_view bytes, const std::string& displayPath,
                                  std::vector<Diagnostic>& diagnostics);

enum class RunOutcome { Completed, Stopped, Abandoned, Failed };

struct RunResult {
    RunOutcome outcome = RunOutcome::Failed;
    std::string message;
};

// Moves a run's clock forward to a UTC time the answers file gives (`checklistctl run
// --simulate-clock`); returns false when it cannot (the real clock: a time still to come).
using AdvanceClock = std::function<bool(std::int64_t utcMs)>;

// Walks the session from its next step to the end. `progress` is called after each
// durable write with a line for a person ("recorded psychosis = no (seq 3)"). Rounds and
// timed answers are recorded in time order between the steps, the clock moved to each time by
// `advance` (null: times must not be in the future). Throws AuditWriteError when the trail
// cannot be written.
RunResult RunScript(Session& session, const Script& script, const std::function<void(const std::string&)>& progress,
                    const AdvanceClock& advance = nullptr);

} // namespace kc
