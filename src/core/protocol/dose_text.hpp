#pragma once
// The dose-as-target rule of the loader (docs/protocol-format.md, "Dose statements"): where a
// dose figure may appear in a step, and what a step quoting a dose statement may ask and raise.
// Private to the protocol loader; reports through the Checker, throws nothing.
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::loader {

// A text of a step shown to the clinician as what to answer: its prompt, an option label, a
// rule's or the limits' message; `what` names it in a message ("a prompt").
struct StepText {
    std::string text;
    SourcePos pos;
    std::string what;
};

// Reports `dose-as-target` at each text with a dose figure and, when one of the step's quotes
// states a dose, at lower-bound or target wording in the texts and at every hard stop or
// warning answer other than "no" (and at limits). `r` reads the step's own mapping.
void CheckDoseText(Checker& checker, const MapReader& r, const Step& step, const std::vector<StepText>& texts);

} // namespace kc::loader
