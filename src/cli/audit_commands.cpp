// checklistctl verify and recover: integrity of trails and records folders.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "remedy_text.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/recover.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"

namespace kc::cli {

std::vector<PublicKey> ReadPublicKeys(const std::vector<std::string>& files) {
    std::vector<PublicKey> keys;
    for (const auto& file : files) {
        try {
            keys.push_back(PublicKey::FromPemFile(file));
        } catch (const IoError&) {
            throw;
        } catch (const Error& e) {
            throw CLI::ValidationError("--key", e.what());
        }
    }
    return keys;
}

void AddVerifyCommand(CLI::App& app, int& exitCode) {
    auto paths = std::make_shared<std::vector<std::string>>();
    auto dirs = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand("verify", "Check trails and records folders; print FILE:LINE: what for each break");
    cmd->add_option("paths", *paths, "Records folders or trail files")->required();
    cmd->add_option("--protocols", *dirs, "Folders with known protocol versions (default: the bundled ones)");
    auto keys = std::make_shared<std::vector<std::string>>();
    cmd->add_option("--key", *keys,
                    "Public key (PEM) that every checkpoint's signature must verify with (repeatable); without it "
                    "only the checkpoints' chain is checked");
    cmd->callback([paths, dirs, keys, &exitCode] {
        VerifyOptions options;
        options.protocolDirs = dirs->empty() ? DefaultProtocolDirs() : *dirs;
        options.keys = ReadPublicKeys(*keys);
        const VerifyReport report = VerifyPaths(*paths, options);
        for (const auto& f : report.findings) std::cout << FindingText(f) << "\n";
        for (const auto& n : report.notes) std::cout << "note: " << FindingText(n) << "\n";
        const auto problems = report.findings.size();
        std::cout << fmt::format("{} session files, {} events: {}\n", report.sessionFiles, report.events,
                                 report.Intact() ? "intact"
                                                 : fmt::format("{} problem{}", problems, problems == 1 ? "" : "s"));
        exitCode = report.Intact() ? kOk : kInvalid;
    });
}

void AddRecoverCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "recover", "Move an incomplete last line (left by a crash) to a quarantine file so the session can resume");
    cmd->add_option("file", *path, "Session trail, ledger or checkpoints file")->required();
    auto keyDir = std::make_shared<std::string>();
    cmd->add_option("--key-dir", *keyDir,
                    "Key folder, to sign a checkpoint a crash kept out (default: "
                    "$XDG_DATA_HOME/ketamine-checklist/keys)");
    cmd->callback([path, keyDir, &exitCode] {
        SystemClock clock;
        // Only a session trail may need a checkpoint signed; the ledger and the checkpoints never do.
        const bool sessionTrail = layout::PlaceOfTrail(*path).has_value();
        const auto key = sessionTrail ? std::make_optional(LoadInstallationKey(*keyDir)) : std::nullopt;
        try {
            const RecoverResult result = RecoverTrail(*path, clock, RealSysIo(), key ? &*key : nullptr);
            std::cout << result.message << "\n";
            exitCode = kOk;
        } catch (const IoError&) {
            throw;
        } catch (const Error& e) {
            std::cerr << "checklistctl: " << ErrorText(e) << "\n";
            exitCode = kInvalid;
        }
    });
}

} // namespace kc::cli
