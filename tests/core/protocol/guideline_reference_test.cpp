// The shipped guideline protocols against the project's evidence reference
// (docs/evidence/asra-2018-ketamine.md). The table below is copied by hand from that file:
// every recommendation with its section, grade, certainty and provenance tag, and words that
// identify it. The test checks both directions:
//   - no step, option or quote attributes to a guideline a (section, grade, certainty,
//     provenance) that the reference does not list for that section;
//   - every recommendation appears in its protocol, as a step, option or quote whose basis
//     carries exactly its grading and whose text names it.
// A recommendation may be carried by a quote (a step's `quotes`): the step that asks whether
// the patient was told, or whether the order was reviewed against the dose statements, is
// local policy, and the graded statement is quoted on it (the reference's rules 3 and 5).
#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "kc/ops/scenarios.hpp"
#include "kc/protocol/loader.hpp"
#include "shipped_protocols.hpp"

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
    {kChronic, "cohen-2018", "A3", "C", "low", "summary", {"80 mg", "2 h"}},
    // the study regimens: no grade, and the reference's own tag for them
    {kChronic, "cohen-2018", "A3", "", "", "summary; the regimens are reproduced by two secondary summaries of the conclusions",
     {"not a range an order must fall inside", "22 mg/h", "0.42 mg/kg"}},
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
    // (the bullet's two limits, each of which may be its own quote)
    {kAcute, "schwenk-2018", "B2", "C", "moderate", "summary; wording confirmed", {"0.35 mg/kg"}},
    {kAcute, "schwenk-2018", "B2", "C", "moderate", "summary; wording confirmed", {"1 mg/kg"}},
    // the allowance follows both limits; the lower rates for tolerability
    {kAcute, "schwenk-2018", "B2", "C", "moderate", "summary; wording confirmed", {"pharmacokinetic", "both"}},
    {kAcute, "schwenk-2018", "B2", "C", "moderate", "summary; wording confirmed", {"0.1–0.5", "tolerability"}},
    // B2 efficacy as an adjunct: the (B, moderate) grade is the efficacy statement's
    {kAcute, "schwenk-2018", "B2", "B", "moderate", "summary", {"adjunct", "opioid", "perioperative"}},
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
    std::string text; // step prompt + help (+ option label), or the quote's text
    std::string where;
};

// The walk's steps and every round's steps.
std::vector<const Step*> AllSteps(const Protocol& p) {
    std::vector<const Step*> steps;
    for (const auto& s : p.steps) steps.push_back(&s);
    for (const auto& r : p.rounds)
        for (const auto& s : r.steps) steps.push_back(&s);
    return steps;
}

// Quotes count as well: a quote's guideline is a grading stated to the clinician.
std::vector<Attributed> GuidelineBases(const Protocol& p) {
    std::vector<Attributed> out;
    for (const Step* sp : AllSteps(p)) {
        const Step& s = *sp;
        const std::string stepText = s.prompt + " " + s.help;
        if (s.basis.kind == Basis::Kind::Guideline) out.push_back({&s.basis, stepText, "step " + s.id});
        for (const auto& o : s.options)
            if (o.basis && o.basis->kind == Basis::Kind::Guideline)
                out.push_back({&*o.basis, stepText + " " + o.label, "option " + s.id + "/" + o.id});
        // A quote carries its own grading and is matched by its own text only: the step's
        // prompt does not lend it words.
        for (std::size_t i = 0; i < s.quotes.size(); ++i)
            if (s.quotes[i].basis.kind == Basis::Kind::Guideline)
                out.push_back({&s.quotes[i].basis, s.quotes[i].text, "quote " + std::to_string(i + 1) + " of step " + s.id});
    }
    return out;
}

bool HasDoseFigure(const std::string& text) {
    // A digit followed (after spaces) by "mg" is what a dose figure looks like in this protocol.
    static const std::regex kDose("[0-9]\\s*(mg|mcg|µg)", std::regex::icase);
    return std::regex_search(text, kDose);
}

ProtocolPtr Shipped(const std::string& id) { return test::ShippedProtocol(id); }

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
        // The evidence travels with the product: the repository path, not a path beside it.
        CHECK(p->evidenceReference == "docs/evidence/asra-2018-ketamine.md");
        CHECK_FALSE(p->translatedBy.empty());
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

TEST_CASE("the chronic protocol gives the guideline's developers, date and review status", "[reference]") {
    // The reference's currency section and section A header, copied by hand.
    const auto p = Shipped(kChronic);
    const Source* cohen = p->FindSource("cohen-2018");
    const Source* schwenk = p->FindSource("schwenk-2018");
    REQUIRE(cohen);
    REQUIRE(schwenk);
    CHECK(cohen->published == "2018-06-05"); // online
    CHECK(schwenk->published == "2018-07");
    CHECK(cohen->reviewStatus.find("2023") != std::string::npos);
    CHECK(cohen->reviewStatus.find("no update was found") != std::string::npos);
    for (const Source* s : {cohen, schwenk}) {
        INFO(s->id);
        CHECK(s->developedBy.find("ASRA/AAPM working group") != std::string::npos);
        CHECK(s->developedBy.find("ASA committees") != std::string::npos);
    }
    // The unverified 2025 Cochrane review may be mentioned, never as a grade: no basis or quote
    // names it.
    for (const auto& a : GuidelineBases(*p)) CHECK(a.text.find("Cochrane") == std::string::npos);
}

TEST_CASE("a step that asks whether the patient was told is local policy and quotes the graded statement", "[reference]") {
    // Rule 5 of the reference: the telling is the department's; the grade stays on the statement.
    const auto p = Shipped(kChronic);
    int told = 0;
    for (const auto& s : p->steps) {
        if (Lower(s.prompt).find("been told") == std::string::npos) continue;
        INFO("step " << s.id << ": " << s.prompt);
        CHECK(s.basis.kind == Basis::Kind::LocalPolicy);
        const bool quotesGuideline = std::any_of(s.quotes.begin(), s.quotes.end(), [](const Quote& q) {
            return q.basis.kind == Basis::Kind::Guideline;
        });
        // Only the evidence steps tell a guideline statement; others (expected effects) quote none.
        if (s.id == "crps-evidence-told" || s.id == "non-crps-evidence-told") {
            ++told;
            CHECK(quotesGuideline);
        }
    }
    CHECK(told == 2);
}

namespace {

// The dose statements of each paper: chronic A3; acute B2's first bullet (C, moderate), not its
// efficacy statement (B, moderate).
bool IsDoseStatement(const std::string& protocol, const Basis& b) {
    if (b.kind != Basis::Kind::Guideline) return false;
    if (protocol == kChronic) return b.section == "A3";
    return b.section == "B2" && b.grade == "C";
}

} // namespace

TEST_CASE("the dose statements are quotes on a review step, never a step's basis or a target", "[reference]") {
    for (const auto& [id, expectedQuotes] : {std::pair<std::string, int>{kChronic, 4}, {kAcute, 3}}) {
        const auto p = Shipped(id);
        int doseQuotes = 0;
        for (const Step* sp : AllSteps(*p)) {
            const Step& s = *sp;
            INFO(id << " step " << s.id);
            // No step or option rests on a dose statement: it is information, not a check of the order.
            CHECK_FALSE(IsDoseStatement(id, s.basis));
            for (const auto& o : s.options) CHECK_FALSE((o.basis && IsDoseStatement(id, *o.basis)));
            // No dose figure in what the clinician answers or is told to do.
            CHECK_FALSE(HasDoseFigure(s.prompt));
            for (const auto& o : s.options) CHECK_FALSE(HasDoseFigure(o.label));
            if (s.hardStop) CHECK_FALSE(HasDoseFigure(s.hardStop->message));
            if (s.warning) CHECK_FALSE(HasDoseFigure(s.warning->message));
            const bool carriesDose = std::any_of(s.quotes.begin(), s.quotes.end(),
                                                 [&](const Quote& q) { return IsDoseStatement(id, q.basis); });
            if (!carriesDose) continue;
            // The narrative review's framing is never presented as the guideline's.
            for (const auto& q : s.quotes) CHECK(Lower(q.text).find("first outpatient") == std::string::npos);
            // A step may show a dose statement as context and decide nothing on it (acute
            // intensive-monitoring); a step that stops or warns asks whether the order was
            // reviewed, and only "no" (not reviewed) stops or warns.
            if (!s.hardStop && !s.warning && !s.limits) continue;
            doseQuotes += static_cast<int>(s.quotes.size());
            CHECK(s.kind == AnswerKind::YesNo);
            CHECK(Lower(s.prompt).find("reviewed") != std::string::npos);
            if (s.hardStop) CHECK(s.hardStop->on == std::vector<std::string>{"no"});
            if (s.warning) CHECK(s.warning->on == std::vector<std::string>{"no"});
        }
        // On the review step: chronic - bolus, infusion range, study regimens, dose-response;
        // acute - both limits, the allowance that follows both, the lower rates.
        CHECK(doseQuotes == expectedQuotes);
    }
}

TEST_CASE("the acute efficacy grade sits on the adjunct statement, and scope and definitions are local policy",
          "[reference]") {
    const auto p = Shipped(kAcute);
    // (B, moderate) of B2 is the efficacy statement's: never on text that states a dose.
    int efficacy = 0;
    for (const auto& a : GuidelineBases(*p)) {
        const Basis& b = *a.basis;
        if (b.section != "B2" || b.grade != "B") continue;
        ++efficacy;
        INFO(a.where << ": " << a.text);
        CHECK_FALSE(HasDoseFigure(a.text));
        CHECK(Lower(a.text).find("adjunct") != std::string::npos);
    }
    CHECK(efficacy >= 1);
    // The route step is the checklist's scope; B4 only on the intranasal option.
    const Step* route = p->FindStep("route");
    REQUIRE(route);
    CHECK(route->basis.kind == Basis::Kind::LocalPolicy);
    for (const auto& o : route->options) {
        INFO("option " << o.id);
        const bool b4 = o.basis && o.basis->kind == Basis::Kind::Guideline && o.basis->section == "B4";
        CHECK(b4 == (o.id == "intranasal"));
    }
    // The paper does not define intensive monitoring: the department's definition is local policy.
    const Step* intensive = p->FindStep("intensive-monitoring");
    REQUIRE(intensive);
    CHECK(intensive->basis.kind == Basis::Kind::LocalPolicy);
    // Both protocols point at the project's evidence file by its repository path.
    for (const char* id : {kChronic, kAcute}) {
        INFO(id);
        CHECK(Shipped(id)->evidenceReference == "docs/evidence/asra-2018-ketamine.md");
    }
    CHECK(p->FindSource("schwenk-2018")->published == "2018-07");
    CHECK(p->FindSource("cohen-2018")->published == "2018-06-05");
}

TEST_CASE("the chronic protocol's scenarios pass and reach every hard stop and warning", "[reference][scenarios]") {
    // What `checklistctl test` and the `rule-not-tested` check of `validate` say, kept here so
    // that a new rule without a scenario, or a scenario gone stale, fails with the protocol.
    const std::string path = std::string(KC_PROTOCOL_DIR) + "/" + kChronic + ".yaml";
    const auto protocol = Shipped(kChronic);
    std::vector<Diagnostic> diagnostics;
    const auto file = LoadScenarios(DefaultScenariosPath(path), protocol.get(), diagnostics);
    for (const auto& d : diagnostics) UNSCOPED_INFO(FormatDiagnostic(d));
    REQUIRE(file);
    CHECK(file->scenarios.size() >= 50);
    std::vector<ScenarioResult> results;
    for (const auto& scenario : file->scenarios) {
        results.push_back(RunScenario(protocol, scenario));
        INFO(scenario.id << ": " << results.back().difference << " " << results.back().message);
        CHECK(results.back().passed);
    }
    const auto coverage = CheckScenarioCoverage(*protocol, *file, results);
    for (const auto& d : coverage) UNSCOPED_INFO(FormatDiagnostic(d));
    CHECK(coverage.empty());
}
