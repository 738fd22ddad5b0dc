#pragma once
// The evidence fields of a protocol: the header's `evidence: {reference, translated_by}` and a
// source's `developed_by`, `published` and `review_status`. Private to the protocol loader;
// problems are reported through the Checker, nothing is thrown.
#include "kc/protocol/model.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::loader {

// Reads `evidence` into protocol.evidenceReference, translatedBy and evidenceReferencePos; a
// reference that is no path inside the repository (absolute, '~', 'C:', '..', '\\', a web
// address) is `invalid-value`. Whether the file exists is the validator's check (kc::ops).
void ReadEvidence(Checker& checker, const Node& node, Protocol& protocol);

// Reads a source's evidence keys from its mapping `r`; `published` is YYYY, YYYY-MM or YYYY-MM-DD.
void ReadSourceEvidence(Checker& checker, MapReader& r, Source& source);

} // namespace kc::loader
