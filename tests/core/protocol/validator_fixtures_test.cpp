// Every validator rule has an invalid fixture named after it, whose expected diagnostics
// (LINE:COL RULE) are written in the fixture itself ("# expect: ...") or, for files that
// cannot hold a comment, in a sidecar NAME.expect. The test asserts the exact set.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using Expectation = std::tuple<int, int, std::string>;

namespace {

std::vector<fs::path> FilesIn(const fs::path& dir, const std::string& ext) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ext) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

Expectation ParseExpectation(const std::string& text) {
    int line = 0, column = 0;
    char colon = 0;
    std::string rule;
    std::istringstream in(text);
    in >> line >> colon >> column >> rule;
    if (!in || colon != ':' || rule.empty()) throw std::runtime_error("bad expectation: " + text);
    return {line, column, rule};
}

std::multiset<Expectation> ExpectationsFor(const fs::path& fixture) {
    std::multiset<Expectation> expected;
    fs::path sidecar = fixture;
    sidecar.replace_extension(".expect");
    const bool useSidecar = fs::exists(sidecar);
    std::ifstream in(useSidecar ? sidecar : fixture, std::ios::binary);
    const std::string prefix = useSidecar ? "" : "# expect: ";
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.rfind(prefix, 0) != 0) continue;
        expected.insert(ParseExpectation(line.substr(prefix.size())));
    }
    return expected;
}

std::string Describe(const std::multiset<Expectation>& set) {
    std::string out;
    for (const auto& [line, column, rule] : set) out += std::to_string(line) + ":" + std::to_string(column) + " " + rule + "\n";
    return out;
}

const fs::path kInvalid = fs::path(KC_TEST_DATA_DIR) / "protocols" / "invalid";
const fs::path kValid = fs::path(KC_TEST_DATA_DIR) / "protocols" / "valid";

} // namespace

TEST_CASE("each invalid fixture gives exactly its expected diagnostics", "[validator]") {
    const auto fixtures = FilesIn(kInvalid, ".yaml");
    REQUIRE(fixtures.size() >= 20);
    for (const auto& fixture : fixtures) {
        DYNAMIC_SECTION(fixture.filename().string()) {
            const auto expected = ExpectationsFor(fixture);
            INFO("expected:\n" << Describe(expected));
            REQUIRE_FALSE(expected.empty()); // a fixture without expectations proves nothing
            const auto result = kc::LoadProtocolFile(fixture.string());
            std::multiset<Expectation> actual;
            std::string printed;
            for (const auto& d : result.diagnostics) {
                actual.insert({d.line, d.column, d.rule});
                printed += kc::FormatDiagnostic(d) + "\n";
            }
            INFO("validator said:\n" << printed);
            CHECK_FALSE(result.Ok());
            CHECK(actual == expected);
        }
    }
}

TEST_CASE("every validator rule has a fixture named after it", "[validator]") {
    const std::vector<std::string> rules = {
        "yaml-syntax", "unknown-key", "wrong-type", "missing-key", "empty-list", "duplicate-id",
        "duplicate-yaml-key", "unknown-reference", "forward-reference", "unreachable-step", "missing-message",
        "missing-basis", "invalid-grade", "invalid-certainty", "invalid-provenance", "unknown-source",
        "unknown-answer", "kind-mismatch", "invalid-value", "dose-calculation", "too-deep", "yaml-anchor",
        "yaml-alias", "yaml-tag", "invalid-utf8", "empty-file", "multiple-documents", "conflicting-rules",
        "condition-too-complex", "nested-rounds", "invalid-duration", "invalid-period", "invalid-anchor",
        "invalid-limits", "invalid-code", "duplicate-code"};
    for (const auto& rule : rules) {
        INFO(rule);
        CHECK(fs::exists(kInvalid / (rule + ".yaml")));
    }
}

TEST_CASE("valid fixtures and every shipped protocol validate without diagnostics", "[validator]") {
    auto files = FilesIn(kValid, ".yaml");
    REQUIRE(files.size() >= 3);
    for (const auto& path : kc::ListProtocolFiles(KC_PROTOCOL_DIR)) files.emplace_back(path);
    for (const auto& file : files) {
        DYNAMIC_SECTION(file.filename().string()) {
            const auto result = kc::LoadProtocolFile(file.string());
            std::string printed;
            for (const auto& d : result.diagnostics) printed += kc::FormatDiagnostic(d) + "\n";
            INFO(printed);
            CHECK(result.Ok());
            CHECK(result.diagnostics.empty());
        }
    }
}
