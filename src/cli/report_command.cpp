// checklistctl report: one compliance report over a records folder (CSV, JSON or HTML).
// Exit 0 when every reported session (and the ledger and archive) is intact, 1 when any is
// not (the report is still written in full), 2 for a usage or I/O error.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "remedy_text.hpp"
#include "terminal.hpp"
#include "kc/base/error.hpp"
#include "kc/report/report.hpp"
#include "kc/ops/report_file.hpp"
#include "kc/report/report_render.hpp"
#include "kc/base/clock.hpp"

namespace kc::cli {
namespace {

struct ReportArgs {
    std::string records, format = "csv", output, from, to, protocol, operatorName;
    std::vector<std::string> outcomes, protocolDirs;
    bool overridesOnly = false, lateOnly = false, missedOnly = false, withPatientRef = false, progress = false;
};

int RunReport(const ReportArgs& a) {
    ReportOptions options;
    options.filter.fromDate = a.from;
    options.filter.toDate = a.to;
    options.filter.protocolId = a.protocol;
    options.filter.operatorName = a.operatorName;
    options.filter.overridesOnly = a.overridesOnly;
    options.filter.lateOnly = a.lateOnly;
    options.filter.missedOnly = a.missedOnly;
    for (const auto& o : a.outcomes) {
        const auto parsed = ParseOutcomeFilter(o);
        if (!parsed) {
            std::cerr << "checklistctl: --outcome must be completed, stopped, abandoned, incomplete or damaged, not '"
                      << o << "'\n";
            return kUsage;
        }
        options.filter.outcomes.push_back(*parsed);
    }
    options.protocolDirs = a.protocolDirs.empty() ? DefaultProtocolDirs() : a.protocolDirs;
    if (a.progress)
        options.progress = [](std::size_t done, std::size_t total) {
            if (done == total || done % 500 == 0) std::cerr << fmt::format("\rread {}/{} session files", done, total);
            if (done == total) std::cerr << "\n";
        };

    SystemClock clock;
    options.nowUtcMs = clock.UtcMs(); // open sessions' rounds are counted as of now
    Report report;
    try {
        report = BuildReport(a.records, options);
    } catch (const UsageError& e) {
        std::cerr << "checklistctl: " << e.what() << "\n";
        return kUsage;
    }
    ReportRenderOptions render;
    render.withPatientRef = a.withPatientRef;
    render.findingText = ReportFindingText;
    render.generatedAt = FormatUtcMs(options.nowUtcMs);
    const ReportFormat format = a.format == "json"   ? ReportFormat::Json
                                : a.format == "html" ? ReportFormat::Html
                                                     : ReportFormat::Csv;
    if (a.output.empty() || a.output == "-") {
        PrintDocument(RenderReport(report, format, render));
    } else {
        WriteReportFile(report, format, render, a.output, RecordsFileMode(a.records));
    }
    // Damage is said on stderr too, so it is seen whatever the format and wherever it went.
    const ReportTotals& t = report.totals;
    for (const auto& f : t.folderFindings) std::cerr << "checklistctl: records folder: " << ReportFindingText(f) << "\n";
    for (const auto& s : report.sessions)
        if (!s.Intact())
            std::cerr << fmt::format("checklistctl: session {} ({}): {}\n", s.sessionId, s.file,
                                     IntegrityName(s.integrity));
    std::cerr << fmt::format("{} session{} reported ({} with a justified warning); {}\n", t.sessions,
                             t.sessions == 1 ? "" : "s", t.withOverrides,
                             t.Intact() ? "all intact"
                                        : fmt::format("{} not intact{}", t.notIntact,
                                                      t.folderFindings.empty() ? "" : ", records folder damaged"));
    return t.Intact() ? kOk : kInvalid;
}

} // namespace

void AddReportCommand(CLI::App& app, int& exitCode) {
    auto a = std::make_shared<ReportArgs>();
    auto* cmd = app.add_subcommand(
        "report", "Compliance report over a records folder: outcome, overrides and who justified them, amendments, "
                  "integrity; one row per session");
    cmd->add_option("records", a->records, "Records folder")->required();
    cmd->add_option("--format", a->format, "csv (default), json or html")
        ->check(CLI::IsMember({"csv", "json", "html"}));
    cmd->add_option("-o,--output", a->output, "Write the report here instead of standard output");
    cmd->add_option("--from", a->from, "Sessions started on or after this UTC day (YYYY-MM-DD)");
    cmd->add_option("--to", a->to, "Sessions started on or before this UTC day (YYYY-MM-DD)");
    cmd->add_option("--protocol", a->protocol, "Only this protocol id");
    cmd->add_option("--operator", a->operatorName, "Only sessions this person started or resumed");
    cmd->add_option("--outcome", a->outcomes,
                    "completed, stopped, abandoned, incomplete or damaged (repeat for several)");
    cmd->add_flag("--overrides-only", a->overridesOnly, "Only sessions with at least one justified warning");
    cmd->add_flag("--late", a->lateOnly, "Only sessions with a round of observations done late");
    cmd->add_flag("--missed", a->missedOnly,
                  "Only sessions with a round of observations missed, or due and not done (open sessions: as of now)");
    cmd->add_flag("--with-patient-ref", a->withPatientRef,
                  "Add the pseudonymous patient reference to CSV and HTML (JSON always has it)");
    cmd->add_option("--protocols", a->protocolDirs, "Folders with known protocol versions (default: the bundled ones)");
    cmd->add_flag("--progress", a->progress, "Show how many session files have been read, on standard error");
    cmd->callback([a, &exitCode] { exitCode = RunReport(*a); });
}

} // namespace kc::cli
