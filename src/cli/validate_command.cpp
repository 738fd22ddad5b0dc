#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "terminal.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/evidence_check.hpp"
#include "kc/ops/scenarios.hpp"
#include "kc/protocol/loader.hpp"

namespace kc::cli {
namespace {

struct ValidateOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    bool noScenarios = false;
};

nlohmann::json ToJson(const Diagnostic& d) {
    return {{"file", d.file},
            {"line", d.line},
            {"column", d.column},
            {"severity", d.severity == Severity::Error ? "error" : "warning"},
            {"rule", d.rule},
            {"message", d.message}};
}

int RunValidate(const ValidateOptions& options) {
    std::vector<std::string> files;
    for (const auto& path : options.paths) {
        const auto found = ListProtocolFiles(path); // throws IoError for a missing path
        if (found.empty()) throw IoError(path + ": no .yaml protocol files in this folder");
        files.insert(files.end(), found.begin(), found.end());
    }
    bool allValid = true;
    bool ioProblem = false;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& file : files) {
        LoadResult result = LoadProtocolFile(file);
        if (result.Ok())
            if (auto missing = CheckEvidenceReference(*result.protocol, file)) result.diagnostics.push_back(*missing);
        if (result.Ok() && !options.noScenarios) {
            // The scenarios beside it: each rule reached by a passing one (kc/ops/scenarios.hpp).
            const auto scenarios = CheckProtocolScenarios(result.protocol);
            result.diagnostics.insert(result.diagnostics.end(), scenarios.begin(), scenarios.end());
            if (HasErrors(scenarios)) result.protocol = nullptr;
        }
        allValid = allValid && result.Ok();
        for (const auto& d : result.diagnostics) ioProblem = ioProblem || d.rule == "io-error";
        if (options.format == "json") {
            nlohmann::json entry = {{"file", file}, {"valid", result.Ok()}, {"diagnostics", nlohmann::json::array()}};
            for (const auto& d : result.diagnostics) entry["diagnostics"].push_back(ToJson(d));
            if (result.Ok())
                entry["protocol"] = {{"id", result.protocol->id},
                                     {"version", result.protocol->version},
                                     {"status", ToString(result.protocol->status)},
                                     {"sha256", result.protocol->sha256}};
            report.push_back(std::move(entry));
            continue;
        }
        for (const auto& d : result.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
        if (result.Ok())
            std::cout << file << ": ok (" << result.protocol->id << " " << result.protocol->version << ", "
                      << result.diagnostics.size() << (result.diagnostics.size() == 1 ? " warning" : " warnings")
                      << ", sha256 " << result.protocol->ShortHash() << ")\n";
        else
            std::cout << file << ": invalid (" << result.diagnostics.size()
                      << (result.diagnostics.size() == 1 ? " problem)\n" : " problems)\n");
    }
    if (options.format == "json") PrintDocument(report.dump(2) + "\n");
    if (ioProblem) return kUsage;
    return allValid ? kOk : kInvalid;
}

} // namespace

void AddValidateCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<ValidateOptions>();
    auto* cmd = app.add_subcommand("validate", "Check protocol files; report every problem as FILE:LINE:COL");
    cmd->add_option("paths", options->paths, "Protocol files or folders of them")->required();
    cmd->add_option("--format", options->format, "Output: text (default) or json")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--no-scenarios", options->noScenarios,
                  "Check the protocol files only: do not run the scenarios beside them (<stem>.scenarios.yaml)");
    cmd->callback([options, &exitCode] { exitCode = RunValidate(*options); });
}

} // namespace kc::cli
