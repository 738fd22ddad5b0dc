#pragma once
// How checklistctl says a remedy the core names: as the command line that carries it out,
// where the core's message says it in plain words (docs/audit-trail-format.md quotes them).
#include <exception>
#include <optional>
#include <string>

#include "kc/audit/verifier.hpp"

namespace kc::cli {

// FILE:LINE: what, with the finding's remedy as checklistctl says it.
std::string FindingText(const FileFinding& finding);

// The same in checklistctl report, which has no --key: a note that the checkpoints' signatures
// were not checked says that report never checks them, and which command does.
std::string ReportFindingText(const FileFinding& finding);

// what(), with a kc::Error's remedy as checklistctl says it.
std::string ErrorText(const std::exception& error);

// A message of the core with its remedy (if any) as checklistctl says it, e.g. a refused approval.
std::string RemedyText(const std::string& message, const std::optional<Remedy>& remedy);

} // namespace kc::cli
