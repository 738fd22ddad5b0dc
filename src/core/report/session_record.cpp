#include "kc/report/session_record.hpp"

#include <fmt/format.h>

#include "kc/report/timeline.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/text.hpp"
#include "kc/session/session_view.hpp"

namespace kc {
namespace {

std::string H(const std::string& text) { return HtmlEscape(text); }

} // namespace

std::string RenderSessionRecordHtml(const Protocol& p, const SessionState& s, const std::vector<Event>& events) {
    const Engine engine(std::make_shared<Protocol>(p));
    const auto statuses = s.status == SessionStatus::NotStarted ? std::vector<StepStatus>{} : engine.Statuses(s);
    std::string out = R"(<!DOCTYPE html><html><head><meta charset="utf-8"><title>Session record</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; } .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
.stop { color: #a00000; font-weight: bold; } .warn { color: #8a5a00; }
@media print { body { margin: 0; } }
</style></head><body>
)";
    out += fmt::format("<h1>Session record — {}</h1>\n", H(p.title));
    const char* outcome = ToString(s.status);
    out += "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n";
    out += fmt::format("<tr><th width=\"25%\">Outcome</th><td><b{}>{}</b>{}</td></tr>\n",
                       s.status == SessionStatus::Stopped ? " class=\"stop\"" : "", H(outcome),
                       s.status == SessionStatus::Stopped
                           ? fmt::format(" at step <span class=\"mono\">{}</span>: {}", H(s.stopStep), H(s.stopMessage))
                       : s.status == SessionStatus::Abandoned ? " — reason: " + H(s.abandonReason)
                                                              : std::string());
    out += fmt::format("<tr><th>Session</th><td class=\"mono\">{}</td></tr>\n", H(s.sessionId));
    out += fmt::format("<tr><th>Protocol</th><td>{} {} <span class=\"mono\">sha256 {}</span></td></tr>\n", H(p.id),
                       H(p.version), H(p.sha256));
    out += fmt::format("<tr><th>Operator</th><td>{} ({})</td></tr>\n", H(s.operatorActor.name), H(s.operatorActor.role));
    out += fmt::format("<tr><th>Patient reference</th><td>{}</td></tr>\n", H(s.patientRef));
    out += fmt::format("<tr><th>Location</th><td>{}</td></tr>\n", H(s.location.empty() ? "-" : s.location));
    out += fmt::format("<tr><th>Started</th><td>{} UTC</td></tr>\n", H(FormatUtcMs(s.startedUtcMs)));
    if (s.endedUtcMs > 0) out += fmt::format("<tr><th>Ended</th><td>{} UTC</td></tr>\n", H(FormatUtcMs(s.endedUtcMs)));
    out += "</table>\n";

    out += "<h2>Answers</h2>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n<tr><th>Step</th><th>Answer</th><th>Status</th><th>Basis</th></tr>\n";
    for (std::size_t i = 0; i < p.steps.size() && i < s.steps.size(); ++i) {
        const Step& step = p.steps[i];
        const StepRecord& r = s.steps[i];
        const StepStatus status = statuses.empty() ? StepStatus::Pending : statuses[i];
        std::string answer = r.answered ? H(DescribeValues(step, r.values)) : r.skipped ? "<i>skipped</i>" : "";
        if (!r.note.empty()) answer += "<br><i>Note:</i> " + H(r.note);
        if (r.justified)
            answer += fmt::format("<br><span class=\"warn\"><i>Warning justified:</i> {}{}</span>", H(r.justification),
                                  r.secondClinician.empty() ? "" : " — acknowledged by " + H(r.secondClinician));
        for (const auto& old : r.superseded) answer += "<br><i>Superseded:</i> " + H(DescribeValues(step, old));
        if (r.amendments > 0) answer += fmt::format("<br><i>Amended {} time(s); see the timeline</i>", r.amendments);
        // A chosen option with its own basis (an indication) shows that strength of evidence.
        const Option* chosen = r.answered && r.values.size() == 1 ? step.FindOption(r.values.front()) : nullptr;
        const Basis& b = chosen && chosen->basis ? *chosen->basis : step.basis;
        const std::string basis = b.kind == Basis::Kind::Guideline
                                      ? fmt::format("{} §{} {}{}", b.source, b.section,
                                                    b.grade.empty() ? "no grade given" : "grade " + b.grade,
                                                    b.certainty.empty() ? "" : ", " + b.certainty)
                                      : std::string("local policy");
        out += fmt::format("<tr><td>{}<br><span class=\"mono\">{}</span></td><td>{}</td><td{}>{}</td><td>{}</td></tr>\n",
                           H(step.prompt), H(step.id), answer,
                           status == StepStatus::Stopped ? " class=\"stop\"" : "", H(ToString(status)), H(basis));
    }
    out += "</table>\n";

    if (s.attestation)
        out += fmt::format("<h2>Attestation</h2>\n<p>Signed by <b>{}</b>: “{}”</p>\n", H(s.attestation->name),
                           H(s.attestation->meaning));
    out += "<h2>Timeline</h2>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n<tr><th>#</th><th>Time (UTC)</th><th>By</th><th>Event</th></tr>\n";
    for (const auto& row : BuildTimeline(events, &p))
        out += fmt::format("<tr><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>\n", row.seq,
                           H(row.time), H(row.actor), H(row.what));
    out += "</table>\n";
    out += fmt::format("<p>Trail: {} events. Final hash <span class=\"mono\">{}</span></p>\n", events.size(),
                       H(events.empty() ? std::string("-") : events.back().hash));
    out += "</body></html>\n";
    return out;
}

} // namespace kc
