#include "kc/report/session_record.hpp"

#include <fmt/format.h>

#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/text.hpp"
#include "kc/report/timeline.hpp"
#include "kc/session/session_view.hpp"

namespace kc {
namespace {

// The longest run of characters without a space the record prints on one line: wxHTML wraps
// only at spaces, and a longer word (a pasted identifier, a hash) would make its table wider
// than an A4 or Letter page, where the printout cuts it off.
constexpr std::size_t kLongestWord = 24;

bool Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Text for the record: escaped, with each word longer than kLongestWord characters broken
// into lines of that many (at character boundaries).
std::string H(const std::string& text) {
    std::string out;
    std::string chunk;
    std::size_t run = 0; // characters since the last space or break
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == '\n' || c == '\t') {
            run = 0;
        } else if (!Continuation(c)) {
            if (run == kLongestWord) {
                out += HtmlEscape(chunk) + "<br>";
                chunk.clear();
                run = 0;
            }
            ++run;
        }
        chunk += text[i];
    }
    return out + HtmlEscape(chunk);
}

std::string Tt(const std::string& text) { return "<tt>" + H(text) + "</tt>"; }

// "2026-11-25 14:17:23.555": the tables say UTC once, in their headings.
std::string Time(std::int64_t utcMs) {
    std::string text = FormatUtcMs(utcMs);
    if (text.size() > 10) text[10] = ' ';
    if (!text.empty() && text.back() == 'Z') text.pop_back();
    return text;
}

std::string BasisText(const Step& step, const StepRecord& r) {
    // A chosen option with its own basis (an indication) shows that strength of evidence.
    const Option* chosen = r.answered && r.values.size() == 1 ? step.FindOption(r.values.front()) : nullptr;
    const Basis& b = chosen && chosen->basis ? *chosen->basis : step.basis;
    return b.kind == Basis::Kind::Guideline
               ? fmt::format("{} §{} {}{}", b.source, b.section, b.grade.empty() ? "no grade given" : "grade " + b.grade,
                             b.certainty.empty() ? "" : ", " + b.certainty)
               : std::string("local policy");
}

const Event* AttestedEvent(const std::vector<Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (std::holds_alternative<ev::Attested>(it->body)) return &*it;
    return nullptr;
}

} // namespace

std::string GroupedHash(const std::string& hash) {
    std::string out;
    for (std::size_t i = 0; i < hash.size(); i += 8) {
        if (i > 0) out += ' ';
        out.append(hash, i, 8);
    }
    return out;
}

std::string RenderSessionRecordHtml(const Protocol& p, const SessionState& s, const std::vector<Event>& events,
                                    const std::vector<std::string>& damage) {
    const Engine engine(std::make_shared<Protocol>(p));
    const auto statuses = s.status == SessionStatus::NotStarted ? std::vector<StepStatus>{} : engine.Statuses(s);
    // Tables are as wide as the page and no wider: fixed shares of it, and words that wrap.
    std::string out = R"(<!DOCTYPE html><html><head><meta charset="utf-8"><title>Session record</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #e8e8e8; } tt { font-size: 9pt; }
.stop { color: #a00000; font-weight: bold; } .warn { color: #8a5a00; }
@page { size: auto; margin: 15mm; }
@media print { body { margin: 0; } }
</style></head><body>
)";
    const std::string table = "<table width=\"100%\" border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n";
    out += fmt::format("<h1>Session record — {}</h1>\n", H(p.title));
    if (!damage.empty()) {
        out += "<p class=\"stop\"><font color=\"#a00000\"><b>NOT INTACT: verification found problems with this "
               "trail; the record shows the events before the damage.</b></font></p>\n<ul>\n";
        for (const auto& d : damage) out += "<li>" + H(d) + "</li>\n";
        out += "</ul>\n";
    }
    const char* outcome = ToString(s.status);
    out += table;
    out += fmt::format("<tr><th width=\"25%\">Outcome</th><td width=\"75%\"><b{}>{}</b>{}</td></tr>\n",
                       s.status == SessionStatus::Stopped ? " class=\"stop\"" : "", H(outcome),
                       s.status == SessionStatus::Stopped ? fmt::format(" at step {}: {}", Tt(s.stopStep), H(s.stopMessage))
                       : s.status == SessionStatus::Abandoned ? " — reason: " + H(s.abandonReason)
                                                              : std::string());
    out += fmt::format("<tr><th>Session</th><td>{}</td></tr>\n", Tt(s.sessionId));
    out += fmt::format("<tr><th>Protocol</th><td>{} {}<br>sha256 {}</td></tr>\n", H(p.id), H(p.version),
                       Tt(GroupedHash(p.sha256)));
    out += fmt::format("<tr><th>Operator</th><td>{} ({})</td></tr>\n", H(s.operatorActor.name), H(s.operatorActor.role));
    out += fmt::format("<tr><th>Patient reference</th><td>{}</td></tr>\n", H(s.patientRef));
    out += fmt::format("<tr><th>Location</th><td>{}</td></tr>\n", H(s.location.empty() ? "-" : s.location));
    out += fmt::format("<tr><th>Started</th><td>{} UTC</td></tr>\n", H(Time(s.startedUtcMs)));
    if (s.endedUtcMs > 0) out += fmt::format("<tr><th>Ended</th><td>{} UTC</td></tr>\n", H(Time(s.endedUtcMs)));
    out += "</table>\n";

    out += "<h2>Answers</h2>\n" + table +
           "<tr><th width=\"28%\">Step</th><th width=\"34%\">Answer</th><th width=\"14%\">Status</th>"
           "<th width=\"24%\">Basis</th></tr>\n";
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
        out += fmt::format("<tr><td>{}<br>{}</td><td>{}</td><td{}>{}</td><td>{}</td></tr>\n", H(step.prompt),
                           Tt(step.id), answer, status == StepStatus::Stopped ? " class=\"stop\"" : "",
                           H(ToString(status)), H(BasisText(step, r)));
    }
    out += "</table>\n";

    if (s.attestation) {
        // 21 CFR 11.50: the printed name, the date and time of signing, and its meaning.
        const Event* signedAt = AttestedEvent(events);
        out += "<h2>Attestation</h2>\n" + table;
        out += fmt::format("<tr><th width=\"25%\">Signed by</th><td width=\"75%\"><b>{}</b></td></tr>\n",
                           H(s.attestation->name));
        out += fmt::format("<tr><th>Signed at</th><td>{}</td></tr>\n",
                           signedAt ? H(Time(signedAt->utcMs)) + " UTC" : std::string("<i>not in the trail read</i>"));
        out += fmt::format("<tr><th>Meaning</th><td>“{}”</td></tr>\n</table>\n", H(s.attestation->meaning));
    }
    out += "<h2>Timeline</h2>\n" + table +
           "<tr><th width=\"6%\">#</th><th width=\"20%\">Time (UTC)</th><th width=\"20%\">By</th>"
           "<th width=\"54%\">Event</th></tr>\n";
    const std::vector<TimelineRow> rows = BuildTimeline(events, &p);
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", rows[i].seq,
                           H(Time(events[i].utcMs)), H(rows[i].actor), H(rows[i].what));
    out += "</table>\n";
    out += fmt::format("<p>Trail: {} events. Final hash (SHA-256, in groups of 8 for reading):<br>{}</p>\n",
                       events.size(), events.empty() ? std::string("-") : Tt(GroupedHash(events.back().hash)));
    out += "</body></html>\n";
    return out;
}

RecordedSession ReadRecordedSession(const std::string& trailPath, const std::vector<std::string>& protocolDirs) {
    RecordedSession result;
    // The verifier's verdict on this session, from its place in its records folder; its scan
    // of the trail is the one shown (the file is read once).
    VerifyOptions verify;
    verify.protocolDirs = protocolDirs;
    std::optional<TrailScan> scan;
    verify.onTrail = [&](const std::string&, const TrailScan& read) { scan = read; };
    result.damage = VerifySessionTrail(trailPath, verify).findings;
    if (!scan) {
        result.why = trailPath + ": the trail cannot be read";
        return result;
    }
    const auto* started = scan->events.empty() ? nullptr : std::get_if<ev::SessionStarted>(&scan->events.front().body);
    if (started == nullptr) {
        result.why = trailPath + ": no session_started line";
        return result;
    }
    result.protocol = FindTrailProtocol(trailPath, started->protocol.sha256, protocolDirs);
    if (!result.protocol) {
        result.why = fmt::format("{}: protocol {} {} with sha256 {} is in no records archive or protocol folder",
                                 trailPath, started->protocol.id, started->protocol.version, started->protocol.sha256);
        return result;
    }
    // Only the events that replay on the protocol: a damaged trail's intact, rule-following prefix.
    const Engine engine(result.protocol);
    for (const auto& e : scan->events) {
        if (!engine.Apply(result.state, e).empty()) break;
        result.events.push_back(e);
    }
    if (result.events.empty()) result.why = trailPath + ": not even the first line replays on its protocol";
    return result;
}

} // namespace kc
