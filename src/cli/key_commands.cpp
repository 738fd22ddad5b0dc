// checklistctl key export: the installation's public key for auditors (verify --key);
// checklistctl approve: approved protocols pinned by hash in a manifest signed with that key.
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "terminal.hpp"
#include "kc/protocol/approval.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/base/clock.hpp"

namespace kc::cli {

std::string ResolveKeyDir(const std::string& keyDir) {
    const std::string dir = keyDir.empty() ? DefaultKeyDir() : keyDir;
    if (dir.empty()) throw CLI::ValidationError("--key-dir", "no key folder: neither XDG_DATA_HOME nor HOME is set");
    return dir;
}

SigningKey LoadInstallationKey(const std::string& keyDir) { return SigningKey::LoadOrCreate(ResolveKeyDir(keyDir)); }

void AddKeyCommand(CLI::App& app, int& exitCode) {
    auto* key = app.add_subcommand("key", "The installation's checkpoint signing key");
    key->require_subcommand(1);
    auto keyDir = std::make_shared<std::string>();
    auto* exportCmd = key->add_subcommand(
        "export", "Print the public key (PEM) on stdout and its key id on stderr; creates the key on first use");
    exportCmd->add_option("--key-dir", *keyDir, "Key folder (default: $XDG_DATA_HOME/ketamine-checklist/keys)");
    exportCmd->callback([keyDir, &exitCode] {
        const SigningKey signingKey = LoadInstallationKey(*keyDir);
        // The PEM alone on stdout, so that `checklistctl key export > pub.pem` gives a clean file;
        // the key id goes to the terminal, to be read out and compared with the auditor's copy.
        PrintDocument(signingKey.Public().Pem());
        std::cerr << fmt::format("key id (SHA-256 of the DER public key): {}\nprivate key: {}\n", signingKey.KeyId(),
                                 signingKey.Path());
        exitCode = kOk;
    });
}

void AddApproveCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::vector<std::string> protocols;
        std::string by, keyDir;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "approve", "Pin approved protocols by hash in their folder's signed manifest (approvals.json), after review");
    cmd->add_option("PROTOCOL", o->protocols, "Protocol files whose status is approved")->required()->check(CLI::ExistingFile);
    cmd->add_option("--by", o->by, "Name of the person approving, as it is to be recorded")->required();
    cmd->add_option("--key-dir", o->keyDir, "Key folder (default: $XDG_DATA_HOME/ketamine-checklist/keys)");
    cmd->callback([o, &exitCode] {
        const SigningKey key = LoadInstallationKey(o->keyDir);
        SystemClock clock;
        exitCode = kOk;
        for (const auto& path : o->protocols) {
            const LoadResult loaded = LoadProtocolFile(path);
            for (const auto& d : loaded.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
            if (!loaded.Ok()) {
                std::cerr << "checklistctl: " << path << ": not approved: the protocol is not valid\n";
                exitCode = kInvalid;
                continue;
            }
            if (loaded.protocol->status != ProtocolStatus::Approved) {
                std::cerr << "checklistctl: " << path << ": not approved: its status is "
                          << ToString(loaded.protocol->status) << "; set `status: approved` after review first\n";
                exitCode = kInvalid;
                continue;
            }
            const Approval a = ApproveProtocol(*loaded.protocol, o->by, key, clock.UtcMs());
            std::cout << fmt::format("{}: approved {} {} (sha256 {}) by {} at {} in {}\n", path, a.id, a.version,
                                     a.sha256.substr(0, 12), a.approvedBy, a.time, ApprovalManifestPath(path));
        }
    });
}

} // namespace kc::cli
