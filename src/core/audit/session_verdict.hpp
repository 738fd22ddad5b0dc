#pragma once
// A session's integrity from the findings that concern it: the verdict every face shows
// (kc/audit/verifier.hpp, SessionVerdict). Private to the verifier.
#include <cstddef>
#include <functional>
#include <string>

#include "kc/audit/verifier.hpp"

namespace kc {

// The verdict on one session from the findings that concern it (those from `first` on that
// `concerns` picks). `hasLedger`/`listed`: whether the folder has a ledger and it lists the file.
SessionVerdict VerdictOf(std::string file, std::string trail, const VerifyReport& report, std::size_t first,
                         bool hasLedger, bool listed, const std::function<bool(const FileFinding&)>& concerns);

} // namespace kc
