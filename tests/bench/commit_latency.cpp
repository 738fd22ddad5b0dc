// Step commit latency: a real Session answering steps (engine + hash + durable write
// through spdlog) next to a bare write + fdatasync of the same line bytes on the same disk,
// and next to SQLite (WAL, synchronous=FULL) inserting the same lines, one transaction each.
// Prints figures; never passes or fails on time.
//
//   commit_latency [--commits N] [--dir DIR]     (defaults: 2000 commits, a temp dir)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <sqlite3.h>

#include "bench_support.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/text.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/session.hpp"

namespace {

using Clock = std::chrono::steady_clock;

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

// The same lines inserted into SQLite in WAL mode with synchronous=FULL, one transaction
// (autocommit) per line: what an application would get from an embedded database.
bool SqliteMicros(const std::string& path, const std::vector<std::string>& lines, std::vector<double>& micros) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(db, sqlite3_close);
    const char* setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                        "CREATE TABLE events(seq INTEGER PRIMARY KEY, line TEXT NOT NULL);";
    if (sqlite3_exec(db, setup, nullptr, nullptr, nullptr) != SQLITE_OK) return false;
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT INTO events(seq, line) VALUES(?, ?)", -1, &insert, nullptr) != SQLITE_OK)
        return false;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> finaliser(insert, sqlite3_finalize);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto start = Clock::now();
        sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(i));
        sqlite3_bind_text(insert, 2, lines[i].data(), static_cast<int>(lines[i].size()), SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE || sqlite3_reset(insert) != SQLITE_OK) return false;
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    return true;
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

    const auto loaded = kc::ParseProtocol(kc::bench::GeneratedProtocol(commits), "bench.yaml");
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
    std::vector<double> sqliteMicros;
    if (!SqliteMicros(dir + "/bench.sqlite", lines, sqliteMicros)) return 1;

    const Stats s = Summarise(sessionMicros), b = Summarise(bareMicros), q = Summarise(sqliteMicros);
    std::printf("step commit, %d commits, %zu-byte lines on %s\n", commits, lines.size() > 1 ? lines[1].size() : 0,
                dir.c_str());
    std::printf("%-34s %10s %10s %10s %12s\n", "", "p50 (us)", "p99 (us)", "max (us)", "commits/s");
    std::printf("%-34s %10.1f %10.1f %10.1f %12.0f\n", "session.Answer (engine+hash+sync)", s.p50, s.p99, s.max,
                s.perSecond);
    std::printf("%-34s %10.1f %10.1f %10.1f %12.0f\n", "bare write + fdatasync", b.p50, b.p99, b.max, b.perSecond);
    std::printf("%-34s %10.1f %10.1f %10.1f %12.0f\n", "SQLite WAL, synchronous=FULL", q.p50, q.p99, q.max,
                q.perSecond);
    std::printf("%-34s %10.2fx %9.2fx %10s %11.2fx\n", "session / bare (target: within 1.2x)", s.p50 / b.p50,
                s.p99 / b.p99, "", s.perSecond / b.perSecond);
    std::printf("%-34s %10.2fx %9.2fx %10s %11.2fx\n", "session / SQLite (target: commits/s >= 1x)", s.p50 / q.p50,
                s.p99 / q.p99, "", s.perSecond / q.perSecond);
    std::filesystem::remove_all(dir);
    return 0;
}
