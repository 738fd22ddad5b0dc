// checklistctl test: the scenarios shipped with a protocol, run through the real session.
#include <catch2/catch.hpp>

#include "process.hpp"

using kc::test::Run;

namespace {
const std::string kCtl = CHECKLISTCTL;
const std::string kExample = std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml";

const std::string kComplete = R"(  - id: complete
    title: Every check passed
    answers:
      indication: crps
      psychosis: "no"
      hepatic: normal
      cv-risk: "no"
      monitors: [spo2]
      heart-rate: "72"
      remarks: {skip: true}
    attestation: {name: Dr A, meaning: I confirm this record.}
    expect: {outcome: completed, warnings: []}
)";
} // namespace

TEST_CASE("test runs the protocol's own scenarios file and passes them all", "[cli][scenarios]") {
    const auto r = Run({kCtl, "test", kExample});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("PASS crps-complete - CRPS, no contraindication") != std::string::npos);
    CHECK(r.out.find("PASS psychosis-stop - Active psychosis is a hard stop\n") != std::string::npos);
    CHECK(r.out.find("PASS moderate-hepatic-warning - ") != std::string::npos);
    CHECK(r.out.find("FAIL") == std::string::npos);
    CHECK(r.out.find("6 scenarios: 6 passed, 0 failed\n") != std::string::npos);
}

TEST_CASE("test says exactly what differed when an expectation fails, and exits 1", "[cli][scenarios]") {
    kc::test::TempDir dir;
    const std::string file = dir.File("x.scenarios.yaml");
    kc::test::WriteAll(file, "protocol: example-minimal\nscenarios:\n" + kComplete + R"(  - id: not-a-stop
    title: Psychosis expected to complete
    base: complete
    answers: {psychosis: "yes"}
    expect: {outcome: completed}
  - id: unexpected-warning
    title: A warning the file does not expect
    base: complete
    answers: {hepatic: {answer: moderate, justification: Reviewed., second_clinician: Dr B}}
    expect: {outcome: stopped, stop: psychosis, warnings: [ecg]}
)");
    const auto r = Run({kCtl, "test", kExample, "--scenarios", file});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK(r.out.find("PASS complete - Every check passed\n") != std::string::npos);
    CHECK(r.out.find("FAIL not-a-stop - Psychosis expected to complete: expected completed, got stopped at "
                     "psychosis\n") != std::string::npos);
    CHECK(r.out.find("FAIL unexpected-warning - A warning the file does not expect: expected stopped at psychosis, "
                     "got completed; warnings expected [ecg] got [hepatic]\n") != std::string::npos);
    CHECK(r.out.find("3 scenarios: 1 passed, 2 failed\n") != std::string::npos);
}

TEST_CASE("test refuses a broken scenarios file at its line and column, and exits 2", "[cli][scenarios]") {
    kc::test::TempDir dir;
    const std::string file = dir.File("broken.scenarios.yaml");
    kc::test::WriteAll(file, R"(protocol: example-minimal
scenarios:
  - id: a
    title: A
    answers: {psychosis: "yes"}
    expectt: {outcome: stopped, stop: psychosis}
)");
    const auto r = Run({kCtl, "test", kExample, "--scenarios", file});
    CHECK(r.exitCode == 2);
    CHECK(r.err.find(file + ":6:5: error: unknown key 'expectt' in a scenario; did you mean 'expect'?") !=
          std::string::npos);
    CHECK(r.out.empty());

    SECTION("a bad expect, and a file for another protocol") {
        kc::test::WriteAll(file, R"(protocol: ketamine-chronic-pain-2018
scenarios:
  - id: a
    title: A
    answers: {psychosis: "yes"}
    expect: {outcome: stopped, stop: cv-risk, warnings: [no-such-step]}
  - id: b
    title: B
    base: a
    expect: {outcome: finished}
)");
        const auto bad = Run({kCtl, "test", kExample, "--scenarios", file});
        CHECK(bad.exitCode == 2);
        CHECK(bad.err.find(file + ":10:23: error: outcome 'finished' is not one of completed, stopped, abandoned "
                                  "[bad-expect]") != std::string::npos);
        kc::test::WriteAll(file, R"(protocol: ketamine-chronic-pain-2018
scenarios:
  - id: a
    title: A
    answers: {psychosis: "yes"}
    expect: {outcome: stopped, stop: cv-risk, warnings: [no-such-step]}
  - id: typo
    title: A misspelt step
    answers: {psychosiss: "yes"}
    expect: {outcome: stopped, stop: psychosis}
)");
        const auto other = Run({kCtl, "test", kExample, "--scenarios", file});
        CHECK(other.exitCode == 2);
        CHECK(other.err.find(file + ":1:11: error: these scenarios are for protocol 'ketamine-chronic-pain-2018', "
                                    "and this protocol is 'example-minimal' [protocol-mismatch]") != std::string::npos);
        CHECK(other.err.find(file + ":6:38: error: scenario 'a' expects a stop at 'cv-risk', a step with no hard "
                                    "stop [bad-expect]") != std::string::npos);
        CHECK(other.err.find(file + ":6:58: error: scenario 'a' expects a warning at 'no-such-step', which is no "
                                    "step of example-minimal [bad-expect]") != std::string::npos);
        CHECK(other.err.find(file + ":9:15: error: scenario 'typo' answers 'psychosiss', which is no step of "
                                    "example-minimal") != std::string::npos);
    }
}

TEST_CASE("test refuses scenarios whose bases go round in a cycle, or name no scenario", "[cli][scenarios]") {
    kc::test::TempDir dir;
    const std::string file = dir.File("cycle.scenarios.yaml");
    kc::test::WriteAll(file, R"(protocol: example-minimal
scenarios:
  - id: a
    title: A
    base: b
    expect: {outcome: completed}
  - id: b
    title: B
    base: a
    expect: {outcome: completed}
  - id: c
    title: C
    base: nowhere
    expect: {outcome: completed}
)");
    const auto r = Run({kCtl, "test", kExample, "--scenarios", file});
    CHECK(r.exitCode == 2);
    CHECK(r.err.find(file + ":9:11: error: the scenarios' bases go round in a cycle: b -> a -> b [base-cycle]") !=
          std::string::npos);
    CHECK(r.err.find(file + ":13:11: error: scenario 'c' starts from 'nowhere', which is no scenario of this file "
                            "[unknown-base]") != std::string::npos);
}

TEST_CASE("test exits 2 without a scenarios file or with a broken protocol", "[cli][scenarios]") {
    kc::test::TempDir dir;
    const std::string copy = dir.File("lonely.yaml");
    kc::test::WriteAll(copy, kc::test::ReadAll(kExample));
    const auto none = Run({kCtl, "test", copy});
    CHECK(none.exitCode == 2);
    CHECK(none.err.find("has no scenarios file (" + dir.File("lonely.scenarios.yaml") + ")") != std::string::npos);
    CHECK(Run({kCtl, "test", std::string(KC_TEST_DATA_DIR) + "/protocols/invalid/unknown-key.yaml"}).exitCode == 2);
    CHECK(Run({kCtl, "test"}).exitCode == 2);
}

// checklistctl validate runs the scenarios beside a protocol and names what they leave untested.
TEST_CASE("validate warns about each rule no passing scenario reaches, at the rule's line and column", "[cli][scenarios]") {
    const auto full = Run({kCtl, "validate", kExample});
    INFO(full.err);
    CHECK(full.exitCode == 0);
    CHECK(full.err.empty()); // its scenarios reach every rule
    CHECK(full.out.find("example-minimal.yaml: ok (example-minimal 1.0.0, 0 warnings") != std::string::npos);

    kc::test::TempDir dir;
    const std::string copy = dir.File("example.yaml");
    kc::test::WriteAll(copy, kc::test::ReadAll(kExample));
    const auto none = Run({kCtl, "validate", copy});
    CHECK(none.exitCode == 0);
    CHECK(none.err == copy + ": warning: no scenarios file (" + dir.File("example.scenarios.yaml") +
                          "): write one that reaches each hard stop, warning and limit, and run it with checklistctl "
                          "test [no-scenarios]\n");
    CHECK(none.out.find("1 warning,") != std::string::npos);

    // One scenario that completes with the hepatic warning, one that fails (psychosis stops it).
    kc::test::WriteAll(dir.File("example.scenarios.yaml"), "protocol: example-minimal\nscenarios:\n" + kComplete + R"(  - id: hepatic-warning
    title: Moderate hepatic disease warns
    base: complete
    answers: {hepatic: {answer: moderate, justification: Reviewed., second_clinician: Dr B}}
    expect: {outcome: completed, warnings: [hepatic]}
  - id: wrong
    title: Wrongly expected to complete
    base: complete
    answers: {psychosis: "yes"}
    expect: {outcome: completed}
)");
    const auto partial = Run({kCtl, "validate", copy});
    INFO(partial.err);
    CHECK(partial.exitCode == 0);
    const std::string scenarios = dir.File("example.scenarios.yaml");
    CHECK(partial.err.find(scenarios + ":20:9: warning: scenario 'wrong' (Wrongly expected to complete) fails: "
                                       "expected completed, got stopped at psychosis [scenario-fails]") !=
          std::string::npos);
    CHECK(partial.err.find(copy + ":49:9: warning: no passing scenario in " + scenarios +
                           " reaches the hard stop of step 'psychosis' [rule-not-tested]") != std::string::npos);
    CHECK(partial.err.find(copy + ":61:9: warning: no passing scenario in " + scenarios +
                           " reaches the hard stop of step 'hepatic' [rule-not-tested]") != std::string::npos);
    CHECK(partial.err.find(copy + ":85:9: warning: no passing scenario in " + scenarios +
                           " reaches the warning of step 'ecg' [rule-not-tested]") != std::string::npos);
    CHECK(partial.err.find("warning of step 'hepatic'") == std::string::npos); // reached
    CHECK(partial.out.find("4 warnings,") != std::string::npos);

    // A malformed scenarios file makes the protocol's package invalid.
    kc::test::WriteAll(scenarios, "protocol: example-minimal\nscenarios:\n  - id: a\n    titel: A\n");
    const auto broken = Run({kCtl, "validate", copy});
    CHECK(broken.exitCode == 1);
    CHECK(broken.err.find(scenarios + ":4:5: error: unknown key 'titel'") != std::string::npos);
    const auto skipped = Run({kCtl, "validate", "--no-scenarios", copy});
    CHECK(skipped.exitCode == 0);
    CHECK(skipped.err.empty());
}
