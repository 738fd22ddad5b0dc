#pragma once
// Whether a step's condition can hold, given what each earlier step can answer. Private to
// the loader (references.cpp).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"

namespace kc::loader {

// What an earlier step can hold when a later condition is evaluated.
struct AnswerDomain {
    bool multiple = false;           // multiple choice: any subset of `values` (the empty one too)
    bool canBeAbsent = false;        // single-valued: also no answer (not shown, or skipped)
    std::vector<std::string> values; // answers that do not stop the session; none if never shown
    std::vector<std::string> alone;  // multiple choice: the options selected only alone
};

enum class Satisfiability { Satisfiable, Unsatisfiable, TooComplex };

// The search may take this many steps per node (equals, any, all, not) of the condition.
inline constexpr std::size_t kSearchStepsPerConditionNode = 1024;

// Whether some answers, each step the condition names holding any answer its domain allows
// independently of the other steps, make `condition` true. Exact; TooComplex when deciding
// takes more than kSearchStepsPerConditionNode × the condition's size, or nests deeper than
// 1,000 levels (the question is NP-complete, see docs/protocol-format.md section 8), so the
// whole check stays linear in the protocol's size. Every step `condition` names must be in
// `domains`.
Satisfiability Satisfiable(const Condition& condition, const std::map<std::string, AnswerDomain>& domains);

} // namespace kc::loader
