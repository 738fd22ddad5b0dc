// A FIFO, socket, device or folder in a records folder, a protocol library, or in place of a
// file checklistctl is given: every command names it and goes on, or refuses, and none hangs
// (each run has a time limit: one that would block on a FIFO fails instead of hanging).
#include <filesystem>

#include <catch2/catch.hpp>

#include "cli_run.hpp"

using kc::test::kCtl;
namespace fs = std::filesystem;

namespace {

constexpr int kSeconds = 30;

kc::test::ProcessResult Ctl(std::vector<std::string> args) {
    args.insert(args.begin(), kCtl);
    auto r = kc::test::RunWithin(kSeconds, args);
    UNSCOPED_INFO(args[1] << " printed:\n" << r.out << r.err);
    return r;
}

std::vector<std::string> RunArgs(const std::string& records, const std::string& keys) {
    return {"run",      kc::test::kMinimalProtocol, "--answers", kc::test::kAnswersDir + "example-complete.answers.yaml",
            "--records", records, "--operator", "Dr A", "--role", "nurse", "--patient-ref", "P-1", "--key-dir", keys,
            "--quiet"};
}

std::vector<std::string> Trails(const std::string& records) {
    std::vector<std::string> trails;
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") trails.push_back(e.path().string());
    std::sort(trails.begin(), trails.end());
    return trails;
}

bool Says(const kc::test::ProcessResult& r, const std::string& text) {
    return (r.out + r.err).find(text) != std::string::npos;
}

} // namespace

TEST_CASE("verify and report name each special file in a records folder and check the rest", "[cli][special]") {
    for (const auto kind : kc::test::kSpecialFiles) {
        DYNAMIC_SECTION(kc::test::SpecialFileName(kind)) {
            kc::test::TempDir dir;
            const std::string records = dir.File("records"), keys = dir.File("keys");
            REQUIRE(Ctl(RunArgs(records, keys)).exitCode == 0);
            REQUIRE(Ctl(RunArgs(records, keys)).exitCode == 0);
            const auto trails = Trails(records);
            REQUIRE(trails.size() == 2);
            std::vector<std::string> archived;
            for (const auto& e : fs::directory_iterator(records + "/protocols")) archived.push_back(e.path().string());
            REQUIRE(archived.size() == 1);
            const std::vector<std::string> replaced = {trails[1], records + "/sessions/stray.jsonl", archived[0],
                                                       records + "/checkpoints.jsonl"};
            std::string words;
            for (const auto& path : replaced) {
                fs::remove(path);
                words = kc::test::MakeSpecialFile(path, kind);
            }
            const auto verify = Ctl({"verify", records});
            REQUIRE_FALSE(verify.timedOut);
            CHECK(verify.exitCode == 1);
            for (const auto& path : replaced) CHECK(Says(verify, path + ": " + words));
            CHECK(Says(verify, "1 session files, 13 events: ")); // the intact one was read to its end

            const auto report = Ctl({"report", records});
            REQUIRE_FALSE(report.timedOut);
            CHECK(report.exitCode == 1);
            for (const auto& path : replaced) CHECK(Says(report, path + ": " + words));

            // The ledger too, for verify, report, a new session and a resumed one.
            fs::remove(records + "/ledger.jsonl");
            kc::test::MakeSpecialFile(records + "/ledger.jsonl", kind);
            for (const auto& args : std::vector<std::vector<std::string>>{{"verify", records}, {"report", records}}) {
                const auto r = Ctl(args);
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode == 1);
                CHECK(Says(r, records + "/ledger.jsonl: " + words));
            }
        }
    }
}

TEST_CASE("run refuses a special file in place of the ledger, the archive, the trail it resumes or a file "
          "it is given, naming it",
          "[cli][special]") {
    for (const auto kind : kc::test::kSpecialFiles) {
        DYNAMIC_SECTION(kc::test::SpecialFileName(kind)) {
            kc::test::TempDir dir;
            const std::string records = dir.File("records"), keys = dir.File("keys");
            // An unfinished session to resume: its answers leave the warning unjustified.
            const std::string partial = dir.File("partial.answers.yaml");
            std::string answers = kc::test::ReadAll(kc::test::kAnswersDir + "example-complete.answers.yaml");
            answers.erase(answers.find("    justification:"), answers.find("  cv-risk:") - answers.find("    justification:"));
            kc::test::WriteAll(partial, answers);
            auto args = RunArgs(records, keys);
            args[3] = partial;
            REQUIRE(Ctl(args).exitCode == 1);
            const std::string trail = Trails(records).at(0);
            const std::string id = fs::path(trail).stem().string();
            std::vector<std::string> resume = RunArgs(records, keys);
            resume.erase(resume.begin() + 11, resume.begin() + 13); // no --patient-ref
            resume.insert(resume.end(), {"--resume", id});

            std::string archive;
            for (const auto& e : fs::directory_iterator(records + "/protocols")) archive = e.path().string();
            fs::remove(archive);
            const std::string words = kc::test::MakeSpecialFile(archive, kind);
            auto r = Ctl(RunArgs(records, keys));
            REQUIRE_FALSE(r.timedOut);
            CHECK(r.exitCode == 2);
            CHECK(Says(r, archive + ": not a regular file"));
            CHECK(Trails(records).size() == 1); // nothing was started

            fs::remove(records + "/ledger.jsonl");
            kc::test::MakeSpecialFile(records + "/ledger.jsonl", kind);
            for (const auto& attempt : {RunArgs(records, keys), resume}) {
                r = Ctl(attempt);
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode == 2);
                CHECK(Says(r, records + "/ledger.jsonl: " + words));
            }
            CHECK(Trails(records).size() == 1);

            fs::remove(trail);
            kc::test::MakeSpecialFile(trail, kind);
            r = Ctl(resume);
            REQUIRE_FALSE(r.timedOut);
            CHECK(r.exitCode == 2);
            CHECK(Says(r, trail + ": " + words));

            // The protocol, the answers, the settings and the signing key it is given.
            const std::string special = dir.File("special.yaml");
            kc::test::MakeSpecialFile(special, kind);
            const std::string fresh = dir.File("fresh");
            for (const auto& [what, index] : std::vector<std::pair<std::string, int>>{{"protocol", 1}, {"answers", 3}}) {
                args = RunArgs(fresh, keys);
                args[static_cast<std::size_t>(index)] = special;
                r = Ctl(args);
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode != 0);
                CHECK(Says(r, special + ": " + words));
            }
            args = RunArgs(fresh, keys);
            args.insert(args.end(), {"--config", special});
            r = Ctl(args);
            REQUIRE_FALSE(r.timedOut);
            CHECK(r.exitCode == 2);
            CHECK(Says(r, special + ": " + words));
            const std::string otherKeys = dir.File("other-keys");
            fs::create_directory(otherKeys);
            kc::test::MakeSpecialFile(otherKeys + "/installation-ed25519.pem", kind);
            r = Ctl(RunArgs(fresh, otherKeys));
            REQUIRE_FALSE(r.timedOut);
            CHECK(r.exitCode == 2);
            CHECK(Says(r, otherKeys + "/installation-ed25519.pem: " + words));
        }
    }
}

TEST_CASE("validate names a special file under a protocol's name in a folder, and the files given", "[cli][special]") {
    for (const auto kind : kc::test::kSpecialFiles) {
        DYNAMIC_SECTION(kc::test::SpecialFileName(kind)) {
            kc::test::TempDir dir;
            fs::copy_file(kc::test::kMinimalProtocol, dir.File("a.yaml"));
            const std::string words = kc::test::MakeSpecialFile(dir.File("b.yaml"), kind);
            // A folder named on the command line is a folder of protocols (validate) or records
            // (verify) to these two: only the other kinds are refused there.
            const bool folder = kind == kc::test::SpecialFile::Folder;
            for (const auto& path : folder ? std::vector<std::string>{dir.Path()}
                                           : std::vector<std::string>{dir.Path(), dir.File("b.yaml")}) {
                const auto r = Ctl({"validate", path});
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode == 2);
                CHECK(Says(r, dir.File("b.yaml") + ": " + words));
            }
            std::vector<std::vector<std::string>> commands = {{"show", dir.File("b.yaml")}, {"replay", dir.File("b.yaml")}};
            if (!folder) commands.push_back({"verify", dir.File("b.yaml")});
            for (const auto& args : commands) {
                const auto r = Ctl(args);
                REQUIRE_FALSE(r.timedOut);
                CHECK(r.exitCode != 0);
                CHECK(Says(r, dir.File("b.yaml") + ": " + words));
            }
        }
    }
}
