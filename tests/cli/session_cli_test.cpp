// checklistctl run, verify, recover and replay as an author and an auditor use them.
#include <filesystem>
#include <tuple>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "rechain.hpp"

using kc::test::kCtl;
using kc::test::Run;
namespace fs = std::filesystem;

namespace {

const std::string& kProtocol = kc::test::kMinimalProtocol;
const std::string& kAnswers = kc::test::kAnswersDir;

kc::test::ProcessResult RunScript(const std::string& records, const std::string& answers,
                                  std::vector<std::string> extra = {}) {
    const bool resuming = std::find(extra.begin(), extra.end(), "--resume") != extra.end();
    return kc::test::RunScripted(records, answers, {"Dr A", resuming ? "" : "P-CLI-1", std::move(extra)});
}

std::string OnlySession(const std::string& records) {
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") return e.path().string();
    return {};
}

} // namespace

TEST_CASE("run exits 0 when the session completes and verify finds it intact", "[cli][run]") {
    kc::test::TempDir dir;
    const auto r = RunScript(dir.Path(), kAnswers + "example-complete.answers.yaml");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("recorded psychosis = no (seq 3)") != std::string::npos);
    CHECK(r.out.find("completed; final hash ") != std::string::npos);
    const auto v = Run({kCtl, "verify", dir.Path()});
    CHECK(v.exitCode == 0);
    CHECK(v.out == "note: " + dir.Path() + "/checkpoints.jsonl: 1 checkpoint: chain checked, signatures not checked "
                   "(no --key given)\n1 session files, 13 events: intact\n");
}

TEST_CASE("run exits 3 at a hard stop and says why", "[cli][run]") {
    kc::test::TempDir dir;
    const auto r = RunScript(dir.Path(), kAnswers + "example-psychosis-stop.answers.yaml");
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("HARD STOP at step 'psychosis': Active psychosis") != std::string::npos);
    CHECK(Run({kCtl, "verify", dir.Path()}).exitCode == 0);
}

TEST_CASE("run exits 1 when a warning has no justification, and the session can be resumed", "[cli][run]") {
    kc::test::TempDir dir;
    const std::string noJustification = dir.File("no-justification.answers.yaml");
    std::string answers = kc::test::ReadAll(kAnswers + "example-complete.answers.yaml");
    answers.erase(answers.find("    justification:"), answers.find("  cv-risk:") - answers.find("    justification:"));
    kc::test::WriteAll(noJustification, answers);
    const auto r = RunScript(dir.Path() + "/records", noJustification);
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("step 'hepatic' raised a warning") != std::string::npos);
    const std::string trail = OnlySession(dir.Path() + "/records");
    const std::string id = fs::path(trail).stem().string();
    CHECK(r.err.find("--resume " + id) != std::string::npos);
    // The justification arrives; the resumed run continues at hepatic's warning.
    const auto resumed = RunScript(dir.Path() + "/records", kAnswers + "example-complete.answers.yaml", {"--resume", id});
    INFO(resumed.out << resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(resumed.out.find("recorded justification for hepatic (seq 7)") != std::string::npos); // seq 6 is session_resumed
    CHECK(Run({kCtl, "replay", trail}).out.find("session resumed") != std::string::npos);
}

TEST_CASE("resume refuses a blank, malformed or over-long operator or role with a clear message", "[cli][run]") {
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    kc::test::WriteAll(dir.File("partial.answers.yaml"), "answers:\n  indication: crps\n");
    REQUIRE(RunScript(records, dir.File("partial.answers.yaml")).exitCode == 1);
    const std::string trail = OnlySession(records);
    const std::string id = fs::path(trail).stem().string();
    const std::string before = kc::test::ReadAll(trail);
    const std::string ledger = kc::test::ReadAll(records + "/ledger.jsonl");
    for (const auto& [name, role, says] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"", "nurse", "the operator's name is required"},
             {"Dr C", "  ", "the operator's role is required"},
             {"Dr \x1b[2J\x1b[HC", "nurse", "the operator's name: control character 0x1b is not allowed"},
             {"Dr C", "nurse\xe2\x80\xae", "the operator's role: bidirectional control U+202E"},
             {"Dr\tC", "nurse", "the operator's name: control character 0x09 (tab) is not allowed"},
             {std::string(120 * 1024, 'C'), "nurse", "the operator's name is longer than 200 bytes"}}) {
        const auto r = Run({kCtl, "run", kProtocol, "--answers", kAnswers + "example-complete.answers.yaml", "--records",
                            records, "--operator", name, "--role", role, "--resume", id});
        INFO(r.out << r.err);
        CHECK(r.exitCode == 1);
        CHECK(r.err.find("checklistctl: session " + id + " cannot be resumed: " + says) != std::string::npos);
        CHECK(r.err.find('\x1b') == std::string::npos);
    }
    CHECK(kc::test::ReadAll(trail) == before); // nothing was written for any of them
    CHECK(kc::test::ReadAll(records + "/ledger.jsonl") == ledger);
}

TEST_CASE("resume refuses a protocol whose bytes changed", "[cli][run]") {
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    REQUIRE(RunScript(records, kAnswers + "example-psychosis-stop.answers.yaml").exitCode == 3);
    // A second, unfinished session: no answer for a required step.
    kc::test::WriteAll(dir.File("partial.answers.yaml"), "answers:\n  indication: crps\n");
    REQUIRE(RunScript(records, dir.File("partial.answers.yaml")).exitCode == 1);
    std::string id;
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (kc::test::ReadAll(e.path().string()).find("hard_stopped") == std::string::npos) id = e.path().stem().string();
    REQUIRE_FALSE(id.empty());
    const std::string edited = dir.File("example-edited.yaml");
    kc::test::WriteAll(edited, kc::test::ReadAll(kProtocol) + "# a later edit\n");
    const auto r = Run({kCtl, "run", edited, "--answers", kAnswers + "example-complete.answers.yaml", "--records",
                        records, "--operator", "Dr A", "--role", "x", "--resume", id});
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("resume needs the exact protocol the session started with") != std::string::npos);
}

TEST_CASE("verify exits 1 naming FILE:LINE, and recover quarantines a torn last line", "[cli][verify]") {
    kc::test::TempDir dir;
    // An open session (the answers stop before 'ecg'), whose last write a crash cut in half.
    kc::test::WriteAll(dir.File("partial.answers.yaml"),
                       "answers: {indication: crps, psychosis: \"no\", hepatic: normal, cv-risk: \"yes\"}\n");
    REQUIRE(RunScript(dir.File("records"), dir.File("partial.answers.yaml")).exitCode == 1);
    const std::string trail = OnlySession(dir.File("records"));
    const std::string text = kc::test::ReadAll(trail);
    const auto lastStart = text.rfind('\n', text.size() - 2) + 1;
    kc::test::WriteAll(trail, text.substr(0, lastStart + 40));
    const auto v = Run({kCtl, "verify", dir.File("records")});
    CHECK(v.exitCode == 1);
    CHECK(v.out.find(trail + ":5: incomplete, not acknowledged") != std::string::npos);
    const auto r = Run({kCtl, "recover", trail});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("moved an incomplete last line (40 bytes") != std::string::npos);
    CHECK(kc::test::ReadAll(trail) == text.substr(0, lastStart));
    CHECK(Run({kCtl, "verify", trail}).exitCode == 0);
    // An edited line is not "torn": recover refuses and changes nothing.
    std::string edited = text.substr(0, lastStart);
    edited.replace(edited.find("\"crps\""), 6, "\"CRPS\"");
    kc::test::WriteAll(trail, edited);
    const auto refused = Run({kCtl, "recover", trail});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find(":2: line was changed") != std::string::npos);
    CHECK(kc::test::ReadAll(trail) == edited);
    CHECK(Run({kCtl, "verify", "/nonexistent"}).exitCode == 1);
    CHECK(Run({kCtl, "verify"}).exitCode == 2);
}

TEST_CASE("replay prints the timeline with amendments, justifications and the final hash", "[cli][replay]") {
    kc::test::TempDir dir;
    const std::string answers = dir.File("amend.answers.yaml");
    kc::test::WriteAll(answers, kc::test::ReadAll(kAnswers + "example-complete.answers.yaml") +
                                    "amendments:\n  - {after: heart-rate, step: cv-risk, answer: \"no\", reason: "
                                    "Wrong chart was open}\n");
    const auto r = RunScript(dir.File("records"), answers);
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto replay = Run({kCtl, "replay", OnlySession(dir.File("records"))});
    CHECK(replay.exitCode == 0);
    CHECK(replay.out.find("AMENDED cv-risk") != std::string::npos);
    CHECK(replay.out.find("yes -> no — reason: Wrong chart was open") != std::string::npos);
    CHECK(replay.out.find("answer to ecg (yes) superseded") != std::string::npos);
    CHECK(replay.out.find("acknowledged by Dr B. Second") != std::string::npos);
    CHECK(replay.out.find("events; final hash ") != std::string::npos);
}

TEST_CASE("replay checks what verify checks, says the verdict first and exits 1 when damaged", "[cli][replay]") {
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    REQUIRE(RunScript(records, kAnswers + "example-psychosis-stop.answers.yaml").exitCode == 3);
    const std::string trail = OnlySession(records);
    const std::string id = fs::path(trail).stem().string();
    const auto firstLine = [](const std::string& out) { return out.substr(0, out.find('\n')); };

    auto replay = Run({kCtl, "replay", trail});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);
    CHECK(firstLine(replay.out).rfind("Verified intact", 0) == 0);
    CHECK(replay.out.find("HARD STOP at psychosis") != std::string::npos);

    SECTION("the hard stop re-sealed as a completion: the chain holds, the protocol does not") {
        kc::test::ResealClosedSession(trail, records + "/ledger.jsonl", id, [](std::vector<nlohmann::json>& lines) {
            lines.back()["type"] = "session_completed";
            lines.back()["payload"] = nlohmann::json::object();
        });
        const auto lines = kc::test::SplitLines(kc::test::ReadAll(trail));
        REQUIRE(Run({kCtl, "verify", records}).exitCode == 1);
        replay = Run({kCtl, "replay", trail});
        CHECK(replay.exitCode == 1);
        CHECK(firstLine(replay.out).rfind("DAMAGED", 0) == 0);
        CHECK(replay.out.find(trail + ":" + std::to_string(lines.size()) + ": event does not follow the protocol") <
              replay.out.find("Session " + id));
    }
    SECTION("another patient written in and re-sealed after the checkpoint: only the checkpoint tells") {
        kc::test::ResealClosedSession(trail, records + "/ledger.jsonl", id, [](std::vector<nlohmann::json>& lines) {
            lines[0]["payload"]["patient_ref"] = "P-OTHER";
        });
        REQUIRE(Run({kCtl, "verify", records}).exitCode == 1);
        replay = Run({kCtl, "replay", trail});
        CHECK(replay.exitCode == 1);
        CHECK(firstLine(replay.out).rfind("DAMAGED", 0) == 0);
        CHECK(replay.out.find(records + "/checkpoints.jsonl:1: ") < replay.out.find("Session " + id));
        // verify of the trail alone says what replay says.
        const auto single = Run({kCtl, "verify", trail});
        CHECK(single.exitCode == 1);
        CHECK(single.out.find(records + "/checkpoints.jsonl:1: ") != std::string::npos);
    }
    SECTION("the ledger emptied: the trail is in no ledger") {
        kc::test::WriteAll(records + "/ledger.jsonl", "");
        replay = Run({kCtl, "replay", trail});
        CHECK(replay.exitCode == 1);
        CHECK(replay.out.find(trail + ": not in the ledger") < replay.out.find("Session " + id));
    }
    SECTION("a trail outside any records folder: its chain and protocol") {
        fs::copy_file(trail, dir.File("lone.jsonl"));
        replay = Run({kCtl, "replay", dir.File("lone.jsonl"), "--protocols", records + "/protocols"});
        CHECK(replay.exitCode == 0);
        CHECK(firstLine(replay.out).find("no ledger or checkpoints") != std::string::npos);
    }
}

TEST_CASE("run refuses an invalid --config before starting, naming file, line and column", "[cli][run][config]") {
    kc::test::TempDir dir;
    const std::string config = dir.File("config.yaml");
    kc::test::WriteAll(config, "forward:\n  syslog: true\n  facility: local9\n");
    const auto r = RunScript(dir.File("records"), kAnswers + "example-complete.answers.yaml", {"--config", config});
    CHECK(r.exitCode == 2);
    CHECK(r.err.find(config + ":3:13: error: 'facility' in 'forward' must be one of") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.File("records") + "/sessions"));
    const auto missing = RunScript(dir.File("records"), kAnswers + "example-complete.answers.yaml",
                                   {"--config", dir.File("absent.yaml")});
    CHECK(missing.exitCode == 2);
    CHECK(missing.err.find("absent.yaml") != std::string::npos);
}

TEST_CASE("checklistctl says each remedy the core names as the command line that carries it out", "[cli][verify]") {
    // The core's findings and errors say remedies in plain words; these are the command lines
    // checklistctl has always printed in their place (docs/audit-trail-format.md quotes them).
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    REQUIRE(RunScript(records, kAnswers + "example-complete.answers.yaml").exitCode == 0);
    REQUIRE(RunScript(records, kAnswers + "example-psychosis-stop.answers.yaml").exitCode == 3);
    const std::string ledger = records + "/ledger.jsonl";
    const std::string checkpoints = records + "/checkpoints.jsonl";
    const std::string ledgerBytes = kc::test::ReadAll(ledger);
    const std::string checkpointBytes = kc::test::ReadAll(checkpoints);

    // A closed session whose checkpoint a crash kept out: the command sits inside the sentence.
    kc::test::WriteAll(checkpoints, checkpointBytes.substr(0, checkpointBytes.find('\n') + 1));
    std::string stopped;
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (checkpointBytes.find(e.path().stem().string()) > checkpointBytes.find('\n')) stopped = e.path().string();
    auto v = Run({kCtl, "verify", records});
    CHECK(v.out.find(": a crash between the close and its checkpoint ('checklistctl recover " + stopped +
                     "' adds one, marked as a repair), or a checkpoint was removed\n") != std::string::npos);

    // A torn last checkpoint: the command closes the finding, and the write that meets it refuses.
    kc::test::WriteAll(checkpoints, checkpointBytes + "{\"seq\":3");
    v = Run({kCtl, "verify", records});
    CHECK(v.out.find(checkpoints + ":3: incomplete, not acknowledged (an interrupted write left a torn last line); "
                                   "run 'checklistctl recover " + checkpoints + "'\n") != std::string::npos);
    auto refused = Run({kCtl, "recover", OnlySession(records)});
    CHECK(refused.err.find("; recovery does not add to damaged checkpoints (run checklistctl recover " + checkpoints +
                           ")\n") != std::string::npos);
    kc::test::WriteAll(checkpoints, checkpointBytes);

    // A torn ledger: no session starts, and the command says what to run first.
    kc::test::WriteAll(ledger, ledgerBytes + "{\"payload\":");
    const auto start = RunScript(records, kAnswers + "example-complete.answers.yaml");
    CHECK(start.exitCode == 1);
    CHECK(start.err.find(ledger + ": the ledger's last line is incomplete (an interrupted write); run 'checklistctl "
                                  "recover " + ledger + "' before starting sessions\n") != std::string::npos);
    // A damaged ledger: recovery refuses and asks for a verify.
    std::string damaged = ledgerBytes;
    damaged.replace(damaged.find("session_opened"), 14, "session_opene!");
    kc::test::WriteAll(ledger, damaged);
    refused = Run({kCtl, "recover", OnlySession(records)});
    CHECK(refused.err.find(":1: the ledger is damaged; recovery does not add to a damaged ledger (run checklistctl "
                           "verify)\n") != std::string::npos);
}
