// SIGKILL a scripted session at random moments. After each kill: every step the child
// printed as recorded is in the trail; verify passes or reports only a torn tail; recover
// and resume continue at the next step and complete. (The long labelled run is issue 7's.)
// A second case kills a session with rounds of observations (on a simulated clock): resumed,
// it lands on the right round with the right due time, so every round ends as it does in an
// uninterrupted run.
#include <csignal>
#include <filesystem>
#include <random>
#include <regex>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "kc/audit/recover.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/session/engine.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace kc;

namespace {

const std::string kCtl = CHECKLISTCTL;
struct Walk {
    std::string protocol;
    std::string answers;
    std::vector<std::string> extra; // e.g. --simulate-clock
};

std::vector<std::string> RunArgs(const Walk& walk, const std::string& records, const std::string& keyDir) {
    std::vector<std::string> args{kCtl, "run", walk.protocol, "--answers", walk.answers, "--records", records,
                                  "--operator", "Dr A. Operator", "--role", "anesthesiologist", "--patient-ref", "P-KILL",
                                  "--key-dir", keyDir};
    args.insert(args.end(), walk.extra.begin(), walk.extra.end());
    return args;
}

int KillRuns(int defaultRuns) {
    const char* env = std::getenv("KC_KILL_RUNS"); // the long run sets thousands
    return env ? std::atoi(env) : defaultRuns;
}

// Each schedule's rounds as they ended: "1 done on time, 2 done late, ..." (empty without rounds).
std::string RoundsAtEnd(const std::string& protocolPath, const std::string& trail) {
    const LoadResult loaded = LoadProtocolFile(protocolPath);
    REQUIRE(loaded.Ok());
    const Engine engine(loaded.protocol);
    SessionState state;
    for (const auto& e : ScanTrailFile(trail).events) REQUIRE(engine.Apply(state, e).empty());
    std::string out;
    for (std::size_t i = 0; i < loaded.protocol->rounds.size(); ++i)
        for (const auto& round : engine.Schedule(state, i, {state.lastUtcMs, state.lastElapsedMs}).rounds)
            out += fmt::format("{} {} {}; ", loaded.protocol->rounds[i].id, round.number, ToString(round.status));
    return out;
}

void KillAndResume(const Walk& walk, int defaultRuns) {
    // Kill points follow the child's progress, not the clock: after k printed lines (k over
    // the whole run, so every step, the start and the end are hit) plus a random delay of
    // up to a few writes, so kills land inside writes and syncs too.
    test::TempDir probe;
    const std::string keyDir = probe.File("keys");
    const SigningKey key = SigningKey::LoadOrCreate(keyDir);
    const auto full = test::Run(RunArgs(walk, probe.File("records"), keyDir));
    REQUIRE(full.exitCode == 0);
    std::string uninterrupted;
    for (const auto& e : fs::directory_iterator(probe.File("records") + "/sessions"))
        if (e.path().extension() == ".jsonl") uninterrupted = RoundsAtEnd(walk.protocol, e.path().string());
    const int lines = static_cast<int>(std::count(full.out.begin(), full.out.end(), '\n'));
    std::mt19937 rng(4242);
    std::uniform_int_distribution<int> afterLines(0, lines);
    std::uniform_int_distribution<long> delay(0, 3000);
    const std::regex recordedLine(R"(recorded (.*) \(seq (\d+)\))");
    int killedMidRun = 0, tornTails = 0, resumed = 0;
    const int runs = KillRuns(defaultRuns);
    for (int run = 0; run < runs; ++run) {
        test::TempDir dir;
        const int after = afterLines(rng);
        const auto result = test::RunAndKill(RunArgs(walk, dir.Path(), keyDir), after, after == 0 ? delay(rng) * 4 : delay(rng));
        if (result.signal == SIGKILL) ++killedMidRun;
        INFO("run " << run << ", child printed:\n" << result.out);

        // Which session, and the highest sequence number it acknowledged.
        std::uint64_t acknowledged = 0;
        std::smatch m;
        for (std::string::const_iterator it = result.out.begin();
             std::regex_search(it, result.out.end(), m, recordedLine); it = m.suffix().first)
            acknowledged = std::max<std::uint64_t>(acknowledged, std::stoull(m[2]));
        const auto sessions = fs::path(dir.Path()) / "sessions";
        std::vector<fs::path> files;
        if (fs::exists(sessions))
            for (const auto& e : fs::directory_iterator(sessions))
                if (e.path().extension() == ".jsonl") files.push_back(e.path());
        if (files.empty()) {
            CHECK(acknowledged == 0); // killed before the session file existed
            continue;
        }
        REQUIRE(files.size() == 1);
        const std::string trail = files[0].string();
        const TrailScan scan = ScanTrailFile(trail);
        CHECK((!scan.problem || scan.problem->torn)); // never anything but a torn tail
        CHECK(scan.events.size() >= acknowledged);     // nothing acknowledged is lost
        if (scan.problem) ++tornTails;
        // What a person does after a crash: recover (quarantines a torn tail, puts back
        // ledger entries and the signed checkpoint a crash kept out), then verify the whole
        // folder, signatures included.
        ManualClock clock;
        RecoverTrail(trail, clock, RealSysIo(), &key);
        if (!fs::exists(trail)) {
            CHECK(acknowledged == 0); // an empty file, moved whole to quarantine: nothing had started
            continue;
        }
        VerifyOptions withKey;
        withKey.keys = {key.Public()};
        const auto report = VerifyPaths({dir.Path()}, withKey);
        for (const auto& f : report.findings) UNSCOPED_INFO(FormatFinding(f));
        CHECK(report.Intact());
        if (result.exitCode == 0) continue; // finished before the kill
        // Resume with the same answers: it must continue and complete.
        const std::string id = files[0].stem().string();
        auto args = RunArgs(walk, dir.Path(), keyDir);
        args.insert(args.end(), {"--resume", id});
        const auto resumedRun = test::Run(args);
        INFO("resume printed:\n" << resumedRun.out << resumedRun.err);
        const bool alreadyEnded = resumedRun.err.find("is already completed") != std::string::npos;
        CHECK((resumedRun.exitCode == 0 || alreadyEnded));
        if (resumedRun.exitCode == 0) ++resumed;
        // The resumed run's first new step is the one after the last recorded answer.
        if (!alreadyEnded && std::regex_search(resumedRun.out, m, recordedLine))
            CHECK(std::stoull(m[2]) > scan.events.size());
        CHECK(VerifyPaths({dir.Path()}, withKey).Intact());
        if (resumedRun.exitCode == 0) CHECK(RoundsAtEnd(walk.protocol, trail) == uninterrupted);
    }
    WARN(runs << " runs: " << killedMidRun << " killed mid-run, " << tornTails << " torn tails recovered, " << resumed
              << " resumed to completion");
    CHECK(killedMidRun > 0); // the test exercised kills (how many depends on the machine)
}

} // namespace

TEST_CASE("a session killed at any moment loses no acknowledged step and resumes at the next", "[durability]") {
    KillAndResume({std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml",
                   std::string(KC_TEST_DATA_DIR) + "/answers/example-complete.answers.yaml",
                   {}},
                  300);
}

TEST_CASE("a session with rounds killed at any moment resumes on the right round, and its rounds end as without the kill",
          "[durability]") {
    KillAndResume({std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml",
                   std::string(KC_TEST_DATA_DIR) + "/answers/chronic-moderate-hepatic.answers.yaml",
                   {"--simulate-clock"}},
                  80);
}
