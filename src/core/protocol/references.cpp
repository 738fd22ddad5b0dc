// Cross-step checks: a condition may only look back at earlier steps, with values those
// steps can take, and every step must be reachable by some sequence of answers.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "references.hpp"
#include "kc/base/text.hpp"

namespace kc::loader {
namespace {

struct Context {
    Checker& checker;
    const Protocol& protocol;
    const std::set<std::string>& unreliable;
    std::size_t stepIndex;
    bool ok = true;
};

void CheckCondition(Context& ctx, const Condition& c) {
    if (c.op != Condition::Op::Equals) {
        for (const auto& child : c.children) CheckCondition(ctx, child);
        return;
    }
    const Step& self = ctx.protocol.steps[ctx.stepIndex];
    const auto target = ctx.protocol.StepIndex(c.step);
    if (!target) {
        std::vector<std::string> earlier;
        for (std::size_t i = 0; i < ctx.stepIndex; ++i) earlier.push_back(ctx.protocol.steps[i].id);
        const auto suggestion = ClosestMatch(c.step, earlier);
        ctx.checker.Error(c.stepPos, "unknown-reference",
                          fmt::format("condition refers to unknown step '{}'{}", c.step,
                                      suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
        ctx.ok = false;
        return;
    }
    if (*target == ctx.stepIndex) {
        ctx.checker.Error(c.stepPos, "forward-reference",
                          fmt::format("step '{}' depends on its own answer (a cycle)", self.id));
        ctx.ok = false;
        return;
    }
    if (*target > ctx.stepIndex) {
        ctx.checker.Error(c.stepPos, "forward-reference",
                          fmt::format("condition refers to step '{}', which comes later (line {}); a condition "
                                      "may only use earlier answers",
                                      c.step, ctx.protocol.steps[*target].pos.line));
        ctx.ok = false;
        return;
    }
    const Step& referenced = ctx.protocol.steps[*target];
    if (ctx.unreliable.count(c.step) > 0) {
        ctx.ok = false;
        return;
    }
    const auto allowed = referenced.AllowedValues();
    if (allowed.empty()) {
        ctx.checker.Error(c.stepPos, "kind-mismatch",
                          fmt::format("step '{}' is {}; conditions can only use yes/no and choice answers "
                                      "(no arithmetic on recorded values)",
                                      c.step, ToString(referenced.kind)));
        ctx.ok = false;
    } else if (std::find(allowed.begin(), allowed.end(), c.value) == allowed.end()) {
        ctx.checker.Error(c.valuePos, "unknown-answer",
                          fmt::format("'{}' is not an answer of step '{}' (answers: {})", c.value, c.step,
                                      fmt::join(allowed, ", ")));
        ctx.ok = false;
    }
}

// What a referenced step can hold when a later condition is evaluated.
struct Domain {
    bool multiple = false;
    bool canBeAbsent = false;           // not shown, or not required
    std::vector<std::string> values;    // single-valued: one of these; multiple: any subset
};

bool Evaluate(const Condition& c, const std::map<std::string, std::set<std::string>>& answers) {
    switch (c.op) {
    case Condition::Op::Equals: {
        const auto it = answers.find(c.step);
        return it != answers.end() && it->second.count(c.value) > 0;
    }
    case Condition::Op::Not: return !Evaluate(c.children.front(), answers);
    case Condition::Op::Any:
        return std::any_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Evaluate(x, answers); });
    case Condition::Op::All:
        return std::all_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Evaluate(x, answers); });
    }
    return false;
}

void CollectAtoms(const Condition& c, std::map<std::string, std::set<std::string>>& atoms) {
    if (c.op == Condition::Op::Equals) atoms[c.step].insert(c.value);
    for (const auto& child : c.children) CollectAtoms(child, atoms);
}

// Tries every combination of the referenced steps' possible answers (answers that hard-stop
// the session excluded). Returns false only when no combination satisfies the condition;
// returns true when it does, or when there are too many combinations to try.
bool Satisfiable(const Condition& condition, const std::map<std::string, Domain>& domains) {
    std::map<std::string, std::set<std::string>> atoms;
    CollectAtoms(condition, atoms);
    // Each referenced step contributes a list of alternatives, each a set of held values.
    std::vector<std::pair<std::string, std::vector<std::set<std::string>>>> choices;
    std::size_t combinations = 1;
    for (const auto& [stepId, values] : atoms) {
        const Domain& d = domains.at(stepId);
        std::vector<std::set<std::string>> alternatives;
        if (d.multiple) {
            // Only the atoms matter: every subset of the atoms the step can actually select.
            std::vector<std::string> selectable;
            for (const auto& v : values)
                if (std::find(d.values.begin(), d.values.end(), v) != d.values.end()) selectable.push_back(v);
            if (selectable.size() > 12) return true;
            // A required multiple choice holds at least one selection (possibly not an atom).
            for (std::size_t mask = 0; mask < (std::size_t{1} << selectable.size()); ++mask) {
                std::set<std::string> held;
                for (std::size_t k = 0; k < selectable.size(); ++k)
                    if (mask & (std::size_t{1} << k)) held.insert(selectable[k]);
                alternatives.push_back(std::move(held));
            }
        } else {
            for (const auto& v : d.values) alternatives.push_back({v});
            if (d.canBeAbsent) alternatives.push_back({});
        }
        combinations *= std::max<std::size_t>(alternatives.size(), 1);
        if (combinations > 65536) return true;
        choices.emplace_back(stepId, std::move(alternatives));
    }
    std::vector<std::size_t> index(choices.size(), 0);
    for (;;) {
        std::map<std::string, std::set<std::string>> answers;
        bool empty = false;
        for (std::size_t k = 0; k < choices.size(); ++k) {
            if (choices[k].second.empty()) {
                empty = true; // a step that cannot hold any answer
                break;
            }
            answers[choices[k].first] = choices[k].second[index[k]];
        }
        if (!empty && Evaluate(condition, answers)) return true;
        std::size_t k = 0;
        while (k < choices.size() && ++index[k] >= std::max<std::size_t>(choices[k].second.size(), 1)) index[k++] = 0;
        if (k == choices.size() || empty) return false;
    }
}

} // namespace

void CheckReferences(Checker& checker, const Protocol& protocol, const std::set<std::string>& unreliable) {
    std::map<std::string, Domain> domains;
    bool blocked = false; // an earlier required, always-shown step stops every session
    bool reportedBlocked = false;
    for (std::size_t i = 0; i < protocol.steps.size(); ++i) {
        const Step& step = protocol.steps[i];
        bool reachable = !blocked;
        Context ctx{checker, protocol, unreliable, i};
        if (step.when) CheckCondition(ctx, *step.when); // references are checked in every step
        if (blocked) {
            if (!reportedBlocked)
                checker.Error(step.pos, "unreachable-step",
                              fmt::format("step '{}' and every step after it can never be reached: every answer "
                                          "to an earlier required step is a hard stop",
                                          step.id));
            reportedBlocked = true;
        } else if (step.when) {
            if (ctx.ok && !Satisfiable(*step.when, domains)) {
                reachable = false;
                checker.Error(step.when->pos, "unreachable-step",
                              fmt::format("step '{}' can never be shown: no answers to the steps it depends on "
                                          "satisfy its condition (answers that stop the session excluded)",
                                          step.id));
            }
        }
        Domain domain;
        domain.multiple = step.kind == AnswerKind::MultipleChoice;
        domain.canBeAbsent = step.when.has_value() || !step.required;
        if (reachable) {
            for (auto& value : step.AllowedValues()) {
                const bool stops = step.hardStop && std::find(step.hardStop->on.begin(), step.hardStop->on.end(),
                                                              value) != step.hardStop->on.end();
                if (!stops) domain.values.push_back(value);
            }
        }
        const bool allStop = reachable && !step.AllowedValues().empty() && domain.values.empty();
        if (allStop && !step.when && step.required && !domain.multiple) blocked = true;
        domains[step.id] = std::move(domain);
    }
}

} // namespace kc::loader
