// Rounds of observations: (1) the latency of a step commit inside a round (engine decision with
// its schedule, hash, durable write) next to a bare write + fdatasync of the same bytes on the
// same disk, interleaved line by line; (2) replaying a four-hour session with a round every 5
// minutes: the fold of its events, and the fold plus replay's timeline and rounds text.
// Prints figures; never passes or fails on time.
//
//   bench_rounds [--hours H] [--replays N] [--dir DIR]   (defaults: 4 hours, 200 replays, a temp dir)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/audit/trail_reader.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/timeline.hpp"

namespace {

using Steady = std::chrono::steady_clock;

const char* const kProtocol = R"(format: 1
id: rounds-bench
title: Rounds benchmark
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources:
  - {id: s, citation: Benchmark}
phases:
  - id: infusion
    title: Infusion
    basis: {local_policy: {}}
    steps:
      - {id: started, prompt: Started, kind: time-point}
      - {id: stopped, prompt: Stopped, kind: time-point}
    rounds:
      - id: obs
        title: Observations
        from: started
        until: stopped
        every: 5 min
        grace: 2 min
        steps:
          - {id: hr, prompt: Heart rate, kind: measurement, unit: /min, limits: {below: 50, above: 120, message: Outside limits.}}
          - {id: sys, prompt: Systolic, kind: measurement, unit: mmHg}
          - {id: dia, prompt: Diastolic, kind: measurement, unit: mmHg}
          - {id: spo2, prompt: SpO2, kind: measurement, unit: "%"}
          - {id: rr, prompt: Respiratory rate, kind: measurement, unit: /min}
          - {id: distress, prompt: "Distress?", kind: yes-no}
)";

double MicrosSince(Steady::time_point start) {
    return std::chrono::duration<double, std::micro>(Steady::now() - start).count();
}

double At(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv) {
    int hours = 4, replays = 200;
    std::string dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--hours") == 0) hours = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--replays") == 0) replays = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    }
    if (dir.empty()) dir = (std::filesystem::temp_directory_path() / fmt::format("kc-rounds-bench-{}", getpid())).string();
    std::filesystem::create_directories(dir);
    const auto loaded = kc::ParseProtocol(kProtocol, "rounds-bench.yaml");
    if (!loaded.Ok()) {
        for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", kc::FormatDiagnostic(d).c_str());
        return 1;
    }

    kc::RecordsFolder records(dir + "/records");
    kc::ManualClock clock(1'795'614'000'000, 0); // the session's clock moves a round at a time
    kc::SequentialIdGenerator ids("bench");
    auto log = kc::MakeNullDiagnosticLog();
    std::string refusal;
    auto session = kc::Session::Start(loaded.protocol, {{"Bench", "bench"}, "P-BENCH", ""}, {records, clock, ids, *log},
                                      refusal);
    if (!session || !session->Answer("started", {"now"}).Accepted()) return 1;

    const int bare = ::open((dir + "/bare.jsonl").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    const int trail = ::open(session->TrailPath().c_str(), O_RDONLY);
    std::vector<double> commitMicros, bareMicros;
    const int rounds = hours * 12;
    const char* const steps[] = {"hr", "sys", "dia", "spo2", "rr", "distress"};
    for (int n = 1; n <= rounds; ++n) {
        clock.Advance(5 * 60'000);
        for (const char* step : steps) {
            const kc::Values value{std::strcmp(step, "distress") == 0 ? "no" : fmt::format("{}", 70 + n % 20)};
            auto offset = static_cast<off_t>(std::filesystem::file_size(session->TrailPath()));
            auto start = Steady::now();
            const kc::Decision d =
                session->Observe({"obs", static_cast<std::uint64_t>(n), step, value, std::nullopt, "", "", ""});
            if (!d.Accepted()) {
                std::fprintf(stderr, "bench_rounds: %s\n", d.refusal.c_str());
                return 1;
            }
            commitMicros.push_back(MicrosSince(start));
            std::string line(4096, '\0');
            const ssize_t got = ::pread(trail, line.data(), line.size(), offset);
            if (got <= 0) return 1;
            line.resize(static_cast<std::size_t>(got));
            start = Steady::now();
            if (::write(bare, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fdatasync(bare) != 0)
                return 1;
            bareMicros.push_back(MicrosSince(start));
        }
    }
    clock.Advance(60'000);
    if (!session->Answer("stopped", {"now"}).Accepted()) return 1;
    ::close(bare);
    ::close(trail);
    const std::string path = session->TrailPath();
    session.reset();

    std::printf("Step commit inside a round (%d rounds of 6 observations, %zu commits), microseconds:\n", rounds,
                commitMicros.size());
    std::printf("  %-28s p50 %8.0f  p99 %8.0f\n", "Session::Observe (durable)", At(commitMicros, 0.5), At(commitMicros, 0.99));
    std::printf("  %-28s p50 %8.0f  p99 %8.0f\n", "bare write + fdatasync", At(bareMicros, 0.5), At(bareMicros, 0.99));
    std::printf("  ratio at p50: %.2fx\n", At(commitMicros, 0.5) / At(bareMicros, 0.5));

    const auto events = kc::ScanTrailFile(path).events;
    const kc::Engine engine(loaded.protocol);
    std::vector<double> foldMicros, replayMicros;
    std::size_t bytes = 0;
    for (int r = 0; r < replays; ++r) {
        auto start = Steady::now();
        kc::SessionState state;
        for (const auto& e : events)
            if (!engine.Apply(state, e).empty()) return 1;
        foldMicros.push_back(MicrosSince(start));
        start = Steady::now();
        const std::string text = kc::RenderTimelineText(events, loaded.protocol.get()) +
                                 kc::RenderRoundsText(events, *loaded.protocol);
        replayMicros.push_back(MicrosSince(start) + foldMicros.back());
        bytes = text.size();
    }
    std::printf("Replay of a %d-hour session with a round every 5 minutes (%zu events), %d replays, milliseconds:\n", hours,
                events.size(), replays);
    std::printf("  %-28s p50 %8.3f  p99 %8.3f\n", "fold (Engine::Apply)", At(foldMicros, 0.5) / 1000, At(foldMicros, 0.99) / 1000);
    std::printf("  %-28s p50 %8.3f  p99 %8.3f  (%zu bytes of text)\n", "fold + timeline + rounds text", At(replayMicros, 0.5) / 1000,
                At(replayMicros, 0.99) / 1000, bytes);
    std::filesystem::remove_all(dir);
    return 0;
}
