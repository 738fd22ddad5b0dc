#include <catch2/catch.hpp>

#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"
#include "kc/base/sha256.hpp"
#include "process.hpp"

using namespace kc;

namespace {

const std::string kMinimal = R"(format: 1
id: mini
title: Mini
version: 2.1.0
status: approved
last_reviewed: 2024-02-29
sources:
  - {id: s, citation: A citation, doi: 10.1097/AAP.0000000000000806, pmid: "29870457"}
phases:
  - id: p
    title: Phase
    basis: {local_policy: {citation: Clinic rule 7}}
    steps:
      - {id: a, prompt: "A?", kind: yes-no-na}
      - id: b
        prompt: B?
        kind: multiple-choice
        options: [{id: x, label: X}, {id: y, label: Y}]
        when: {not: {equals: {step: a, value: "no"}}}
        basis: {guideline: {source: s, section: B1, grade: C, certainty: low, provenance: confirmed}}
        warning: {answers: [x], message: Careful, second_clinician: true}
      - {id: c, prompt: C, kind: measurement, unit: mmHg, required: false}
)";

} // namespace

TEST_CASE("a valid protocol becomes the model it describes", "[loader]") {
    const auto result = ParseProtocol(kMinimal, "mini.yaml");
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;
    CHECK(p.id == "mini");
    CHECK(p.version == "2.1.0");
    CHECK(p.status == ProtocolStatus::Approved);
    CHECK(p.lastReviewed == "2024-02-29");
    REQUIRE(p.sources.size() == 1);
    CHECK(p.sources[0].pmid == "29870457");
    REQUIRE(p.phases.size() == 1);
    CHECK(p.phases[0].stepCount == 3);
    REQUIRE(p.steps.size() == 3);

    const Step& a = p.steps[0];
    CHECK(a.kind == AnswerKind::YesNoNa);
    CHECK(a.basis.kind == Basis::Kind::LocalPolicy); // inherited from the phase
    CHECK(a.basis.citation == "Clinic rule 7");
    CHECK(a.pos.line == 14);

    const Step& b = p.steps[1];
    CHECK(b.kind == AnswerKind::MultipleChoice);
    REQUIRE(b.options.size() == 2);
    CHECK(b.basis.kind == Basis::Kind::Guideline);
    CHECK(b.basis.grade == "C");
    CHECK(b.basis.certainty == "low");
    REQUIRE(b.when);
    CHECK(b.when->op == Condition::Op::Not);
    CHECK(DescribeCondition(*b.when) == "not (a = no)");
    REQUIRE(b.warning);
    CHECK(b.warning->secondClinician);
    CHECK(b.warning->on == std::vector<std::string>{"x"});
    CHECK_FALSE(b.hardStop);

    const Step& c = p.steps[2];
    CHECK(c.unit == "mmHg");
    CHECK_FALSE(c.required);
}

TEST_CASE("a protocol's identity is the SHA-256 of its exact bytes", "[loader]") {
    const auto one = ParseProtocol(kMinimal, "mini.yaml");
    const auto two = ParseProtocol(kMinimal + "# a comment changes the bytes\n", "mini.yaml");
    REQUIRE(one.Ok());
    REQUIRE(two.Ok());
    CHECK(one.protocol->sha256 == Sha256Hex(kMinimal));
    CHECK(one.protocol->sha256 != two.protocol->sha256);
    CHECK(one.protocol->ShortHash() == one.protocol->sha256.substr(0, 12));
}

TEST_CASE("all problems in a file are reported together, sorted by place", "[loader]") {
    std::string broken = kMinimal;
    broken.replace(broken.find("title: Mini"), 11, "titel: Mini");            // unknown key + missing title
    broken.replace(broken.find("grade: C"), 8, "grade: Z");                   // bad grade
    broken.replace(broken.find("step: a, value: \"no\""), 20, "step: q, value: \"no\""); // unknown reference
    const auto result = ParseProtocol(broken, "broken.yaml");
    REQUIRE_FALSE(result.Ok());
    std::vector<std::string> rules;
    for (const auto& d : result.diagnostics) rules.push_back(d.rule);
    CHECK(rules == std::vector<std::string>{"missing-key", "unknown-key", "unknown-reference", "invalid-grade"});
    for (std::size_t i = 1; i < result.diagnostics.size(); ++i)
        CHECK(result.diagnostics[i - 1].line <= result.diagnostics[i].line);
    CHECK(FormatDiagnostic(result.diagnostics[1]) ==
          "broken.yaml:3:1: error: unknown key 'titel' in the protocol; did you mean 'title'? [unknown-key]");
}

TEST_CASE("an unreadable path is a diagnostic, not an exception", "[loader]") {
    const auto result = LoadProtocolFile("/nonexistent/protocol.yaml");
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].rule == "io-error");
    test::TempDir dir;
    CHECK(LoadProtocolFile(dir.Path()).diagnostics.at(0).rule == "io-error");
}

TEST_CASE("ListProtocolFiles lists .yaml files, skipping scripted-run answers", "[loader]") {
    test::TempDir dir;
    test::WriteAll(dir.File("b.yaml"), "x");
    test::WriteAll(dir.File("a.yml"), "x");
    test::WriteAll(dir.File("a.answers.yaml"), "x");
    test::WriteAll(dir.File("notes.txt"), "x");
    CHECK(ListProtocolFiles(dir.Path()) == std::vector<std::string>{dir.File("a.yml"), dir.File("b.yaml")});
    CHECK(ListProtocolFiles(dir.File("notes.txt")) == std::vector<std::string>{dir.File("notes.txt")});
    CHECK_THROWS_AS(ListProtocolFiles(dir.File("missing")), IoError);
}
