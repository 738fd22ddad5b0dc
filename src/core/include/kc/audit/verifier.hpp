#pragma once
// Verifies trails and records folders: every chain, the protocol each session ran on, and
// (for a folder) the ledger against the session files present. Reports the first broken
// place of each file as FILE:LINE: what. Never throws for damaged content.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kc/protocol/model.hpp"

namespace kc {

struct FileFinding {
    std::string file;
    int line = 0; // 0: the file as a whole (missing, not in the ledger, ...)
    std::string what;
    bool torn = false; // an incomplete last line only: recoverable
};

struct VerifyOptions {
    std::vector<std::string> protocolDirs; // where else to look for known protocol versions
};

struct VerifyReport {
    std::vector<FileFinding> findings;
    std::vector<FileFinding> notes; // facts an auditor should see that are not damage (repairs)
    int sessionFiles = 0;
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;
    bool Intact() const { return findings.empty(); }
};

std::string FormatFinding(const FileFinding& finding);

// Each path is a records folder (ledger + sessions) or a single trail file.
VerifyReport VerifyPaths(const std::vector<std::string>& paths, const VerifyOptions& options);

// One trail held in memory, checked as VerifyPaths checks a lone trail file, against the
// given known protocol versions only (no folder is read).
VerifyReport VerifyTrailBytes(std::string_view bytes, const std::string& displayPath,
                              const std::vector<ProtocolPtr>& knownProtocols);

// A ledger held in memory: its own chain only (the files it lists are not looked at).
VerifyReport VerifyLedgerBytes(std::string_view bytes, const std::string& displayPath);

} // namespace kc
