#include "kc/protocol/render.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>

namespace kc {

std::string DescribeCondition(const Condition& c) {
    switch (c.op) {
    case Condition::Op::Equals: return fmt::format("{} = {}", c.step, c.value);
    case Condition::Op::Not: return fmt::format("not ({})", DescribeCondition(c.children.front()));
    case Condition::Op::Any:
    case Condition::Op::All: {
        std::string out;
        for (const auto& child : c.children) {
            if (!out.empty()) out += c.op == Condition::Op::Any ? " or " : " and ";
            const bool group = child.op == Condition::Op::Any || child.op == Condition::Op::All;
            out += group ? "(" + DescribeCondition(child) + ")" : DescribeCondition(child);
        }
        return out;
    }
    }
    return {};
}

std::string DescribeBasis(const Protocol& protocol, const Basis& basis) {
    if (basis.kind == Basis::Kind::LocalPolicy) {
        std::string out = "local policy";
        if (!basis.citation.empty()) out += " — " + basis.citation;
        if (!basis.covers.empty()) out += " (covered by: " + basis.covers + ")";
        return out;
    }
    const Source* source = protocol.FindSource(basis.source);
    std::string out = fmt::format("guideline — {} §{}", source ? source->id : basis.source, basis.section);
    out += basis.grade.empty() ? ", no grade given" : ", grade " + basis.grade;
    if (!basis.certainty.empty()) out += ", certainty " + basis.certainty;
    if (!basis.gradeNote.empty()) out += " (" + basis.gradeNote + ")";
    out += " [" + basis.provenance + "]";
    return out;
}

std::string ShortSourceName(const Source& source) {
    std::size_t end = 0;
    while (end < source.citation.size() && std::isalpha(static_cast<unsigned char>(source.citation[end]))) ++end;
    if (end < 2 || !std::isupper(static_cast<unsigned char>(source.citation[0]))) return source.id;
    std::string year = source.published.substr(0, 4);
    if (year.empty()) {
        static const std::regex kYear("(19|20)[0-9]{2}");
        std::smatch m;
        if (std::regex_search(source.citation, m, kYear)) year = m.str();
    }
    const std::string name = source.citation.substr(0, end);
    const bool acronym = std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isupper(c) != 0; });
    return name + (acronym ? "" : " et al.") + (year.empty() ? "" : " " + year); // "ASA 2023": a body, not authors
}

std::string DescribeGrading(const Protocol& protocol, const Basis& basis) {
    const Source* source = protocol.FindSource(basis.source);
    return fmt::format("{} {}, {}, {}", source ? ShortSourceName(*source) : basis.source, basis.section,
                       basis.grade.empty() ? "grade not given" : basis.grade,
                       basis.certainty.empty() ? "certainty not given" : basis.certainty);
}

std::string DescribeDuration(std::int64_t ms) {
    constexpr std::int64_t kMinute = 60 * 1000, kHour = 60 * kMinute;
    return ms > 0 && ms % kHour == 0 ? fmt::format("{} h", ms / kHour) : fmt::format("{} min", ms / kMinute);
}

std::string DescribeBounds(const std::optional<std::string>& below, const std::optional<std::string>& above) {
    if (below && above) return fmt::format("below {} or above {}", *below, *above);
    return below ? "below " + *below : above ? "above " + *above : "";
}

namespace {

void OutlineStep(const Protocol& p, const Step& s, const std::string& number, std::string& out) {
    out += fmt::format("  {:>3}. {} [{}] {}{}\n", number, s.id, ToString(s.kind), s.prompt,
                       s.required ? "" : " (optional)");
    if (!s.unit.empty()) out += fmt::format("       unit: {}\n", s.unit);
    for (const auto& o : s.options) {
        out += fmt::format("       - {}: {}{}", o.id, o.label, o.exclusive ? " (selected alone)" : "");
        if (o.basis) out += "  {" + DescribeBasis(p, *o.basis) + "}";
        out += "\n";
    }
    out += fmt::format("       basis: {}\n", DescribeBasis(p, s.basis));
    for (const auto& q : s.quotes)
        out += fmt::format("       guideline statement (information, not a target): {}  {{{}}}\n", q.text,
                           DescribeBasis(p, q.basis));
    if (s.when) out += fmt::format("       shown when: {}\n", DescribeCondition(*s.when));
    if (s.hardStop)
        out += fmt::format("       HARD STOP on {}: {}\n", fmt::join(s.hardStop->on, ", "), s.hardStop->message);
    if (s.warning)
        out += fmt::format("       warning on {}: {} (justification{} required)\n", fmt::join(s.warning->on, ", "),
                           s.warning->message, s.warning->secondClinician ? " and second clinician" : "");
    if (s.limits && (s.limits->below || s.limits->above))
        out += fmt::format("       limits: {} (local policy): {} (note{} required)\n",
                           DescribeBounds(s.limits->below, s.limits->above), s.limits->message,
                           s.limits->secondClinician ? " and second clinician" : "");
    if (s.limits && (s.limits->stopBelow || s.limits->stopAbove))
        out += fmt::format("       HARD STOP {} (local policy): {}\n",
                           DescribeBounds(s.limits->stopBelow, s.limits->stopAbove), s.limits->stopMessage);
    if (s.noteRequired) out += "       note required\n";
    if (!s.codes.empty()) {
        std::vector<std::string> codes;
        for (const auto& c : s.codes) codes.push_back(fmt::format("{} {}", c.system == Code::System::Loinc ? "LOINC" : "SNOMED CT", c.code));
        out += fmt::format("       codes: {}\n", fmt::join(codes, ", "));
    }
}

} // namespace

std::string RenderOutline(const Protocol& p) {
    std::string out = fmt::format("{} — {}\nversion {} ({}), last reviewed {}, sha256 {}\n", p.id, p.title, p.version,
                                  ToString(p.status), p.lastReviewed, p.sha256);
    if (!p.evidenceReference.empty())
        out += fmt::format("evidence: {}{}\n", p.evidenceReference,
                           p.translatedBy.empty() ? "" : ", translated into this protocol by " + p.translatedBy);
    for (std::size_t ph = 0; ph < p.phases.size(); ++ph) {
        const Phase& phase = p.phases[ph];
        out += fmt::format("\n{} ({})\n", phase.title, phase.id);
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i)
            OutlineStep(p, p.steps[i], std::to_string(i + 1), out);
        for (const auto& r : p.rounds) {
            if (r.phase != ph) continue;
            const std::string period = r.until.empty() ? fmt::format("for {} after {}", DescribeDuration(r.forMs), r.from)
                                                       : fmt::format("from {} until {}", r.from, r.until);
            out += fmt::format("  rounds {}: {} — {}, every {}, grace {}\n", r.id, r.title, period,
                               DescribeDuration(r.everyMs), DescribeDuration(r.graceMs));
            out += fmt::format("       basis: {}\n", DescribeBasis(p, r.basis));
            for (std::size_t i = 0; i < r.steps.size(); ++i)
                OutlineStep(p, r.steps[i], fmt::format("r{}", i + 1), out);
        }
    }
    out += "\nSources\n";
    for (const auto& s : p.sources) {
        out += fmt::format("  [{}] {}", s.id, s.citation);
        if (!s.doi.empty()) out += " doi:" + s.doi;
        if (!s.pmid.empty()) out += " PMID " + s.pmid;
        out += "\n";
        if (!s.note.empty()) out += "       " + s.note + "\n";
        if (!s.developedBy.empty()) out += "       developed by: " + s.developedBy + "\n";
        if (!s.published.empty()) out += "       published: " + s.published + "\n";
        if (!s.reviewStatus.empty()) out += "       review status: " + s.reviewStatus + "\n";
    }
    return out;
}

} // namespace kc
