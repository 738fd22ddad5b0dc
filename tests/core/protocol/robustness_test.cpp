// The loader treats every file as untrusted: limits hold, and no byte sequence crashes
// or hangs it. (libFuzzer targets explore further; this is the always-on smoke test.)
#include <random>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"
#include "process.hpp"

using namespace kc;

namespace {

std::string RuleOf(const LoadResult& r) { return r.diagnostics.empty() ? "" : r.diagnostics.front().rule; }

} // namespace

TEST_CASE("files over the size cap are refused before parsing", "[robustness]") {
    std::string big = "format: 1\n# " + std::string(kMaxProtocolBytes, 'x') + "\n";
    const auto result = ParseProtocol(big, "big.yaml");
    CHECK_FALSE(result.Ok());
    CHECK(RuleOf(result) == "too-large");
    test::TempDir dir;
    test::WriteAll(dir.File("big.yaml"), big);
    CHECK(RuleOf(LoadProtocolFile(dir.File("big.yaml"))) == "too-large");
}

TEST_CASE("deep nesting is refused at the depth cap, in flow and block style", "[robustness]") {
    const std::string flow = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    auto result = ParseProtocol(flow, "flow.yaml");
    CHECK(RuleOf(result) == "too-deep");
    std::string block;
    for (int i = 0; i < 200; ++i) block += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
    result = ParseProtocol(block, "block.yaml");
    CHECK(RuleOf(result) == "too-deep");
    CHECK(result.diagnostics.front().line == 33); // 32 levels are allowed; the 33rd is refused
}

TEST_CASE("structural refusals: anchors, aliases, tags, several documents, no document", "[robustness]") {
    CHECK(RuleOf(ParseProtocol("---\na: 1\n---\nb: 2\n", "two.yaml")) == "multiple-documents");
    CHECK(RuleOf(ParseProtocol("# only a comment\n\n", "c.yaml")) == "empty-file");
    CHECK(RuleOf(ParseProtocol("", "e.yaml")) == "empty-file");
    CHECK(RuleOf(ParseProtocol("{", "s.yaml")) == "yaml-syntax");
}

TEST_CASE("mutated protocols never crash the loader and are never silently accepted with damage",
          "[robustness]") {
    const std::string base = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(ParseProtocol(base, "base.yaml").Ok());
    std::mt19937 rng(20261125); // fixed seed: the same inputs every run
    const std::string alphabet = "{}[]:,-#&*!|>'\"\n\t ?%@`\\yes0x\xc3\xa9\xff";
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string input = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const auto at = rng() % input.size();
            switch (rng() % 3) {
            case 0: input[at] = alphabet[rng() % alphabet.size()]; break;
            case 1: input.erase(at, 1 + rng() % 8); break;
            default: input.insert(at, 1, alphabet[rng() % alphabet.size()]);
            }
        }
        const auto result = ParseProtocol(input, "mutant.yaml");
        if (!result.Ok()) {
            ++rejected;
            REQUIRE_FALSE(result.diagnostics.empty());
            for (const auto& d : result.diagnostics) REQUIRE(d.line >= 0);
        }
    }
    // Most single-byte damage to a protocol is a real error; some (inside a comment or a
    // prompt) is not. Either way nothing crashed; report the mix for the log.
    WARN("rejected " << rejected << " of 3000 mutants");
    CHECK(rejected > 1000);
}
