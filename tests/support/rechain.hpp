#pragma once
// A forger's rewrite of a trail or ledger file, as someone with write access but no key can do:
// the parsed lines edited, then every prev and hash recomputed so the chain holds again.
// Include only from targets that link nlohmann_json.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kc/audit/codec.hpp"
#include "process.hpp"

namespace kc::test {

// Seals canonical JSON into a trail or ledger line (the "hash" member last), as the program does.
inline std::string Reseal(nlohmann::json body) {
    body.erase("hash");
    std::string hash;
    return SealLine(body.dump(), hash);
}

// Re-chains the file at `path` after `edit` changed its parsed lines.
inline void Rechain(const std::string& path, const std::function<void(std::vector<nlohmann::json>&)>& edit) {
    std::vector<nlohmann::json> parsed;
    for (const auto& line : SplitLines(ReadAll(path))) parsed.push_back(nlohmann::json::parse(line));
    edit(parsed);
    std::string text;
    std::string prev = kGenesisHash;
    for (auto& j : parsed) {
        j["prev"] = prev;
        const std::string line = Reseal(j);
        prev = CheckLine(line).hash;
        text += line + "\n";
    }
    WriteAll(path, text);
}

// Rewrites a closed session behind the checkpoints' back: `edit` changes its trail, which is
// re-chained, and the ledger's entries for it are re-chained to the new first and last hash,
// so that only the signed checkpoint still tells.
inline void ResealClosedSession(const std::string& trail, const std::string& ledger, const std::string& sessionId,
                                const std::function<void(std::vector<nlohmann::json>&)>& edit) {
    Rechain(trail, edit);
    const auto lines = SplitLines(ReadAll(trail));
    const std::string first = CheckLine(lines.front()).hash, last = CheckLine(lines.back()).hash;
    Rechain(ledger, [&](std::vector<nlohmann::json>& entries) {
        for (auto& e : entries) {
            if (e["payload"]["session"] != sessionId) continue;
            if (e["type"] == "session_opened") e["payload"]["first_hash"] = first;
            if (e["type"] == "session_closed") {
                e["payload"]["final_hash"] = last;
                e["payload"]["last_seq"] = lines.size();
            }
        }
    });
}

} // namespace kc::test
