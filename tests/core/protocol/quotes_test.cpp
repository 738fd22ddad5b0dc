// Quotes (guideline statements shown with a step as information) and the evidence fields of
// the header and of a source: what the loader makes of them and what it refuses.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"

using namespace kc;

namespace {

const std::string kValid = std::string(KC_TEST_DATA_DIR) + "/protocols/valid/quotes-and-evidence.yaml";

// A protocol whose one step carries `stepExtra` (YAML lines at the step's indentation).
std::string WithStep(const std::string& stepExtra, const std::string& prompt = "Was the patient told?") {
    return "format: 1\nid: q\ntitle: Q\nversion: 1.0.0\nstatus: draft\nlast_reviewed: 2026-12-02\n"
           "sources:\n  - {id: cohen-2018, citation: C}\n"
           "phases:\n  - id: p\n    title: P\n    steps:\n"
           "      - id: s\n        prompt: \"" + prompt + "\"\n        kind: yes-no\n"
           "        basis: {local_policy: {note: n}}\n" + stepExtra;
}

bool Has(const LoadResult& result, const std::string& rule, int line = 0) {
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& d) {
        return d.rule == rule && (line == 0 || d.line == line);
    });
}

} // namespace

TEST_CASE("a step's quotes become the model with their guideline grading", "[loader][quotes]") {
    const auto result = LoadProtocolFile(kValid);
    INFO(result.diagnostics.size());
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;
    const Step* told = p.FindStep("told-evidence");
    REQUIRE(told != nullptr);
    CHECK(told->basis.kind == Basis::Kind::LocalPolicy); // the step stays what it is
    REQUIRE(told->quotes.size() == 1);
    const Quote& q = told->quotes[0];
    CHECK(q.text == "CRPS, moderate evidence of improvement lasting up to 12 weeks.");
    CHECK(q.basis.kind == Basis::Kind::Guideline);
    CHECK(q.basis.source == "cohen-2018");
    CHECK(q.basis.section == "A1");
    CHECK(q.basis.grade == "B");
    CHECK(q.basis.certainty.empty());
    CHECK(q.basis.provenance == "summary; wording confirmed");
    CHECK(q.pos.line == 31);

    const Step* bolus = p.FindStep("bolus-reviewed");
    REQUIRE(bolus != nullptr);
    REQUIRE(bolus->quotes.size() == 2);
    CHECK(bolus->quotes[0].basis.certainty == "low");
    CHECK(bolus->quotes[1].basis.grade.empty());
    CHECK(bolus->quotes[1].basis.gradeNote == "Grade not shown");

    // A round step reads its quotes like a step of the walk.
    REQUIRE(p.rounds.size() == 1);
    REQUIRE(p.rounds[0].steps.size() == 1);
    REQUIRE(p.rounds[0].steps[0].quotes.size() == 1);
    CHECK(p.rounds[0].steps[0].quotes[0].basis.source == "schwenk-2018");
}

TEST_CASE("the evidence fields of the header and of a source become the model", "[loader][quotes]") {
    const auto result = LoadProtocolFile(kValid);
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;
    CHECK(p.lastReviewed == "2026-12-02");
    CHECK(p.evidenceReference == "docs/evidence/asra-2018-ketamine.md");
    CHECK(p.translatedBy == "Pain service protocol group");
    REQUIRE(p.sources.size() == 2);
    CHECK(p.sources[0].developedBy.rfind("ASRA/AAPM working group", 0) == 0);
    CHECK(p.sources[0].published == "2018-06-05");
    CHECK(p.sources[0].reviewStatus == "ASRA stated it would be reviewed again in 2023; no update was found");
    CHECK(p.sources[1].published == "2018-07");
    CHECK(p.sources[1].developedBy.empty());
}

TEST_CASE("a protocol without quotes or evidence fields loads with them empty", "[loader][quotes]") {
    const auto result = ParseProtocol(WithStep(""), "q.yaml");
    REQUIRE(result.Ok());
    CHECK(result.protocol->steps[0].quotes.empty());
    CHECK(result.protocol->evidenceReference.empty());
    CHECK(result.protocol->translatedBy.empty());
}

TEST_CASE("a quote's guideline gets every check a guideline basis gets", "[loader][quotes]") {
    const std::string quote = "        quotes:\n          - text: A statement.\n            guideline: ";
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: nope, section: A1, provenance: summary}\n"), "q.yaml"),
              "unknown-source", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A1, grade: E, provenance: summary}\n"),
                            "q.yaml"),
              "invalid-grade", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A1, certainty: some, provenance: "
                                             "summary}\n"),
                            "q.yaml"),
              "invalid-certainty", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A7, provenance: open}\n"), "q.yaml"),
              "invalid-provenance", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A1, provenance: rumour}\n"), "q.yaml"),
              "invalid-provenance", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: first, provenance: summary}\n"),
                            "q.yaml"),
              "invalid-value", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, provenance: summary}\n"), "q.yaml"),
              "missing-key", 19));
    CHECK(Has(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A1, provenance: summary, page: 3}\n"),
                            "q.yaml"),
              "unknown-key", 19));
    // And a well-formed one is accepted.
    CHECK(ParseProtocol(WithStep(quote + "{source: cohen-2018, section: A1, grade: B, provenance: summary}\n"),
                        "q.yaml")
              .Ok());
}

TEST_CASE("a quote needs its text and guideline and holds nothing else", "[loader][quotes]") {
    CHECK(Has(ParseProtocol(WithStep("        quotes:\n          - text: A statement.\n"), "q.yaml"), "missing-key"));
    CHECK(Has(ParseProtocol(WithStep("        quotes:\n          - guideline: {source: cohen-2018, section: A1, "
                                     "provenance: summary}\n"),
                            "q.yaml"),
              "missing-key"));
    CHECK(Has(ParseProtocol(WithStep("        quotes:\n          - text: A.\n            guideline: {source: "
                                     "cohen-2018, section: A1, provenance: summary}\n            basis: x\n"),
                            "q.yaml"),
              "unknown-key", 20));
    CHECK(Has(ParseProtocol(WithStep("        quotes: A statement.\n"), "q.yaml"), "wrong-type"));
}

TEST_CASE("the evidence reference is a repository path, and a guideline's date a real date", "[loader][quotes]") {
    const auto withHeader = [](const std::string& header) {
        std::string text = WithStep("");
        text.insert(text.find("sources:"), header);
        return ParseProtocol(text, "q.yaml");
    };
    CHECK(withHeader("evidence: {reference: docs/evidence/asra-2018-ketamine.md}\n").Ok());
    for (const char* bad : {"/work/shared/guidelines/asra.md", "~/asra.md", "C:/asra.md", "../shared/asra.md",
                            "docs/../../asra.md", "https://example.org/asra.md", "docs\\\\evidence\\\\asra.md"}) {
        INFO(bad);
        CHECK(Has(withHeader(std::string("evidence: {reference: \"") + bad + "\"}\n"), "invalid-value", 7));
    }
    CHECK(Has(withHeader("evidence: {translated_by: Someone}\n"), "missing-key", 7));
    CHECK(Has(withHeader("evidence: {reference: docs/e.md, by: Someone}\n"), "unknown-key", 7));

    const auto withSource = [](const std::string& fields) {
        std::string text = WithStep("");
        const std::string plain = "  - {id: cohen-2018, citation: C}\n";
        text.replace(text.find(plain), plain.size(), "  - {id: cohen-2018, citation: C, " + fields + "}\n");
        return ParseProtocol(text, "q.yaml");
    };
    for (const char* good : {"2018", "2018-06", "2018-06-05", "\"2018-06-05\""}) {
        INFO(good);
        CHECK(withSource(std::string("published: ") + good).Ok());
    }
    for (const char* bad : {"18", "2018-13", "2018-02-30", "June 2018", "2018-6-5"}) {
        INFO(bad);
        CHECK(Has(withSource(std::string("published: ") + bad), "invalid-value", 8));
    }
    CHECK(withSource("developed_by: ASRA/AAPM working group, review_status: not updated").Ok());
}

TEST_CASE("the outline and the review copy show quotes under their step and the evidence fields", "[render][quotes]") {
    const auto result = LoadProtocolFile(kValid);
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;
    const std::string outline = RenderOutline(p);
    CHECK(outline.find("evidence: docs/evidence/asra-2018-ketamine.md, translated into this protocol by Pain service "
                       "protocol group") != std::string::npos);
    CHECK(outline.find("guideline statement (information, not a target): Bolus up to 0.35 mg/kg.  {guideline — "
                       "cohen-2018 §A3, grade C, certainty low [summary]}") != std::string::npos);
    CHECK(outline.find("developed by: ASRA/AAPM working group") != std::string::npos);
    CHECK(outline.find("published: 2018-06-05") != std::string::npos);
    CHECK(outline.find("review status: ASRA stated it would be reviewed again in 2023") != std::string::npos);
    // Under its own step: after the step's line, before the next step's.
    const auto bolus = outline.find("bolus-reviewed [");
    const auto quote = outline.find("Bolus up to 0.35 mg/kg.");
    const auto next = outline.find("started [");
    CHECK((bolus < quote && quote < next));

    const std::string md = RenderMarkdown(p);
    CHECK(md.find("| Evidence reference | `docs/evidence/asra-2018-ketamine.md` |") != std::string::npos);
    CHECK(md.find("| Translated into this protocol by | Pain service protocol group |") != std::string::npos);
    CHECK(md.find("- **Guideline statement (information, not a target):** Bolus up to 0.35 mg/kg. — cohen-2018 §A3; "
                  "grade C; certainty low; provenance [summary]") != std::string::npos);
    CHECK(md.find("In responders, oral ketamine may be tried instead of serial infusions. — cohen-2018 §A4; grade not "
                  "given; certainty not given; provenance [summary] (Grade not shown)") != std::string::npos);
    CHECK(md.find("developed by ASRA/AAPM working group") != std::string::npos);
    CHECK(md.find("review status: ASRA stated") != std::string::npos);
    CHECK(md.find("Infusions generally not above 1 mg/kg per hour") != std::string::npos); // a round step's quote

    const std::string html = RenderHtml(p);
    CHECK(html.find("<tr><td>Evidence reference</td><td class=\"id\">docs/evidence/asra-2018-ketamine.md</td></tr>") !=
          std::string::npos);
    CHECK(html.find("Bolus up to 0.35 mg/kg. <i>(information, not a target)</i>") != std::string::npos);
    CHECK(html.find("published 2018-06-05") != std::string::npos);
}

TEST_CASE("a quote's grading line names the source by its first author and year", "[render][quotes]") {
    const auto result = LoadProtocolFile(kValid);
    REQUIRE(result.Ok());
    const Protocol& p = *result.protocol;
    CHECK(DescribeGrading(p, p.FindStep("bolus-reviewed")->quotes[0].basis) == "Cohen et al. 2018 A3, C, low");
    CHECK(DescribeGrading(p, p.FindStep("bolus-reviewed")->quotes[1].basis) ==
          "Cohen et al. 2018 A4, grade not given, certainty not given");
    Source noYear;
    noYear.id = "local-statement";
    noYear.citation = "ASA Committee statement";
    CHECK(ShortSourceName(noYear) == "ASA");
    noYear.published = "2023";
    CHECK(ShortSourceName(noYear) == "ASA 2023");
    noYear.citation = "(unnamed)";
    CHECK(ShortSourceName(noYear) == "local-statement");
}
