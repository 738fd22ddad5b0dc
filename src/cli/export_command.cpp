// checklistctl export and record: a session trail as a FHIR R4 Bundle (docs/fhir-export.md),
// and as the printable session record the app prints (one renderer for both faces).
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "remedy_text.hpp"
#include "terminal.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/report_file.hpp"
#include "kc/report/fhir_export.hpp"
#include "kc/report/session_record.hpp"

namespace kc::cli {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
    std::string session, format = "fhir", records, output;
    std::vector<std::string> protocolDirs;
    bool allowDamaged = false;
};

// SESSION is a trail file, or a session id inside --records. The records folder's archive
// is searched for the protocol before the protocol folders.
struct TrailToRead {
    std::string trail;
    std::vector<std::string> protocolDirs;
};
TrailToRead ResolveTrail(const ExportOptions& o) {
    TrailToRead out{o.session, {}};
    std::error_code ec;
    if (!o.records.empty()) {
        std::string records = o.records;
        while (records.size() > 1 && records.back() == '/') records.pop_back();
        if (!fs::is_regular_file(out.trail, ec)) {
            const std::string name = fs::path(o.session).filename().string();
            out.trail = layout::TrailPath(records, layout::IsTrailName(name) ? layout::SessionIdOfTrailName(name) : o.session);
        }
        out.protocolDirs.push_back(layout::ProtocolsDir(records));
    }
    for (const auto& dir : o.protocolDirs.empty() ? DefaultProtocolDirs() : o.protocolDirs)
        out.protocolDirs.push_back(dir);
    return out;
}

// The damage verify found, then whether anything is written: false (said on stderr) when
// `refused`, or nothing could be read (`why`).
bool SayDamage(const std::vector<FileFinding>& damage, bool refused, const std::string& why, const char* what) {
    for (const auto& f : damage) std::cerr << FindingText(f) << "\n";
    if (!refused) return true;
    if (!why.empty()) std::cerr << "checklistctl: " << why << "\n";
    if (!damage.empty())
        std::cerr << fmt::format("checklistctl: the trail is damaged; nothing {} (--allow-damaged {} the events "
                                 "before the damage, marked as damaged)\n",
                                 what, what);
    return false;
}

// To standard output, or to the file with the records folder's permissions.
void Write(const ExportOptions& o, const std::string& trail, const std::string& bytes, const char* what) {
    if (o.output.empty() || o.output == "-") {
        PrintDocument(bytes);
        return;
    }
    WriteRecordsFile(o.output, bytes, RecordsFileMode(PermissionSourceOfTrail(trail)), what);
}

int RunExport(const ExportOptions& o) {
    const TrailToRead in = ResolveTrail(o);
    FhirExportOptions options;
    options.allowDamaged = o.allowDamaged;
    options.exporter = "checklistctl export";
    options.findingText = FindingText;
    options.protocolDirs = in.protocolDirs;
    const FhirExportResult result = ExportSessionFhir(in.trail, options);
    if (!SayDamage(result.damage, result.refused, result.why, "exported")) return kInvalid;
    if (!result.damage.empty())
        std::cerr << fmt::format("checklistctl: the trail is damaged; exported the {} events before the damage, "
                                 "marked by an AuditEvent with outcome 8\n",
                                 result.exportedEvents);
    Write(o, in.trail, result.bundle, "export");
    if (!o.output.empty() && o.output != "-")
        std::cout << fmt::format("exported {} events of {} to {}\n", result.exportedEvents, in.trail, o.output);
    return kOk;
}

int RunRecord(const ExportOptions& o) {
    const TrailToRead in = ResolveTrail(o);
    const RecordedSession read = ReadRecordedSession(in.trail, in.protocolDirs);
    const bool refused = !read.Readable() || (!read.damage.empty() && !o.allowDamaged);
    if (!SayDamage(read.damage, refused, read.why, "written")) return kInvalid;
    std::vector<std::string> damage;
    for (const auto& f : read.damage) damage.push_back(FindingText(f));
    Write(o, in.trail, RenderSessionRecordHtml(*read.protocol, read.state, read.events, damage), "record");
    if (!read.damage.empty())
        std::cerr << fmt::format("checklistctl: the trail is damaged; the record shows the {} events before the "
                                 "damage, marked NOT INTACT\n",
                                 read.events.size());
    if (!o.output.empty() && o.output != "-")
        std::cout << fmt::format("wrote the record of {} ({} events) to {}\n", in.trail, read.events.size(), o.output);
    return kOk;
}

std::shared_ptr<ExportOptions> AddTrailOptions(CLI::App* cmd, const char* output, const char* allowDamaged) {
    auto o = std::make_shared<ExportOptions>();
    cmd->add_option("session", o->session, "Session trail (RECORDS/sessions/<id>.jsonl), or a session id with --records")
        ->required();
    cmd->add_option("--records", o->records, "Records folder (default: the one the trail file is in)");
    cmd->add_option("-o,--output", o->output, output);
    cmd->add_option("--protocols", o->protocolDirs, "Folders with protocol versions (default: the bundled ones)");
    cmd->add_flag("--allow-damaged", o->allowDamaged, allowDamaged);
    return o;
}

} // namespace

void AddExportCommand(CLI::App& app, int& exitCode) {
    auto* cmd = app.add_subcommand("export", "Export a session trail as a FHIR R4 Bundle (refuses a damaged trail)");
    auto o = AddTrailOptions(
        cmd, "Write the Bundle to this file, with the records folder's permissions (default: standard output)",
        "Export the events before the damage of a damaged trail, marked as damaged in the Bundle");
    cmd->add_option("--format", o->format, "Export format")->check(CLI::IsMember({"fhir"}))->capture_default_str();
    cmd->callback([o, &exitCode] { exitCode = RunExport(*o); });
}

void AddRecordCommand(CLI::App& app, int& exitCode) {
    auto* cmd = app.add_subcommand(
        "record", "Write a session's printable record (HTML), the one the app prints (refuses a damaged trail)");
    auto o = AddTrailOptions(
        cmd, "Write the record to this file, with the records folder's permissions (default: standard output)",
        "Write the record of the events before the damage of a damaged trail, marked NOT INTACT");
    cmd->callback([o, &exitCode] { exitCode = RunRecord(*o); });
}

} // namespace kc::cli
