// checklistctl key export: the installation's public key for auditors (verify --key).
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"

namespace kc::cli {

SigningKey LoadInstallationKey(const std::string& keyDir) {
    const std::string dir = keyDir.empty() ? DefaultKeyDir() : keyDir;
    if (dir.empty()) throw CLI::ValidationError("--key-dir", "no key folder: neither XDG_DATA_HOME nor HOME is set");
    return SigningKey::LoadOrCreate(dir);
}

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
        std::cout << signingKey.Public().Pem() << std::flush;
        std::cerr << fmt::format("key id (SHA-256 of the DER public key): {}\nprivate key: {}\n", signingKey.KeyId(),
                                 signingKey.Path());
        exitCode = kOk;
    });
}

} // namespace kc::cli
