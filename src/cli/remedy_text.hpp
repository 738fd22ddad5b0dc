#pragma once
// How checklistctl says a remedy the core names: as the command line that carries it out,
// where the core's message says it in plain words (docs/audit-trail-format.md quotes them).
#include <exception>
#include <string>

#include "kc/audit/verifier.hpp"

namespace kc::cli {

// FILE:LINE: what, with the finding's remedy as checklistctl says it.
std::string FindingText(const FileFinding& finding);

// what(), with a kc::Error's remedy as checklistctl says it.
std::string ErrorText(const std::exception& error);

} // namespace kc::cli
