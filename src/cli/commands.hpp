#pragma once
// Each subcommand of checklistctl: registers its options and runs. Run functions return the
// documented exit code; they print results to stdout and problems to stderr.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kc/base/signing_key.hpp"

namespace kc::cli {

enum ExitCode : int { kOk = 0, kInvalid = 1, kUsage = 2, kStopped = 3, kAbandoned = 4 };

void AddValidateCommand(CLI::App& app, int& exitCode);
void AddShowCommand(CLI::App& app, int& exitCode);
void AddRunCommand(CLI::App& app, int& exitCode);
void AddReplayCommand(CLI::App& app, int& exitCode);
void AddVerifyCommand(CLI::App& app, int& exitCode);
void AddRecoverCommand(CLI::App& app, int& exitCode);
void AddExportCommand(CLI::App& app, int& exitCode);
void AddRecordCommand(CLI::App& app, int& exitCode);
void AddReportCommand(CLI::App& app, int& exitCode);
void AddKeyCommand(CLI::App& app, int& exitCode);
void AddApproveCommand(CLI::App& app, int& exitCode);
void AddTestCommand(CLI::App& app, int& exitCode);

// --key-dir, else the default key folder. Throws CLI::ValidationError when there is none.
std::string ResolveKeyDir(const std::string& keyDir);
// The public keys (PEM files) given with --key. Throws IoError, and CLI::ValidationError for a file that is no key.
std::vector<PublicKey> ReadPublicKeys(const std::vector<std::string>& files);
// The installation's signing key from --key-dir or the default folder, created on first use.
// Throws IoError (and CLI::ValidationError when there is no folder to use).
SigningKey LoadInstallationKey(const std::string& keyDir);

} // namespace kc::cli
