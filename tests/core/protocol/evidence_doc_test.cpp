// The evidence travels with the product: every guideline grading a shipped protocol states
// (on a step, an option, a round step or a quoted statement) is written in the project's own
// evidence file, docs/evidence/asra-2018-ketamine.md, under the section the basis names, with
// the same grade, certainty and provenance tag. A protocol that cites "A3 (B, low)" when the
// file's A3 says (C, low) fails here, and so does a file edited without its protocols.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"
#include "shipped_protocols.hpp"

using namespace kc;

namespace {

const std::string kEvidencePath = std::string(KC_SOURCE_DIR) + "/docs/evidence/asra-2018-ketamine.md";

// The file's text with each run of spaces and line breaks as one space: a tag may wrap.
std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    std::string text;
    for (char c : s.str()) {
        const bool space = c == ' ' || c == '\n';
        if (space && !text.empty() && text.back() == ' ') continue;
        text += space ? ' ' : c;
    }
    return text;
}

// The text of the file's section "### <section>." (A6–A8 share one heading): up to the next
// heading of the same or a higher level.
std::string SectionText(const std::string& doc, const std::string& section) {
    std::size_t at = doc.find("### " + section + ".");
    if (at == std::string::npos && (section == "A6" || section == "A7" || section == "A8"))
        at = doc.find("### A6–A8.");
    if (at == std::string::npos) return {};
    std::size_t end = doc.find(" ##", at + 1);
    return doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// How the evidence file writes a grading: "(C, low)", "(B, —)" when the certainty is blank.
std::string GradeText(const Basis& b) {
    return "(" + b.grade + ", " + (b.certainty.empty() ? std::string("—") : b.certainty) + ")";
}

struct Cited {
    const Basis* basis;
    std::string where;
};

void AddStep(const Step& s, std::vector<Cited>& out) {
    if (s.basis.kind == Basis::Kind::Guideline) out.push_back({&s.basis, "step " + s.id});
    for (const auto& o : s.options)
        if (o.basis && o.basis->kind == Basis::Kind::Guideline) out.push_back({&*o.basis, "option " + s.id + "/" + o.id});
}

std::vector<Cited> Citations(const Protocol& p) {
    std::vector<Cited> out;
    for (const auto& s : p.steps) AddStep(s, out);
    for (const auto& r : p.rounds)
        for (const auto& s : r.steps) AddStep(s, out);
    return out;
}

ProtocolPtr Shipped(const std::string& id) { return test::ShippedProtocol(id); }

} // namespace

TEST_CASE("every grading a shipped protocol states is in the project's evidence file, under its section",
          "[reference]") {
    const std::string doc = ReadAll(kEvidencePath);
    for (const char* id : {"ketamine-chronic-pain-2018", "ketamine-acute-pain-2018"}) {
        const auto protocol = Shipped(id);
        const auto cited = Citations(*protocol);
        CHECK(cited.size() >= 5);
        for (const auto& c : cited) {
            const Basis& b = *c.basis;
            INFO(id << " " << c.where << ": §" << b.section << " " << GradeText(b) << " [" << b.provenance << "]");
            const std::string text = SectionText(doc, b.section);
            REQUIRE_FALSE(text.empty());
            if (!b.grade.empty()) CHECK(text.find(GradeText(b)) != std::string::npos);
            CHECK(text.find("[" + b.provenance) != std::string::npos);
        }
    }
}

TEST_CASE("the evidence file keeps its provenance tags and says how current it is", "[reference]") {
    const std::string doc = ReadAll(kEvidencePath);
    for (const char* tag : {"[confirmed]", "[summary]", "[open]"}) {
        INFO(tag);
        CHECK(doc.find(tag) != std::string::npos);
    }
    CHECK(doc.find("## How current this is") != std::string::npos);
    CHECK(doc.find("reviewed again in 2023") != std::string::npos);
    CHECK(doc.find("never as a grade") != std::string::npos);
}
