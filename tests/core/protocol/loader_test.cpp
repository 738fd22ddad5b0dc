#include <catch2/catch.hpp>
#include <tuple>
#include <vector>

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
    broken.replace(broken.find("title: Mini"), 11, "titel: Mini");            // misspelt key (said once)
    broken.replace(broken.find("grade: C"), 8, "grade: Z");                   // bad grade
    broken.replace(broken.find("step: a, value: \"no\""), 20, "step: q, value: \"no\""); // unknown reference
    const auto result = ParseProtocol(broken, "broken.yaml");
    REQUIRE_FALSE(result.Ok());
    std::vector<std::string> rules;
    for (const auto& d : result.diagnostics) rules.push_back(d.rule);
    CHECK(rules == std::vector<std::string>{"unknown-key", "unknown-reference", "invalid-grade"});
    for (std::size_t i = 1; i < result.diagnostics.size(); ++i)
        CHECK(result.diagnostics[i - 1].line <= result.diagnostics[i].line);
    CHECK(FormatDiagnostic(result.diagnostics[0]) ==
          "broken.yaml:3:1: error: unknown key 'titel' in the protocol; did you mean 'title'? [unknown-key]");
}

TEST_CASE("an unreadable path is a diagnostic, not an exception", "[loader]") {
    const auto result = LoadProtocolFile("/nonexistent/protocol.yaml");
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].rule == "io-error");
    test::TempDir dir;
    CHECK(LoadProtocolFile(dir.Path()).diagnostics.at(0).rule == "io-error");
}

TEST_CASE("ListProtocolFiles lists .yaml files, skipping scripted-run answers and scenarios", "[loader]") {
    test::TempDir dir;
    test::WriteAll(dir.File("b.scenarios.yaml"), "x");
    test::WriteAll(dir.File("b.yaml"), "x");
    test::WriteAll(dir.File("a.yml"), "x");
    test::WriteAll(dir.File("a.answers.yaml"), "x");
    test::WriteAll(dir.File("notes.txt"), "x");
    CHECK(ListProtocolFiles(dir.Path()) == std::vector<std::string>{dir.File("a.yml"), dir.File("b.yaml")});
    CHECK(ListProtocolFiles(dir.File("notes.txt")) == std::vector<std::string>{dir.File("notes.txt")});
    CHECK_THROWS_AS(ListProtocolFiles(dir.File("missing")), IoError);
}

namespace {

std::vector<std::string> LinesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    lines.push_back(text.substr(start));
    return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += '\n';
        out += lines[i];
    }
    return out;
}

bool StartsKeyOrItem(const std::string& line) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == std::string::npos) return false;
    if (line.compare(i, 2, "- ") == 0) i += 2;
    const std::size_t colon = line.find(':', i);
    if (colon == std::string::npos || colon == i) return false;
    for (std::size_t k = i; k < colon; ++k)
        if (!(std::islower(static_cast<unsigned char>(line[k])) || line[k] == '_')) return false;
    return colon + 1 == line.size() || line[colon + 1] == ' ';
}

} // namespace

TEST_CASE("a line indented too far or not far enough is said once, as indentation, at its line", "[loader][validator]") {
    // Every key or list item of the bundled protocols, moved 1 or 2 spaces left or right.
    std::size_t unreadable = 0;
    for (const auto& file : ListProtocolFiles(KC_PROTOCOL_DIR)) {
        const auto lines = LinesOf(test::ReadAll(file));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (!StartsKeyOrItem(lines[i])) continue;
            for (const int shift : {-2, -1, 1, 2}) {
                auto changed = lines;
                if (shift < 0 && changed[i].compare(0, static_cast<std::size_t>(-shift), std::string(static_cast<std::size_t>(-shift), ' ')) != 0)
                    continue;
                if (shift < 0) changed[i].erase(0, static_cast<std::size_t>(-shift));
                else changed[i].insert(0, static_cast<std::size_t>(shift), ' ');
                const auto result = ParseProtocol(JoinLines(changed), "p.yaml");
                if (result.diagnostics.empty() || result.diagnostics.front().rule != "yaml-syntax") continue;
                ++unreadable; // YAML cannot read it: the one thing to say is the indentation
                INFO(file << " line " << i + 1 << " moved " << shift << ": " << lines[i]);
                REQUIRE(result.diagnostics.size() == 1);
                const Diagnostic& d = result.diagnostics.front();
                INFO(FormatDiagnostic(d));
                CHECK(d.message.rfind("bad indentation: ", 0) == 0);
                for (const char* jargon : {"illegal map value", "end of map", "end of sequence", "block entry"})
                    CHECK(d.message.find(jargon) == std::string::npos);
                // The moved line, or the next one that no longer lines up with it; and the place
                // to line it up with is named by its line.
                CHECK((d.line == static_cast<int>(i) + 1 || d.line == static_cast<int>(i) + 2));
                CHECK(d.column == static_cast<int>(changed[static_cast<std::size_t>(d.line - 1)].find_first_not_of(' ')) + 1);
                CHECK(d.message.find(" on line ") != std::string::npos);
            }
        }
    }
    CHECK(unreadable > 1000);
}

TEST_CASE("a key left empty because the lines under it were not indented is said once", "[loader][validator]") {
    const std::string example = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    // "hard_stop:" then its keys at its own indentation; "basis:" then "guideline:" beside it.
    for (const auto& [from, to, emptyKey, firstKey] :
         {std::tuple<std::string, std::string, std::string, std::string>{
              "        hard_stop:\n          answers: [yes]\n          message:",
              "        hard_stop:\n        answers: [yes]\n        message:", "hard_stop", "answers"},
          {"        basis:\n          guideline: {source: cohen-2018, section: A2",
           "        basis:\n        guideline: {source: cohen-2018, section: A2", "basis", "guideline"}}) {
        std::string text = example;
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        const auto result = ParseProtocol(text, "p.yaml");
        std::string said;
        for (const auto& d : result.diagnostics) said += FormatDiagnostic(d) + "\n";
        INFO(said);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(said.find("unknown key '" + firstKey + "'") != std::string::npos);
        CHECK(said.find("'" + emptyKey + "' on line") != std::string::npos);
        CHECK(said.find("left empty") != std::string::npos);
    }
}

TEST_CASE("a near miss names the word it probably means", "[loader][validator]") {
    const std::string example = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    struct Miss {
        std::string from, to, expected;
    };
    for (const Miss& m : std::vector<Miss>{
             // misspelt keys, at several places: a step, a basis, a hard stop, the header
             {"        prompt: Does the patient have active", "        promt: Does the patient have active",
              "unknown key 'promt' in a step; did you mean 'prompt'?"},
             {"        kind: yes-no\n", "        knid: yes-no\n", "unknown key 'knid' in a step; did you mean 'kind'?"},
             {"          message: Active psychosis", "          mesage: Active psychosis",
              "unknown key 'mesage' in a hard_stop; did you mean 'message'?"},
             {"last_reviewed: 2026", "last_reviwed: 2026", "did you mean 'last_reviewed'?"},
             // enumerations written in another case or a near spelling
             {"answers: [yes]", "answers: [Yes]", "'Yes' is not an answer of step 'psychosis' (answers: yes, no); did you mean 'yes'?"},
             {"status: draft", "status: Draft", "status 'Draft' must be draft, approved or retired; did you mean 'draft'?"},
             {"status: draft", "status: drafy", "did you mean 'draft'?"},
             {"kind: yes-no\n", "kind: yes_no\n", "did you mean 'yes-no'?"},
             {"grade: B", "grade: b", "grade 'b' is not one of A, B, C, D (leave it out when the reference gives no grade); did you mean 'B'?"},
             {"provenance: summary}", "provenance: Summary}", "did you mean 'summary'?"},
             // booleans of YAML 1.1 (the format is YAML 1.2: true and false only)
             {"        kind: yes-no\n", "        kind: yes-no\n        required: no\n",
              "'required' in a step must be true or false; 'no' is text in YAML 1.2, not a boolean: write false"},
             {"        kind: yes-no\n", "        kind: yes-no\n        required: Yes\n", "'Yes' is text in YAML 1.2, not a boolean: write true"},
             {"        kind: yes-no\n", "        kind: yes-no\n        required: off\n", "write false"},
             {"        kind: yes-no\n", "        kind: yes-no\n        required: \"false\"\n", "write false without quotes"},
         }) {
        std::string text = example;
        const auto at = text.find(m.from);
        REQUIRE(at != std::string::npos);
        text.replace(at, m.from.size(), m.to);
        const auto result = ParseProtocol(text, "p.yaml");
        std::string said;
        for (const auto& d : result.diagnostics) said += FormatDiagnostic(d) + "\n";
        INFO(m.to << "\n" << said);
        CHECK(result.diagnostics.size() == 1);
        CHECK(said.find(m.expected) != std::string::npos);
    }
}
