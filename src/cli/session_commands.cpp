// checklistctl run and replay: a scripted session, and a trail's timeline for a person.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "defaults.hpp"
#include "remedy_text.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/app_config.hpp"
#include "kc/ops/installation.hpp"
#include "kc/ops/script.hpp"
#include "kc/ops/start.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/timeline.hpp"

namespace kc::cli {
namespace {

struct RunOptions {
    std::string protocol, answers, records, operatorName, role, patientRef, location, resume, logDir, config, keyDir;
    bool quiet = false;
    bool simulateClock = false;
};

// Without --log-dir, forwarding problems still reach a person: on stderr.
class StderrLog final : public DiagnosticLog {
public:
    void Info(const std::string&) override {}
    void Error(const std::string& message) override { std::cerr << "checklistctl: " << message << "\n"; }
};

// --config FILE, else the default file when it exists. Nullopt (diagnostics printed) when invalid.
std::optional<AppConfig> ReadConfig(const RunOptions& o) {
    std::vector<Diagnostic> diagnostics;
    auto config = LoadChosenAppConfig(o.config, std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"), diagnostics);
    for (const auto& d : diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
    return config;
}

int RunScriptedSession(const RunOptions& o) {
    const auto config = ReadConfig(o);
    if (!config) return kUsage;
    const LoadResult loaded = LoadProtocolFile(o.protocol);
    for (const auto& d : loaded.diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
    if (!loaded.Ok()) return kInvalid;
    std::vector<Diagnostic> diagnostics;
    const auto script = LoadScript(o.answers, diagnostics);
    for (const auto& d : diagnostics) std::cerr << FormatDiagnostic(d) << "\n";
    if (!script) return kInvalid;

    StderrLog console;
    const auto installation =
        OpenInstallation(*config, {{}, o.records, ResolveKeyDir(o.keyDir), o.logDir, &console});
    SystemClock systemClock;
    // --simulate-clock: the run's clock starts now and moves only to the times the answers file gives.
    ManualClock simulated(systemClock.UtcMs());
    Clock& clock = o.simulateClock ? static_cast<Clock&>(simulated) : systemClock;
    const AdvanceClock advance = [&](std::int64_t utcMs) {
        if (!o.simulateClock) return false;
        simulated.Advance(utcMs - simulated.UtcMs());
        return true;
    };
    RandomIdGenerator ids;
    SessionEnv env = installation->Env(clock, ids);
    env.writer = "being recorded by checklistctl run";
    if (o.simulateClock && !o.resume.empty() && layout::IsSessionId(o.resume)) {
        // A simulated run resumed goes on from the trail's last time, which may be ahead of now.
        const TrailScan scan = ScanTrailFile(env.records.SessionPath(o.resume));
        if (!scan.events.empty() && scan.events.back().utcMs > simulated.UtcMs())
            simulated.Advance(scan.events.back().utcMs + 1000 - simulated.UtcMs());
    }
    const Actor actor{o.operatorName, o.role};
    std::unique_ptr<Session> session;
    if (o.resume.empty()) {
        // A scripted run on a draft is the author's own test: running it is the confirmation,
        // and it says that it is a draft (unless the department's settings refuse drafts).
        StartResult started =
            StartSession(loaded.protocol, {actor, o.patientRef, script->location}, env, true, config->protocols);
        if (!started.warning.empty()) std::cerr << "checklistctl: warning: " << started.warning << "\n";
        if (!started.session) {
            std::cerr << "checklistctl: the session cannot start: " << RemedyText(started.refusal, started.remedy)
                      << "\n";
            return kInvalid;
        }
        session = std::move(started.session);
    } else {
        session = Session::Resume(loaded.protocol, o.resume, actor, env);
    }
    // Each line is printed only after its write returned: what is printed is recorded.
    std::cout << "session " << session->Id() << " (" << session->TrailPath() << ")" << std::endl;
    const RunResult result = RunScript(
        *session, *script, [&](const std::string& line) {
            if (!o.quiet) std::cout << line << std::endl;
        },
        advance);
    switch (result.outcome) {
    case RunOutcome::Completed: std::cout << "completed; final hash " << session->State().lastHash << std::endl; return kOk;
    case RunOutcome::Stopped: std::cout << result.message << std::endl; return kStopped;
    case RunOutcome::Abandoned: std::cout << result.message << std::endl; return kAbandoned;
    case RunOutcome::Failed: break;
    }
    std::cerr << "checklistctl: " << result.message << " (the session stays open; resume with --resume "
              << session->Id() << ")\n";
    return kInvalid;
}


// What replay says first: the verifier's verdict on this trail, from its place in its records folder.
std::string ReplayVerdict(const std::string& path, const VerifyReport& verified) {
    const auto place = layout::PlaceOfTrail(path);
    std::error_code ec;
    const std::string checked =
        !place ? std::string("its chain and its protocol (a trail outside a records folder: no ledger or checkpoints "
                             "to check it against)")
        : std::filesystem::exists(layout::CheckpointsPath(place->root), ec)
            ? fmt::format("its chain, its protocol, and the ledger and checkpoints of {}", place->root)
            : fmt::format("its chain, its protocol, and the ledger of {} (which holds no checkpoints.jsonl)", place->root);
    std::string out;
    if (verified.Intact()) {
        out = "Verified intact, as verify checks it: " + checked + "\n";
    } else {
        const auto n = verified.findings.size();
        out = fmt::format("DAMAGED: verify finds {} problem{} ({} checked):\n", n, n == 1 ? "" : "s", checked);
        for (const auto& f : verified.findings) out += "  " + FindingText(f) + "\n";
    }
    for (const auto& note : verified.notes) out += "note: " + FindingText(note) + "\n";
    return out + "\n";
}

int RunReplay(const std::string& path, const std::vector<std::string>& protocolDirs, const std::vector<std::string>& keys) {
    VerifyOptions options;
    options.protocolDirs = protocolDirs.empty() ? DefaultProtocolDirs() : protocolDirs;
    options.keys = ReadPublicKeys(keys);
    std::optional<TrailScan> scan; // the verifier's reading of the trail: the file is read once
    options.onTrail = [&](const std::string&, const TrailScan& read) { scan = read; };
    const VerifyReport verified = VerifySessionTrail(path, options);
    std::cout << ReplayVerdict(path, verified);
    if (scan) {
        ProtocolPtr protocol;
        if (!scan->events.empty())
            if (const auto* started = std::get_if<ev::SessionStarted>(&scan->events.front().body))
                protocol = FindTrailProtocol(path, started->protocol.sha256, options.protocolDirs);
        std::cout << RenderTimelineText(scan->events, protocol.get());
        if (protocol) std::cout << RenderRoundsText(scan->events, *protocol);
    }
    if (verified.Intact()) return kOk;
    std::cout << "\nDAMAGED: the timeline above is what the trail holds; the findings at the top say what is wrong\n";
    return kInvalid;
}

} // namespace

void AddRunCommand(CLI::App& app, int& exitCode) {
    auto o = std::make_shared<RunOptions>();
    auto* cmd = app.add_subcommand("run", "Walk a protocol from an answers file, recording a real trail");
    cmd->add_option("protocol", o->protocol, "Protocol file")->required();
    cmd->add_option("--answers", o->answers, "Answers file (*.answers.yaml)")->required();
    cmd->add_option("--records", o->records, "Records folder")->required();
    cmd->add_option("--operator", o->operatorName, "Operator's name")->required();
    cmd->add_option("--role", o->role, "Operator's role")->required();
    cmd->add_option("--patient-ref", o->patientRef, "Pseudonymous patient reference (audit trail only)");
    cmd->add_option("--location", o->location, "Location (overrides the answers file)");
    cmd->add_option("--resume", o->resume, "Continue this unfinished session instead of starting one");
    cmd->add_option("--log-dir", o->logDir, "Folder for the diagnostic log (no patient references)");
    cmd->add_option("--config", o->config,
                    "Config file (default: $XDG_CONFIG_HOME/ketamine-checklist/config.yaml when it exists)");
    cmd->add_option("--key-dir", o->keyDir,
                    "Folder of the installation's checkpoint signing key, created on first use (default: "
                    "$XDG_DATA_HOME/ketamine-checklist/keys)");
    cmd->add_flag("--quiet", o->quiet, "Print only the outcome");
    cmd->add_flag("--simulate-clock", o->simulateClock,
                  "For tests and demonstrations: the clock starts now and moves at once to each time the answers "
                  "file gives (rounds, timed answers), so the trail records those times; never for a real session");
    cmd->callback([o, &exitCode] {
        if (o->resume.empty() && o->patientRef.empty())
            throw CLI::ValidationError("--patient-ref", "a new session needs --patient-ref");
        exitCode = RunScriptedSession(*o);
    });
}

void AddReplayCommand(CLI::App& app, int& exitCode) {
    auto path = std::make_shared<std::string>();
    auto dirs = std::make_shared<std::vector<std::string>>();
    auto keys = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand(
        "replay", "Verify a session trail as verify does, say the verdict, then print its timeline for a person to read");
    cmd->add_option("trail", *path, "Session trail file (.jsonl)")->required();
    cmd->add_option("--protocols", *dirs, "Folders with protocol versions (default: the bundled ones)");
    cmd->add_option("--key", *keys, "Public key (PEM) its checkpoint's signature must verify with (as for verify)");
    cmd->callback([path, dirs, keys, &exitCode] { exitCode = RunReplay(*path, *dirs, *keys); });
}

} // namespace kc::cli
