#pragma once
// Human-readable renderings of a protocol: a terminal outline and a review copy for a
// department committee (Markdown or a printable HTML page). Pure functions.
#include <cstdint>
#include <optional>
#include <string>

#include "kc/protocol/model.hpp"

namespace kc {

std::string RenderOutline(const Protocol& protocol);

// The review copy for a department committee: every step with its answer kind, basis,
// citation, grade, certainty, provenance and rules, then the sources. The HTML is one
// self-contained page (no network) that prints cleanly.
std::string RenderMarkdown(const Protocol& protocol);
std::string RenderHtml(const Protocol& protocol);

// One line: "guideline — Cohen 2018 §A2, grade B, certainty low [summary]" or "local policy …".
std::string DescribeBasis(const Protocol& protocol, const Basis& basis);

// A source's short name for a grading line: "Cohen et al. 2018" (the citation's first word, the
// first author's surname, and the year `published` gives, else the first year in the
// citation); "ASA 2023" when the first word is an acronym; the source id when the citation
// does not start with a name.
std::string ShortSourceName(const Source& source);

// A guideline basis's grading in one line, as a quote shows it: "Cohen et al. 2018 A3, C, low";
// "grade not given" and "certainty not given" where the reference gives none.
std::string DescribeGrading(const Protocol& protocol, const Basis& basis);

// One line for a condition: "shown when cv-risk = yes and not (…)".
std::string DescribeCondition(const Condition& condition);

// A schedule's duration as the format writes it: "15 min", "2 h" (whole hours), "90 min".
std::string DescribeDuration(std::int64_t ms);

// Limits as a range of values that trigger them: "below 50 or above 120", "below 94", "above 9".
std::string DescribeBounds(const std::optional<std::string>& below, const std::optional<std::string>& above);

} // namespace kc
