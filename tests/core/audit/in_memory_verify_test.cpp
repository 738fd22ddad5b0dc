// The in-memory entry points (used by the fuzz targets) give exactly what the path-based ones
// give for the same bytes: VerifyTrailBytes against VerifyPaths on each fixture session file,
// VerifyLedgerBytes on the fixture ledgers, ParseScript against LoadScript.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "kc/audit/verifier.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/script.hpp"
#include "process.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kTrails = fs::path(KC_TEST_DATA_DIR) / "trails";

std::vector<kc::ProtocolPtr> ArchivedProtocols(const fs::path& folder) {
    std::vector<kc::ProtocolPtr> known;
    if (!fs::is_directory(folder / "protocols")) return known;
    for (const auto& file : kc::ListProtocolFiles((folder / "protocols").string()))
        if (auto loaded = kc::LoadProtocolFile(file); loaded.Ok()) known.push_back(loaded.protocol);
    return known;
}

std::string Describe(const std::vector<kc::FileFinding>& findings) {
    std::string out;
    for (const auto& f : findings) out += kc::FormatFinding(f) + (f.torn ? " (torn)\n" : "\n");
    return out;
}

} // namespace

TEST_CASE("VerifyTrailBytes finds what VerifyPaths finds in each fixture session file, outside its folder") {
    int files = 0;
    int damaged = 0;
    for (const auto& folder : fs::directory_iterator(kTrails)) {
        if (!fs::is_directory(folder.path() / "sessions")) continue;
        const auto known = ArchivedProtocols(folder.path());
        for (const auto& entry : fs::directory_iterator(folder.path() / "sessions")) {
            if (entry.path().extension() != ".jsonl" || !entry.is_regular_file()) continue;
            // A lone copy: in its records folder, verify also checks the ledger and checkpoints.
            kc::test::TempDir lone;
            const std::string path = lone.File(entry.path().filename().string());
            fs::copy_file(entry.path(), path);
            INFO(entry.path().string());
            kc::VerifyOptions options;
            if (fs::is_directory(folder.path() / "protocols")) options.protocolDirs = {(folder.path() / "protocols").string()};
            const auto fromFile = kc::VerifyPaths({path}, options);
            const auto fromBytes = kc::VerifyTrailBytes(kc::test::ReadAll(path), path, known);
            CHECK(Describe(fromBytes.findings) == Describe(fromFile.findings));
            CHECK(fromBytes.events == fromFile.events);
            CHECK(fromBytes.bytes == fromFile.bytes);
            REQUIRE(fromBytes.sessions.size() == 1);
            CHECK(fromBytes.sessions[0].integrity == fromFile.sessions.at(0).integrity);
            ++files;
            if (!fromBytes.Intact()) ++damaged;
        }
    }
    CHECK(files > 20);
    CHECK(damaged > 5);
}

TEST_CASE("VerifyTrailBytes: a trail whose protocol is not among the known versions is a finding") {
    const fs::path intact = kTrails / "intact" / "sessions" / "15755e75-9762-49f1-b6c8-dd7f9754043c.jsonl";
    const auto report = kc::VerifyTrailBytes(kc::test::ReadAll(intact.string()), "t.jsonl", {});
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].line == 1);
    CHECK_THAT(report.findings[0].what, Catch::Contains("matches no known version"));
}

TEST_CASE("VerifyLedgerBytes checks a ledger's own chain") {
    const auto ledger = [](const char* fixture) {
        return kc::test::ReadAll((kTrails / fixture / "ledger.jsonl").string());
    };
    CHECK(kc::VerifyLedgerBytes(ledger("intact"), "ledger.jsonl").Intact());
    const auto edited = kc::VerifyLedgerBytes(ledger("edited-ledger"), "ledger.jsonl");
    REQUIRE(edited.findings.size() == 1);
    CHECK(edited.findings[0].line == 2);
    CHECK_THAT(edited.findings[0].what, Catch::Contains("does not match its hash"));
    const auto torn = kc::VerifyLedgerBytes(ledger("ledger-torn-last-line"), "ledger.jsonl");
    REQUIRE(torn.findings.size() == 1);
    CHECK(torn.findings[0].line == 6);
    CHECK(torn.findings[0].torn);
}

TEST_CASE("ParseScript reads an answers file's bytes as LoadScript reads the file") {
    for (const auto& entry : fs::directory_iterator(fs::path(KC_TEST_DATA_DIR) / "answers")) {
        const std::string path = entry.path().string();
        INFO(path);
        std::vector<kc::Diagnostic> fromFile, fromBytes;
        const auto a = kc::LoadScript(path, fromFile);
        const auto b = kc::ParseScript(kc::test::ReadAll(path), path, fromBytes);
        REQUIRE(a.has_value());
        REQUIRE(b.has_value());
        CHECK(a->answers.size() == b->answers.size());
        CHECK(a->amendments.size() == b->amendments.size());
        CHECK(a->location == b->location);
        CHECK(a->abandonReason == b->abandonReason);
    }
    std::vector<kc::Diagnostic> diagnostics;
    CHECK_FALSE(kc::ParseScript("answers: [1, 2", "broken.answers.yaml", diagnostics).has_value());
    REQUIRE_FALSE(diagnostics.empty());
    CHECK(diagnostics.front().file == "broken.answers.yaml");
}
