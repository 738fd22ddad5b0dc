#pragma once
// The review copy (kc/protocol/render.hpp) with the scenarios shipped beside the protocol
// (kc/ops/scenarios.hpp): a "Scenarios" section listing each one's id, title and expected
// outcome, stop and warnings, so that the reviewer sees what the protocol was tested against.
// `checklistctl show --format markdown|html` and docs/protocols/*.md use these.
#include <string>

#include "kc/ops/scenarios.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

// The section alone ("" when the protocol has no scenarios file; a line saying so when the file
// cannot be read).
std::string ScenariosSectionMarkdown(const Protocol& protocol);
std::string ScenariosSectionHtml(const Protocol& protocol);

// RenderMarkdown / RenderHtml with the section at the end.
std::string RenderReviewMarkdown(const Protocol& protocol);
std::string RenderReviewHtml(const Protocol& protocol);

} // namespace kc
