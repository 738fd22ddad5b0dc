// Step commit latency: a real Session answering steps (engine + hash + durable write
// through spdlog) next to a bare write + fdatasync of the same line bytes on the same disk.
// Prints figures; never passes or fails on time.
//
//   commit_latency [--commits N] [--dir DIR]     (defaults: 2000 commits, a temp dir)
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
#include "kc/text.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/session.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string GeneratedProtocol(int steps) {
    std::string text = "format: 1\nid: bench\ntitle: Benchmark\nversion: 1.0.0\nstatus: draft\n"
                       "last_reviewed: 2026-11-25\nsources: [{id: s, citation: Bench}]\nphases:\n"
                       "  - id: p\n    title: P\n    basis: {local_policy: {}}\n    steps:\n";
    for (int i = 0; i < steps; ++i) text += fmt::format("      - {{id: s{}, prompt: Step {}, kind: yes-no}}\n", i, i);
    return text;
}

struct Stats {
    double p50, p99, max, perSecond;
};

Stats Summarise(std::vector<double> micros) {
    std::sort(micros.begin(), micros.end());
    double total = 0;
    for (double m : micros) total += m;
    auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
    return {at(0.50), at(0.99), micros.back(), 1e6 * static_cast<double>(micros.size()) / total};
}

} // namespace

int main(int argc, char** argv) {
    int commits = 2000;
    std::string dir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--commits") == 0) commits = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    }
    if (dir.empty()) dir = (std::filesystem::temp_directory_path() / fmt::format("kc-bench-{}", getpid())).string();
    std::filesystem::create_directories(dir);

    const auto loaded = kc::ParseProtocol(GeneratedProtocol(commits), "bench.yaml");
    if (!loaded.Ok()) return 1;
    kc::RecordsFolder records(dir + "/records");
    kc::SystemClock clock;
    kc::RandomIdGenerator ids;
    auto log = kc::MakeNullDiagnosticLog();
    std::string refusal;
    auto session = kc::Session::Start(loaded.protocol, {{"Bench", "bench"}, "P-BENCH", ""}, {records, clock, ids, *log},
                                      refusal);
    std::vector<double> sessionMicros;
    for (int i = 0; i < commits; ++i) {
        const auto start = Clock::now();
        session->Answer(fmt::format("s{}", i), {i % 2 ? "yes" : "no"});
        sessionMicros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }

    // The same bytes, line by line, with nothing but write + fdatasync.
    const std::string trail = kc::ReadFile(session->TrailPath(), std::size_t{1} << 30);
    std::vector<std::string> lines;
    for (std::size_t at = 0, end; (end = trail.find('\n', at)) != std::string::npos; at = end + 1)
        lines.push_back(trail.substr(at, end - at + 1));
    const std::string barePath = dir + "/bare.jsonl";
    const int fd = ::open(barePath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    std::vector<double> bareMicros;
    for (std::size_t i = 1; i < lines.size(); ++i) { // the answers, not the session_started line
        const auto start = Clock::now();
        if (::write(fd, lines[i].data(), lines[i].size()) != static_cast<ssize_t>(lines[i].size()) || ::fdatasync(fd) != 0)
            return 1;
        bareMicros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    ::close(fd);

    const Stats s = Summarise(sessionMicros), b = Summarise(bareMicros);
    std::printf("step commit, %d commits, %zu-byte lines on %s\n", commits, lines.size() > 1 ? lines[1].size() : 0,
                dir.c_str());
    std::printf("%-34s %10s %10s %10s %12s\n", "", "p50 (us)", "p99 (us)", "max (us)", "commits/s");
    std::printf("%-34s %10.1f %10.1f %10.1f %12.0f\n", "session.Answer (engine+hash+sync)", s.p50, s.p99, s.max,
                s.perSecond);
    std::printf("%-34s %10.1f %10.1f %10.1f %12.0f\n", "bare write + fdatasync", b.p50, b.p99, b.max, b.perSecond);
    std::printf("%-34s %10.2fx %9.2fx\n", "ratio (target: within 1.2x)", s.p50 / b.p50, s.p99 / b.p99);
    std::filesystem::remove_all(dir);
    return 0;
}
