// The shipped guideline protocols against the reference (shared/guidelines/
// asra-2018-ketamine.md). The table below is copied by hand from that file: every
// recommendation with its section, grade, certainty and provenance tag, and words that
// identify it. The test checks both directions:
//   - no step or option attributes to a guideline a (section, grade, certainty,
//     provenance) that the reference does not list for that section;
//   - every recommendation appears in its protocol, as a step or option whose basis carries
//     exactly its grading and whose text names it.
#include <algorithm>
#include <cctype>
#include <set>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"

using namespace kc;

namespace {

struct Recommendation {
    const char* protocol; // which shipped protocol must carry it
    const char* source;
    const char* section;
    const char* grade;     // "" = none given
    const char* certainty; // "" = none given ("—" in the reference)
    const char* provenance;
    std::vector<const char*> words; // all must appear (case-insensitive) in the step's or option's text
};

constexpr const char* kChronic = "ketamine-chronic-pain-2018";
constexpr const char* kAcute = "ketamine-acute-pain-2018";

const std::vector<Recommendation> kReference = {
    // A1 indications
    {kChronic, "cohen-2018", "A1", "C", "low", "summary; wording confirmed", {"spinal cord"}},
    {kChronic, "cohen-2018", "A1", "B", "", "summary; wording confirmed", {"CRPS"}},
    {kChronic, "cohen-2018", "A1", "D", "low", "summary; wording confirmed", {}},
    {kChronic, "cohen-2018", "A1", "", "", "confirmed", {"CRPS"}},
    // A2 relative contraindications
    {kChronic, "cohen-2018", "A2", "B", "low", "summary", {"cardiovascular"}},
    {kChronic, "cohen-2018", "A2", "B", "low", "summary", {"pregnan"}},
    {kChronic, "cohen-2018", "A2", "B", "low", "summary", {"psychosis"}},
    {kChronic, "cohen-2018", "A2", "C", "low", "summary", {"hepatic"}},
    {kChronic, "cohen-2018", "A2", "C", "low", "summary", {"intracranial"}},
    {kChronic, "cohen-2018", "A2", "C", "low", "summary", {"intraocular"}},
    {kChronic, "cohen-2018", "A2", "C", "low", "summary", {"substance"}},
    // A3 dose statements (text only)
    {kChronic, "cohen-2018", "A3", "C", "low", "summary", {"0.35 mg/kg"}},
    {kChronic, "cohen-2018", "A3", "C", "low", "summary", {"0.5", "2 mg/kg"}},
    {kChronic, "cohen-2018", "A3", "C", "low", "summary", {"80 mg"}},
    // A4 follow-on treatment
    {kChronic, "cohen-2018", "A4", "", "", "summary", {"dextromethorphan"}},
    // A5 pre-infusion testing
    {kChronic, "cohen-2018", "A5", "C", "low", "summary", {"healthy"}},
    {kChronic, "cohen-2018", "A5", "C", "low", "summary", {"ECG"}},
    {kChronic, "cohen-2018", "A5", "", "", "summary", {"liver"}},
    // B1 indications
    {kAcute, "schwenk-2018", "B1", "B", "moderate", "confirmed", {"surgery"}},
    {kAcute, "schwenk-2018", "B1", "B", "low", "confirmed", {"opioid"}},
    {kAcute, "schwenk-2018", "B1", "C", "low", "confirmed", {"sickle"}},
    {kAcute, "schwenk-2018", "B1", "C", "low", "confirmed", {"apnea"}},
    // B2 dose statements (text only)
    {kAcute, "schwenk-2018", "B2", "C", "moderate", "summary; wording confirmed", {"0.35 mg/kg", "1 mg/kg"}},
    {kAcute, "schwenk-2018", "B2", "B", "moderate", "summary", {"opioid"}},
    // B3 contraindications: the list is confirmed, its grades are open
    {kAcute, "schwenk-2018", "B3", "", "", "confirmed list", {"psychosis"}},
    {kAcute, "schwenk-2018", "B3", "", "", "confirmed list", {"pregnan"}},
    {kAcute, "schwenk-2018", "B3", "", "", "confirmed list", {"hepatic"}},
    {kAcute, "schwenk-2018", "B3", "", "", "confirmed list", {"cardiovascular"}},
    {kAcute, "schwenk-2018", "B3", "", "", "confirmed list", {"intracranial"}},
    // B4 non-parenteral ketamine: intranasal supported to a lesser extent
    {kAcute, "schwenk-2018", "B4", "", "", "confirmed", {"intranasal"}},
};

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A guideline basis with the text it is attached to.
struct Attributed {
    const Basis* basis;
    std::string text; // step prompt + help (+ option label)
    std::string where;
};

// Quotes count as well: a quote's guideline is a grading stated to the clinician.
std::vector<Attributed> GuidelineBases(const Protocol& p) {
    std::vector<Attributed> out;
    std::vector<const Step*> steps;
    for (const auto& s : p.steps) steps.push_back(&s);
    for (const auto& r : p.rounds)
        for (const auto& s : r.steps) steps.push_back(&s);
    for (const Step* sp : steps) {
        const Step& s = *sp;
        const std::string stepText = s.prompt + " " + s.help;
        if (s.basis.kind == Basis::Kind::Guideline) out.push_back({&s.basis, stepText, "step " + s.id});
        for (const auto& o : s.options)
            if (o.basis && o.basis->kind == Basis::Kind::Guideline)
                out.push_back({&*o.basis, stepText + " " + o.label, "option " + s.id + "/" + o.id});
        for (std::size_t i = 0; i < s.quotes.size(); ++i)
            out.push_back({&s.quotes[i].basis, s.quotes[i].text + " " + stepText,
                           "quote " + std::to_string(i + 1) + " of " + s.id});
    }
    return out;
}

ProtocolPtr Shipped(const std::string& id) {
    const auto result = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/" + id + ".yaml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(FormatDiagnostic(d));
    REQUIRE(result.Ok());
    return result.protocol;
}

} // namespace

TEST_CASE("no guideline step states a grading the reference does not give", "[reference]") {
    std::set<std::tuple<std::string, std::string, std::string, std::string, std::string>> allowed;
    for (const auto& r : kReference) allowed.insert({r.source, r.section, r.grade, r.certainty, r.provenance});
    for (const char* id : {kChronic, kAcute}) {
        const auto protocol = Shipped(id);
        const auto bases = GuidelineBases(*protocol);
        CHECK(bases.size() >= 10);
        for (const auto& a : bases) {
            INFO(id << " " << a.where << ": " << a.basis->source << " §" << a.basis->section << " (" << a.basis->grade
                    << ", " << a.basis->certainty << ") [" << a.basis->provenance << "]");
            CHECK(allowed.count({a.basis->source, a.basis->section, a.basis->grade, a.basis->certainty,
                                 a.basis->provenance}) == 1);
        }
    }
}

TEST_CASE("every recommendation of the reference appears in its protocol", "[reference]") {
    const auto chronic = Shipped(kChronic);
    const auto acute = Shipped(kAcute);
    for (const auto& r : kReference) {
        const Protocol& p = std::string(r.protocol) == kChronic ? *chronic : *acute;
        const auto bases = GuidelineBases(p);
        const bool found = std::any_of(bases.begin(), bases.end(), [&](const Attributed& a) {
            const Basis& b = *a.basis;
            if (b.source != r.source || b.section != r.section || b.grade != r.grade || b.certainty != r.certainty ||
                b.provenance != r.provenance)
                return false;
            const std::string text = Lower(a.text);
            return std::all_of(r.words.begin(), r.words.end(),
                               [&](const char* w) { return text.find(Lower(w)) != std::string::npos; });
        });
        INFO(r.protocol << ": " << r.source << " §" << r.section << " (" << r.grade << ", " << r.certainty << ") ["
                        << r.provenance << "] naming " << (r.words.empty() ? "-" : r.words.front()));
        CHECK(found);
    }
}

TEST_CASE("the guideline protocols carry both full citations, DOIs and PMIDs", "[reference]") {
    for (const char* id : {kChronic, kAcute}) {
        const auto p = Shipped(id);
        INFO(id);
        const Source* cohen = p->FindSource("cohen-2018");
        const Source* schwenk = p->FindSource("schwenk-2018");
        REQUIRE(cohen);
        REQUIRE(schwenk);
        CHECK(cohen->doi == "10.1097/AAP.0000000000000808");
        CHECK(cohen->pmid == "29870458");
        CHECK(schwenk->doi == "10.1097/AAP.0000000000000806");
        CHECK(schwenk->pmid == "29870457");
        CHECK(cohen->citation.find("Reg Anesth Pain Med 2018;43(5):521") != std::string::npos);
        CHECK(schwenk->citation.find("Reg Anesth Pain Med 2018;43(5):456") != std::string::npos);
        CHECK(cohen->note.find("2023") != std::string::npos); // the guideline's own review status
        // Both were last reviewed against the reference together, on one day (the loader
        // checks it is a real date).
        CHECK_FALSE(p->lastReviewed.empty());
        CHECK(p->lastReviewed == Shipped(kChronic)->lastReviewed);
        // Local-policy steps for topics the papers cover but the reference could not confirm
        // say which question covers them.
        bool namesAQuestion = false;
        for (const auto& s : p->steps)
            namesAQuestion = namesAQuestion || (s.basis.kind == Basis::Kind::LocalPolicy &&
                                                s.basis.covers.find("Question") != std::string::npos);
        CHECK(namesAQuestion);
    }
}
