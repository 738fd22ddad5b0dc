// checklistctl test: runs the scenarios shipped with a protocol (kc/ops/scenarios.hpp) and says
// which pass and, for each that fails, exactly what differed.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/scenarios.hpp"
#include "kc/protocol/loader.hpp"

namespace kc::cli {
namespace {

struct TestOptions {
    std::string protocol;
    std::string scenarios;
};

int RunTest(const TestOptions& o) {
    const LoadResult loaded = LoadProtocolFile(o.protocol);
    for (const auto& d : loaded.diagnostics)
        if (d.severity == Severity::Error) std::cerr << FormatDiagnostic(d) << "\n";
    if (!loaded.Ok()) return kUsage;
    const std::string path = o.scenarios.empty() ? DefaultScenariosPath(o.protocol) : o.scenarios;
    std::error_code ec;
    if (o.scenarios.empty() && !std::filesystem::exists(path, ec)) {
        std::cerr << "checklistctl: " << o.protocol << " has no scenarios file (" << path
                  << "); write one, or name it with --scenarios\n";
        return kUsage;
    }
    std::vector<Diagnostic> diagnostics;
    const auto file = LoadScenarios(path, loaded.protocol.get(), diagnostics);
    for (const auto& d : diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
    if (!file) return kUsage;
    int passed = 0;
    for (const auto& scenario : file->scenarios) {
        const ScenarioResult result = RunScenario(loaded.protocol, scenario);
        if (result.passed) {
            ++passed;
            std::cout << "PASS " << scenario.id << " - " << scenario.title << "\n";
        } else {
            std::cout << "FAIL " << scenario.id << " - " << scenario.title << ": " << result.difference << "\n";
        }
    }
    const auto total = static_cast<int>(file->scenarios.size());
    std::cout << total << (total == 1 ? " scenario: " : " scenarios: ") << passed << " passed, " << total - passed
              << " failed" << std::endl;
    return passed == total ? kOk : kInvalid;
}

} // namespace

void AddTestCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<TestOptions>();
    auto* cmd = app.add_subcommand("test", "Run the scenarios shipped with a protocol; PASS or FAIL for each");
    cmd->add_option("protocol", options->protocol, "The protocol file")->required();
    cmd->add_option("--scenarios", options->scenarios,
                    "The scenarios file (default: <protocol stem>.scenarios.yaml beside the protocol)");
    cmd->callback([options, &exitCode] { exitCode = RunTest(*options); });
}

} // namespace kc::cli
