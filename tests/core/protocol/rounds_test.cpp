// Time points, rounds, limits and codes: the valid fixture loads with every field as written,
// and the rules that need a whole protocol around them (walk order, scopes) give their rule
// at the place of the offending node.
#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"

using namespace kc;

namespace {

const std::string kRounds = std::string(KC_TEST_DATA_DIR) + "/protocols/valid/rounds.yaml";

constexpr std::int64_t kMinute = 60 * 1000;

std::string Printed(const LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics) out += FormatDiagnostic(d) + "\n";
    return out;
}

} // namespace

TEST_CASE("a protocol with rounds, limits and codes becomes the model it describes", "[loader][rounds]") {
    const auto result = LoadProtocolFile(kRounds);
    INFO(Printed(result));
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;

    REQUIRE(p.steps.size() == 4); // round steps are not steps of the walk
    const Step* started = p.FindStep("infusion-started");
    REQUIRE(started);
    CHECK(started->kind == AnswerKind::TimePoint);
    CHECK_FALSE(started->noteRequired);
    const Step* stopped = p.FindStep("infusion-stopped");
    REQUIRE(stopped);
    CHECK(stopped->kind == AnswerKind::TimePoint);
    CHECK(stopped->noteRequired);
    REQUIRE(stopped->codes.size() == 1);
    CHECK(stopped->codes[0].system == Code::System::Snomed);
    CHECK(stopped->codes[0].code == "386661006");
    CHECK(stopped->codes[0].display == "Fever");
    CHECK_FALSE(p.FindStep("obs-heart-rate"));

    REQUIRE(p.rounds.size() == 2);
    const RoundSchedule& during = p.rounds[0];
    CHECK(p.FindRounds("infusion-observations") == &during);
    CHECK(during.title == "Observations during the infusion");
    CHECK(during.description == "Every quarter hour while the infusion runs.");
    CHECK(during.from == "infusion-started");
    CHECK(during.until == "infusion-stopped");
    CHECK(during.forMs == 0);
    CHECK(during.everyMs == 15 * kMinute);
    CHECK(during.graceMs == 5 * kMinute);
    CHECK(during.phase == 1);
    CHECK(during.basis.kind == Basis::Kind::LocalPolicy);
    CHECK(during.basis.citation == "Department standing order 12");
    CHECK(during.pos.line == 35);
    REQUIRE(during.steps.size() == 3);

    const Step& hr = during.steps[0];
    CHECK(during.FindStep("obs-heart-rate") == &hr);
    CHECK(hr.kind == AnswerKind::Measurement);
    CHECK(hr.unit == "/min");
    CHECK(hr.phase == 1);
    CHECK(hr.basis.covers == "question 6 (monitoring)"); // the phase's basis, as for top-level steps
    REQUIRE(hr.codes.size() == 2);
    CHECK(hr.codes[0].system == Code::System::Loinc);
    CHECK(hr.codes[0].code == "8867-4");
    CHECK(hr.codes[0].display == "Heart rate");
    CHECK(hr.codes[1].system == Code::System::Snomed);
    CHECK(hr.codes[1].display.empty());
    REQUIRE(hr.limits);
    CHECK(hr.limits->below == std::optional<std::string>("50"));
    CHECK(hr.limits->above == std::optional<std::string>("120"));
    CHECK(hr.limits->message == "Heart rate outside the department's limits; record what was done.");
    CHECK(hr.limits->secondClinician);
    CHECK(hr.limits->stopBelow == std::optional<std::string>("40"));
    CHECK(hr.limits->stopAbove == std::optional<std::string>("150.5"));
    CHECK(hr.limits->stopMessage == "Stop the infusion and call the anaesthetist.");
    CHECK(hr.limits->pos.line == 53); // its first key

    const Step& sedated = during.steps[1];
    REQUIRE(sedated.when);
    CHECK(sedated.when->step == "monitored");
    REQUIRE(sedated.warning);
    const Step& airway = during.steps[2];
    CHECK_FALSE(airway.required);
    CHECK(airway.basis.kind == Basis::Kind::Guideline);
    REQUIRE(airway.when);
    CHECK(airway.when->step == "obs-sedated");

    const RoundSchedule& after = p.rounds[1];
    CHECK(after.from == "infusion-stopped");
    CHECK(after.until.empty());
    CHECK(after.forMs == 120 * kMinute);
    CHECK(after.everyMs == 30 * kMinute);
    CHECK(after.graceMs == 0);
    CHECK(after.phase == 2);
    REQUIRE(after.steps.size() == 2);
    REQUIRE(after.steps[0].limits);
    CHECK(after.steps[0].limits->below == std::optional<std::string>("94"));
    CHECK_FALSE(after.steps[0].limits->above);
    CHECK_FALSE(after.steps[0].limits->stopBelow);
    CHECK_FALSE(after.steps[0].limits->secondClinician);
    CHECK(after.steps[0].limits->stopMessage.empty());
    REQUIRE(after.steps[1].limits);
    CHECK(after.steps[1].limits->stopAbove == std::optional<std::string>("9"));
    CHECK(after.steps[1].limits->message.empty());
    CHECK(after.steps[1].basis.note == "own basis");
}

TEST_CASE("a schedule without a basis takes its phase's", "[loader][rounds]") {
    const auto result = ParseProtocol(R"(format: 1
id: p
title: P
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources: [{id: s, citation: C}]
phases:
  - id: ph
    title: Ph
    basis: {local_policy: {citation: Phase rule}}
    steps:
      - {id: start, prompt: Start, kind: time-point}
    rounds:
      - id: r
        title: R
        from: start
        for: 1 h
        every: 15 min
        grace: 0 min
        steps: [{id: hr, prompt: HR, kind: measurement, unit: /min}]
)",
                                      "p.yaml");
    INFO(Printed(result));
    REQUIRE(result.Ok());
    REQUIRE(result.protocol->rounds.size() == 1);
    CHECK(result.protocol->rounds[0].basis.citation == "Phase rule");
    CHECK(result.protocol->rounds[0].steps[0].basis.citation == "Phase rule");
    CHECK(result.protocol->rounds[0].forMs == 60 * kMinute);
}

namespace {

// The tests/data/protocols/invalid fixtures' protocol, with `sedated` changed.
std::string WithSedated(const std::string& sedated) {
    return R"(format: 1
id: p
title: P
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources: [{id: s, citation: C}]
phases:
  - id: ph
    title: Ph
    basis: {local_policy: }
    steps:
      - {id: monitored, prompt: Monitored, kind: yes-no}
      - {id: start, prompt: Start, kind: time-point}
    rounds:
      - id: r
        title: R
        from: start
        for: 1 h
        every: 15 min
        grace: 0 min
        steps:
          - {id: sedated, prompt: Sedated, kind: yes-no, )" +
           sedated + R"(}
          - {id: later, prompt: Later, kind: yes-no, when: {equals: {step: sedated, value: "no"}}}
          - {id: other, prompt: Other, kind: free-text}
)";
}

} // namespace

TEST_CASE("in a round, only conditions that need a stopping answer are unreachable", "[loader][rounds]") {
    // Round steps are answered in any order: a required step whose every answer stops does not
    // make the steps after it unreachable, as it would in the walk ...
    const auto allStop = ParseProtocol(WithSedated(R"(hard_stop: {answers: ["yes", "no"], message: Stop.})"), "p.yaml");
    INFO(Printed(allStop));
    REQUIRE(allStop.diagnostics.size() == 1);
    // ... but a condition that holds only with an answer that stops the session is never shown.
    CHECK(allStop.diagnostics[0].rule == "unreachable-step");
    CHECK(allStop.diagnostics[0].line == 24); // the condition of `later`, not the step as blocked
    CHECK(allStop.diagnostics[0].column == 60);
    const auto noStop = ParseProtocol(WithSedated(R"(hard_stop: {answers: ["yes"], message: Stop.})"), "p.yaml");
    INFO(Printed(noStop));
    CHECK(noStop.Ok());
}
