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

struct Script {
    std::string location;
    std::map<std::string, ScriptedAnswer> answers;
    std::vector<ScriptedAmendment> amendments;
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

// Walks the session from its next step to the end. `progress` is called after each
// durable write with a line for a person ("recorded psychosis = no (seq 3)").
// Throws AuditWriteError when the trail cannot be written.
RunResult RunScript(Session& session, const Script& script, const std::function<void(const std::string&)>& progress);

} // namespace kc
