#pragma once
// Scenarios shipped with a protocol (`<stem>.scenarios.yaml` beside `<stem>.yaml`; format in
// docs/protocol-format.md, "Scenarios"): answers files with an expected outcome, run through the
// real Session and RunScript with a simulated clock, fixed ids and a throw-away records folder.
// `checklistctl test` runs them; `checklistctl validate` reports the rules no passing scenario
// reaches (CheckScenarioCoverage).
#include <optional>
#include <string>
#include <vector>

#include "kc/base/diagnostic.hpp"
#include "kc/ops/script.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

struct ScenarioExpect {
    RunOutcome outcome = RunOutcome::Completed; // Completed, Stopped or Abandoned
    std::string stop;                           // Stopped: the step whose hard stop ended it
    std::vector<std::string> warnings;          // exactly these steps raised a warning (sorted, unique)
    SourcePos pos;
};

struct Scenario {
    std::string id;
    std::string title;
    std::string base;     // the scenario it starts from, or empty
    Script script;        // with its base merged in
    ScenarioExpect expect;
    SourcePos pos;
};

struct ScenarioFile {
    std::string path;
    std::string protocolId;
    SourcePos protocolPos;
    std::vector<Scenario> scenarios; // in the file's order
};

// `protocols/x.yaml` -> `protocols/x.scenarios.yaml` (a `.yml` protocol too).
std::string DefaultScenariosPath(const std::string& protocolPath);

// Reads a scenarios file; nullopt with diagnostics (FILE:LINE:COL) when it is malformed: unknown
// keys, a bad id, a `base` that does not exist or cycles, a bad `expect`, and, when `protocol`
// is given, a `protocol` id that is not its id or an `expect` naming a step without that rule.
std::optional<ScenarioFile> LoadScenarios(const std::string& path, const Protocol* protocol,
                                          std::vector<Diagnostic>& diagnostics);
std::optional<ScenarioFile> ParseScenarios(std::string_view bytes, const std::string& displayPath,
                                           const Protocol* protocol, std::vector<Diagnostic>& diagnostics);

struct ScenarioResult {
    RunOutcome outcome = RunOutcome::Failed; // Failed: the run itself could not go on (message says why)
    std::string stop;                        // the step whose hard stop ended it, when stopped
    std::vector<std::string> warnings;       // the steps whose warning or limit was raised (sorted, unique)
    std::string message;                     // RunScript's own words
    bool passed = false;
    std::string difference;                  // when not passed: exactly what differed, for a person
};

const char* ToString(RunOutcome outcome); // "completed", "stopped", "abandoned", "failed"

// Runs one scenario in a fresh session (records in a temporary folder removed afterwards) and
// compares it with its expectation. The outcome, stop and warnings are read from the session's
// state and events. Throws IoError when no temporary folder can be made.
ScenarioResult RunScenario(const ProtocolPtr& protocol, const Scenario& scenario);

// Warnings for `validate`: `scenario-fails` for each failing scenario (at its id), and
// `rule-not-tested` at each hard stop, warning and measurement limit (top-level and round
// steps) that no passing scenario reaches (reached: it stopped there, or the step is among its
// raised warnings). `results` is indexed like `file.scenarios`.
std::vector<Diagnostic> CheckScenarioCoverage(const Protocol& protocol, const ScenarioFile& file,
                                              const std::vector<ScenarioResult>& results);

// What `checklistctl validate` says about a valid protocol's scenarios (`scenariosPath`; empty:
// DefaultScenariosPath(protocol->path)): one warning `no-scenarios` when there is no such file;
// the file's own diagnostics when it is malformed (errors); else CheckScenarioCoverage after
// running every scenario.
std::vector<Diagnostic> CheckProtocolScenarios(const ProtocolPtr& protocol, const std::string& scenariosPath = {});

} // namespace kc
