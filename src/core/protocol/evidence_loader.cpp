#include "evidence_loader.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include <fmt/format.h>

#include "kc/base/text.hpp"

#include "kc/protocol/checks.hpp"

namespace kc::loader {
namespace {

constexpr std::array<std::string_view, 4> kGrades = {"A", "B", "C", "D"};
constexpr std::array<std::string_view, 3> kCertainties = {"high", "moderate", "low"};
// The provenance tags of the guideline reference, spelled as it spells them.
// "One secondary source" is not among them: a framing only such a source gives is never
// attributed to a guideline.
constexpr std::array<std::string_view, 6> kProvenances = {
    "confirmed", "summary", "summary; wording confirmed", "confirmed list",
    "summary; the regimens are reproduced by two secondary summaries of the conclusions", "one secondary summary"};

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& set, const std::string& value) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

template <std::size_t N>
std::vector<std::string> Names(const std::array<std::string_view, N>& set) {
    return {set.begin(), set.end()};
}

template <std::size_t N>
std::string Join(const std::array<std::string_view, N>& set) {
    return fmt::format("{}", fmt::join(set, ", "));
}

} // namespace

std::optional<Basis> ReadGuideline(Checker& checker, const Node& guideline, std::string_view what,
                               std::vector<std::pair<std::string, SourcePos>>& sourceRefs) {
    Basis basis;
    MapReader g(checker, guideline, what,
                {"source", "section", "grade", "certainty", "provenance", "grade_note"});
    if (!g.Valid()) return std::nullopt;
    basis.kind = Basis::Kind::Guideline;
    if (auto source = g.Text("source", true)) {
        basis.source = *source;
        sourceRefs.emplace_back(*source, PosOf(g.At("source")));
    }
    if (auto section = g.Text("section", true)) {
        static const std::regex kSection("[A-Z][0-9]+(\\.[0-9]+)*");
        if (!std::regex_match(*section, kSection))
            checker.Error(g.At("section"), "invalid-value",
                            fmt::format("section '{}' must be written like A2 or B1", *section));
        basis.section = *section;
    }
    if (auto grade = g.Text("grade", false)) {
        if (!OneOf(kGrades, *grade))
            checker.Error(g.At("grade"), "invalid-grade",
                            fmt::format("grade '{}' is not one of {} (leave it out when the reference "
                                        "gives no grade){}",
                                        *grade, Join(kGrades), DidYouMean(*grade, Names(kGrades))));
        basis.grade = *grade;
    }
    if (auto certainty = g.Text("certainty", false)) {
        if (!OneOf(kCertainties, *certainty))
            checker.Error(g.At("certainty"), "invalid-certainty",
                            fmt::format("certainty '{}' is not one of {} (leave it out when the "
                                        "reference leaves it blank){}",
                                        *certainty, Join(kCertainties),
                                        DidYouMean(*certainty, Names(kCertainties))));
        basis.certainty = *certainty;
    }
    if (auto provenance = g.Text("provenance", true)) {
        if (*provenance == "open")
            checker.Error(g.At("provenance"), "invalid-provenance",
                            "an [open] recommendation cannot be attributed to the guideline; make the step "
                            "local_policy and name the paper's question in 'covers'");
        else if (*provenance == "one secondary source")
            checker.Error(g.At("provenance"), "invalid-provenance",
                            "what only one secondary source says (not the guideline nor a summary of it) cannot "
                            "be attributed to the guideline; leave it out, or make the step local_policy");
        else if (!OneOf(kProvenances, *provenance))
            checker.Error(g.At("provenance"), "invalid-provenance",
                            fmt::format("provenance '{}' is not one of: {}{}", *provenance, Join(kProvenances),
                                        DidYouMean(*provenance, Names(kProvenances))));
        basis.provenance = *provenance;
    }
    basis.gradeNote = g.Text("grade_note", false).value_or("");
    return basis;
}


// The project's evidence reference: a repository path (the validator checks that the file
// exists), never an absolute or machine path or a web address, which do not travel with
// the product.
void ReadEvidence(Checker& checker, const Node& node, Protocol& protocol) {
    MapReader r(checker, node, "the evidence", {"reference", "translated_by"});
    if (!r.Valid()) return;
    if (auto reference = r.Text("reference", true)) {
        const std::string& ref = *reference;
        const bool absolute = ref.front() == '/' || ref.front() == '~' || ref.front() == '\\' ||
                              (ref.size() > 1 && ref[1] == ':');
        const bool parent = ref == ".." || ref.rfind("../", 0) == 0 || ref.find("/../") != std::string::npos ||
                            (ref.size() >= 3 && ref.compare(ref.size() - 3, 3, "/..") == 0);
        if (absolute || parent || ref.find("://") != std::string::npos || ref.find('\\') != std::string::npos)
            checker.Error(r.At("reference"), "invalid-value",
                          fmt::format("evidence reference '{}' must be a path inside the repository, "
                                      "relative to its root with '/' and no '..', such as "
                                      "docs/evidence/asra-2018-ketamine.md (not a machine path or a web "
                                      "address)",
                                      ref));
        protocol.evidenceReference = ref;
        protocol.evidenceReferencePos = PosOf(r.At("reference"));
    }
    protocol.translatedBy = r.Text("translated_by", false).value_or("");
}

void ReadSourceEvidence(Checker& checker, MapReader& r, Source& source) {
    source.developedBy = r.Text("developed_by", false).value_or("");
    if (auto published = r.Text("published", false)) {
        if (!IsPartialDate(*published))
            checker.Error(r.At("published"), "invalid-value",
                        fmt::format("published '{}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD", *published));
        source.published = *published;
    }
    source.reviewStatus = r.Text("review_status", false).value_or("");
}

} // namespace kc::loader
