// Cross-step checks: a condition may only look back at earlier steps, with values those
// steps can take, and every step must be reachable: its condition must hold for some answers
// to the steps it names, each step taken alone (satisfiable.hpp). A round step looks back at
// the top-level steps up to its schedule's `from` and at the earlier steps of its own round.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "references.hpp"
#include "rounds_loader.hpp"
#include "satisfiable.hpp"
#include "kc/base/text.hpp"

namespace kc::loader {
namespace {

// The step an equals condition names, or null once what is wrong with the name is reported.
using Resolver = std::function<const Step*(const Condition&)>;

struct Context {
    Checker& checker;
    const std::set<std::string>& unreliable;
    const Resolver& resolve;
    bool ok = true;
};

void CheckCondition(Context& ctx, const Condition& c) {
    if (c.op != Condition::Op::Equals) {
        for (const auto& child : c.children) CheckCondition(ctx, child);
        return;
    }
    const Step* referenced = ctx.resolve(c);
    if (referenced == nullptr || ctx.unreliable.count(c.step) > 0) {
        ctx.ok = false;
        return;
    }
    const auto allowed = referenced->AllowedValues();
    if (allowed.empty()) {
        ctx.checker.Error(c.stepPos, "kind-mismatch",
                          fmt::format("step '{}' is {}; conditions can only use yes/no and choice answers "
                                      "(no arithmetic on recorded values)",
                                      c.step, ToString(referenced->kind)));
        ctx.ok = false;
    } else if (std::find(allowed.begin(), allowed.end(), c.value) == allowed.end()) {
        ctx.checker.Error(c.valuePos, "unknown-answer",
                          fmt::format("'{}' is not an answer of step '{}' (answers: {})", c.value, c.step,
                                      fmt::join(allowed, ", ")));
        ctx.ok = false;
    }
}

// A name that is no step the condition may use: a step of a round it is not in, or none at all.
void ReportUnknown(Checker& checker, const Protocol& protocol, const Condition& c, const RoundSchedule* within,
                   const std::vector<std::string>& candidates) {
    if (const RoundSchedule* owner = RoundsOwning(protocol, c.step); owner != nullptr && owner != within) {
        checker.Error(c.stepPos, "unknown-reference",
                      fmt::format("condition refers to step '{}' of rounds '{}'; only that schedule's own later "
                                  "steps can use its answers",
                                  c.step, owner->id));
        return;
    }
    const auto suggestion = ClosestMatch(c.step, candidates);
    checker.Error(c.stepPos, "unknown-reference",
                  fmt::format("condition refers to unknown step '{}'{}", c.step,
                              suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
}

void ReportLater(Checker& checker, const Condition& c, const std::string& self, std::size_t target,
                 std::size_t position, int targetLine) {
    if (target == position)
        checker.Error(c.stepPos, "forward-reference",
                      fmt::format("step '{}' depends on its own answer (a cycle)", self));
    else
        checker.Error(c.stepPos, "forward-reference",
                      fmt::format("condition refers to step '{}', which comes later (line {}); a condition may only "
                                  "use earlier answers",
                                  c.step, targetLine));
}

// Checks each step's condition in order and its reachability given what the steps before it
// can answer (`domains`, extended with each step). In the walk (`walkOrder`), an earlier
// required, always-shown step whose every answer stops the session makes every later step
// unreachable; a round's steps are answered in any order, so there it does not.
void CheckSteps(Checker& checker, const std::vector<Step>& steps, const std::set<std::string>& unreliable,
                std::map<std::string, AnswerDomain>& domains, bool walkOrder,
                const std::function<Resolver(std::size_t)>& resolverFor) {
    bool blocked = false;
    bool reportedBlocked = false;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Step& step = steps[i];
        bool reachable = !blocked;
        const Resolver resolve = resolverFor(i);
        Context ctx{checker, unreliable, resolve};
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
            for (const auto& option : step.options)
                if (option.exclusive) domain.alone.push_back(option.id);
        }
        const bool allStop = reachable && !step.AllowedValues().empty() && domain.values.empty();
        if (walkOrder && allStop && !step.when && step.required && !domain.multiple) blocked = true;
        domains[step.id] = std::move(domain);
    }
}

} // namespace

void CheckReferences(Checker& checker, const Protocol& protocol, const std::set<std::string>& unreliable) {
    std::map<std::string, AnswerDomain> domains;
    CheckSteps(checker, protocol.steps, unreliable, domains, true, [&](std::size_t i) -> Resolver {
        return [&checker, &protocol, i](const Condition& c) -> const Step* {
            const auto target = protocol.StepIndex(c.step);
            if (!target) {
                std::vector<std::string> earlier;
                for (std::size_t k = 0; k < i; ++k) earlier.push_back(protocol.steps[k].id);
                ReportUnknown(checker, protocol, c, nullptr, earlier);
                return nullptr;
            }
            if (*target >= i) {
                ReportLater(checker, c, protocol.steps[i].id, *target, i, protocol.steps[*target].pos.line);
                return nullptr;
            }
            return &protocol.steps[*target];
        };
    });
    // Each schedule's steps, after every top-level step: the top-level domains do not depend on
    // the rounds, and a round step's condition names only top-level steps up to `from` (checked
    // here) or earlier steps of the same round.
    for (const RoundSchedule& rounds : protocol.rounds) {
        std::map<std::string, AnswerDomain> roundDomains = domains;
        const auto from = protocol.StepIndex(rounds.from); // checked by CheckRoundAnchors
        CheckSteps(checker, rounds.steps, unreliable, roundDomains, false, [&](std::size_t i) -> Resolver {
            return [&checker, &protocol, &rounds, from, i](const Condition& c) -> const Step* {
                if (const auto own = rounds.StepIndex(c.step)) {
                    if (*own >= i) {
                        ReportLater(checker, c, rounds.steps[i].id, *own, i, rounds.steps[*own].pos.line);
                        return nullptr;
                    }
                    return &rounds.steps[*own];
                }
                const auto target = protocol.StepIndex(c.step);
                if (!target) {
                    std::vector<std::string> candidates;
                    for (std::size_t k = 0; k < i; ++k) candidates.push_back(rounds.steps[k].id);
                    for (std::size_t k = 0; from && k <= *from; ++k) candidates.push_back(protocol.steps[k].id);
                    ReportUnknown(checker, protocol, c, &rounds, candidates);
                    return nullptr;
                }
                if (from && *target > *from) {
                    checker.Error(c.stepPos, "forward-reference",
                                  fmt::format("condition refers to step '{}' (line {}), which comes after the "
                                              "schedule's 'from' step '{}'; a round step's condition may name "
                                              "top-level steps up to 'from' and earlier steps of its own round",
                                              c.step, protocol.steps[*target].pos.line, rounds.from));
                    return nullptr;
                }
                return &protocol.steps[*target];
            };
        });
    }
}

} // namespace kc::loader
