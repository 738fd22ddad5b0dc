#include "rules.hpp"

#include <cctype>
#include <set>

#include "kc/base/clock.hpp"

namespace kc::rules {
namespace {

bool Triggers(const std::optional<Rule>& rule, const Values& values) {
    if (!rule) return false;
    return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
        return std::find(rule->on.begin(), rule->on.end(), v) != rule->on.end();
    });
}

bool Below(const std::string& value, const std::optional<std::string>& limit) {
    return limit && CompareDecimal(value, *limit) < 0;
}

bool Above(const std::string& value, const std::optional<std::string>& limit) {
    return limit && CompareDecimal(value, *limit) > 0;
}

// Digits without leading zeros, for comparing magnitudes.
std::string_view Significant(std::string_view digits) {
    const auto first = digits.find_first_not_of('0');
    return first == std::string_view::npos ? std::string_view() : digits.substr(first);
}

// Compares two unsigned numbers "123.45" by magnitude.
int CompareMagnitude(std::string_view a, std::string_view b) {
    const auto aDot = a.find('.');
    const auto bDot = b.find('.');
    const std::string_view aInt = Significant(a.substr(0, aDot));
    const std::string_view bInt = Significant(b.substr(0, bDot));
    if (aInt.size() != bInt.size()) return aInt.size() < bInt.size() ? -1 : 1;
    if (const int c = aInt.compare(bInt); c != 0) return c < 0 ? -1 : 1;
    std::string aFrac(aDot == std::string_view::npos ? std::string_view() : a.substr(aDot + 1));
    std::string bFrac(bDot == std::string_view::npos ? std::string_view() : b.substr(bDot + 1));
    const std::size_t width = std::max(aFrac.size(), bFrac.size());
    aFrac.resize(width, '0');
    bFrac.resize(width, '0');
    const int c = aFrac.compare(bFrac);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool IsZero(std::string_view unsignedDecimal) {
    return unsignedDecimal.find_first_not_of("0.") == std::string_view::npos;
}

} // namespace

bool IsDecimal(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    const std::size_t intStart = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t intDigits = i - intStart;
    if (intDigits == 0 || intDigits > 9) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    const std::size_t fracStart = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i == s.size() && i - fracStart >= 1 && i - fracStart <= 6;
}

int CompareDecimal(std::string_view a, std::string_view b) {
    const bool aNegative = !a.empty() && a[0] == '-';
    const bool bNegative = !b.empty() && b[0] == '-';
    if (aNegative) a.remove_prefix(1);
    if (bNegative) b.remove_prefix(1);
    // -0 and 0 are the same number.
    const bool aSigned = aNegative && !IsZero(a);
    const bool bSigned = bNegative && !IsZero(b);
    if (aSigned != bSigned) return aSigned ? -1 : 1;
    const int magnitude = CompareMagnitude(a, b);
    return aSigned ? -magnitude : magnitude;
}

Outcome OutcomeOf(const Step& step, const Values& values) {
    if (Triggers(step.hardStop, values)) return {Outcome::Kind::HardStop, step.hardStop->message, false};
    if (step.limits && step.kind == AnswerKind::Measurement && values.size() == 1 && IsDecimal(values[0])) {
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
        return {};
    }
    case AnswerKind::FreeText:
        if (values.size() != 1) return fmt::format("step '{}' takes one text", step.id);
        return CheckProse(values[0], "the answer", true);
    case AnswerKind::Measurement:
        if (values.size() != 1 || !IsDecimal(values[0]))
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

std::string DurationText(std::int64_t ms) {
    const std::int64_t minutes = ms / 60'000;
    if (minutes < 60) return fmt::format("{} min", minutes);
    return minutes % 60 == 0 ? fmt::format("{} h", minutes / 60) : fmt::format("{} h {} min", minutes / 60, minutes % 60);
}

} // namespace kc::rules
