#include "evidence_loader.hpp"

#include <fmt/format.h>

#include "kc/protocol/checks.hpp"

namespace kc::loader {

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
