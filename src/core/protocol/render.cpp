#include "kc/protocol/render.hpp"

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

std::string RenderOutline(const Protocol& p) {
    std::string out = fmt::format("{} — {}\nversion {} ({}), last reviewed {}, sha256 {}\n", p.id, p.title, p.version,
                                  ToString(p.status), p.lastReviewed, p.sha256);
    for (const auto& phase : p.phases) {
        out += fmt::format("\n{} ({})\n", phase.title, phase.id);
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i) {
            const Step& s = p.steps[i];
            out += fmt::format("  {:>3}. {} [{}] {}{}\n", i + 1, s.id, ToString(s.kind), s.prompt,
                               s.required ? "" : " (optional)");
            if (!s.unit.empty()) out += fmt::format("       unit: {}\n", s.unit);
            for (const auto& o : s.options) {
                out += fmt::format("       - {}: {}", o.id, o.label);
                if (o.basis) out += "  {" + DescribeBasis(p, *o.basis) + "}";
                out += "\n";
            }
            out += fmt::format("       basis: {}\n", DescribeBasis(p, s.basis));
            if (s.when) out += fmt::format("       shown when: {}\n", DescribeCondition(*s.when));
            if (s.hardStop)
                out += fmt::format("       HARD STOP on {}: {}\n", fmt::join(s.hardStop->on, ", "), s.hardStop->message);
            if (s.warning)
                out += fmt::format("       warning on {}: {} (justification{} required)\n",
                                   fmt::join(s.warning->on, ", "), s.warning->message,
                                   s.warning->secondClinician ? " and second clinician" : "");
        }
    }
    out += "\nSources\n";
    for (const auto& s : p.sources) {
        out += fmt::format("  [{}] {}", s.id, s.citation);
        if (!s.doi.empty()) out += " doi:" + s.doi;
        if (!s.pmid.empty()) out += " PMID " + s.pmid;
        out += "\n";
        if (!s.note.empty()) out += "       " + s.note + "\n";
    }
    return out;
}

} // namespace kc
