// checklistctl approve, and run refusing an approved protocol whose bytes changed.
#include <filesystem>

#include <catch2/catch.hpp>

#include "process.hpp"

using kc::test::Run;

namespace {

const std::string kCtl = CHECKLISTCTL;
const std::string kAnswers = std::string(KC_TEST_DATA_DIR) + "/answers/example-complete.answers.yaml";

} // namespace

TEST_CASE("run starts an approved protocol only as approved, approve pins it again after review", "[cli][approval]") {
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

namespace {

// An approved copy of the minimal protocol in its own folder, run and approved with one key.
struct Library {
    kc::test::TempDir dir;
    std::string approvedText = [] {
        std::string text = kc::test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
        text.replace(text.find("status: draft"), 13, "status: approved");
        return text;
    }();
    std::string protocol = dir.File("example.yaml");
    std::string manifest = dir.File("approvals.json");
    std::string records = dir.File("records");

    Library() { kc::test::WriteAll(protocol, approvedText); }
    kc::test::ProcessResult Run(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args = {kCtl,      "run",        protocol, "--answers",  kAnswers,
                                         "--records", records,    "--operator", "Dr A", "--role",
                                         "anesthesiologist", "--patient-ref", "P-APPROVE", "--key-dir",
                                         dir.File("keys")};
        args.insert(args.end(), extra.begin(), extra.end());
        return kc::test::Run(args);
    }
    kc::test::ProcessResult Approve() const {
        return kc::test::Run({kCtl, "approve", protocol, "--by", "Dr P. Author", "--key-dir", dir.File("keys")});
    }
};

} // namespace

TEST_CASE("an older signed approvals.json copied back is refused as a rollback, naming both sequences",
          "[cli][approval]") {
    Library lib;
    REQUIRE(lib.Approve().exitCode == 0);
    const std::string oldManifest = kc::test::ReadAll(lib.manifest);
    const std::string oldText = lib.approvedText;
    // The protocol is changed after review and approved again; sessions then run on it.
    kc::test::WriteAll(lib.protocol, oldText + "# reviewed change\n");
    REQUIRE(lib.Approve().exitCode == 0);
    REQUIRE(lib.Run().exitCode == 0);
    auto second = lib.Run();
    REQUIRE(second.exitCode == 0);
    // Someone puts the old bytes and the old (validly signed) manifest back.
    kc::test::WriteAll(lib.protocol, oldText);
    kc::test::WriteAll(lib.manifest, oldManifest);
    const auto refused = lib.Run();
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("approvals.json sequence 1 is older than sequence 2 recorded at ledger line 3") !=
          std::string::npos);
    CHECK(refused.err.find(lib.records + "/ledger.jsonl") != std::string::npos);
    const auto verify = kc::test::Run({kCtl, "verify", lib.records});
    CHECK(verify.exitCode == 0); // nothing was started on the old manifest
}

TEST_CASE("a draft run through the CLI is said to be a draft, and one relabelled after approval says so",
          "[cli][approval]") {
    Library lib;
    REQUIRE(lib.Approve().exitCode == 0);
    const std::string approvedSha = [&] {
        const std::string m = kc::test::ReadAll(lib.manifest);
        const auto at = m.find("\"sha256\": \"") + 11;
        return m.substr(at, 64);
    }();
    std::string draft = lib.approvedText + "# an edit nobody reviewed\n";
    draft.replace(draft.find("status: approved"), 16, "status: draft");
    kc::test::WriteAll(lib.protocol, draft);
    const auto run = lib.Run();
    INFO(run.out << run.err);
    CHECK(run.exitCode == 0);
    CHECK(run.err.find("warning: example-minimal 1.0.0 is a draft") != std::string::npos);
    CHECK(run.err.find("approved bytes were sha256 " + approvedSha.substr(0, 12)) != std::string::npos);
    CHECK(run.err.find("this file differs and is marked draft") != std::string::npos);

    // The bundled draft, never approved: the warning without the approval sentence.
    const auto bundled = kc::test::Run({kCtl, "run", std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml",
                                        "--answers", kAnswers, "--records", lib.records, "--operator", "Dr A",
                                        "--role", "anesthesiologist", "--patient-ref", "P-DRAFT", "--key-dir",
                                        lib.dir.File("keys")});
    CHECK(bundled.exitCode == 0);
    CHECK(bundled.err.find("warning: example-minimal 1.0.0 is a draft") != std::string::npos);
    CHECK(bundled.err.find("approved bytes") == std::string::npos);
}

TEST_CASE("protocols: {require_approved: true} refuses a draft and anything not approved as is", "[cli][approval]") {
    Library lib;
    const std::string config = lib.dir.File("config.yaml");
    kc::test::WriteAll(config, "protocols:\n  require_approved: true\n");
    const auto draft = kc::test::Run({kCtl, "run", std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml",
                                      "--answers", kAnswers, "--records", lib.records, "--operator", "Dr A", "--role",
                                      "anesthesiologist", "--patient-ref", "P-DRAFT", "--key-dir",
                                      lib.dir.File("keys"), "--config", config});
    INFO(draft.out << draft.err);
    CHECK(draft.exitCode == 1);
    CHECK(draft.err.find("example-minimal 1.0.0 is a draft") != std::string::npos);
    CHECK(draft.err.find("require_approved") != std::string::npos);
    const bool anySession = std::filesystem::exists(lib.records + "/sessions") &&
                            !std::filesystem::is_empty(lib.records + "/sessions");
    CHECK_FALSE(anySession);
    CHECK(lib.Run({"--config", config}).exitCode == 1); // approved, but not in the manifest
    REQUIRE(lib.Approve().exitCode == 0);
    CHECK(lib.Run({"--config", config}).exitCode == 0);
    kc::test::WriteAll(config, "protocols:\n  require_approved: maybe\n");
    const auto bad = lib.Run({"--config", config});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.find(config + ":2:") != std::string::npos);
}
