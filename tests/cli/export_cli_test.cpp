// checklistctl export as an auditor uses it: by trail path or by session id, to a file or
// to standard output, and its refusals.
#include <filesystem>

#include <catch2/catch.hpp>

#include "process.hpp"

using kc::test::Run;
namespace fs = std::filesystem;

namespace {

const std::string kCtl = CHECKLISTCTL;
const std::string kProtocol = std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml";
const std::string kAnswers = std::string(KC_TEST_DATA_DIR) + "/answers/example-complete.answers.yaml";

std::string RunOne(const std::string& records) {
    const auto r = Run({kCtl, "run", kProtocol, "--answers", kAnswers, "--records", records, "--operator", "Dr A",
                        "--role", "anesthesiologist", "--patient-ref", "P-EXPORT-1", "--quiet"});
    REQUIRE(r.exitCode == 0);
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") return e.path().string();
    FAIL("no trail");
    return {};
}

} // namespace

TEST_CASE("export writes the same Bundle to stdout, to a file, by path and by session id", "[cli][export]") {
    kc::test::TempDir dir;
    const std::string trail = RunOne(dir.File("records"));
    const auto toStdout = Run({kCtl, "export", trail, "--format", "fhir"});
    INFO(toStdout.err);
    REQUIRE(toStdout.exitCode == 0);
    CHECK(toStdout.out.rfind("{\n  \"resourceType\": \"Bundle\",", 0) == 0);
    CHECK(toStdout.out.find("\"value\": \"P-EXPORT-1\"") != std::string::npos);

    const auto toFile = Run({kCtl, "export", trail, "-o", dir.File("bundle.json")});
    CHECK(toFile.exitCode == 0);
    CHECK(toFile.out.find("exported 13 events of ") == 0);
    CHECK(kc::test::ReadAll(dir.File("bundle.json")) == toStdout.out);

    const std::string id = fs::path(trail).stem().string();
    const auto byId = Run({kCtl, "export", id, "--records", dir.File("records")});
    CHECK(byId.exitCode == 0);
    CHECK(byId.out == toStdout.out);
}

TEST_CASE("export refuses unknown formats, missing trails and damaged trails", "[cli][export]") {
    kc::test::TempDir dir;
    const std::string trail = RunOne(dir.File("records"));
    CHECK(Run({kCtl, "export", trail, "--format", "csv"}).exitCode == 2);
    CHECK(Run({kCtl, "export"}).exitCode == 2);
    const auto missing = Run({kCtl, "export", dir.File("nope.jsonl")});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.find("nope.jsonl: no such file or folder") != std::string::npos);

    // Bytes appended after the end: the ledger closed the session, so this is damage.
    kc::test::WriteAll(trail, kc::test::ReadAll(trail) + "{\"not\":\"sealed\"}\n");
    const auto damaged = Run({kCtl, "export", trail, "-o", dir.File("bundle.json")});
    CHECK(damaged.exitCode == 1);
    CHECK(damaged.err.find(trail + ":14: ") == 0);
    CHECK_FALSE(fs::exists(dir.File("bundle.json")));
    const auto allowed = Run({kCtl, "export", trail, "--allow-damaged"});
    CHECK(allowed.exitCode == 0);
    CHECK(allowed.err.find("exported the 13 events before the damage") != std::string::npos);
    CHECK(allowed.out.find("\"outcome\": \"8\"") != std::string::npos);
}
