#include "kc/ops/script.hpp"

#include <fmt/format.h>

#include "kc/yaml/map_reader.hpp"
#include "kc/yaml/yaml_tree.hpp"
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

} // namespace

std::optional<Script> LoadScript(const std::string& path, std::vector<Diagnostic>& diagnostics) {
    std::string bytes;
    try {
        bytes = ReadFile(path, 4 * 1024 * 1024);
    } catch (const IoError& e) {
        diagnostics.push_back({path, 0, 0, Severity::Error, "io-error", e.what()});
        return std::nullopt;
    }
    return ParseScript(bytes, path, diagnostics);
}

std::optional<Script> ParseScript(std::string_view bytes, const std::string& path, std::vector<Diagnostic>& diagnostics) {
    auto parsed = yamltree::Parse(bytes, path, yamltree::Limits{4 * 1024 * 1024, 16, 200000});
    diagnostics = parsed.diagnostics;
    if (!parsed.ok) return std::nullopt;
    Checker checker(path);
    Script script;
    MapReader top(checker, parsed.root, "an answers file", {"location", "answers", "amendments", "attestation", "abandon"});
    if (top.Valid()) {
        script.location = top.Text("location", false).value_or("");
        script.abandonReason = top.Text("abandon", false).value_or("");
        if (const Node* answers = top.Map("answers", true)) {
            for (std::size_t i = 0; i < answers->MapSize(); ++i) {
                const Node& key = answers->Key(i);
                const Node& value = answers->Value(i);
                ScriptedAnswer answer;
                if (value.IsMap()) {
                    MapReader r(checker, value, "an answer", {"answer", "note", "skip", "justification", "second_clinician"});
                    answer.skip = r.Bool("skip", false);
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
        if (const Node* attestation = top.Map("attestation", false)) {
            MapReader r(checker, *attestation, "the attestation", {"name", "meaning"});
            script.attestation = ev::Attested{r.Text("name", true).value_or(""), r.Text("meaning", true).value_or("")};
        }
    }
    auto& found = checker.Diagnostics();
    diagnostics.insert(diagnostics.end(), found.begin(), found.end());
    if (HasErrors(diagnostics)) return std::nullopt;
    return script;
}

RunResult RunScript(Session& session, const Script& script, const std::function<void(const std::string&)>& progress) {
    const Engine& engine = session.GetEngine();
    const Protocol& protocol = engine.GetProtocol();
    auto fail = [](std::string message) { return RunResult{RunOutcome::Failed, std::move(message)}; };
    auto recorded = [&](const std::string& what) {
        progress(fmt::format("recorded {} (seq {})", what, session.State().lastSeq));
    };
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
            // Amendments without 'after' come once every step is done; they may open steps.
            endAmendmentsDone = true;
            if (auto error = applyAmendments(""); !error.empty()) return fail(error);
            continue;
        }
        const Step& step = protocol.steps[*next];
        const auto it = script.answers.find(step.id);
        if (view.At(*next).status == StepStatus::AwaitingJustification) {
            if (it == script.answers.end() || it->second.justification.empty())
                return fail(fmt::format("step '{}' raised a warning ({}); the answers file gives no justification",
                                        step.id, step.warning->message));
            const Decision d = session.Justify(step.id, it->second.justification, it->second.secondClinician);
            if (!d.Accepted()) return fail(fmt::format("justification for '{}' refused: {}", step.id, d.refusal));
            recorded(fmt::format("justification for {}", step.id));
            continue;
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
            recorded(fmt::format("{} = {}", step.id, fmt::join(it->second.values, ", ")));
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
