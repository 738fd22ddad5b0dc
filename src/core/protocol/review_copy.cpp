// The review copy of a protocol (Markdown and HTML), for the committee that approves it.
#include <fmt/format.h>

#include "kc/protocol/render.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace {

std::string AnswerText(const Step& s) {
    switch (s.kind) {
    case AnswerKind::YesNo: return "yes / no";
    case AnswerKind::YesNoNa: return "yes / no / not applicable";
    case AnswerKind::SingleChoice: return "one of the options";
    case AnswerKind::MultipleChoice: return "any of the options";
    case AnswerKind::FreeText: return "free text";
    case AnswerKind::Measurement: return fmt::format("a measurement in {} (recorded as written, never computed with)", s.unit);
    case AnswerKind::TimePoint: return "a time (now, or an earlier time)";
    }
    return "";
}

std::string ValueLabel(const Step& s, const std::string& value) {
    if (const Option* o = s.FindOption(value)) return o->label;
    return value == kNotApplicable ? "not applicable" : value;
}

std::string ValuesText(const Step& s, const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + ValueLabel(s, v);
    return out;
}

// The basis as the committee reads it: the kind, then the citation details.
struct BasisText {
    std::string kind;   // "Guideline" or "Local policy"
    std::string detail; // source, section, grade, certainty, provenance / citation, covers
};

BasisText Describe(const Protocol& p, const Basis& b) {
    if (b.kind == Basis::Kind::LocalPolicy) {
        std::string detail = b.citation.empty() ? "the department's own rule" : "cites " + b.citation;
        if (!b.covers.empty()) detail += "; covered by " + b.covers;
        if (!b.note.empty()) detail += ". " + b.note;
        return {"Local policy", detail};
    }
    const Source* source = p.FindSource(b.source);
    std::string detail = fmt::format("{} §{}; grade {}; certainty {}; provenance [{}]", source ? source->id : b.source,
                                     b.section, b.grade.empty() ? "not given" : b.grade,
                                     b.certainty.empty() ? "not given" : b.certainty, b.provenance);
    if (!b.gradeNote.empty()) detail += " (" + b.gradeNote + ")";
    return {"Guideline", detail};
}

std::string MdCell(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

std::string Md(std::string text) {
    for (auto& c : text)
        if (c == '\n') c = ' ';
    while (!text.empty() && text.back() == ' ') text.pop_back(); // folded YAML text ends in a newline
    return text;
}

std::string StatusText(ProtocolStatus s) {
    return s == ProtocolStatus::Draft ? "draft — not approved for clinical use" : ToString(s);
}

// The parts of a step the supervision format adds, as plain text (both renderings escape it).
struct StepExtras {
    std::string limits; // the warning limits, or empty
    std::string stops;  // the stop limits, or empty
    std::string codes;
    std::string note;
};

StepExtras ExtrasOf(const Step& s) {
    StepExtras x;
    if (s.limits) {
        const Limits& l = *s.limits;
        const std::string unit = s.unit.empty() ? "" : " " + s.unit;
        if (l.below || l.above)
            x.limits = fmt::format("{}{} (the department's limits, local policy): {} — continues only with a note of "
                                   "what was done{}",
                                   DescribeBounds(l.below, l.above), unit, Md(l.message),
                                   l.secondClinician ? " and a second clinician's acknowledgement" : "");
        if (l.stopBelow || l.stopAbove)
            x.stops = fmt::format("{}{} (the department's stop criteria, local policy): {}",
                                  DescribeBounds(l.stopBelow, l.stopAbove), unit, Md(l.stopMessage));
    }
    for (const auto& code : s.codes) {
        if (!x.codes.empty()) x.codes += "; ";
        x.codes += fmt::format("{} {}", code.system == Code::System::Loinc ? "LOINC" : "SNOMED CT", code.code);
        if (!code.display.empty()) x.codes += " (" + code.display + ")";
    }
    if (s.noteRequired) x.note = "the answer needs a note (for example why)";
    return x;
}

// Who developed the source, its date and its review status, as one sentence part.
std::string AboutSource(const Source& s) {
    std::string out;
    const auto add = [&out](const std::string& label, const std::string& value) {
        if (value.empty()) return;
        out += (out.empty() ? "" : "; ") + label + Md(value);
    };
    add("developed by ", s.developedBy);
    add("published ", s.published);
    add("review status: ", s.reviewStatus);
    return out;
}

// "from `a` until `b`" or "for 2 h after `a`", each id through `id`.
template <typename Id>
std::string ScheduleText(const RoundSchedule& r, Id id) {
    std::string out = r.until.empty()
                          ? fmt::format("for {} after {}", DescribeDuration(r.forMs), id(r.from))
                          : fmt::format("from {} until {}", id(r.from), id(r.until));
    return out + fmt::format("; every {}, grace {} before and after each due time", DescribeDuration(r.everyMs),
                             DescribeDuration(r.graceMs));
}

} // namespace

namespace {

std::string MdStep(const Protocol& p, const Step& s, const std::string& heading) {
    std::string out = heading + " " + Md(s.prompt) + "\n\n";
    out += fmt::format("- **Step:** `{}`{}\n", s.id, s.required ? "" : " (optional)");
    out += fmt::format("- **Answer:** {}\n", AnswerText(s));
    if (!s.help.empty()) out += fmt::format("- **Help:** {}\n", Md(s.help));
    const BasisText basis = Describe(p, s.basis);
    out += fmt::format("- **Basis:** {} — {}\n", basis.kind, Md(basis.detail));
    for (const auto& q : s.quotes)
        out += fmt::format("- **Guideline statement (information, not a target):** {} — {}\n", Md(q.text),
                           Md(Describe(p, q.basis).detail));
    if (s.when) out += fmt::format("- **Shown only when:** {}\n", DescribeCondition(*s.when));
    if (s.hardStop)
        out += fmt::format("- **Hard stop** on *{}*: {}\n", ValuesText(s, s.hardStop->on), Md(s.hardStop->message));
    if (s.warning)
        out += fmt::format("- **Warning** on *{}*: {} — continues only with a written justification{}\n",
                           ValuesText(s, s.warning->on), Md(s.warning->message),
                           s.warning->secondClinician ? " and a second clinician's acknowledgement" : "");
    const StepExtras extras = ExtrasOf(s);
    if (!extras.limits.empty()) out += fmt::format("- **Warning** {}\n", extras.limits);
    if (!extras.stops.empty()) out += fmt::format("- **Hard stop** {}\n", extras.stops);
    if (!extras.note.empty()) out += fmt::format("- **Note:** {}\n", extras.note);
    if (!extras.codes.empty()) out += fmt::format("- **Codes:** {}\n", Md(extras.codes));
    if (!s.options.empty()) {
        out += "\n| Option | Basis |\n|---|---|\n";
        for (const auto& o : s.options) {
            const BasisText ob = o.basis ? Describe(p, *o.basis) : BasisText{"", "none of its own"};
            out += fmt::format("| {} (`{}`){} | {} |\n", MdCell(o.label), o.id, o.exclusive ? " — selected alone" : "",
                               MdCell(ob.kind.empty() ? ob.detail : ob.kind + " — " + ob.detail));
        }
    }
    return out + "\n";
}

std::string MdRounds(const Protocol& p, const RoundSchedule& r, const std::string& number) {
    std::string out = fmt::format("### {} Rounds: {}\n\n", number, Md(r.title));
    if (!r.description.empty()) out += Md(r.description) + "\n\n";
    out += fmt::format("- **Rounds:** `{}`\n", r.id);
    out += fmt::format("- **When:** {}\n", ScheduleText(r, [](const std::string& id) { return "`" + id + "`"; }));
    const BasisText basis = Describe(p, r.basis);
    out += fmt::format("- **Basis of the interval and period:** {} — {}\n\n", basis.kind, Md(basis.detail));
    for (std::size_t i = 0; i < r.steps.size(); ++i)
        out += MdStep(p, r.steps[i], fmt::format("#### {}.{}", number, i + 1));
    return out;
}

} // namespace

std::string RenderMarkdown(const Protocol& p) {
    std::string out = fmt::format("# {}\n\n", Md(p.title));
    out += "| | |\n|---|---|\n";
    out += fmt::format("| Protocol | `{}` version {} |\n| Status | {} |\n| Last reviewed | {} |\n", p.id, p.version,
                       StatusText(p.status), p.lastReviewed);
    if (!p.evidenceReference.empty()) out += fmt::format("| Evidence reference | `{}` |\n", MdCell(p.evidenceReference));
    if (!p.translatedBy.empty()) out += fmt::format("| Translated into this protocol by | {} |\n", MdCell(p.translatedBy));
    out += fmt::format("| SHA-256 | `{}` |\n\n", p.sha256);
    if (!p.description.empty()) out += Md(p.description) + "\n\n";
    out += "Every step names its basis: **Guideline** (source, section, grade, certainty and provenance exactly as "
           "the guideline reference gives them) or **Local policy** (the department's own rule). The tool never "
           "computes, suggests or converts a dose.\n\n";
    for (std::size_t ph = 0; ph < p.phases.size(); ++ph) {
        const Phase& phase = p.phases[ph];
        out += fmt::format("## {}. {}\n\n", ph + 1, Md(phase.title));
        if (!phase.description.empty()) out += Md(phase.description) + "\n\n";
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i)
            out += MdStep(p, p.steps[i], fmt::format("### {}.{}", ph + 1, i - phase.firstStep + 1));
        std::size_t schedule = 0;
        for (const auto& rounds : p.rounds)
            if (rounds.phase == ph) out += MdRounds(p, rounds, fmt::format("{}.R{}", ph + 1, ++schedule));
    }
    out += "## Sources\n\n";
    for (const auto& s : p.sources) {
        out += fmt::format("- **[{}]** {}", s.id, Md(s.citation));
        if (!s.doi.empty()) out += fmt::format(" doi:[{}](https://doi.org/{})", s.doi, s.doi);
        if (!s.pmid.empty()) out += fmt::format(" PMID [{}](https://pubmed.ncbi.nlm.nih.gov/{}/)", s.pmid, s.pmid);
        if (!s.url.empty()) out += fmt::format(" <{}>", s.url);
        if (!s.note.empty()) out += " — " + Md(s.note);
        const std::string about = AboutSource(s);
        if (!about.empty()) out += " — " + Md(about);
        out += "\n";
    }
    return out;
}

namespace {

std::string HtmlText(const std::string& text) { return HtmlEscape(text); }

std::string HtmlStep(const Protocol& p, const Step& s, const std::string& heading) {
    const auto h = HtmlText;
    const BasisText basis = Describe(p, s.basis);
    std::string out = fmt::format("<div class=\"step\"><h3>{} {}</h3>\n<dl>\n", heading, h(s.prompt));
    out += fmt::format("<dt>Step</dt><dd class=\"id\">{}{}</dd>\n", h(s.id), s.required ? "" : " (optional)");
    out += fmt::format("<dt>Answer</dt><dd>{}</dd>\n", h(AnswerText(s)));
    if (!s.help.empty()) out += fmt::format("<dt>Help</dt><dd>{}</dd>\n", h(s.help));
    out += fmt::format("<dt>Basis</dt><dd><b class=\"{}\">{}</b> — {}</dd>\n",
                       s.basis.kind == Basis::Kind::Guideline ? "guideline" : "local", basis.kind, h(basis.detail));
    for (const auto& q : s.quotes)
        out += fmt::format("<dt>Guideline statement</dt><dd class=\"quote\">{} <i>(information, not a target)</i> — "
                           "<b class=\"guideline\">Guideline</b> — {}</dd>\n",
                           h(q.text), h(Describe(p, q.basis).detail));
    if (s.when) out += fmt::format("<dt>Shown only when</dt><dd>{}</dd>\n", h(DescribeCondition(*s.when)));
    if (s.hardStop)
        out += fmt::format("<dt class=\"stop\">Hard stop</dt><dd>on <i>{}</i>: {}</dd>\n",
                           h(ValuesText(s, s.hardStop->on)), h(s.hardStop->message));
    if (s.warning)
        out += fmt::format("<dt class=\"warn\">Warning</dt><dd>on <i>{}</i>: {} — continues only with a written "
                           "justification{}</dd>\n",
                           h(ValuesText(s, s.warning->on)), h(s.warning->message),
                           s.warning->secondClinician ? " and a second clinician's acknowledgement" : "");
    const StepExtras extras = ExtrasOf(s);
    if (!extras.limits.empty()) out += fmt::format("<dt class=\"warn\">Warning</dt><dd>{}</dd>\n", h(extras.limits));
    if (!extras.stops.empty()) out += fmt::format("<dt class=\"stop\">Hard stop</dt><dd>{}</dd>\n", h(extras.stops));
    if (!extras.note.empty()) out += fmt::format("<dt>Note</dt><dd>{}</dd>\n", h(extras.note));
    if (!extras.codes.empty()) out += fmt::format("<dt>Codes</dt><dd>{}</dd>\n", h(extras.codes));
    out += "</dl>\n";
    if (!s.options.empty()) {
        out += "<table><tr><th>Option</th><th>Basis</th></tr>\n";
        for (const auto& o : s.options) {
            const BasisText ob = o.basis ? Describe(p, *o.basis) : BasisText{"", "none of its own"};
            out += fmt::format("<tr><td>{} <span class=\"id\">({})</span>{}</td><td>{}{}</td></tr>\n", h(o.label),
                               h(o.id), o.exclusive ? " — <i>selected alone</i>" : "", ob.kind.empty() ? "" : "<b>" + h(ob.kind) + "</b> — ", h(ob.detail));
        }
        out += "</table>\n";
    }
    return out + "</div>\n";
}

std::string HtmlRounds(const Protocol& p, const RoundSchedule& r, const std::string& number) {
    const auto h = HtmlText;
    // The schedule's heading, what it says of itself and its first step do not part at a page end.
    std::string out = fmt::format("<div class=\"keep\"><h3>{} Rounds: {}</h3>\n", number, h(r.title));
    if (!r.description.empty()) out += "<p>" + h(Md(r.description)) + "</p>\n";
    const BasisText basis = Describe(p, r.basis);
    out += fmt::format("<dl>\n<dt>Rounds</dt><dd class=\"id\">{}</dd>\n", h(r.id));
    out += fmt::format("<dt>When</dt><dd>{}</dd>\n",
                       ScheduleText(r, [&](const std::string& id) { return "<span class=\"id\">" + h(id) + "</span>"; }));
    out += fmt::format("<dt>Basis</dt><dd><b class=\"{}\">{}</b> — {} (of the interval and period)</dd>\n</dl>\n",
                       r.basis.kind == Basis::Kind::Guideline ? "guideline" : "local", basis.kind, h(basis.detail));
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
        out += HtmlStep(p, r.steps[i], fmt::format("{}.{}", number, i + 1));
        if (i == 0) out += "</div>\n";
    }
    if (r.steps.empty()) out += "</div>\n";
    return out;
}

} // namespace

std::string RenderHtml(const Protocol& p) {
    auto h = [](const std::string& text) { return HtmlEscape(text); };
    std::string out = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>)" + h(p.title) + R"( — review copy</title>
<style>
body { font: 11pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; max-width: 52em; margin: 2em auto; color: #111; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { border-bottom: 2px solid #333; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; margin: .4em 0; width: 100%; } td, th { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
.meta td:first-child { width: 10em; font-weight: bold; } .id { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
.step { border-left: 4px solid #3a6ea5; padding: .1em .8em .4em; margin: .8em 0; break-inside: avoid; page-break-inside: avoid; }
.guideline { color: #1d4e89; } .local { color: #7a4b00; } .quote { background: #eef3fa; }
.stop { color: #a00; font-weight: bold; } .warn { color: #8a5a00; font-weight: bold; }
.draft { color: #a00; font-weight: bold; } dl { margin: .2em 0; } dt { font-weight: bold; float: left; clear: left; width: 8.5em; } dd { margin-left: 9em; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } a { color: inherit; text-decoration: none; } }
</style></head><body>
)";
    out += "<h1>" + h(p.title) + "</h1>\n<table class=\"meta\">\n";
    out += fmt::format("<tr><td>Protocol</td><td><span class=\"id\">{}</span> version {}</td></tr>\n", h(p.id), h(p.version));
    out += fmt::format("<tr><td>Status</td><td{}>{}</td></tr>\n", p.status == ProtocolStatus::Draft ? " class=\"draft\"" : "",
                       h(StatusText(p.status)));
    out += fmt::format("<tr><td>Last reviewed</td><td>{}</td></tr>\n", h(p.lastReviewed));
    if (!p.evidenceReference.empty())
        out += fmt::format("<tr><td>Evidence reference</td><td class=\"id\">{}</td></tr>\n", h(p.evidenceReference));
    if (!p.translatedBy.empty())
        out += fmt::format("<tr><td>Translated into this protocol by</td><td>{}</td></tr>\n", h(p.translatedBy));
    out += fmt::format("<tr><td>SHA-256</td><td class=\"id\">{}</td></tr>\n</table>\n", h(p.sha256));
    if (!p.description.empty()) out += "<p>" + h(Md(p.description)) + "</p>\n";
    out += "<p>Every step names its basis: <b class=\"guideline\">Guideline</b> (source, section, grade, certainty and "
           "provenance exactly as the guideline reference gives them) or <b class=\"local\">Local policy</b> (the "
           "department's own rule). The tool never computes, suggests or converts a dose.</p>\n";
    for (std::size_t ph = 0; ph < p.phases.size(); ++ph) {
        const Phase& phase = p.phases[ph];
        // A heading is never the last line of a page: the phase's heading, its description and
        // its first step print together (the CSS keeps the block whole; a step is short).
        out += fmt::format("<div class=\"keep\"><h2>{}. {}</h2>\n", ph + 1, h(phase.title));
        if (!phase.description.empty()) out += "<p>" + h(Md(phase.description)) + "</p>\n";
        for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i) {
            out += HtmlStep(p, p.steps[i], fmt::format("{}.{}", ph + 1, i - phase.firstStep + 1));
            if (i == phase.firstStep) out += "</div>\n";
        }
        if (phase.stepCount == 0) out += "</div>\n";
        std::size_t schedule = 0;
        for (const auto& rounds : p.rounds)
            if (rounds.phase == ph) out += HtmlRounds(p, rounds, fmt::format("{}.R{}", ph + 1, ++schedule));
    }
    out += "<div class=\"keep\"><h2>Sources</h2>\n<ul>\n";
    for (const auto& s : p.sources) {
        out += fmt::format("<li><b>[{}]</b> {}", h(s.id), h(s.citation));
        if (!s.doi.empty()) out += fmt::format(" doi:{}", h(s.doi));
        if (!s.pmid.empty()) out += fmt::format(" PMID {}", h(s.pmid));
        if (!s.url.empty()) out += " " + h(s.url);
        if (!s.note.empty()) out += " — " + h(s.note);
        const std::string about = AboutSource(s);
        if (!about.empty()) out += " — " + h(about);
        out += "</li>\n";
    }
    out += "</ul></div>\n</body></html>\n";
    return out;
}

} // namespace kc
