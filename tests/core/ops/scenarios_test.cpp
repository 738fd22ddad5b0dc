// Scenarios (kc/ops/scenarios.hpp): parsing and base merging, runs through the real session
// (rounds, limits, hard stops), and which rules no passing scenario reaches.
#include <algorithm>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "kc/ops/review_scenarios.hpp"
#include "kc/ops/scenarios.hpp"
#include "kc/protocol/render.hpp"
#include "process.hpp"
#include "kc/protocol/loader.hpp"

using namespace kc;

namespace {

ProtocolPtr Load(const std::string& path) {
    const LoadResult loaded = LoadProtocolFile(path);
    REQUIRE(loaded.Ok());
    return loaded.protocol;
}

const std::string kRoundsPath = std::string(KC_TEST_DATA_DIR) + "/protocols/valid/rounds.yaml";

// rounds.yaml: a heart rate above the limit in the infusion's round 1 (a warning), then the
// recovery rounds; the second scenario's pain score in recovery round 1 is above its stop limit.
const std::string kRoundsScenarios = R"(protocol: rounds
scenarios:
  - id: high-heart-rate
    title: A heart rate above the limit warns; the session completes
    answers:
      monitored: "yes"
      infusion-started: now
      infusion-stopped: {answer: now, at: 20 min, note: Planned end.}
      discharged: "yes"
    rounds:
      - {schedule: infusion-observations, round: 1, taken: 15 min, note: Rate checked and the infusion slowed., second_clinician: Dr B, values: {obs-heart-rate: "130", obs-sedated: "no"}}
      - {schedule: recovery-observations, round: 1, taken: 30 min, values: {obs-spo2: "97", obs-pain: "3"}}
      - {schedule: recovery-observations, round: 2, taken: 60 min, values: {obs-spo2: "97", obs-pain: "3"}}
      - {schedule: recovery-observations, round: 3, taken: 90 min, values: {obs-spo2: "97", obs-pain: "2"}}
      - {schedule: recovery-observations, round: 4, taken: 120 min, values: {obs-spo2: "98", obs-pain: "2"}}
    attestation: {name: Dr A, meaning: I confirm this record.}
    expect: {outcome: completed, warnings: [obs-heart-rate]}
  - id: severe-pain-stop
    title: Severe pain in recovery is a stop limit
    base: high-heart-rate
    rounds:
      - {schedule: infusion-observations, round: 1, taken: 15 min, values: {obs-heart-rate: "80", obs-sedated: "no"}}
      - {schedule: recovery-observations, round: 1, taken: 30 min, values: {obs-spo2: "97", obs-pain: "10"}}
    expect: {outcome: stopped, stop: obs-pain}
)";

} // namespace

TEST_CASE("a scenario's base is merged in: answers key by key, the rest inherited unless given", "[scenarios]") {
    std::vector<Diagnostic> diagnostics;
    const auto file = ParseScenarios(R"(protocol: example-minimal
scenarios:
  - id: full
    title: Full
    location: Suite 1
    answers: {indication: crps, psychosis: "no", hepatic: normal}
    attestation: {name: Dr A, meaning: I confirm.}
    expect: {outcome: completed, warnings: [hepatic, ecg, hepatic]}
  - id: derived
    title: Derived
    base: full
    answers: {psychosis: "yes"}
    expect: {outcome: stopped, stop: psychosis}
  - id: second
    title: Second generation
    base: derived
    location: Suite 2
    attestation: {name: Dr C, meaning: I confirm it.}
    expect: {outcome: abandoned}
)", "x.scenarios.yaml", nullptr, diagnostics);
    INFO((diagnostics.empty() ? "" : FormatDiagnostic(diagnostics[0])));
    REQUIRE(file);
    REQUIRE(file->scenarios.size() == 3);
    CHECK(file->protocolId == "example-minimal");
    const Scenario& derived = file->scenarios[1];
    CHECK(derived.base == "full");
    CHECK(derived.script.answers.at("psychosis").values == Values{"yes"});
    CHECK(derived.script.answers.at("indication").values == Values{"crps"});
    CHECK(derived.script.location == "Suite 1");
    REQUIRE(derived.script.attestation);
    CHECK(derived.script.attestation->name == "Dr A");
    CHECK(derived.expect.outcome == RunOutcome::Stopped);
    CHECK(derived.expect.stop == "psychosis");
    CHECK(derived.expect.warnings.empty()); // not given: none expected
    const Scenario& second = file->scenarios[2];
    CHECK(second.script.answers.at("psychosis").values == Values{"yes"});
    CHECK(second.script.location == "Suite 2");
    CHECK(second.script.attestation->name == "Dr C");
    CHECK(file->scenarios[0].expect.warnings == std::vector<std::string>{"ecg", "hepatic"}); // sorted, once each
}

TEST_CASE("a scenario without a base needs its answers, and an expect", "[scenarios]") {
    std::vector<Diagnostic> diagnostics;
    const auto file = ParseScenarios("protocol: p\nscenarios:\n  - id: Bad_Id!\n    title: T\n", "s.yaml", nullptr,
                                     diagnostics);
    CHECK_FALSE(file);
    std::vector<std::string> found;
    for (const auto& d : diagnostics) found.push_back(FormatDiagnostic(d));
    INFO(fmt::format("{}", fmt::join(found, "\n")));
    CHECK(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
              return d.rule == "invalid-value" && d.line == 3 && d.column == 9;
          }) == 1);
    CHECK(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
              return d.rule == "missing-key" && d.message.find("answers") != std::string::npos;
          }) == 1);
    CHECK(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
              return d.rule == "missing-key" && d.message.find("expect") != std::string::npos;
          }) == 1);
}

TEST_CASE("scenarios run through the session: round limits warn, stop limits stop, from the events", "[scenarios]") {
    const ProtocolPtr protocol = Load(kRoundsPath);
    std::vector<Diagnostic> diagnostics;
    const auto file = ParseScenarios(kRoundsScenarios, "rounds.scenarios.yaml", protocol.get(), diagnostics);
    INFO((diagnostics.empty() ? "" : FormatDiagnostic(diagnostics[0])));
    REQUIRE(file);
    const ScenarioResult warned = RunScenario(protocol, file->scenarios[0]);
    INFO(warned.message << " / " << warned.difference);
    CHECK(warned.outcome == RunOutcome::Completed);
    CHECK(warned.warnings == std::vector<std::string>{"obs-heart-rate"});
    CHECK(warned.passed);
    const ScenarioResult stopped = RunScenario(protocol, file->scenarios[1]);
    INFO(stopped.message << " / " << stopped.difference);
    CHECK(stopped.outcome == RunOutcome::Stopped);
    CHECK(stopped.stop == "obs-pain");
    CHECK(stopped.warnings.empty());
    CHECK(stopped.passed);

    SECTION("a different expectation says what differed") {
        Scenario wrong = file->scenarios[0];
        wrong.expect.warnings = {};
        const ScenarioResult r = RunScenario(protocol, wrong);
        CHECK_FALSE(r.passed);
        CHECK(r.difference == "warnings expected [] got [obs-heart-rate]");
        wrong.expect.outcome = RunOutcome::Stopped;
        wrong.expect.stop = "obs-pain";
        CHECK(RunScenario(protocol, wrong).difference ==
              "expected stopped at obs-pain, got completed; warnings expected [] got [obs-heart-rate]");
    }
    SECTION("a run that cannot go on fails with the runner's words") {
        Scenario broken = file->scenarios[0];
        broken.script.attestation.reset();
        const ScenarioResult r = RunScenario(protocol, broken);
        CHECK(r.outcome == RunOutcome::Failed);
        CHECK_FALSE(r.passed);
        CHECK(r.difference.find("expected completed, but the run could not go on: every step is done, but the answers "
                                "file has no attestation") == 0);
    }
}

TEST_CASE("coverage names each rule no passing scenario reaches, at its place, and each failing scenario",
          "[scenarios]") {
    const ProtocolPtr protocol = Load(kRoundsPath);
    std::vector<Diagnostic> diagnostics;
    auto file = ParseScenarios(kRoundsScenarios, "rounds.scenarios.yaml", protocol.get(), diagnostics);
    REQUIRE(file);
    std::vector<ScenarioResult> results;
    for (const auto& s : file->scenarios) results.push_back(RunScenario(protocol, s));
    auto found = CheckScenarioCoverage(*protocol, *file, results);
    std::vector<std::string> lines;
    for (const auto& d : found) lines.push_back(FormatDiagnostic(d));
    INFO(fmt::format("{}", fmt::join(lines, "\n")));
    REQUIRE(found.size() == 3);
    for (const auto& d : found) {
        CHECK(d.severity == Severity::Warning);
        CHECK(d.rule == "rule-not-tested");
        CHECK(d.file == kRoundsPath);
    }
    CHECK(found[0].message == "no passing scenario in rounds.scenarios.yaml reaches the stop limit of step 'obs-heart-rate'");
    CHECK(found[0].line == 53); // its limits
    CHECK(found[1].message == "no passing scenario in rounds.scenarios.yaml reaches the warning of step 'obs-sedated'");
    CHECK(found[1].line == 64); // its warning
    CHECK(found[2].message == "no passing scenario in rounds.scenarios.yaml reaches the warning limit of step 'obs-spo2'");

    SECTION("a failing scenario reaches nothing, and is named") {
        results[1].passed = false;
        results[1].difference = "expected stopped at obs-pain, got completed";
        found = CheckScenarioCoverage(*protocol, *file, results);
        REQUIRE(found.size() == 5);
        CHECK(found[0].rule == "scenario-fails");
        CHECK(found[0].file == "rounds.scenarios.yaml");
        CHECK(found[0].line == 18);
        CHECK(found[0].message ==
              "scenario 'severe-pain-stop' (Severe pain in recovery is a stop limit) fails: expected stopped at "
              "obs-pain, got completed");
        CHECK(found.back().message.find("stop limit of step 'obs-pain'") != std::string::npos);
    }
}

TEST_CASE("the scenarios file of a protocol is <stem>.scenarios.yaml beside it", "[scenarios]") {
    CHECK(DefaultScenariosPath("protocols/ketamine-acute-pain-2018.yaml") ==
          "protocols/ketamine-acute-pain-2018.scenarios.yaml");
    CHECK(DefaultScenariosPath("/a/b/x.yml") == "/a/b/x.scenarios.yaml");
    CHECK(DefaultScenariosPath("x.v2.yaml") == "x.v2.scenarios.yaml");
}

TEST_CASE("the review copy lists the scenarios beside the protocol with what each expects", "[scenarios][review-copy]") {
    const ProtocolPtr example = Load(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    const std::string md = RenderReviewMarkdown(*example);
    CHECK(md.find(RenderMarkdown(*example)) == 0);
    CHECK(md.find("\n## Scenarios\n\nThe protocol is tested against these scenarios (`example-minimal.scenarios.yaml`") !=
          std::string::npos);
    CHECK(md.find("| `psychosis-stop` | Active psychosis is a hard stop | hard stop at `psychosis`; no warning |\n") !=
          std::string::npos);
    CHECK(md.find("| `moderate-hepatic-warning` | Moderate hepatic disease warns; justified with a second clinician, "
                  "it completes | completed; warning at `hepatic` |\n") != std::string::npos);
    CHECK(md.find("| `abandoned` | ") != std::string::npos);
    const std::string html = RenderReviewHtml(*example);
    const auto section = html.find("<h2>Scenarios</h2>");
    REQUIRE(section != std::string::npos);
    CHECK(section < html.rfind("</body>"));
    CHECK(html.find("<td><code>severe-hepatic-stop</code></td><td>Severe hepatic disease is a hard stop</td><td>hard "
                    "stop at <code>hepatic</code>; no warning</td>") != std::string::npos);

    test::TempDir dir;
    const std::string copy = dir.File("p.yaml");
    test::WriteAll(copy, test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml"));
    const ProtocolPtr lonely = Load(copy);
    CHECK(RenderReviewMarkdown(*lonely) == RenderMarkdown(*lonely)); // no scenarios file: no section
    CHECK(RenderReviewHtml(*lonely) == RenderHtml(*lonely));
    test::WriteAll(dir.File("p.scenarios.yaml"), "protocol: example-minimal\nscenarios: []\n");
    CHECK(RenderReviewMarkdown(*lonely).find("The scenarios file `p.scenarios.yaml` cannot be read (1 problem)") !=
          std::string::npos);
}
