#pragma once
// A Report as a file for auditors: CSV (RFC 4180, one row per session, several values in a
// cell joined with "; "), JSON (an array with one object per session, every detail), or one
// self-contained HTML page (summary tables, inline SVG charts, the session table; no
// network, prints cleanly). All text from the records is escaped. Never throws.
#include <functional>
#include <string>

#include "kc/report/report.hpp"

namespace kc {

struct ReportRenderOptions {
    // The pseudonymous patient reference stays in the audit trail and the JSON; CSV and
    // HTML show it only when asked.
    bool withPatientRef = false;
    std::string generatedAt; // shown in the HTML heading ("" leaves it out)
    // How a finding or a note reads (a face says remedies its own way); empty: FormatFinding.
    std::function<std::string(const FileFinding&)> findingText;
};

enum class ReportFormat { Csv, Json, Html };

// The report in `format`: one of the three below.
std::string RenderReport(const Report& report, ReportFormat format, const ReportRenderOptions& options = {});
std::string RenderReportCsv(const Report& report, const ReportRenderOptions& options = {});
std::string RenderReportJson(const Report& report, const ReportRenderOptions& options = {});
std::string RenderReportHtml(const Report& report, const ReportRenderOptions& options = {});

// One line for a person: "hepatic: <justification> (justified by Dr A (anesthesiologist);
// second clinician Dr B)" and "hepatic: moderate -> normal (reason) by Dr A".
std::string DescribeOverride(const WarningRecord& warning);
std::string DescribeAmendment(const AmendmentRecord& amendment);
// "stopped at psychosis: <message>", "abandoned: <reason>", "completed", ...
std::string DescribeOutcome(const SessionSummary& session);
// "after: 25 min of 30 min", "..., ended early: <reason> (acknowledged by Dr B)"; empty for a
// schedule without a `for` period.
std::string DescribePeriod(const ScheduleSummary& schedule);
// A finding or a note as the renderings show it: options.findingText, else FormatFinding.
std::string DescribeFinding(const FileFinding& finding, const ReportRenderOptions& options);

} // namespace kc
