// Step commit latency: a real Session answering steps (engine + hash + durable write
// through spdlog) next to a bare write + fdatasync of the same line bytes on the same disk,
// and next to SQLite (WAL, synchronous=FULL) inserting the same lines, one transaction each.
// The three are interleaved line by line, so that each sees the same disk at the same moment.
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
#include "kc/protocol/loader.hpp"
#include "kc/ops/session.hpp"

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
class SqlitePeer {
public:
    explicit SqlitePeer(const std::string& path) {
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) return;
        const char* setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                            "CREATE TABLE events(seq INTEGER PRIMARY KEY, line TEXT NOT NULL);";
        if (sqlite3_exec(m_db, setup, nullptr, nullptr, nullptr) != SQLITE_OK) return;
        m_ok = sqlite3_prepare_v2(m_db, "INSERT INTO events(seq, line) VALUES(?, ?)", -1, &m_insert, nullptr) == SQLITE_OK;
    }
    ~SqlitePeer() {
        sqlite3_finalize(m_insert);
        sqlite3_close(m_db);
    }
    SqlitePeer(const SqlitePeer&) = delete;
    SqlitePeer& operator=(const SqlitePeer&) = delete;

    bool Insert(std::int64_t seq, const std::string& line) {
        return m_ok && sqlite3_bind_int64(m_insert, 1, seq) == SQLITE_OK &&
               sqlite3_bind_text(m_insert, 2, line.data(), static_cast<int>(line.size()), SQLITE_STATIC) == SQLITE_OK &&
               sqlite3_step(m_insert) == SQLITE_DONE && sqlite3_reset(m_insert) == SQLITE_OK;
    }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insert = nullptr;
    bool m_ok = false;
};

double MicrosSince(Clock::time_point start) {
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
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

    // Sessions of a realistic size (kStepsPerSession answers, then attested and completed,
    // untimed), as many as the commits need: the engine's work per answer grows with the
    // protocol, and a real protocol has tens of steps, not thousands.
    constexpr int kStepsPerSession = 60;
    const auto loaded = kc::ParseProtocol(kc::bench::GeneratedProtocol(kStepsPerSession), "bench.yaml");
    if (!loaded.Ok()) return 1;
    kc::RecordsFolder records(dir + "/records");
    kc::SystemClock clock;
    kc::RandomIdGenerator ids;
    auto log = kc::MakeNullDiagnosticLog();
    // Interleaved, so that the three see the same disk at the same moments: one answer through
    // the session, then the bytes it wrote with a bare write + fdatasync, then the same bytes
    // inserted into SQLite.
    const int bare = ::open((dir + "/bare.jsonl").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    SqlitePeer sqlite(dir + "/bench.sqlite");
    std::vector<double> sessionMicros, bareMicros, sqliteMicros;
    std::size_t lineBytes = 0;
    for (int done = 0; done < commits;) {
        std::string refusal;
        auto session = kc::Session::Start(loaded.protocol, {{"Bench", "bench"}, "P-BENCH", ""},
                                          {records, clock, ids, *log}, refusal);
        if (!session) return 1;
        const int trail = ::open(session->TrailPath().c_str(), O_RDONLY);
        auto offset = static_cast<off_t>(std::filesystem::file_size(session->TrailPath()));
        for (int step = 0; step < kStepsPerSession && done < commits; ++step, ++done) {
            auto start = Clock::now();
            if (!session->Answer(fmt::format("s{}", step), {step % 2 ? "yes" : "no"}).Accepted()) return 1;
            sessionMicros.push_back(MicrosSince(start));
            std::string line(4096, '\0');
            const ssize_t got = ::pread(trail, line.data(), line.size(), offset);
            if (got <= 0) return 1;
            line.resize(static_cast<std::size_t>(got));
            offset += got;
            lineBytes = line.size();
            start = Clock::now();
            if (::write(bare, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fdatasync(bare) != 0)
                return 1;
            bareMicros.push_back(MicrosSince(start));
            start = Clock::now();
            if (!sqlite.Insert(done + 1, line)) return 1;
            sqliteMicros.push_back(MicrosSince(start));
        }
        ::close(trail);
        if (!session->Attest("Bench", "benchmark").Accepted() || !session->Complete().Accepted())
            session->Abandon("benchmark: the commits ran out mid-session");
    }
    ::close(bare);

    const Stats s = Summarise(sessionMicros), b = Summarise(bareMicros), q = Summarise(sqliteMicros);
    std::printf("step commit, %d commits of %zu-byte lines (sessions of %d steps) on %s, interleaved\n", commits,
                lineBytes, kStepsPerSession, dir.c_str());
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
