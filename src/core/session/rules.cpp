#include "rules.hpp"

#include <cctype>
#include <set>

#include "kc/base/clock.hpp"
#include "kc/protocol/checks.hpp"

namespace kc::rules {
namespace {

bool Triggers(const std::optional<Rule>& rule, const Values& values) {
    if (!rule) return false;
    return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
        return std::find(rule->on.begin(), rule->on.end(), v) != rule->on.end();
    });
}

bool Below(const std::string& value, const std::optional<std::string>& limit) {
    return limit && CompareDecimalText(value, *limit) < 0;
}

bool Above(const std::string& value, const std::optional<std::string>& limit) {
    return limit && CompareDecimalText(value, *limit) > 0;
}

} // namespace

Outcome OutcomeOf(const Step& step, const Values& values) {
    if (Triggers(step.hardStop, values)) return {Outcome::Kind::HardStop, step.hardStop->message, false};
    if (step.limits && step.kind == AnswerKind::Measurement && values.size() == 1 && IsDecimalText(values[0])) {
        const Limits& l = *step.limits;
        if (Below(values[0], l.stopBelow) || Above(values[0], l.stopAbove))
            return {Outcome::Kind::HardStop, l.stopMessage, false};
        if (Below(values[0], l.below) || Above(values[0], l.above))
            return {Outcome::Kind::Warning, l.message, l.secondClinician};
    }
    if (Triggers(step.warning, values))
        return {Outcome::Kind::Warning, step.warning->message, step.warning->secondClinician};
    return {};
}

std::string CheckText(const std::string& text, const char* what, std::size_t maxBytes, bool required,
                      TextRules rules) {
    if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) return fmt::format("{} is required", what);
    if (text.size() > maxBytes) return fmt::format("{} is longer than {} bytes", what, maxBytes);
    if (const auto bad = FindInvalidText(text, rules)) return fmt::format("{}: {}", what, bad->what);
    return {};
}

std::string CheckSecondClinician(const std::string& name, bool required, const Actor& actor) {
    if (!required) return CheckName(name, "the second clinician's name", false);
    if (auto why = CheckName(name, "the second clinician's name", true); !why.empty())
        return why + " (this protocol asks a second clinician to acknowledge this warning)";
    if (name == actor.name) return "the second clinician must be someone other than the operator";
    return {};
}

std::string CheckValues(const Step& step, const Values& values) {
    switch (step.kind) {
    case AnswerKind::YesNo:
    case AnswerKind::YesNoNa:
    case AnswerKind::SingleChoice: {
        if (values.size() != 1) return fmt::format("step '{}' takes exactly one answer", step.id);
        const auto allowed = step.AllowedValues();
        if (std::find(allowed.begin(), allowed.end(), values[0]) == allowed.end())
            return fmt::format("'{}' is not an answer of step '{}' (answers: {})", values[0], step.id,
                               fmt::join(allowed, ", "));
        return {};
    }
    case AnswerKind::MultipleChoice: {
        if (values.empty()) return fmt::format("step '{}' needs at least one selection", step.id);
        std::set<std::string> seen;
        for (const auto& v : values) {
            if (!step.FindOption(v)) return fmt::format("'{}' is not an option of step '{}'", v, step.id);
            if (!seen.insert(v).second) return fmt::format("'{}' is selected twice", v);
        }
        for (const auto& v : values)
            if (const Option* alone = step.FindOption(v); alone->exclusive && values.size() > 1)
                return fmt::format("'{}' ({}) is selected only alone, not together with other options of step '{}'",
                                   alone->label, v, step.id);
        return {};
    }
    case AnswerKind::FreeText:
        if (values.size() != 1) return fmt::format("step '{}' takes one text", step.id);
        return CheckProse(values[0], "the answer", true);
    case AnswerKind::Measurement:
        if (values.size() != 1 || !IsDecimalText(values[0]))
            return fmt::format("step '{}' records one number in {} (for example 72 or 36.8)", step.id, step.unit);
        return {};
    case AnswerKind::TimePoint:
        if (values.size() != 1 || ParseUtcMs(values[0]) < 0)
            return fmt::format("step '{}' records one time: \"now\", or a UTC time such as 2026-12-02T10:15:00.000Z",
                               step.id);
        return {};
    }
    return "unknown answer kind";
}

std::string ClockText(std::int64_t utcMs) { return FormatUtcMs(utcMs).substr(11, 5) + " UTC"; }

} // namespace kc::rules
