#pragma once
// The validator's filesystem check of a protocol's evidence reference: `evidence.reference` is
// a repository path (docs/evidence/asra-2018-ketamine.md), so it is looked for in the protocol
// file's folder and each folder above it, up to the repository root (the first folder holding
// .git) or the filesystem's root. Throws nothing.
#include <optional>
#include <string>

#include "kc/base/diagnostic.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

// The file `reference` names, searched from `protocolPath`'s folder upward; nullopt when no
// folder on the way holds it (or `reference` is empty).
std::optional<std::string> FindEvidenceReference(const std::string& protocolPath, const std::string& reference);

// A warning (rule `evidence-not-found`, at `evidence.reference`) when the protocol names an
// evidence reference that is not found from `protocolPath`'s folder upward; nullopt otherwise.
std::optional<Diagnostic> CheckEvidenceReference(const Protocol& protocol, const std::string& protocolPath);

} // namespace kc
