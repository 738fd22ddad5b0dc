// checklistctl export: a session trail as a FHIR R4 Bundle (docs/fhir-export.md).
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "remedy_text.hpp"
#include "terminal.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/error.hpp"
#include "kc/report/fhir_export.hpp"

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
int RunExport(const ExportOptions& o) {
    std::string trail = o.session;
    FhirExportOptions options;
    options.allowDamaged = o.allowDamaged;
    options.exporter = "checklistctl export";
    options.findingText = FindingText;
    std::error_code ec;
    if (!o.records.empty()) {
        std::string records = o.records;
        while (records.size() > 1 && records.back() == '/') records.pop_back();
        if (!fs::is_regular_file(trail, ec)) {
            const std::string name = fs::path(o.session).filename().string();
            trail = layout::TrailPath(records, layout::IsTrailName(name) ? layout::SessionIdOfTrailName(name) : o.session);
        }
        options.protocolDirs.push_back(layout::ProtocolsDir(records));
    }
    for (const auto& dir : o.protocolDirs.empty() ? DefaultProtocolDirs() : o.protocolDirs)
        options.protocolDirs.push_back(dir);

    const FhirExportResult result = ExportSessionFhir(trail, options);
    for (const auto& f : result.damage) std::cerr << FindingText(f) << "\n";
    if (result.refused) {
        if (!result.why.empty()) std::cerr << "checklistctl: " << result.why << "\n";
        if (!result.damage.empty())
            std::cerr << "checklistctl: the trail is damaged; nothing exported (--allow-damaged exports the events "
                         "before the damage, marked as damaged)\n";
        return kInvalid;
    }
    if (!result.damage.empty())
        std::cerr << fmt::format("checklistctl: the trail is damaged; exported the {} events before the damage, "
                                 "marked by an AuditEvent with outcome 8\n",
                                 result.exportedEvents);
    if (o.output.empty() || o.output == "-") {
        PrintDocument(result.bundle);
        return kOk;
    }
    std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
    out << result.bundle;
    out.close();
    if (!out) throw IoError(o.output + ": cannot write the export");
    std::cout << fmt::format("exported {} events of {} to {}\n", result.exportedEvents, trail, o.output);
    return kOk;
}

} // namespace

void AddExportCommand(CLI::App& app, int& exitCode) {
    auto o = std::make_shared<ExportOptions>();
    auto* cmd = app.add_subcommand("export", "Export a session trail as a FHIR R4 Bundle (refuses a damaged trail)");
    cmd->add_option("session", o->session, "Session trail (RECORDS/sessions/<id>.jsonl), or a session id with --records")
        ->required();
    cmd->add_option("--format", o->format, "Export format")->check(CLI::IsMember({"fhir"}))->capture_default_str();
    cmd->add_option("--records", o->records, "Records folder (default: the one the trail file is in)");
    cmd->add_option("-o,--output", o->output, "Write the Bundle to this file (default: standard output)");
    cmd->add_option("--protocols", o->protocolDirs, "Folders with protocol versions (default: the bundled ones)");
    cmd->add_flag("--allow-damaged", o->allowDamaged,
                  "Export the events before the damage of a damaged trail, marked as damaged in the Bundle");
    cmd->callback([o, &exitCode] { exitCode = RunExport(*o); });
}

} // namespace kc::cli
