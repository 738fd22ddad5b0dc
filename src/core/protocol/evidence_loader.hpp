#pragma once
// The evidence of a protocol: the guideline fields of a basis or a quote, the header's
// `evidence: {reference, translated_by}` and a source's `developed_by`, `published` and
// `review_status`. Private to the protocol loader;
// problems are reported through the Checker, nothing is thrown.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::loader {

// The guideline fields of a basis or of a quote (`what` names it in messages), with the same
// checks for both: section, grade, certainty and the reference's provenance tags ([open] and
// "one secondary source" refused). Each source it names is added to `sourceRefs` for the check
// that it exists. Nullopt when the mapping is not valid.
std::optional<Basis> ReadGuideline(Checker& checker, const Node& guideline, std::string_view what,
                                   std::vector<std::pair<std::string, SourcePos>>& sourceRefs);

// Reads `evidence` into protocol.evidenceReference, translatedBy and evidenceReferencePos; a
// reference that is no path inside the repository (absolute, '~', 'C:', '..', '\\', a web
// address) is `invalid-value`. Whether the file exists is the validator's check (kc::ops).
void ReadEvidence(Checker& checker, const Node& node, Protocol& protocol);

// Reads a source's evidence keys from its mapping `r`; `published` is YYYY, YYYY-MM or YYYY-MM-DD.
void ReadSourceEvidence(Checker& checker, MapReader& r, Source& source);

} // namespace kc::loader
