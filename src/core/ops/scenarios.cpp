#include "kc/ops/scenarios.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "script_reader.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/checks.hpp"
#include "kc/yaml/map_reader.hpp"
#include "kc/yaml/yaml_tree.hpp"

namespace kc {
namespace {

using loader::Checker;
using loader::MapReader;
using yamltree::Node;

// Every scenario's clock starts here (2026-01-01T08:00:00Z); times in the file are offsets from it.
constexpr std::int64_t kScenarioEpochMs = 1'767'254'400'000;

// What a scenario gave itself, before its base is merged in.
struct RawScenario {
    Scenario scenario;
    SourcePos basePos;
    SourcePos stopPos;
    std::vector<SourcePos> warningPos;
    std::map<std::string, bool> given; // answers-file keys present
    std::vector<std::pair<std::string, SourcePos>> answerKeys; // this scenario's own answers
};

// A top-level or round step by id.
const Step* AnyStep(const Protocol& protocol, const std::string& id) {
    if (const Step* step = protocol.FindStep(id)) return step;
    for (const auto& rounds : protocol.rounds)
        if (const Step* step = rounds.FindStep(id)) return step;
    return nullptr;
}

bool CanStop(const Step& step) {
    return step.hardStop || (step.limits && (step.limits->stopBelow || step.limits->stopAbove));
}
bool CanWarn(const Step& step) {
    return step.warning || (step.limits && (step.limits->below || step.limits->above));
}

std::optional<RunOutcome> OutcomeNamed(const std::string& text) {
    if (text == "completed") return RunOutcome::Completed;
    if (text == "stopped") return RunOutcome::Stopped;
    if (text == "abandoned") return RunOutcome::Abandoned;
    return std::nullopt;
}

RawScenario ReadScenario(Checker& checker, const Node& item) {
    RawScenario raw;
    Scenario& s = raw.scenario;
    s.pos = loader::PosOf(item);
    MapReader r(checker, item, "a scenario", {"id", "title", "base", "expect", KC_SCRIPT_KEYS});
    if (!r.Valid()) return raw;
    s.id = r.Text("id", true).value_or("");
    if (!s.id.empty() && !IsId(s.id))
        checker.Error(r.At("id"), "invalid-value",
                      fmt::format("scenario id '{}' must be lower-case letters and digits joined by '-' or '_'", s.id));
    if (r.Get("id")) s.pos = loader::PosOf(r.At("id"));
    s.title = r.Text("title", true).value_or("");
    s.base = r.Text("base", false).value_or("");
    raw.basePos = loader::PosOf(r.At("base"));
    for (const char* key : {KC_SCRIPT_KEYS}) raw.given[key] = r.Get(key) != nullptr;
    if (const Node* answers = r.Get("answers"); answers != nullptr && answers->IsMap())
        for (std::size_t i = 0; i < answers->MapSize(); ++i)
            raw.answerKeys.emplace_back(answers->Key(i).value, loader::PosOf(answers->Key(i)));
    scriptreader::ReadScriptFields(checker, r, s.script, s.base.empty());
    if (const Node* expect = r.Map("expect", true)) {
        MapReader e(checker, *expect, "a scenario's expect", {"outcome", "stop", "warnings"});
        s.expect.pos = loader::PosOf(*expect);
        if (!e.Valid()) return raw;
        const std::string outcome = e.Text("outcome", true).value_or("");
        const auto named = OutcomeNamed(outcome);
        if (!outcome.empty() && !named)
            checker.Error(e.At("outcome"), "bad-expect",
                          fmt::format("outcome '{}' is not one of completed, stopped, abandoned", outcome));
        if (named) s.expect.outcome = *named;
        s.expect.stop = e.Text("stop", false).value_or("");
        raw.stopPos = loader::PosOf(e.At("stop"));
        if (named == RunOutcome::Stopped && s.expect.stop.empty() && !e.Get("stop"))
            checker.Error(*expect, "bad-expect", "a stopped outcome names the step whose hard stop ended it: add 'stop'");
        if (named && named != RunOutcome::Stopped && e.Get("stop"))
            checker.Error(e.At("stop"), "bad-expect",
                          fmt::format("'stop' is only for a stopped outcome, and this one is {}", outcome));
        if (const Node* warnings = e.List("warnings", false)) {
            for (const auto& w : warnings->children) {
                if (!w.IsScalar()) {
                    checker.Error(w, "wrong-type", "a warning is named by its step id");
                    continue;
                }
                s.expect.warnings.push_back(w.value);
                raw.warningPos.push_back(loader::PosOf(w));
            }
        }
    }
    return raw;
}

// Merges each scenario's base into it (bases first), reporting unknown bases and cycles.
void ResolveBases(Checker& checker, std::vector<RawScenario>& raws) {
    std::map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < raws.size(); ++i) byId.emplace(raws[i].scenario.id, i);
    enum class Mark { None, Busy, Done, Bad };
    std::vector<Mark> marks(raws.size(), Mark::None);
    std::function<bool(std::size_t)> resolve = [&](std::size_t i) -> bool {
        if (marks[i] == Mark::Done) return true;
        if (marks[i] == Mark::Bad) return false;
        RawScenario& raw = raws[i];
        Scenario& s = raw.scenario;
        if (s.base.empty()) {
            marks[i] = Mark::Done;
            return true;
        }
        const auto found = byId.find(s.base);
        if (found == byId.end()) {
            checker.Error(raw.basePos, "unknown-base",
                          fmt::format("scenario '{}' starts from '{}', which is no scenario of this file", s.id, s.base));
            marks[i] = Mark::Bad;
            return false;
        }
        if (marks[found->second] == Mark::Busy || found->second == i) {
            // Name the cycle from this scenario round to itself.
            std::string chain = s.id;
            std::size_t j = found->second;
            for (int guard = 0; guard < static_cast<int>(raws.size()) + 1; ++guard) {
                chain += " -> " + raws[j].scenario.id;
                if (j == i) break;
                const auto next = byId.find(raws[j].scenario.base);
                if (next == byId.end()) break;
                j = next->second;
            }
            checker.Error(raw.basePos, "base-cycle", fmt::format("the scenarios' bases go round in a cycle: {}", chain));
            marks[i] = Mark::Bad;
            return false;
        }
        marks[i] = Mark::Busy;
        if (!resolve(found->second)) {
            marks[i] = Mark::Bad;
            return false;
        }
        const Script& base = raws[found->second].scenario.script;
        Script merged = base;
        for (const auto& [step, answer] : s.script.answers) merged.answers[step] = answer;
        if (raw.given["location"]) merged.location = s.script.location;
        if (raw.given["amendments"]) merged.amendments = s.script.amendments;
        if (raw.given["rounds"]) merged.rounds = s.script.rounds;
        if (raw.given["end_early"]) merged.earlyEnds = s.script.earlyEnds;
        if (raw.given["attestation"]) merged.attestation = s.script.attestation;
        if (raw.given["abandon"]) merged.abandonReason = s.script.abandonReason;
        // What this scenario now holds counts as given for the ones built on it.
        for (const auto& [key, given] : raws[found->second].given) raw.given[key] = raw.given[key] || given;
        s.script = std::move(merged);
        marks[i] = Mark::Done;
        return true;
    };
    for (std::size_t i = 0; i < raws.size(); ++i) resolve(i);
}

void CheckAgainst(Checker& checker, const Protocol& protocol, const ScenarioFile& file,
                  const std::vector<RawScenario>& raws) {
    if (!file.protocolId.empty() && file.protocolId != protocol.id)
        checker.Error(file.protocolPos, "protocol-mismatch",
                      fmt::format("these scenarios are for protocol '{}', and this protocol is '{}'", file.protocolId,
                                  protocol.id));
    for (const auto& raw : raws) {
        const Scenario& s = raw.scenario;
        for (const auto& [step, at] : raw.answerKeys)
            if (protocol.FindStep(step) == nullptr)
                checker.Error(at, "unknown-step",
                              fmt::format("scenario '{}' answers '{}', which is no step of {} (round steps are "
                                          "answered in `rounds`)",
                                          s.id, step, protocol.id));
        if (!s.expect.stop.empty()) {
            const Step* step = AnyStep(protocol, s.expect.stop);
            if (step == nullptr)
                checker.Error(raw.stopPos, "bad-expect",
                              fmt::format("scenario '{}' expects a stop at '{}', which is no step of {}", s.id,
                                          s.expect.stop, protocol.id));
            else if (!CanStop(*step))
                checker.Error(raw.stopPos, "bad-expect",
                              fmt::format("scenario '{}' expects a stop at '{}', a step with no hard stop", s.id,
                                          s.expect.stop));
        }
        for (std::size_t k = 0; k < s.expect.warnings.size(); ++k) {
            const Step* step = AnyStep(protocol, s.expect.warnings[k]);
            if (step == nullptr)
                checker.Error(raw.warningPos[k], "bad-expect",
                              fmt::format("scenario '{}' expects a warning at '{}', which is no step of {}", s.id,
                                          s.expect.warnings[k], protocol.id));
            else if (!CanWarn(*step))
                checker.Error(raw.warningPos[k], "bad-expect",
                              fmt::format("scenario '{}' expects a warning at '{}', a step with no warning or limits",
                                          s.id, s.expect.warnings[k]));
        }
    }
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string Described(RunOutcome outcome, const std::string& stop) {
    if (outcome == RunOutcome::Stopped) return "stopped at " + stop;
    return ToString(outcome);
}

// A folder under the system's temporary folder, removed with everything in it.
class ScratchFolder {
public:
    ScratchFolder() {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::path base = fs::temp_directory_path(ec);
        if (ec) base = "/tmp";
        std::string name = (base / "checklistctl-scenario-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr)
            throw IoError(fmt::format("{}: cannot make a temporary records folder for the scenarios", name));
        m_path = name;
    }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const std::string& Path() const { return m_path; }

private:
    std::string m_path;
};

// Where each step's `hard_stop` and `warning` keys are in the protocol's own bytes (the model
// keeps only the step's place): step id -> key -> place.
std::map<std::string, std::map<std::string, SourcePos>> RulePlaces(const Protocol& protocol) {
    std::map<std::string, std::map<std::string, SourcePos>> places;
    auto parsed = yamltree::Parse(protocol.bytes, protocol.path, yamltree::Limits{16 * 1024 * 1024, 64, 2000000});
    if (!parsed.ok) return places;
    std::function<void(const Node&)> walk = [&](const Node& node) {
        if (node.IsMap()) {
            const Node* id = node.Find("id");
            if (id != nullptr && id->IsScalar() && node.Find("prompt") != nullptr) {
                for (std::size_t i = 0; i < node.MapSize(); ++i) {
                    const Node& key = node.Key(i);
                    if (key.value == "hard_stop" || key.value == "warning")
                        places[id->value].emplace(key.value, loader::PosOf(key));
                }
            }
        }
        for (const auto& child : node.children) walk(child);
    };
    walk(parsed.root);
    return places;
}

} // namespace

const char* ToString(RunOutcome outcome) {
    switch (outcome) {
    case RunOutcome::Completed: return "completed";
    case RunOutcome::Stopped: return "stopped";
    case RunOutcome::Abandoned: return "abandoned";
    case RunOutcome::Failed: break;
    }
    return "failed";
}

std::string DefaultScenariosPath(const std::string& protocolPath) {
    std::filesystem::path p(protocolPath);
    const auto ext = p.extension();
    if (ext == ".yaml" || ext == ".yml") p.replace_extension();
    return p.string() + ".scenarios.yaml";
}

std::optional<ScenarioFile> LoadScenarios(const std::string& path, const Protocol* protocol,
                                          std::vector<Diagnostic>& diagnostics) {
    const auto bytes = scriptreader::ReadInputFile(path, diagnostics);
    if (!bytes) return std::nullopt;
    return ParseScenarios(*bytes, path, protocol, diagnostics);
}

std::optional<ScenarioFile> ParseScenarios(std::string_view bytes, const std::string& path, const Protocol* protocol,
                                           std::vector<Diagnostic>& diagnostics) {
    auto parsed = yamltree::Parse(bytes, path, yamltree::Limits{4 * 1024 * 1024, 16, 200000});
    diagnostics = parsed.diagnostics;
    if (!parsed.ok) return std::nullopt;
    Checker checker(path);
    ScenarioFile file;
    file.path = path;
    std::vector<RawScenario> raws;
    MapReader top(checker, parsed.root, "a scenarios file", {"protocol", "scenarios"});
    if (top.Valid()) {
        file.protocolId = top.Text("protocol", true).value_or("");
        file.protocolPos = loader::PosOf(top.At("protocol"));
        if (const Node* list = top.List("scenarios", true)) {
            std::map<std::string, int> seen;
            for (const auto& item : list->children) {
                RawScenario raw = ReadScenario(checker, item);
                const std::string& id = raw.scenario.id;
                if (!id.empty()) {
                    const auto [it, inserted] = seen.emplace(id, raw.scenario.pos.line);
                    if (!inserted)
                        checker.Error(raw.scenario.pos, "duplicate-id",
                                      fmt::format("scenario id '{}' is used already, on line {}", id, it->second));
                }
                raws.push_back(std::move(raw));
            }
            if (list->children.empty()) checker.Error(*list, "missing-key", "the scenarios file lists no scenario");
        }
    }
    if (!HasErrors(checker.Diagnostics())) ResolveBases(checker, raws);
    if (protocol != nullptr && !HasErrors(checker.Diagnostics())) CheckAgainst(checker, *protocol, file, raws);
    auto& found = checker.Diagnostics();
    std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    if (HasErrors(diagnostics)) return std::nullopt;
    for (auto& raw : raws) {
        raw.scenario.expect.warnings = SortedUnique(raw.scenario.expect.warnings);
        file.scenarios.push_back(std::move(raw.scenario));
    }
    return file;
}

ScenarioResult RunScenario(const ProtocolPtr& protocol, const Scenario& scenario) {
    ScenarioResult result;
    {
        ScratchFolder scratch;
        RecordsFolder records(scratch.Path() + "/records");
        ManualClock clock(kScenarioEpochMs, 0);
        SequentialIdGenerator ids("scenario");
        const auto log = MakeNullDiagnosticLog();
        SessionEnv env{records, clock, ids, *log, nullptr, nullptr, "being tested by checklistctl test"};
        const AdvanceClock advance = [&clock](std::int64_t utcMs) {
            clock.Advance(utcMs - clock.UtcMs());
            return true;
        };
        std::string refusal;
        const auto session = Session::Start(
            protocol, {{"Scenario test", "anesthesiologist"}, "SCENARIO-" + scenario.id, scenario.script.location}, env,
            refusal);
        if (!session) {
            result.message = "the session cannot start: " + refusal;
        } else {
            RunResult run;
            try {
                run = RunScript(*session, scenario.script, [](const std::string&) {}, advance);
            } catch (const Error& e) {
                run.message = e.what();
            }
            result.message = run.message;
            const SessionState& state = session->State();
            switch (state.status) {
            case SessionStatus::Completed: result.outcome = RunOutcome::Completed; break;
            case SessionStatus::Stopped: result.outcome = RunOutcome::Stopped; break;
            case SessionStatus::Abandoned: result.outcome = RunOutcome::Abandoned; break;
            default: result.outcome = RunOutcome::Failed; break;
            }
            if (run.outcome == RunOutcome::Failed) result.outcome = RunOutcome::Failed;
            if (state.status == SessionStatus::Stopped) result.stop = state.stopStep;
            for (const Event& event : session->Events()) {
                if (const auto* w = std::get_if<ev::WarningRaised>(&event.body)) result.warnings.push_back(w->step);
                if (const auto* o = std::get_if<ev::ObservationRecorded>(&event.body); o && !o->warning.empty())
                    result.warnings.push_back(o->step);
            }
            result.warnings = SortedUnique(result.warnings);
        }
    }
    const ScenarioExpect& expect = scenario.expect;
    std::vector<std::string> differences;
    if (result.outcome == RunOutcome::Failed) {
        differences.push_back(fmt::format("expected {}, but the run could not go on: {}",
                                          Described(expect.outcome, expect.stop), result.message));
    } else if (result.outcome != expect.outcome || result.stop != expect.stop) {
        differences.push_back(fmt::format("expected {}, got {}", Described(expect.outcome, expect.stop),
                                          Described(result.outcome, result.stop)));
    }
    if (result.outcome != RunOutcome::Failed && result.warnings != expect.warnings)
        differences.push_back(fmt::format("warnings expected [{}] got [{}]", fmt::join(expect.warnings, ", "),
                                          fmt::join(result.warnings, ", ")));
    result.passed = differences.empty();
    result.difference = fmt::format("{}", fmt::join(differences, "; "));
    return result;
}

std::vector<Diagnostic> CheckScenarioCoverage(const Protocol& protocol, const ScenarioFile& file,
                                              const std::vector<ScenarioResult>& results) {
    std::vector<Diagnostic> out;
    std::set<std::string> stops, warnings;
    for (std::size_t i = 0; i < file.scenarios.size() && i < results.size(); ++i) {
        const Scenario& s = file.scenarios[i];
        const ScenarioResult& r = results[i];
        if (!r.passed) {
            out.push_back({file.path, s.pos.line, s.pos.column, Severity::Warning, "scenario-fails",
                           fmt::format("scenario '{}' ({}) fails: {}", s.id, s.title, r.difference)});
            continue;
        }
        if (r.outcome == RunOutcome::Stopped) stops.insert(r.stop);
        warnings.insert(r.warnings.begin(), r.warnings.end());
    }
    auto untested = [&](SourcePos pos, const Step& step, std::string_view what) {
        out.push_back({protocol.path, pos.line, pos.column, Severity::Warning, "rule-not-tested",
                       fmt::format("no passing scenario in {} reaches the {} of step '{}'", file.path, what, step.id)});
    };
    const auto places = RulePlaces(protocol);
    auto placeOf = [&](const Step& step, const std::string& key) {
        const auto found = places.find(step.id);
        if (found == places.end()) return step.pos;
        const auto at = found->second.find(key);
        return at == found->second.end() ? step.pos : at->second;
    };
    auto check = [&](const Step& step) {
        if (step.hardStop && !stops.count(step.id)) untested(placeOf(step, "hard_stop"), step, "hard stop");
        if (step.warning && !warnings.count(step.id)) untested(placeOf(step, "warning"), step, "warning");
        if (step.limits) {
            if ((step.limits->below || step.limits->above) && !warnings.count(step.id))
                untested(step.limits->pos, step, "warning limit");
            if ((step.limits->stopBelow || step.limits->stopAbove) && !stops.count(step.id))
                untested(step.limits->pos, step, "stop limit");
        }
    };
    for (const Step& step : protocol.steps) check(step);
    for (const auto& rounds : protocol.rounds)
        for (const Step& step : rounds.steps) check(step);
    return out;
}

std::vector<Diagnostic> CheckProtocolScenarios(const ProtocolPtr& protocol, const std::string& scenariosPath) {
    const std::string path = scenariosPath.empty() ? DefaultScenariosPath(protocol->path) : scenariosPath;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return {Diagnostic{protocol->path, 0, 0, Severity::Warning, "no-scenarios",
                           fmt::format("no scenarios file ({}): write one that reaches each hard stop, warning and "
                                       "limit, and run it with checklistctl test",
                                       path)}};
    std::vector<Diagnostic> diagnostics;
    const auto file = LoadScenarios(path, protocol.get(), diagnostics);
    if (!file) return diagnostics;
    std::vector<ScenarioResult> results;
    for (const auto& scenario : file->scenarios) results.push_back(RunScenario(protocol, scenario));
    auto coverage = CheckScenarioCoverage(*protocol, *file, results);
    diagnostics.insert(diagnostics.end(), coverage.begin(), coverage.end());
    return diagnostics;
}

} // namespace kc
