// Real processes racing on one records folder: one writer per session (issue 13, items 1-4).
// Each test starts its checklistctl processes at once, from threads, and then checks what is
// on disk: an intact folder, each ledger entry and checkpoint once, every approval kept.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>

#include "kc/audit/records.hpp"
#include "kc/audit/session_lock.hpp"
#include "kc/base/clock.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/loader.hpp"
#include "cli_run.hpp"
#include "session_env.hpp"

namespace fs = std::filesystem;
using namespace kc;

namespace {

using test::kCtl;
const std::string& kProtocol = test::kMinimalProtocol;
const std::string kAnswers = test::kAnswersDir + "example-complete.answers.yaml";

// Runs every command at the same moment (one thread each) and returns what each did.
std::vector<test::ProcessResult> RunTogether(const std::vector<std::vector<std::string>>& commands) {
    std::vector<test::ProcessResult> results(commands.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < commands.size(); ++i)
        threads.emplace_back([&, i] { results[i] = test::Run(commands[i]); });
    for (auto& t : threads) t.join();
    return results;
}

std::vector<std::string> RunArgs(const std::string& records, const std::string& keyDir, const std::string& answers) {
    return {kCtl,      "run",        kProtocol,        "--answers", answers,         "--records",
            records,   "--operator", "Dr A. Operator", "--role",    "anesthesiologist", "--key-dir", keyDir};
}

// A session left open at its warning: the answers stop before the justification.
std::string OpenSession(const test::TempDir& dir, const std::string& records, const std::string& keyDir) {
    std::string answers = test::ReadAll(kAnswers);
    answers.erase(answers.find("    justification:"), answers.find("  cv-risk:") - answers.find("    justification:"));
    const std::string partial = dir.File("partial.answers.yaml");
    test::WriteAll(partial, answers);
    auto args = RunArgs(records, keyDir, partial);
    args.insert(args.end(), {"--patient-ref", "P-RACE"});
    const auto first = test::Run(args);
    INFO(first.out << first.err);
    REQUIRE(first.exitCode == 1);
    std::smatch m;
    REQUIRE(std::regex_search(first.out, m, std::regex(R"(session ([0-9a-f-]+) \()")));
    return m[1];
}

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

bool Mentions(const test::ProcessResult& r, const std::string& what) {
    return r.out.find(what) != std::string::npos || r.err.find(what) != std::string::npos;
}

} // namespace

TEST_CASE("four resumes of one session at once: one writer, the others are told who has it", "[concurrency]") {
    for (int round = 0; round < 5; ++round) {
        test::TempDir dir;
        const std::string records = dir.File("records"), keys = dir.File("keys");
        const std::string id = OpenSession(dir, records, keys);
        std::vector<std::vector<std::string>> commands;
        for (int i = 0; i < 4; ++i) {
            auto args = RunArgs(records, keys, kAnswers);
            args.insert(args.end(), {"--resume", id, "--quiet"});
            commands.push_back(args);
        }
        const auto results = RunTogether(commands);
        int completed = 0;
        for (const auto& r : results) {
            INFO("round " << round << "\n" << r.out << r.err);
            if (r.exitCode == 0) {
                ++completed;
                continue;
            }
            CHECK(r.exitCode == 1);
            // Refused while another had it, or after it had ended: never a second writer.
            CHECK((Mentions(r, "is being recorded by checklistctl run on this computer") ||
                   Mentions(r, "is already completed")));
        }
        CHECK(completed == 1);
        const std::string ledger = test::ReadAll(records + "/ledger.jsonl");
        CHECK(Count(ledger, "session_closed") == 1);
        CHECK(Count(test::ReadAll(records + "/checkpoints.jsonl"), "\n") == 1);
        const auto verify = test::Run({kCtl, "verify", records});
        INFO(verify.out << verify.err);
        CHECK(verify.exitCode == 0);
        CHECK_FALSE(fs::exists(records + "/sessions/" + id + ".lock")); // each writer removed its lock
    }
}

TEST_CASE("recover refuses a session that has a writer and changes nothing, even mid-line", "[concurrency]") {
    test::TempDir dir;
    const std::string records = dir.File("records"), keys = dir.File("keys");
    const std::string id = OpenSession(dir, records, keys);
    const std::string trail = records + "/sessions/" + id + ".jsonl";

    // The writer: this process, holding the session open as a window would.
    const RecordsFolder folder(records);
    ManualClock clock(test::kTestEpochMs);
    SequentialIdGenerator ids;
    const auto log = MakeNullDiagnosticLog();
    const LoadResult loaded = LoadProtocolFile(kProtocol);
    REQUIRE(loaded.Ok());
    SessionEnv env{folder, clock, ids, *log};
    env.writer = "open in a window of the checklist app";
    auto session = Session::Resume(loaded.protocol, id, Actor{"Dr B. Resumer", "anesthesiologist"}, env);
    // A line on its way to the disk: the writer has sent its first bytes only.
    test::WriteAll(trail, test::ReadAll(trail) + "{\"seq\":");
    const std::string before = test::ReadAll(trail);

    const auto recover = test::Run({kCtl, "recover", trail, "--key-dir", keys});
    INFO(recover.out << recover.err);
    CHECK(recover.exitCode != 0);
    CHECK(Mentions(recover, "session " + id + " is open in a window of the checklist app on this computer"));
    CHECK(Mentions(recover, "cannot be recovered here until that one closes it (nothing was changed)"));
    CHECK(test::ReadAll(trail) == before);
    CHECK(fs::directory_iterator(records + "/sessions") != fs::directory_iterator());
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        CHECK(e.path().string().find(".torn-") == std::string::npos); // no quarantine file

    // A second resume, by another program, is refused the same way.
    auto run = RunArgs(records, keys, kAnswers);
    run.insert(run.end(), {"--resume", id});
    const auto second = test::Run(run);
    CHECK(second.exitCode == 1);
    CHECK(Mentions(second, "is open in a window of the checklist app on this computer"));
}

TEST_CASE("concurrent recovers of one trail add each repair once", "[concurrency]") {
    for (int round = 0; round < 5; ++round) {
        test::TempDir dir;
        const std::string records = dir.File("records"), keys = dir.File("keys");
        auto args = RunArgs(records, keys, kAnswers);
        args.insert(args.end(), {"--patient-ref", "P-RACE"});
        REQUIRE(test::Run(args).exitCode == 0);
        // A crash after the trail's last line: the ledger's end entry and the checkpoint are missing.
        auto cut = [](const std::string& path) {
            auto lines = test::SplitLines(test::ReadAll(path), true);
            lines.pop_back();
            std::string text;
            for (const auto& l : lines) text += l;
            test::WriteAll(path, text);
        };
        cut(records + "/ledger.jsonl");
        cut(records + "/checkpoints.jsonl");
        std::string trail;
        for (const auto& e : fs::directory_iterator(records + "/sessions")) trail = e.path().string();

        std::vector<std::vector<std::string>> commands(4, {kCtl, "recover", trail, "--key-dir", keys});
        const auto results = RunTogether(commands);
        for (const auto& r : results) {
            INFO(r.out << r.err);
            CHECK((r.exitCode == 0 || Mentions(r, "is being recovered on this computer")));
        }
        const std::string ledger = test::ReadAll(records + "/ledger.jsonl");
        INFO(ledger);
        CHECK(Count(ledger, "session_closed") == 1);
        CHECK(Count(test::ReadAll(records + "/checkpoints.jsonl"), "\n") == 1);
        const auto again = test::Run({kCtl, "recover", trail, "--key-dir", keys});
        INFO(again.out << again.err);
        CHECK(again.exitCode == 0);
        CHECK(Mentions(again, "intact; nothing to recover"));
        const auto exported = test::Run({kCtl, "key", "export", "--key-dir", keys});
        REQUIRE(exported.exitCode == 0);
        test::WriteAll(dir.File("pub.pem"), exported.out);
        const auto verify = test::Run({kCtl, "verify", records, "--key", dir.File("pub.pem")});
        INFO(verify.out << verify.err);
        CHECK(verify.exitCode == 0);
    }
}

TEST_CASE("concurrent approvals of several protocols in one folder keep every approval", "[concurrency]") {
    test::TempDir dir;
    const std::string text = test::ReadAll(kProtocol);
    std::vector<std::vector<std::string>> commands;
    constexpr int kProtocols = 6;
    for (int i = 0; i < kProtocols; ++i) {
        std::string mine = text;
        mine.replace(mine.find("status: draft"), 13, "status: approved");
        mine.replace(mine.find("id: example-minimal"), 19, "id: example-minimal-" + std::to_string(i));
        const std::string path = dir.File("p" + std::to_string(i) + ".yaml");
        test::WriteAll(path, mine);
        commands.push_back({kCtl, "approve", path, "--by", "Dr P. Author", "--key-dir", dir.File("keys")});
    }
    // The key exists before the race: creating it is not what is raced here.
    REQUIRE(test::Run(commands[0]).exitCode == 0);
    const auto results = RunTogether(commands);
    for (const auto& r : results) {
        INFO(r.out << r.err);
        CHECK(r.exitCode == 0);
    }
    const std::string manifest = test::ReadAll(dir.File("approvals.json"));
    for (int i = 0; i < kProtocols; ++i) {
        INFO(manifest);
        CHECK(manifest.find("\"example-minimal-" + std::to_string(i) + "\"") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir.File("approvals.json.lock")));
}
