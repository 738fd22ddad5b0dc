#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using kc::test::Run;

namespace {
const std::string kCtl = CHECKLISTCTL;
const std::string kProtocols = KC_PROTOCOL_DIR;
const std::string kInvalid = std::string(KC_TEST_DATA_DIR) + "/protocols/invalid";
} // namespace

TEST_CASE("validate exits 0 when every protocol is valid", "[cli]") {
    const auto r = Run({kCtl, "validate", kProtocols});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("example-minimal.yaml: ok (example-minimal 1.0.0, 0 warnings") != std::string::npos);
    // Every shipped protocol has scenarios reaching every rule and finds its evidence file: no
    // warning at all.
    CHECK(r.out.find("ketamine-chronic-pain-2018.yaml: ok (ketamine-chronic-pain-2018 1.4.0, 0 warnings") != std::string::npos);
    CHECK(r.out.find("ketamine-acute-pain-2018.yaml: ok (ketamine-acute-pain-2018 1.4.0, 0 warnings") != std::string::npos);
    CHECK(r.err.empty());
}

TEST_CASE("validate exits 1 and prints FILE:LINE:COL when any protocol is invalid", "[cli]") {
    const auto r = Run({kCtl, "validate", kProtocols + "/example-minimal.yaml", kInvalid + "/unknown-key.yaml"});
    CHECK(r.exitCode == 1);
    CHECK(r.err.find(kInvalid + "/unknown-key.yaml:") != std::string::npos);
    CHECK(r.err.find(": error: ") != std::string::npos);
    CHECK(r.out.find("example-minimal.yaml: ok") != std::string::npos);
}

TEST_CASE("validate exits 2 on usage and I/O errors", "[cli]") {
    CHECK(Run({kCtl, "validate"}).exitCode == 2);
    CHECK(Run({kCtl, "validate", "/nonexistent/path"}).exitCode == 2);
    CHECK(Run({kCtl, "validate", "--format", "xml", kProtocols}).exitCode == 2);
    CHECK(Run({kCtl, "frobnicate"}).exitCode == 2);
}

TEST_CASE("validate --format json gives machine-readable diagnostics", "[cli]") {
    const auto r = Run({kCtl, "validate", "--format", "json", kInvalid + "/unknown-key.yaml",
                        kProtocols + "/example-minimal.yaml"});
    CHECK(r.exitCode == 1);
    const auto report = nlohmann::json::parse(r.out);
    REQUIRE(report.size() == 2);
    CHECK(report[0]["valid"] == false);
    REQUIRE_FALSE(report[0]["diagnostics"].empty());
    CHECK(report[0]["diagnostics"][0]["rule"] == "unknown-key");
    CHECK(report[0]["diagnostics"][0]["line"].get<int>() > 0);
    CHECK(report[1]["valid"] == true);
    CHECK(report[1]["protocol"]["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("show prints an outline, and --help and --version work", "[cli]") {
    const auto show = Run({kCtl, "show", kProtocols + "/example-minimal.yaml"});
    CHECK(show.exitCode == 0);
    CHECK(show.out.find("HARD STOP on yes") != std::string::npos);
    CHECK(show.out.find("shown when: cv-risk = yes") != std::string::npos);
    CHECK(Run({kCtl, "show", kInvalid + "/unknown-key.yaml"}).exitCode == 1);
    const auto help = Run({kCtl, "--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("validate") != std::string::npos);
    const auto version = Run({kCtl, "--version"});
    CHECK(version.exitCode == 0);
    CHECK(version.out.find("checklistctl 0.") != std::string::npos);
}

TEST_CASE("validate shows FILE:LINE:COL and the rule for a broken round schedule", "[cli][rounds]") {
    const std::string file = kInvalid + "/invalid-duration--grace-over-half.yaml";
    const auto r = Run({kCtl, "validate", file});
    CHECK(r.exitCode == 1);
    // The grace of 8 min, on line 33 column 16, is more than half of every: 15 min.
    CHECK(r.err.find(file + ":33:16: error: 'grace' is 8 min") != std::string::npos);
    CHECK(r.err.find("[invalid-duration]") != std::string::npos);
    const auto valid = Run({kCtl, "validate", std::string(KC_TEST_DATA_DIR) + "/protocols/valid/rounds.yaml"});
    CHECK(valid.exitCode == 0);
    // Its one warning: no scenarios file beside it (scenarios_cli_test.cpp).
    CHECK(valid.err.find("[no-scenarios]") != std::string::npos);
    CHECK(valid.err.find(": error: ") == std::string::npos);
}

TEST_CASE("validate says what is wrong with an indentation, once, at FILE:LINE:COL, in the file's words", "[cli]") {
    struct Case {
        std::string fixture, expected;
    };
    for (const Case& c : std::vector<Case>{
             {"yaml-syntax--indent-less.yaml",
              ":25:8: error: bad indentation: 'prompt' is indented 7 spaces, which lines up with nothing above it; "
              "indent it 8 spaces like 'id' on line 24"},
             {"yaml-syntax--indent-more.yaml",
              ":25:11: error: bad indentation: 'prompt' is indented 10 spaces, more than 'id' on line 24, which has "
              "its value on that line"},
             {"unknown-key--left-empty.yaml",
              ":28:9: error: unknown key 'guideline' in a step: it is indented as far as 'basis' on line 27, which is "
              "left empty"},
             {"yaml-syntax--tab-indent.yaml", ":31:1: error: this line is indented with a tab; YAML indents with spaces only"},
             {"yaml-syntax.yaml", ":14:12: error: the value of 'title' holds ': ', which YAML reads as the start of "
                                  "another key; put the value in quotes: title: \"Eligibility: screening\""},
         }) {
        const auto r = Run({kCtl, "validate", kInvalid + "/" + c.fixture});
        INFO(r.err);
        CHECK(r.exitCode == 1);
        CHECK(r.err.find(kInvalid + "/" + c.fixture + c.expected) != std::string::npos);
        CHECK(r.err.find("illegal map value") == std::string::npos);
        CHECK(r.err.find("not found") == std::string::npos);
        CHECK(r.out.find(": invalid (1 problem)") != std::string::npos);
    }
}

TEST_CASE("validate suggests the word meant for a misspelt key, an enumeration's case and a YAML 1.1 boolean", "[cli]") {
    const auto r = Run({kCtl, "validate", kInvalid + "/unknown-key--did-you-mean.yaml",
                        kInvalid + "/wrong-type--required-yes-no.yaml", kInvalid + "/invalid-grade--lower-case.yaml"});
    INFO(r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("unknown key 'halp' in a step; did you mean 'help'?") != std::string::npos);
    CHECK(r.err.find("'required' in a step must be true or false; 'no' is text in YAML 1.2, not a boolean: write "
                     "false") != std::string::npos);
    CHECK(r.err.find("grade 'c' is not one of A, B, C, D (leave it out when the reference gives no grade); did you "
                     "mean 'C'?") != std::string::npos);
}

TEST_CASE("validate warns evidence-not-found when the evidence reference is not in the repository", "[cli][evidence]") {
    kc::test::TempDir dir;
    // A repository: .git at its root, the protocol in protocols/, the reference in docs/evidence/.
    std::filesystem::create_directories(dir.File("repo/.git"));
    std::filesystem::create_directories(dir.File("repo/protocols"));
    std::filesystem::create_directories(dir.File("repo/docs/evidence"));
    const std::string fixture = kc::test::ReadAll(std::string(KC_TEST_DATA_DIR) + "/protocols/valid/quotes-and-evidence.yaml");
    const std::string protocol = dir.File("repo/protocols/quotes.yaml");
    kc::test::WriteAll(protocol, fixture);

    // --no-scenarios: this fixture has no scenarios file, and its no-scenarios warning is not
    // what this test is about.
    const auto missing = Run({kCtl, "validate", "--no-scenarios", protocol});
    CHECK(missing.exitCode == 0); // a warning: the protocol is valid
    CHECK(missing.err.find(protocol + ":10:14: warning: evidence reference 'docs/evidence/asra-2018-ketamine.md' is not "
                                      "found") != std::string::npos);
    CHECK(missing.err.find("[evidence-not-found]") != std::string::npos);
    CHECK(missing.out.find("1 warning") != std::string::npos);

    kc::test::WriteAll(dir.File("repo/docs/evidence/asra-2018-ketamine.md"), "# reference\n");
    const auto found = Run({kCtl, "validate", "--no-scenarios", protocol});
    CHECK(found.exitCode == 0);
    CHECK(found.err.empty());
    CHECK(found.out.find("0 warnings") != std::string::npos);

    // Not looked for above the repository's root.
    std::filesystem::remove(dir.File("repo/docs/evidence/asra-2018-ketamine.md"));
    std::filesystem::create_directories(dir.File("docs/evidence"));
    kc::test::WriteAll(dir.File("docs/evidence/asra-2018-ketamine.md"), "# outside\n");
    CHECK(Run({kCtl, "validate", "--no-scenarios", protocol}).err.find("[evidence-not-found]") != std::string::npos);
}
