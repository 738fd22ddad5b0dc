// checklistctl approve, and run refusing an approved protocol whose bytes changed.
#include <catch2/catch.hpp>

#include "process.hpp"

using kc::test::Run;

namespace {

const std::string kCtl = CHECKLISTCTL;
const std::string kAnswers = std::string(KC_TEST_DATA_DIR) + "/answers/example-complete.answers.yaml";

} // namespace

TEST_CASE("run starts an approved protocol only as approved; approve pins it again after review", "[cli][approval]") {
    kc::test::TempDir dir;
    std::string text = kc::test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    text.replace(text.find("status: draft"), 13, "status: approved");
    const std::string protocol = dir.File("example.yaml");
    kc::test::WriteAll(protocol, text);
    const auto run = [&] {
        return Run({kCtl, "run", protocol, "--answers", kAnswers, "--records", dir.File("records"), "--operator",
                    "Dr A", "--role", "anesthesiologist", "--patient-ref", "P-APPROVE", "--key-dir", dir.File("keys")});
    };
    const auto approve = [&](const std::string& path) {
        return Run({kCtl, "approve", path, "--by", "Dr P. Author", "--key-dir", dir.File("keys")});
    };

    auto result = run();
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("no signed approval manifest") != std::string::npos);

    result = approve(protocol);
    CHECK(result.exitCode == 0);
    CHECK(result.out.find("approved example-minimal 1.0.0") != std::string::npos);
    CHECK(run().exitCode == 0);

    kc::test::WriteAll(protocol, text + "# edited after approval\n");
    result = run();
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("has changed since it was approved by Dr P. Author") != std::string::npos);
    CHECK(approve(protocol).exitCode == 0);
    CHECK(run().exitCode == 0);

    // A draft is not approved: its status says it is not ready.
    result = approve(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    CHECK(result.exitCode == 1);
    CHECK(result.err.find("its status is draft") != std::string::npos);
}
