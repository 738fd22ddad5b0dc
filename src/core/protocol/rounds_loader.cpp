// Codes, limits and round timing. Durations are whole minutes or hours and stay within bounds
// a supervision chart can use; limits are decimal text, ordered by comparison alone.
#include "rounds_loader.hpp"

#include <array>
#include <regex>

#include <fmt/format.h>

#include "kc/base/text.hpp"
#include "kc/protocol/checks.hpp"
#include "kc/protocol/render.hpp"

namespace kc::loader {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;

bool Blank(const Node* n) {
    return n == nullptr || n->IsNull() ||
           (n->IsScalar() && n->value.find_first_not_of(" \t\r\n") == std::string::npos);
}

// "<whole number> min" or "<whole number> h", in milliseconds.
std::optional<std::int64_t> ParseDuration(const std::string& text) {
    static const std::regex kDuration("([0-9]{1,5}) (min|h)");
    std::smatch m;
    if (!std::regex_match(text, m, kDuration)) return std::nullopt;
    return std::stoll(m[1]) * (m[2] == "h" ? kHour : kMinute);
}

// A duration key: reported with the accepted form when it is not one.
std::optional<std::int64_t> ReadDuration(Checker& checker, MapReader& r, std::string_view key, bool required) {
    const auto text = r.Text(key, required);
    if (!text) return std::nullopt;
    const auto ms = ParseDuration(*text);
    if (!ms)
        checker.Error(r.At(key), "invalid-duration",
                      fmt::format("'{}: {}' is not a duration; write a whole number of minutes or hours, such as "
                                  "'15 min' or '1 h'",
                                  key, *text));
    return ms;
}

void CheckRange(Checker& checker, const Node& at, std::string_view key, std::int64_t ms, std::int64_t low,
                std::int64_t high, std::string_view why) {
    if (ms >= low && ms <= high) return;
    checker.Error(at, "invalid-duration",
                  fmt::format("'{}' is {}; it must be from {} to {} ({})", key, DescribeDuration(ms), DescribeDuration(low),
                              DescribeDuration(high), why));
}

} // namespace

std::vector<Code> ReadCodes(Checker& checker, const Node& list) {
    std::vector<Code> codes;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& item : list.children) {
        MapReader r(checker, item, "a code", {"system", "code", "display"});
        if (!r.Valid()) continue;
        Code code;
        code.pos = PosOf(item);
        const auto system = r.Text("system", true);
        const auto value = r.Text("code", true);
        code.display = r.Text("display", false).value_or("");
        if (!system || !value) continue;
        if (*system == "loinc") {
            code.system = Code::System::Loinc;
            if (!IsLoincCode(*value))
                checker.Error(r.At("code"), "invalid-code",
                              fmt::format("'{}' is not a LOINC code: 1 to 7 digits, '-' and a correct mod-10 check "
                                          "digit, such as 8867-4",
                                          *value));
        } else if (*system == "snomed") {
            code.system = Code::System::Snomed;
            if (!IsSnomedCtId(*value))
                checker.Error(r.At("code"), "invalid-code",
                              fmt::format("'{}' is not a SNOMED CT id: 6 to 18 digits, no leading zero, partition "
                                          "00, 01, 02, 10, 11 or 12 and a correct Verhoeff check digit, such as "
                                          "22298006",
                                          *value));
        } else {
            checker.Error(r.At("system"), "invalid-code",
                          fmt::format("code system '{}' is not one of loinc, snomed{}", *system,
                                      DidYouMean(*system, {"loinc", "snomed"})));
            continue;
        }
        code.code = *value;
        if (!seen.emplace(*system, *value).second)
            checker.Error(r.At("code"), "duplicate-code",
                          fmt::format("{} code '{}' is already given for this step", *system, *value));
        codes.push_back(std::move(code));
    }
    return codes;
}

std::optional<Limits> ReadLimits(Checker& checker, const Node& node) {
    MapReader r(checker, node, "limits",
                {"below", "above", "message", "second_clinician", "stop_below", "stop_above", "stop_message"});
    if (!r.Valid()) return std::nullopt;
    Limits limits;
    limits.pos = PosOf(node);
    // In the order a value passes them from low to high: each given one must exceed the last.
    struct Bound {
        std::string_view key;
        std::optional<std::string>* into;
    };
    const std::array<Bound, 4> bounds = {Bound{"stop_below", &limits.stopBelow}, Bound{"below", &limits.below},
                                         Bound{"above", &limits.above}, Bound{"stop_above", &limits.stopAbove}};
    const Bound* previous = nullptr;
    for (const auto& bound : bounds) {
        const auto text = r.Text(bound.key, false);
        if (!text) continue;
        if (!IsDecimalText(*text)) {
            checker.Error(r.At(bound.key), "invalid-limits",
                          fmt::format("'{}: {}' is not a number as a measurement is written: an optional '-', 1 to "
                                      "9 digits and optionally '.' with 1 to 6 digits",
                                      bound.key, *text));
            continue;
        }
        if (previous != nullptr && CompareDecimalText(**previous->into, *text) >= 0) {
            // Reported at the stop limit when one of the two is (stop_below before anything else),
            // else at the later one.
            const std::string order = "(limits go stop_below < below < above < stop_above)";
            if (previous->key == "stop_below")
                checker.Error(r.At(previous->key), "invalid-limits",
                              fmt::format("'stop_below: {}' must be less than '{}: {}' {}", **previous->into,
                                          bound.key, *text, order));
            else
                checker.Error(r.At(bound.key), "invalid-limits",
                              fmt::format("'{}: {}' must be greater than '{}: {}' {}", bound.key, *text,
                                          previous->key, **previous->into, order));
        }
        *bound.into = *text;
        previous = &bound;
    }
    const auto given = [&](std::string_view key) {
        const Node* value = r.Get(key);
        return value != nullptr && !value->IsNull();
    };
    const bool warns = given("below") || given("above");
    const bool stops = given("stop_below") || given("stop_above");
    if (!warns && !stops) {
        checker.Error(node, "invalid-limits",
                      "limits give at least one of below, above, stop_below, stop_above");
        return std::nullopt;
    }
    if (warns) {
        if (Blank(r.Get("message")))
            checker.Error(r.Get("message") ? *r.Get("message") : node, "missing-message",
                          "limits with below or above need a 'message' saying what to record when a value is "
                          "outside them");
        else
            limits.message = r.Text("message", false).value_or("");
    }
    if (stops) {
        if (Blank(r.Get("stop_message")))
            checker.Error(r.Get("stop_message") ? *r.Get("stop_message") : node, "missing-message",
                          "a stop limit needs a 'stop_message' saying why the session stops");
        else
            limits.stopMessage = r.Text("stop_message", false).value_or("");
    }
    limits.secondClinician = r.Bool("second_clinician", false);
    return limits;
}

RoundSite ReadRoundTiming(Checker& checker, MapReader& r, RoundSchedule& rounds) {
    RoundSite site;
    if (auto from = r.Text("from", true)) {
        rounds.from = *from;
        site.from = PosOf(r.At("from"));
    }
    const Node* until = r.Get("until");
    const Node* period = r.Get("for");
    if (until != nullptr && period != nullptr)
        checker.Error(*period, "invalid-period",
                      "a schedule gives exactly one of 'until' (a later time point) or 'for' (a period after "
                      "'from'), not both");
    else if (until == nullptr && period == nullptr)
        checker.Error(r.Self(), "invalid-period",
                      "a schedule gives exactly one of 'until' (a later time point) or 'for' (a period after 'from')");
    if (until != nullptr)
        if (auto text = r.Text("until", true)) {
            rounds.until = *text;
            site.until = PosOf(*until);
        }
    const auto every = ReadDuration(checker, r, "every", true);
    if (every) {
        CheckRange(checker, r.At("every"), "every", *every, kMinute, 4 * kHour, "the interval between rounds");
        rounds.everyMs = *every;
    }
    if (const auto grace = ReadDuration(checker, r, "grace", true)) {
        if (every) CheckRange(checker, r.At("grace"), "grace", *grace, 0, *every / 2, "at most half of 'every'");
        rounds.graceMs = *grace;
    }
    if (period != nullptr)
        if (const auto forMs = ReadDuration(checker, r, "for", true)) {
            if (every) CheckRange(checker, r.At("for"), "for", *forMs, *every, 24 * kHour, "at least 'every', at most 24 h");
            rounds.forMs = *forMs;
        }
    return site;
}

const RoundSchedule* RoundsOwning(const Protocol& protocol, const std::string& stepId) {
    for (const auto& rounds : protocol.rounds)
        if (rounds.FindStep(stepId)) return &rounds;
    return nullptr;
}

namespace {

// A time-point step named by `key`: its index among the top-level steps, or null (reported).
std::optional<std::size_t> ResolveAnchor(Checker& checker, const Protocol& protocol, const std::string& stepId,
                                         SourcePos at, std::string_view key, const std::set<std::string>& unreliable) {
    const auto index = protocol.StepIndex(stepId);
    if (!index) {
        if (const RoundSchedule* owner = RoundsOwning(protocol, stepId)) {
            checker.Error(at, "unknown-reference",
                          fmt::format("'{}' names step '{}' of rounds '{}'; it must name a top-level time-point step",
                                      key, stepId, owner->id));
            return std::nullopt;
        }
        std::vector<std::string> timePoints;
        for (const auto& s : protocol.steps)
            if (s.kind == AnswerKind::TimePoint) timePoints.push_back(s.id);
        const auto suggestion = ClosestMatch(stepId, timePoints);
        checker.Error(at, "unknown-reference",
                      fmt::format("'{}' refers to unknown step '{}'{}", key, stepId,
                                  suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
        return std::nullopt;
    }
    if (unreliable.count(stepId) > 0) return std::nullopt;
    const Step& step = protocol.steps[*index];
    if (step.kind != AnswerKind::TimePoint) {
        checker.Error(at, "kind-mismatch",
                      fmt::format("'{}' names step '{}', a {} step; a schedule is anchored on time-point steps", key,
                                  stepId, ToString(step.kind)));
        return std::nullopt;
    }
    return index;
}

} // namespace

void CheckRoundAnchors(Checker& checker, const Protocol& protocol, const std::vector<RoundSite>& sites,
                       const std::set<std::string>& unreliable) {
    for (std::size_t i = 0; i < protocol.rounds.size() && i < sites.size(); ++i) {
        const RoundSchedule& rounds = protocol.rounds[i];
        const RoundSite& site = sites[i];
        if (!rounds.id.empty()) {
            const Step* same = protocol.FindStep(rounds.id);
            if (same == nullptr)
                if (const RoundSchedule* owner = RoundsOwning(protocol, rounds.id)) same = owner->FindStep(rounds.id);
            if (same != nullptr)
                checker.Error(site.id, "duplicate-id",
                              fmt::format("rounds id '{}' is already a step id at line {}", rounds.id, same->pos.line));
        }
        std::optional<std::size_t> from;
        if (!rounds.from.empty()) {
            from = ResolveAnchor(checker, protocol, rounds.from, site.from, "from", unreliable);
            const Phase& phase = protocol.phases[rounds.phase];
            if (from && *from >= phase.firstStep + phase.stepCount) {
                checker.Error(site.from, "invalid-anchor",
                              fmt::format("'from' names step '{}' (line {}), which comes after the schedule; a "
                                          "schedule starts from a time point of its own phase or an earlier one",
                                          rounds.from, protocol.steps[*from].pos.line));
                from.reset();
            }
        }
        if (rounds.until.empty()) continue;
        const auto until = ResolveAnchor(checker, protocol, rounds.until, site.until, "until", unreliable);
        if (from && until && *until <= *from)
            checker.Error(site.until, "invalid-anchor",
                          fmt::format("'until' names step '{}', which {} 'from' step '{}'; it must come later in the "
                                      "walk",
                                      rounds.until, *until == *from ? "is the same as" : "comes before",
                                      rounds.from));
    }
}

} // namespace kc::loader
