#pragma once
// The engine's shared checks (internal to kc::session): text a person enters, conditions,
// recorded numbers and what an answer triggers. Used by engine.cpp and rounds.cpp.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "kc/base/text.hpp"
#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc::rules {

constexpr std::size_t kMaxTextBytes = 4000;
constexpr std::size_t kMaxNameBytes = 200;

// Whether a condition holds, over `answer(stepId)`: the recorded values of a shown, answered
// step, or null.
template <class Answer>
bool Holds(const Condition& c, const Answer& answer) {
    switch (c.op) {
    case Condition::Op::Equals: {
        const Values* v = answer(c.step);
        return v != nullptr && std::find(v->begin(), v->end(), c.value) != v->end();
    }
    case Condition::Op::Not: return !Holds(c.children.front(), answer);
    case Condition::Op::Any:
        return std::any_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Holds(x, answer); });
    case Condition::Op::All:
        return std::all_of(c.children.begin(), c.children.end(), [&](const auto& x) { return Holds(x, answer); });
    }
    return false;
}

// What an answer triggers, and the words that go with it. A hard stop wins over a warning. The
// stop and warning come from the step's rules (an answer value) or from its limits (a
// measurement below or above them); stated here once, for the decisions and for the fold.
struct Outcome {
    enum class Kind { None, HardStop, Warning };
    Kind kind = Kind::None;
    std::string message;
    bool secondClinician = false;
};
Outcome OutcomeOf(const Step& step, const Values& values);

// The one check of text a person enters: at most maxBytes of valid UTF-8 under `rules`
// (kc/base/text.hpp): a name, role, location or patient reference is one line with no control
// and no bidirectional formatting or mark; a note or reason may span lines but holds no C1
// control and no bidirectional formatting. Returns why not, or empty.
std::string CheckText(const std::string& text, const char* what, std::size_t maxBytes, bool required,
                      TextRules rules);

inline std::string CheckName(const std::string& text, const char* what, bool required) {
    return CheckText(text, what, kMaxNameBytes, required, TextRules::Line);
}

inline std::string CheckProse(const std::string& text, const char* what, bool required) {
    return CheckText(text, what, kMaxTextBytes, required, TextRules::Paragraph);
}

// Who records an event: the person who started or resumed the session.
inline std::string CheckActor(const Actor& actor) {
    if (auto why = CheckName(actor.name, "the operator's name", true); !why.empty()) return why;
    return CheckName(actor.role, "the operator's role", true);
}

// A second clinician's name where a warning asks for one: given, and not the operator.
std::string CheckSecondClinician(const std::string& name, bool required, const Actor& actor);

// Why `values` is not a valid answer to `step` (empty when it is). Time points are checked
// apart (engine.cpp): they depend on the session's times.
std::string CheckValues(const Step& step, const Values& values);

// "10:45 UTC" style text for a person: the UTC time of day, to the minute.
std::string ClockText(std::int64_t utcMs);

} // namespace kc::rules
