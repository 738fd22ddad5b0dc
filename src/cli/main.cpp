// checklistctl: validate and render protocols, run scripted sessions, verify and report on
// audit trails. Exit codes: 0 ok, 1 invalid or failed, 2 usage or I/O error, 3 hard stop,
// 4 abandoned.
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "remedy_text.hpp"
#include "terminal.hpp"
#include "kc/base/error.hpp"
#include "kc/base/version.hpp"

int main(int argc, char** argv) {
    // First: all that follows prints through it, CLI11's messages included.
    const kc::cli::EscapedOutput escaped;
    CLI::App app{"checklistctl — IV ketamine guideline checklists and their audit trails"};
    app.set_version_flag("--version", std::string("checklistctl ") + kc::kVersion);
    app.require_subcommand(1);
    int exitCode = kc::cli::kOk;
    kc::cli::AddValidateCommand(app, exitCode);
    kc::cli::AddShowCommand(app, exitCode);
    kc::cli::AddRunCommand(app, exitCode);
    kc::cli::AddReplayCommand(app, exitCode);
    kc::cli::AddVerifyCommand(app, exitCode);
    kc::cli::AddRecoverCommand(app, exitCode);
    kc::cli::AddExportCommand(app, exitCode);
    kc::cli::AddRecordCommand(app, exitCode);
    kc::cli::AddReportCommand(app, exitCode);
    kc::cli::AddKeyCommand(app, exitCode);
    kc::cli::AddApproveCommand(app, exitCode);
    kc::cli::AddTestCommand(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kc::cli::kOk : kc::cli::kUsage;
    } catch (const kc::AuditWriteError& e) {
        std::cerr << "checklistctl: the audit trail could not be written; the session is closed for input: "
                  << kc::cli::ErrorText(e) << "\n";
        return kc::cli::kInvalid;
    } catch (const kc::LedgerBehindError& e) {
        std::cerr << "checklistctl: " << kc::cli::ErrorText(e) << "\n";
        return kc::cli::kInvalid;
    } catch (const kc::IoError& e) {
        std::cerr << "checklistctl: " << kc::cli::ErrorText(e) << "\n";
        return kc::cli::kUsage;
    } catch (const std::exception& e) {
        std::cerr << "checklistctl: " << kc::cli::ErrorText(e) << "\n";
        return kc::cli::kInvalid;
    }
    return exitCode;
}
