// CSV and JSON renderings of a report, and the one-line descriptions every rendering shares.
// The HTML page is in report_html.cpp.
#include "kc/report/report_render.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/base/clock.hpp"

namespace kc {

using json = nlohmann::json;

namespace {

std::string Join(const std::vector<std::string>& parts, const char* separator = "; ") {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += separator;
        out += parts[i];
    }
    return out;
}

std::string ActorText(const Actor& actor) {
    if (actor.name.empty()) return {};
    return actor.role.empty() ? actor.name : fmt::format("{} ({})", actor.name, actor.role);
}

std::string TimeText(std::int64_t utcMs) { return utcMs == 0 ? std::string() : FormatUtcMs(utcMs); }

// RFC 4180: a field holding a comma, a quote, CR or LF is quoted and its quotes doubled.
// Text a spreadsheet would run as a formula (it begins with =, +, -, @, tab or CR: a
// justification typed as "=HYPERLINK(...)") gets a leading apostrophe, so it shows as text
// (OWASP, "CSV Injection"). The JSON report keeps every text exactly as recorded.
void AppendCsvField(std::string& out, const std::string& field) {
    const bool formula = !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos;
    if (!formula && field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    if (formula) out += '\'';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        AppendCsvField(out, fields[i]);
    }
    out += "\r\n";
}

json ActorJson(const Actor& actor) { return {{"name", actor.name}, {"role", actor.role}}; }

json TimeJson(std::int64_t utcMs) { return utcMs == 0 ? json(nullptr) : json(FormatUtcMs(utcMs)); }

// Durations in the CSV and JSON: whole seconds (rounded down); empty or null when there is none.
std::string SecondsText(const std::optional<std::int64_t>& ms) { return ms ? std::to_string(*ms / 1000) : std::string(); }
json SecondsJson(const std::optional<std::int64_t>& ms) { return ms ? json(*ms / 1000) : json(nullptr); }

json RoundsJson(const SessionSummary& s) {
    json schedules = json::array();
    for (const ScheduleSummary& r : s.rounds.schedules) {
        json item = {{"id", r.id},         {"title", r.title},       {"started", r.anchored},
                     {"due", r.due},       {"on_time", r.onTime},    {"late", r.late},
                     {"missed", r.missed}, {"open", r.open},         {"longest_gap_s", SecondsJson(r.longestGapMs)},
                     {"period_s", SecondsJson(r.periodMs)},          {"achieved_s", SecondsJson(r.achievedMs)},
                     {"ended_early", r.endedEarly}};
        if (r.endedEarly) {
            item["early_reason"] = r.earlyReason;
            item["early_second_clinician"] = r.earlySecondClinician;
        }
        schedules.push_back(std::move(item));
    }
    return {{"known", s.roundsKnown},
            {"due", s.rounds.due},
            {"on_time", s.rounds.onTime},
            {"late", s.rounds.late},
            {"missed", s.rounds.missed},
            {"open", s.rounds.open},
            {"longest_gap_s", SecondsJson(s.rounds.longestGapMs)},
            {"schedules", schedules}};
}

} // namespace

std::string DescribeOverride(const WarningRecord& w) {
    if (!w.justified) return fmt::format("{}: not justified", w.step);
    std::string text = fmt::format("{}: {} (justified by {}", w.step, w.justification, ActorText(w.justifiedBy));
    if (!w.secondClinician.empty()) text += "; second clinician " + w.secondClinician;
    return text + ")";
}

std::string DescribeAmendment(const AmendmentRecord& a) {
    return fmt::format("{}: {} -> {} ({}) by {}", a.step, Join(a.oldValues, ", "), Join(a.newValues, ", "), a.reason,
                       ActorText(a.amendedBy));
}

std::string DescribeOutcome(const SessionSummary& s) {
    if (s.outcomeFromLedger) return fmt::format("{} (per the ledger; the trail cannot be read that far)", OutcomeName(s.outcome));
    switch (s.outcome) {
    case SessionOutcome::Stopped: return fmt::format("stopped at {}: {}", s.outcomeStep, s.outcomeText);
    case SessionOutcome::Abandoned: return fmt::format("abandoned: {}", s.outcomeText);
    case SessionOutcome::Incomplete: return "incomplete (open)";
    case SessionOutcome::Unknown: return "unknown (the record could not be read)";
    case SessionOutcome::Completed: break;
    }
    return "completed";
}

std::string DescribePeriod(const ScheduleSummary& r) {
    if (!r.periodMs) return {};
    if (!r.anchored) return fmt::format("{}: not started (of {})", r.id, DurationForPerson(*r.periodMs));
    std::string text = fmt::format("{}: {} of {}", r.id, DurationForPerson(r.achievedMs.value_or(0)),
                                   DurationForPerson(*r.periodMs));
    if (r.endedEarly)
        text += fmt::format(", ended early: {} (acknowledged by {})", r.earlyReason, r.earlySecondClinician);
    return text;
}

std::string DescribeFinding(const FileFinding& finding, const ReportRenderOptions& options) {
    return options.findingText ? options.findingText(finding) : FormatFinding(finding);
}

std::string RenderReportCsv(const Report& report, const ReportRenderOptions& options) {
    std::string out;
    std::vector<std::string> header = {"session_id", "file", "protocol_id", "protocol_version", "protocol_sha256",
                                       "operator", "operator_role", "location"};
    if (options.withPatientRef) header.push_back("patient_ref");
    for (const char* name :
         {"started_utc", "ended_utc", "outcome", "outcome_step", "outcome_detail", "warnings_raised",
          "warnings_justified", "override_steps", "justifications", "justified_by", "second_clinicians",
          "unjustified_warnings", "amendments", "resumed_by", "attested_by", "events", "integrity",
          "integrity_findings", "rounds_due", "rounds_on_time", "rounds_late", "rounds_missed", "rounds_open",
          "longest_gap_s", "observation_period"})
        header.push_back(name);
    AppendCsvRow(out, header);
    std::vector<std::string> row, steps, texts, by, seconds, unjustified, amendments, resumed, findings;
    for (const SessionSummary& s : report.sessions) {
        steps.clear(), texts.clear(), by.clear(), seconds.clear(), unjustified.clear(), amendments.clear(),
            resumed.clear(), findings.clear();
        for (const FileFinding& f : s.findings) findings.push_back(DescribeFinding(f, options));
        for (const WarningRecord& w : s.warnings) {
            if (!w.justified) {
                unjustified.push_back(w.step);
                continue;
            }
            steps.push_back(w.step);
            texts.push_back(w.step + ": " + w.justification);
            by.push_back(w.step + ": " + ActorText(w.justifiedBy));
            if (!w.secondClinician.empty()) seconds.push_back(w.step + ": " + w.secondClinician);
        }
        for (const AmendmentRecord& a : s.amendments) amendments.push_back(DescribeAmendment(a));
        for (const Actor& a : s.resumedBy) resumed.push_back(ActorText(a));
        row = {s.sessionId, s.file, s.protocol.id, s.protocol.version, s.protocol.sha256, s.operatorActor.name,
               s.operatorActor.role, s.location};
        if (options.withPatientRef) row.push_back(s.patientRef);
        std::string detail = s.outcome == SessionOutcome::Stopped || s.outcome == SessionOutcome::Abandoned
                                 ? s.outcomeText
                                 : std::string();
        if (s.outcomeFromLedger) detail = "per the ledger; the trail cannot be read that far";
        row.insert(row.end(), {TimeText(s.startedUtcMs), TimeText(s.endedUtcMs), OutcomeName(s.outcome),
                               s.outcomeStep, detail, std::to_string(s.warnings.size()), std::to_string(steps.size()),
                               Join(steps), Join(texts), Join(by), Join(seconds), Join(unjustified), Join(amendments),
                               Join(resumed), s.attestedBy, std::to_string(s.events), IntegrityName(s.integrity),
                               Join(findings)});
        if (s.roundsKnown) {
            std::vector<std::string> periods;
            for (const ScheduleSummary& r : s.rounds.schedules)
                if (r.periodMs) periods.push_back(DescribePeriod(r));
            row.insert(row.end(), {std::to_string(s.rounds.due), std::to_string(s.rounds.onTime),
                                   std::to_string(s.rounds.late), std::to_string(s.rounds.missed),
                                   std::to_string(s.rounds.open), SecondsText(s.rounds.longestGapMs), Join(periods)});
        } else {
            row.resize(row.size() + 7); // the protocol it ran on is unknown: nothing to count
        }
        AppendCsvRow(out, row);
    }
    return out;
}

std::string RenderReportJson(const Report& report, const ReportRenderOptions& options) {
    json sessions = json::array();
    for (const SessionSummary& s : report.sessions) {
        json findings = json::array();
        for (const FileFinding& f : s.findings) findings.push_back(DescribeFinding(f, options));
        json warnings = json::array();
        for (const WarningRecord& w : s.warnings) {
            json item = {{"step", w.step},
                         {"message", w.message},
                         {"second_clinician_required", w.secondClinicianRequired},
                         {"raised_utc", TimeJson(w.raisedUtcMs)},
                         {"justified", w.justified}};
            if (w.justified) {
                item["justification"] = w.justification;
                item["justified_by"] = ActorJson(w.justifiedBy);
                item["second_clinician"] = w.secondClinician;
                item["justified_utc"] = TimeJson(w.justifiedUtcMs);
            }
            warnings.push_back(std::move(item));
        }
        json amendments = json::array();
        for (const AmendmentRecord& a : s.amendments)
            amendments.push_back({{"step", a.step},
                                  {"old", a.oldValues},
                                  {"new", a.newValues},
                                  {"reason", a.reason},
                                  {"amended_by", ActorJson(a.amendedBy)},
                                  {"utc", TimeJson(a.utcMs)}});
        json resumed = json::array();
        for (const Actor& a : s.resumedBy) resumed.push_back(ActorJson(a));
        json outcome = {{"kind", OutcomeName(s.outcome)}, {"from_ledger", s.outcomeFromLedger}};
        if (s.outcome == SessionOutcome::Stopped) outcome["step"] = s.outcomeStep;
        if (s.outcome == SessionOutcome::Stopped) outcome["message"] = s.outcomeText;
        if (s.outcome == SessionOutcome::Abandoned) outcome["reason"] = s.outcomeText;
        sessions.push_back({{"session_id", s.sessionId},
                            {"file", s.file},
                            {"protocol",
                             {{"id", s.protocol.id},
                              {"version", s.protocol.version},
                              {"sha256", s.protocol.sha256},
                              {"title", s.protocol.title}}},
                            {"operator", ActorJson(s.operatorActor)},
                            {"resumed_by", resumed},
                            {"location", s.location},
                            {"patient_ref", s.patientRef},
                            {"started_utc", TimeJson(s.startedUtcMs)},
                            {"ended_utc", TimeJson(s.endedUtcMs)},
                            {"last_event_utc", TimeJson(s.lastUtcMs)},
                            {"outcome", outcome},
                            {"warnings", warnings},
                            {"overrides", s.Overrides()},
                            {"amendments", amendments},
                            {"attested_by", s.attestedBy},
                            {"events", s.events},
                            {"rounds", RoundsJson(s)},
                            {"integrity", {{"status", IntegrityName(s.integrity)}, {"findings", findings},
                                           {"partial", s.partial}}}});
    }
    return sessions.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string RenderReport(const Report& report, ReportFormat format, const ReportRenderOptions& options) {
    switch (format) {
    case ReportFormat::Json: return RenderReportJson(report, options);
    case ReportFormat::Html: return RenderReportHtml(report, options);
    case ReportFormat::Csv: break;
    }
    return RenderReportCsv(report, options);
}

} // namespace kc
