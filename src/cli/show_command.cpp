#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kc/ops/review_scenarios.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"

namespace kc::cli {

void AddShowCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    auto* cmd = app.add_subcommand("show", "Print a protocol's phases, steps, rules and basis (or its review copy)");
    cmd->add_option("protocol", *path, "Protocol file")->required();
    cmd->add_option("--format", *format, "text (an outline), markdown or html (the review copy to print)")
        ->check(CLI::IsMember({"text", "markdown", "html"}));
    cmd->callback([path, format, &exitCode] {
        const LoadResult result = LoadProtocolFile(*path);
        for (const auto& d : result.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
        if (!result.Ok()) {
            exitCode = kInvalid;
            return;
        }
        // The review copies are documents, with the scenarios shipped beside the protocol; the
        // outline is for a person at the terminal.
        if (*format == "markdown") PrintDocument(RenderReviewMarkdown(*result.protocol));
        else if (*format == "html") PrintDocument(RenderReviewHtml(*result.protocol));
        else std::cout << RenderOutline(*result.protocol);
        exitCode = kOk;
    });
}

} // namespace kc::cli
