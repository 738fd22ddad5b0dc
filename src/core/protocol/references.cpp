// Cross-step checks: a condition may only look back at earlier steps, with values those
// steps can take, and every step must be reachable: its condition must hold for some answers
// to the steps it names, each step taken alone (satisfiable.hpp).
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "references.hpp"
#include "satisfiable.hpp"
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

} // namespace

void CheckReferences(Checker& checker, const Protocol& protocol, const std::set<std::string>& unreliable) {
    std::map<std::string, AnswerDomain> domains;
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
        } else if (step.when && ctx.ok) {
            switch (Satisfiable(*step.when, domains)) {
            case Satisfiability::Satisfiable: break;
            case Satisfiability::Unsatisfiable:
                reachable = false;
                checker.Error(step.when->pos, "unreachable-step",
                              fmt::format("step '{}' can never be shown: no answers to the steps it depends on "
                                          "satisfy its condition (answers that stop the session excluded)",
                                          step.id));
                break;
            case Satisfiability::TooComplex:
                // Not proved either way: refused, never passed. Later steps are judged as if
                // this one could be shown, so that nothing else is reported because of it.
                checker.Error(step.when->pos, "condition-too-complex",
                              fmt::format("could not decide whether step '{}' can ever be shown: its condition "
                                          "ties the steps it names together in more combinations than the "
                                          "validator checks ({} search steps for each equals, any, all or not "
                                          "in it); simplify it, for example so that no step is named in "
                                          "several branches of an 'all'",
                                          step.id, kSearchStepsPerConditionNode));
                break;
            }
        }
        AnswerDomain domain;
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
