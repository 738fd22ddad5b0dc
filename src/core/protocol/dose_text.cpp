#include "dose_text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "kc/protocol/checks.hpp"

namespace kc::loader {

// The dose-as-target rule: a dose figure may appear only in a quote's text (and in help);
// in a prompt, an option label or a rule's message it reads as what to give. A step that
// quotes a dose statement asks whether the order was reviewed against it: it may stop or
// warn only on "no" and never speaks of a lower bound or a target.
void CheckDoseText(Checker& checker, const MapReader& r, const Step& step, const std::vector<StepText>& texts) {
    for (const auto& t : texts)
        if (const auto figure = FindDoseFigure(t.text); !figure.empty())
            checker.Error(t.pos, "dose-as-target",
                          fmt::format("a dose figure in {} reads as what to give; quote the guideline's "
                                      "statement in `quotes` ('{}' here)",
                                      t.what, figure));
    const bool quotesDose = std::any_of(step.quotes.begin(), step.quotes.end(),
                                        [](const Quote& q) { return !FindDoseFigure(q.text).empty(); });
    if (!quotesDose) return;
    for (const auto& t : texts)
        if (const auto wording = FindTargetWording(t.text); !wording.empty())
            checker.Error(t.pos, "dose-as-target",
                          fmt::format("'{}' in {} reads as a dose target; a step quoting a dose statement "
                                      "asks whether the order was reviewed against it, never for more or less",
                                      wording, t.what));
    for (const char* key : {"hard_stop", "warning"}) {
        const Node* rule = r.Get(key);
        const Node* answers = rule != nullptr && rule->IsMap() ? rule->Find("answers") : nullptr;
        if (answers == nullptr || !answers->IsSequence()) continue;
        for (const auto& value : answers->children)
            if (value.IsScalar() && value.value != kNo)
                checker.Error(value, "dose-as-target",
                              fmt::format("a step quoting a dose statement may raise a {} only on \"no\" (the "
                                          "order was not reviewed against the statement), not on '{}'",
                                          key == std::string_view("warning") ? "warning" : "hard stop",
                                          value.value));
    }
    if (step.limits)
        checker.Error(step.limits->pos, "dose-as-target",
                      "a step quoting a dose statement may raise a warning or hard stop only on \"no\" (the "
                      "order was not reviewed against the statement), never from limits");
}

} // namespace kc::loader
