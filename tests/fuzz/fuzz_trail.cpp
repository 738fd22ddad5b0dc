// libFuzzer target: one file's bytes read as a session trail and as a ledger, then verified
// (chain, decoding, and every event replayed against the protocol it names). Damaged content
// must come back as findings, never as an exception or a crash.
//
// A mutated line almost never keeps a valid hash, which would stop every input at the hash
// check. So each input is also verified "resealed": every line that is a JSON object gets
// its "prev" set to the hash before it and a fresh "hash", as an attacker who rewrites the
// whole chain would do. That lets the fuzzer reach the decoder and the engine's replay.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kc/audit/codec.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/events.hpp"

namespace {

// The protocol versions the fixtures' sessions ran on: the shipped ones and the archives.
std::vector<kc::ProtocolPtr> LoadKnownProtocols() {
    std::vector<kc::ProtocolPtr> known;
    std::vector<std::string> dirs{KC_PROTOCOL_DIR};
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(KC_TEST_DATA_DIR "/trails", ec))
        if (std::filesystem::is_directory(entry.path() / "protocols")) dirs.push_back((entry.path() / "protocols").string());
    for (const auto& dir : dirs)
        for (const auto& file : kc::ListProtocolFiles(dir))
            if (auto loaded = kc::LoadProtocolFile(file); loaded.Ok()) known.push_back(loaded.protocol);
    return known;
}

const std::vector<kc::ProtocolPtr>& KnownProtocols() {
    static const std::vector<kc::ProtocolPtr> known = LoadKnownProtocols();
    return known;
}

std::string Reseal(std::string_view bytes) {
    std::string out;
    std::string prev = kc::kGenesisHash;
    std::size_t offset = 0;
    while (offset < bytes.size()) {
        const auto end = bytes.find('\n', offset);
        const std::string_view line =
            bytes.substr(offset, end == std::string_view::npos ? std::string_view::npos : end - offset);
        offset = end == std::string_view::npos ? bytes.size() : end + 1;
        auto json = nlohmann::json::parse(line, nullptr, false);
        std::string sealed(line);
        if (json.is_object()) {
            json.erase("hash");
            json["prev"] = prev;
            try {
                std::string hash;
                sealed = kc::SealLine(json.dump(), hash);
                prev = hash;
            } catch (const nlohmann::json::exception&) {
                // Invalid UTF-8 cannot be canonical: keep the line as it came.
            }
        }
        out += sealed;
        if (end != std::string_view::npos) out += '\n';
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)KnownProtocols();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)kc::VerifyTrailBytes(bytes, "fuzz.jsonl", KnownProtocols());
    (void)kc::VerifyLedgerBytes(bytes, "ledger.jsonl");
    const std::string resealed = Reseal(bytes);
    (void)kc::VerifyTrailBytes(resealed, "fuzz.jsonl", KnownProtocols());
    (void)kc::VerifyLedgerBytes(resealed, "ledger.jsonl");
    return 0;
}
