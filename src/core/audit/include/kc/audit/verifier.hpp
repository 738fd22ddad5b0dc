#pragma once
// Verifies trails and records folders: every chain, the protocol each session ran on, and
// (for a folder) the ledger against the session files present. Reports the first broken
// place of each file as FILE:LINE: what. Never throws for damaged content.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/signing_key.hpp"
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
    // Optional hooks, so a caller (reports) can summarise in the same pass that verifies and
    // read each file once. onTrail: every session file that could be read, with the intact
    // events before any break. onLedger: a folder's ledger entries that verify trusts.
    // onProgress: after each session file of a folder (files done, files in the folder).
    std::function<void(const std::string& path, const TrailScan& scan)> onTrail;
    std::function<void(const std::vector<LedgerEntry>& entries)> onLedger;
    std::function<void(std::size_t done, std::size_t total)> onProgress;
    // Public keys that checkpoint signatures must verify with; none: only the checkpoints' chain is checked.
    std::vector<PublicKey> keys;
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
