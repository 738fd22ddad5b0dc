#pragma once
// Internal to the verifier: checks RECORDS/checkpoints.jsonl against the ledger and the
// session files (docs/audit-trail-format.md, section 7), and builds findings.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kc/audit/records.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/audit/verifier.hpp"

namespace kc {

// How a session file ends, as the verifier found it.
struct TrailEnd {
    bool chainIntact = false; // every line read, chained, and none torn
    std::uint64_t lastSeq = 0;
    std::string lastHash;
};

// A finding of `kind` about `file` (`trail`: its ledger name, for a session file).
inline FileFinding Found(std::string file, int line, FindingKind kind, std::string what, std::string trail = {}) {
    FileFinding f;
    f.file = std::move(file);
    f.line = line;
    f.what = std::move(what);
    f.kind = kind;
    f.trail = std::move(trail);
    return f;
}

// `closed`: the usable ledger's session_closed entries by file ("sessions/<id>.jsonl");
// `trails`: the session files present, by the same key.
void VerifyCheckpoints(const std::string& root, const std::vector<PublicKey>& keys,
                       const std::map<std::string, const LedgerEntry*>& closed, bool ledgerIntact,
                       const std::map<std::string, TrailEnd>& trails, VerifyReport& report);

} // namespace kc
