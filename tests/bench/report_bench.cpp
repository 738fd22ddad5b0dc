// Report throughput: N sessions recorded through the real Session/TrailWriter path (the
// bundled chronic-pain protocol walked from its answers files: completed with a justified
// warning, about 65 events, and one in ten stopped at a hard stop), then BuildReport over
// the folder, timed, with the peak RSS of the process that built the report.
// Prints figures; never passes or fails on time.
//
//   report_bench [--sessions N] [--dir DIR]     (defaults: 10000 sessions, a temp dir)
//
// The sessions are written by a child process whose SysIo skips fdatasync (the bytes and the
// files are the same; only waiting for the disk is left out), so the parent's peak RSS is the
// report's alone.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/protocol/loader.hpp"
#include "kc/report/report.hpp"
#include "kc/report/report_render.hpp"
#include "kc/ops/script.hpp"
#include "kc/ops/session.hpp"

namespace {

using Steady = std::chrono::steady_clock;

class NoSyncIo : public kc::SysIo {
public:
    int Fdatasync(int) override { return 0; }
    int Fsync(int) override { return 0; }
};

double Seconds(Steady::time_point since) { return std::chrono::duration<double>(Steady::now() - since).count(); }

// CPU time (user + system) this process has used: on a shared machine it tells the work apart
// from the waiting.
double CpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int Generate(const std::string& dir, int sessions) {
    const auto loaded = kc::LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml");
    if (!loaded.Ok()) {
        std::fprintf(stderr, "report_bench: cannot load the chronic-pain protocol\n");
        return 2;
    }
    std::vector<kc::Diagnostic> diagnostics;
    const auto complete =
        kc::LoadScript(std::string(KC_TEST_DATA_DIR) + "/answers/chronic-moderate-hepatic.answers.yaml", diagnostics);
    const auto stop =
        kc::LoadScript(std::string(KC_TEST_DATA_DIR) + "/answers/chronic-psychosis-stop.answers.yaml", diagnostics);
    if (!complete || !stop) {
        std::fprintf(stderr, "report_bench: cannot load the answers files\n");
        return 2;
    }
    NoSyncIo io;
    const kc::RecordsFolder records(dir, io);
    kc::ManualClock clock(1'793'577'600'000, 250); // from 2026-11-01, an hour between sessions
    kc::RandomIdGenerator ids;
    auto log = kc::MakeNullDiagnosticLog();
    for (int i = 0; i < sessions; ++i) {
        std::string refusal;
        const kc::Actor actor{i % 3 == 0 ? "Dr A. Operator" : "Dr C. Operator", "anesthesiologist"};
        auto session = kc::Session::Start(loaded.protocol, {actor, fmt::format("P-{:05}", i), "Suite 1"},
                                          {records, clock, ids, *log}, refusal);
        if (!session) {
            std::fprintf(stderr, "report_bench: %s\n", refusal.c_str());
            return 2;
        }
        kc::RunScript(*session, i % 10 == 9 ? *stop : *complete, [](const std::string&) {});
        clock.Advance(3'600'000);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    int sessions = 10000;
    std::string dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--sessions") == 0) sessions = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    }
    const bool temporary = dir.empty();
    if (temporary) dir = (std::filesystem::temp_directory_path() / fmt::format("kc-report-bench-{}", getpid())).string();

    const auto generateStart = Steady::now();
    const pid_t child = fork();
    if (child < 0) return 2;
    if (child == 0) _exit(Generate(dir, sessions));
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 2;
    const double generateSeconds = Seconds(generateStart);

    std::size_t progressCalls = 0;
    kc::ReportOptions options;
    options.protocolDirs = {KC_PROTOCOL_DIR};
    options.progress = [&](std::size_t, std::size_t) { ++progressCalls; };
    const auto buildStart = Steady::now();
    const double cpuStart = CpuSeconds();
    const kc::Report report = kc::BuildReport(dir, options);
    const double buildSeconds = Seconds(buildStart);
    const double buildCpu = CpuSeconds() - cpuStart;
    rusage afterBuild{};
    getrusage(RUSAGE_SELF, &afterBuild);
    const auto renderStart = Steady::now();
    const std::size_t csvBytes = kc::RenderReportCsv(report).size();
    const double csvSeconds = Seconds(renderStart);
    const auto htmlStart = Steady::now();
    const std::size_t htmlBytes = kc::RenderReportHtml(report).size();
    const double htmlSeconds = Seconds(htmlStart);
    const auto jsonStart = Steady::now();
    const std::size_t jsonBytes = kc::RenderReportJson(report).size();
    const double jsonSeconds = Seconds(jsonStart);

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("sessions generated   %d in %.1f s (real Session path, fdatasync skipped)\n", sessions, generateSeconds);
    std::printf("session files read   %zu, events %llu, progress calls %zu\n", report.totals.sessionFiles,
                static_cast<unsigned long long>(report.totals.events), progressCalls);
    std::printf("BuildReport          %.2f s wall, %.2f s CPU (%.0f events per CPU second), verify included\n",
                buildSeconds, buildCpu, static_cast<double>(report.totals.events) / buildCpu);
    std::printf("render csv           %.2f s, %zu bytes\n", csvSeconds, csvBytes);
    std::printf("render html          %.2f s, %zu bytes\n", htmlSeconds, htmlBytes);
    std::printf("render json          %.2f s, %zu bytes\n", jsonSeconds, jsonBytes);
    std::printf("peak RSS             %.1f MiB after BuildReport, %.1f MiB after the three renderings\n",
                static_cast<double>(afterBuild.ru_maxrss) / 1024.0, static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::printf("intact               %s (%zu with overrides, %zu stopped)\n", report.totals.Intact() ? "yes" : "NO",
                report.totals.withOverrides, report.totals.stopped);
    if (temporary) std::filesystem::remove_all(dir);
    // A report that did not see every session is a broken benchmark, not a slow one.
    return report.totals.sessions == static_cast<std::size_t>(sessions) && report.totals.Intact() ? 0 : 1;
}
