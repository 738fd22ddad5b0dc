// The HTML report: one self-contained page (no scripts, no fonts, no network), with summary
// tables, three inline SVG bar charts and the session table. Every text from the records
// goes through HtmlEscape. Wide cells wrap instead of being clipped, on screen and on paper.
#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "kc/audit/records_layout.hpp"
#include "kc/report/report_render.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/text.hpp"

namespace kc {

namespace {

constexpr const char* kStyle = R"(<style>
body { font-family: sans-serif; font-size: 11pt; margin: 1.5em; color: #111; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #999; }
p.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
table.sessions { table-layout: fixed; }
th, td { border: 1px solid #aaa; padding: 3px 5px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
table.summary { width: auto; min-width: 24em; }
table.summary td.n { text-align: right; }
td.bad, span.bad, p.bad { color: #a00; font-weight: bold; }
td.ok, p.ok { color: #060; }
td.notice { color: #a00; }
ul { margin: 0; padding-left: 1.1em; }
code { font-size: 0.9em; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
.chart { break-inside: avoid; page-break-inside: avoid; }
.chart h3 { font-size: 1em; margin: 0.3em 0; }
svg text { font-family: sans-serif; font-size: 11px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
</style>)";

std::string Esc(const std::string& text) { return HtmlEscape(text); }

// "2026-11-25 14:17:23": the table says UTC once, in its heading.
std::string ShortTime(std::int64_t utcMs) {
    std::string text = FormatUtcMs(utcMs);
    text[10] = ' ';
    return text.substr(0, 19);
}

std::string ActorHtml(const Actor& a) {
    if (a.name.empty()) return "<i>unknown</i>";
    return a.role.empty() ? Esc(a.name) : Esc(a.name) + " (" + Esc(a.role) + ")";
}

// A horizontal bar chart: one labelled bar per (label, count).
std::string BarChart(const std::string& title, const std::vector<std::pair<std::string, std::size_t>>& bars,
                     const char* colour) {
    constexpr int kLabelWidth = 150, kBarWidth = 200, kRow = 20;
    std::size_t max = 1;
    for (const auto& [label, n] : bars) max = std::max(max, n);
    const int height = static_cast<int>(bars.size()) * kRow + 10;
    std::string svg = fmt::format(
        R"(<div class="chart"><h3>{}</h3><svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}">)",
        Esc(title), kLabelWidth + kBarWidth + 50, height, Esc(title));
    if (bars.empty()) svg += R"(<text x="0" y="15">none</text>)";
    int y = 5;
    for (const auto& [label, n] : bars) {
        const int width = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * kBarWidth);
        std::string shown = label.size() > 28 ? label.substr(0, 26) + "..." : label;
        svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", kLabelWidth - 6, y + 13, Esc(shown));
        svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>)",
                           kLabelWidth, y + 2, std::max(width, n > 0 ? 1 : 0), kRow - 6, colour, Esc(label), n);
        svg += fmt::format(R"(<text x="{}" y="{}">{}</text>)", kLabelWidth + width + 4, y + 13, n);
        y += kRow;
    }
    return svg + "</svg></div>\n";
}

// The day (since the epoch) of a filter's YYYY-MM-DD, or -1 when it has none.
std::int64_t FilterDay(const std::string& date) {
    if (date.empty()) return -1;
    const std::int64_t ms = ParseUtcMs(date + "T00:00:00.000Z");
    return ms < 0 ? -1 : ms / 86'400'000;
}

// The axes of a vertical bar chart whose plot area is [left, left + width] x [top, bottom]:
// the count from 0 to `max` up the side (with `unit` as its label) and `along` under the bottom.
std::string Axes(int left, int top, int bottom, int width, const std::string& max, const std::string& unit,
                 const std::string& along) {
    std::string svg = fmt::format(R"(<g class="axis" stroke="#666">)"
                                  R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><line x1="{0}" y1="{2}" x2="{3}" y2="{2}"/>)"
                                  R"(<line x1="{4}" y1="{1}" x2="{0}" y2="{1}"/><line x1="{4}" y1="{2}" x2="{0}" y2="{2}"/></g>)",
                                  left, top, bottom, left + width, left - 4);
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", left - 6, top + 4, Esc(max));
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">0</text>)", left - 6, bottom + 4);
    svg += fmt::format(R"svg(<text x="12" y="{}" text-anchor="middle" transform="rotate(-90 12 {})">{}</text>)svg",
                       (top + bottom) / 2, (top + bottom) / 2, Esc(unit));
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", left + width / 2, bottom + 38,
                       Esc(along));
    return svg;
}

// Sessions per day (a period of up to 62 days) or per ISO week (Monday), as vertical bars,
// from the report's --from (else the first session) to its --to (else the last session).
std::string TimeChart(const Report& report) {
    std::map<std::int64_t, std::size_t> buckets; // bucket start, in days since the epoch
    std::int64_t first = FilterDay(report.filter.fromDate), last = FilterDay(report.filter.toDate);
    const bool fromGiven = first >= 0, toGiven = last >= 0;
    for (const auto& s : report.sessions) {
        if (s.startedUtcMs <= 0) continue;
        const std::int64_t day = s.startedUtcMs / 86'400'000;
        if (!fromGiven) first = first < 0 ? day : std::min(first, day);
        if (!toGiven) last = std::max(last, day);
    }
    if (first < 0 || last < first) return BarChart("Sessions over time", {}, "#4a7ab8");
    const bool weekly = last - first > 62;
    // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
    auto bucketOf = [&](std::int64_t day) { return weekly ? day - (day + 3) % 7 : day; };
    for (std::int64_t d = bucketOf(first); d <= last; d += weekly ? 7 : 1) buckets[d] = 0;
    for (const auto& s : report.sessions)
        if (s.startedUtcMs > 0)
            if (const auto bucket = buckets.find(bucketOf(s.startedUtcMs / 86'400'000)); bucket != buckets.end())
                ++bucket->second;
    std::size_t max = 1;
    for (const auto& [d, n] : buckets) max = std::max(max, n);
    const int barWidth = std::max(4, std::min(28, 720 / static_cast<int>(buckets.size())));
    constexpr int kLeft = 44, kTop = 10, kChartHeight = 120;
    const int bottom = kTop + kChartHeight;
    const int width = static_cast<int>(buckets.size()) * barWidth + 4;
    const std::string title = weekly ? "Sessions per week (weeks start on Monday, UTC)" : "Sessions per day (UTC)";
    std::string svg = fmt::format(
        R"(<div class="chart"><h3>{}</h3><svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}">)",
        title, kLeft + width + 10, bottom + 46, title);
    svg += Axes(kLeft, kTop, bottom, width, std::to_string(max), "sessions",
                weekly ? "week starting (UTC)" : "day (UTC)");
    int x = kLeft + 2;
    std::size_t i = 0;
    for (const auto& [d, n] : buckets) {
        const int h = static_cast<int>(static_cast<double>(n) / static_cast<double>(max) * kChartHeight);
        const std::string day = UtcDay(d * 86'400'000);
        svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#4a7ab8"><title>{}: {}</title></rect>)",
                           x, bottom - h, barWidth - 2, h, day, n);
        // Label the first bucket, the last, and about eight in between.
        if (i == 0 || i + 1 == buckets.size() || i % std::max<std::size_t>(1, buckets.size() / 8) == 0)
            svg += fmt::format(R"(<text x="{}" y="{}" font-size="9">{}</text>)", x, bottom + 14 + (i % 2) * 11,
                               day.substr(5));
        x += barWidth;
        ++i;
    }
    return svg + "</svg></div>\n";
}

// "2026-W49": the ISO 8601 week of a day (days since the epoch): the week of its Thursday's year.
std::string IsoWeek(std::int64_t day) {
    const std::int64_t thursday = day - (day + 3) % 7 + 3;
    const std::time_t seconds = static_cast<std::time_t>(thursday * 86'400);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-W{:02}", tm.tm_year + 1900, tm.tm_yday / 7 + 1);
}

// The share of rounds due that were done on time, per ISO week of the sessions' start (UTC),
// as vertical bars from 0 to 100 %; weeks with no round due have no bar.
std::string OnTimeChart(const Report& report) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> weeks; // week -> (on time, due)
    for (const auto& s : report.sessions) {
        if (s.startedUtcMs <= 0 || s.rounds.due == 0) continue;
        auto& [onTime, due] = weeks[IsoWeek(s.startedUtcMs / 86'400'000)];
        onTime += s.rounds.onTime;
        due += s.rounds.due;
    }
    const std::string title = "Rounds done on time per ISO week (share of rounds due; sessions by start, UTC)";
    constexpr int barWidth = 44, chartHeight = 120, kLeft = 44;
    const int width = std::max(1, static_cast<int>(weeks.size())) * barWidth + kLeft + 4;
    std::string svg = fmt::format(
        R"(<div class="chart"><h3>{}</h3><svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img" aria-label="{}">)",
        title, width + 10, chartHeight + 50, title);
    if (weeks.empty()) return svg + R"(<text x="0" y="15">no rounds due</text></svg></div>)" + "\n";
    svg += Axes(kLeft, 5, chartHeight + 5, width - kLeft, "100 %", "% on time", "ISO week of the sessions' start");
    int x = kLeft + 2;
    for (const auto& [week, counts] : weeks) {
        const auto [onTime, due] = counts;
        const int percent = static_cast<int>(onTime * 100 / due); // rounded down: 99 % is never shown as 100 %
        const int h = percent * (chartHeight - 10) / 100;
        svg += fmt::format(
            R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#3a8a4a"><title>{}: {} of {} rounds on time ({} %)</title></rect>)",
            x, chartHeight + 5 - h, barWidth - 6, h, week, onTime, due, percent);
        svg += fmt::format(R"(<text x="{}" y="{}" font-size="9">{} %</text>)", x, chartHeight - h, percent);
        svg += fmt::format(R"(<text x="{}" y="{}" font-size="9">{}</text>)", x, chartHeight + 20, week.substr(5));
        x += barWidth;
    }
    return svg + "</svg></div>\n";
}

// The session's rounds in its row: the counts, the longest gap and each stated period.
std::string RoundsCell(const SessionSummary& s) {
    if (!s.roundsKnown) return "<i>unknown</i>";
    if (s.rounds.schedules.empty()) return "-";
    const RoundsSummary& r = s.rounds;
    std::string out = fmt::format("{} due: {} on time", r.due, r.onTime);
    if (r.late > 0) out += fmt::format(", <span class=\"bad\">{} late</span>", r.late);
    if (r.missed > 0) out += fmt::format(", <span class=\"bad\">{} missed</span>", r.missed);
    if (r.open > 0) out += fmt::format(", <span class=\"bad\">{} open</span>", r.open);
    if (r.longestGapMs) out += "<br><small>longest gap " + Esc(DurationForPerson(*r.longestGapMs)) + "</small>";
    for (const auto& schedule : r.schedules)
        if (schedule.periodMs) out += "<br><small>" + Esc(DescribePeriod(schedule)) + "</small>";
    return out;
}

std::string FilterText(const ReportFilter& f) {
    std::vector<std::string> parts;
    if (!f.fromDate.empty() || !f.toDate.empty())
        parts.push_back(fmt::format("started {} to {} (UTC, inclusive)", f.fromDate.empty() ? "any day" : f.fromDate,
                                    f.toDate.empty() ? "any day" : f.toDate));
    if (!f.protocolId.empty()) parts.push_back("protocol " + f.protocolId);
    if (!f.operatorName.empty()) parts.push_back("operator " + f.operatorName);
    if (!f.outcomes.empty()) {
        std::string o = "outcome";
        for (std::size_t i = 0; i < f.outcomes.size(); ++i) {
            static constexpr const char* kNames[] = {"completed", "stopped", "abandoned", "incomplete", "damaged"};
            o += (i == 0 ? " " : " or ") + std::string(kNames[static_cast<int>(f.outcomes[i])]);
        }
        parts.push_back(o);
    }
    if (f.overridesOnly) parts.push_back("only sessions with a justified warning");
    if (f.lateOnly) parts.push_back("only sessions with a round done late");
    if (f.missedOnly) parts.push_back("only sessions with a round missed or left open");
    if (parts.empty()) return "all sessions";
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

void SummaryRow(std::string& out, const std::string& label, std::size_t n, bool bad = false) {
    out += fmt::format(R"(<tr><td>{}</td><td class="n{}">{}</td></tr>)", label, bad && n > 0 ? " bad" : "", n);
}

void SessionRow(std::string& out, const SessionSummary& s, const ReportRenderOptions& options) {
    out += "<tr>";
    out += fmt::format("<td>{}<br><small>{}</small></td>", s.startedUtcMs ? ShortTime(s.startedUtcMs) : "<i>unknown</i>",
                       s.endedUtcMs ? "ended " + ShortTime(s.endedUtcMs) : "");
    // The file is named after the session; it is shown only when it is not.
    out += fmt::format("<td><code>{}</code>{}</td>", Esc(s.sessionId),
                       s.file == layout::TrailKey(s.sessionId) ? "" : "<br><small>" + Esc(s.file) + "</small>");
    out += fmt::format("<td>{} {}<br><small><code>{}</code></small></td>", Esc(s.protocol.id), Esc(s.protocol.version),
                       Esc(s.protocol.sha256.substr(0, 12)));
    out += "<td>" + ActorHtml(s.operatorActor);
    for (const auto& a : s.resumedBy) out += "<br><small>resumed by " + ActorHtml(a) + "</small>";
    out += "<br><small>" + Esc(s.location) + "</small></td>";
    if (options.withPatientRef) out += "<td>" + Esc(s.patientRef) + "</td>";
    const bool badOutcome = s.outcome != SessionOutcome::Completed;
    out += fmt::format("<td{}>{}</td>", badOutcome ? R"( class="notice")" : "", Esc(DescribeOutcome(s)));
    out += "<td>";
    if (!s.warnings.empty()) {
        out += "<ul>";
        for (const auto& w : s.warnings) out += "<li>" + Esc(DescribeOverride(w)) + "</li>";
        out += "</ul>";
    }
    out += "</td><td>";
    if (!s.amendments.empty()) {
        out += "<ul>";
        for (const auto& a : s.amendments) out += "<li>" + Esc(DescribeAmendment(a)) + "</li>";
        out += "</ul>";
    }
    out += "</td><td>" + RoundsCell(s) + "</td>";
    out += fmt::format("<td class=\"{}\">{}", s.Intact() ? "ok" : "bad", IntegrityName(s.integrity));
    if (s.partial) out += "<br><small>details only up to the damage</small>";
    for (const auto& f : s.findings) out += "<br><small>" + Esc(DescribeFinding(f, options)) + "</small>";
    out += "</td></tr>\n";
}

} // namespace

std::string RenderReportHtml(const Report& report, const ReportRenderOptions& options) {
    const ReportTotals& t = report.totals;
    std::string out = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance report</title>
)";
    out += kStyle;
    out += "</head><body>\n<h1>Compliance report</h1>\n";
    out += fmt::format(R"(<p class="meta">Records folder <code>{}</code>. Sessions: {}.{}</p>)", Esc(report.recordsRoot),
                       Esc(FilterText(report.filter)),
                       options.generatedAt.empty() ? "" : " Generated " + Esc(options.generatedAt) + ".");
    out += "\n";
    const bool intact = t.Intact();
    out += fmt::format(R"(<p class="{}"><b>Integrity: {}</b></p>)", intact ? "ok" : "bad",
                       intact ? "every reported session is intact"
                              : fmt::format("{} reported session{} not intact{}", t.notIntact,
                                            t.notIntact == 1 ? " is" : "s are",
                                            t.folderFindings.empty() ? "" : "; the records folder has problems"));
    out += "\n<h2>Summary</h2>\n<table class=\"summary\"><tbody>";
    SummaryRow(out, "Sessions reported", t.sessions);
    SummaryRow(out, "Completed", t.completed);
    SummaryRow(out, "Stopped at a hard stop", t.stopped);
    SummaryRow(out, "Abandoned", t.abandoned);
    SummaryRow(out, "Incomplete (open)", t.incomplete);
    if (t.unknown > 0) SummaryRow(out, "Outcome unknown (unreadable record)", t.unknown, true);
    SummaryRow(out, "Sessions with a justified warning", t.withOverrides);
    SummaryRow(out, "Warnings justified (overrides)", t.overrides);
    SummaryRow(out, "Warnings never justified", t.unjustified);
    SummaryRow(out, "Amendments", t.amendments);
    SummaryRow(out, "Rounds due", t.roundsDue);
    SummaryRow(out, "Rounds done on time", t.roundsOnTime);
    SummaryRow(out, "Rounds done late (with a reason)", t.roundsLate, true);
    SummaryRow(out, "Rounds missed (closed with a reason)", t.roundsMissed, true);
    SummaryRow(out, "Rounds due and still open", t.roundsOpen, true);
    SummaryRow(out, "Sessions with a round done late", t.withLate, true);
    SummaryRow(out, "Sessions with a round missed or open", t.withMissed, true);
    SummaryRow(out, "Sessions not intact", t.notIntact, true);
    out += fmt::format("<tr><td>Session files read / events read</td><td class=\"n\">{} / {}</td></tr>", t.sessionFiles,
                       t.events);
    out += "</tbody></table>\n";
    if (!t.folderFindings.empty() || !t.notes.empty()) {
        out += "<h2>Records folder</h2>\n<ul>";
        for (const auto& f : t.folderFindings)
            out += "<li class=\"bad\"><span class=\"bad\">" + Esc(DescribeFinding(f, options)) + "</span></li>";
        for (const auto& n : t.notes) out += "<li>" + Esc("note: " + DescribeFinding(n, options)) + "</li>";
        out += "</ul>\n";
    }

    std::map<std::string, std::size_t> perStep;
    std::map<std::string, std::size_t> perIntegrity;
    for (const auto& s : report.sessions) {
        for (const auto& w : s.warnings)
            if (w.justified) ++perStep[w.step];
        if (!s.Intact()) ++perIntegrity[IntegrityName(s.integrity)];
    }
    std::vector<std::pair<std::string, std::size_t>> outcomes = {
        {"completed", t.completed}, {"stopped", t.stopped}, {"abandoned", t.abandoned}, {"incomplete", t.incomplete}};
    if (t.unknown > 0) outcomes.emplace_back("unknown", t.unknown);
    for (const auto& [name, n] : perIntegrity) outcomes.emplace_back("not intact: " + name, n);
    std::vector<std::pair<std::string, std::size_t>> steps(perStep.begin(), perStep.end());
    std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (steps.size() > 25) steps.resize(25);
    out += "<h2>Charts</h2>\n<div class=\"charts\">\n";
    out += BarChart("Sessions per outcome", outcomes, "#4a7ab8");
    out += BarChart("Justified warnings (overrides) per step", steps, "#c07a1a");
    out += TimeChart(report);
    out += OnTimeChart(report);
    out += "</div>\n";

    out += "<h2 class=\"sessions\">Sessions</h2>\n<table class=\"sessions\"><colgroup><col style=\"width:9%\">"
           "<col style=\"width:12%\"><col style=\"width:10%\"><col style=\"width:11%\">";
    if (options.withPatientRef) out += "<col style=\"width:7%\">";
    out += "<col style=\"width:12%\"><col style=\"width:18%\"><col style=\"width:9%\"><col style=\"width:10%\">"
           "<col style=\"width:9%\">"
           "</colgroup>\n<thead><tr><th>Started (UTC)</th><th>Session</th><th>Protocol</th><th>Operator, location</th>";
    if (options.withPatientRef) out += "<th>Patient ref</th>";
    out += "<th>Outcome</th><th>Warnings (who justified)</th><th>Amendments</th><th>Rounds</th><th>Integrity</th></tr></thead>"
           "<tbody>\n";
    for (const auto& s : report.sessions) SessionRow(out, s, options);
    if (report.sessions.empty()) out += "<tr><td colspan=\"10\">No session matches.</td></tr>\n";
    out += "</tbody></table>\n</body></html>\n";
    return out;
}

} // namespace kc
