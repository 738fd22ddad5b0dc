#include <iostream>

#include "commands.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"

namespace kc::cli {

void AddShowCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("show", "Print a protocol's phases, steps, rules and basis");
    cmd->add_option("protocol", *path, "Protocol file")->required();
    cmd->callback([path, &exitCode] {
        const LoadResult result = LoadProtocolFile(*path);
        for (const auto& d : result.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
        if (!result.Ok()) {
            exitCode = kInvalid;
            return;
        }
        std::cout << RenderOutline(*result.protocol);
        exitCode = kOk;
    });
}

} // namespace kc::cli
