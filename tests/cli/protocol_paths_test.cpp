// The bundled guideline protocols walked through typical paths (issue 4): each answers
// file under tests/data/answers/ runs to its expected outcome.
#include <filesystem>
#include <regex>

#include <catch2/catch.hpp>

#include "process.hpp"

using kc::test::Run;
namespace fs = std::filesystem;

namespace {

const std::string kCtl = CHECKLISTCTL;

kc::test::ProcessResult Walk(const std::string& protocol, const std::string& answers, const std::string& records) {
    return Run({kCtl, "run", std::string(KC_PROTOCOL_DIR) + "/" + protocol + ".yaml", "--answers",
                std::string(KC_TEST_DATA_DIR) + "/answers/" + answers + ".answers.yaml", "--records", records,
                "--operator", "Dr A. Operator", "--role", "anesthesiologist", "--patient-ref", "P-PATH", "--simulate-clock"});
}

std::string Replay(const std::string& records) {
    for (const auto& e : fs::directory_iterator(records + "/sessions"))
        if (e.path().extension() == ".jsonl") return Run({kCtl, "replay", e.path().string()}).out;
    return {};
}

} // namespace

TEST_CASE("chronic pain: an eligible CRPS patient completes", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Walk("ketamine-chronic-pain-2018", "chronic-crps-complete", dir.Path());
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(Run({kCtl, "verify", dir.Path()}).exitCode == 0);
}

TEST_CASE("chronic pain: active psychosis stops the session", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Walk("ketamine-chronic-pain-2018", "chronic-psychosis-stop", dir.Path());
    INFO(r.out << r.err);
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("HARD STOP") != std::string::npos);
    CHECK(r.out.find("sychosis") != std::string::npos);
}

TEST_CASE("chronic pain: moderate hepatic disease continues only with a justification", "[paths]") {
    kc::test::TempDir with, without;
    const auto justified = Walk("ketamine-chronic-pain-2018", "chronic-moderate-hepatic", with.Path());
    INFO(justified.out << justified.err);
    CHECK(justified.exitCode == 0);
    CHECK(Replay(with.Path()).find("justified") != std::string::npos);
    const auto unjustified = Walk("ketamine-chronic-pain-2018", "chronic-moderate-hepatic-unjustified", without.Path());
    INFO(unjustified.out << unjustified.err);
    CHECK(unjustified.exitCode == 1);
    CHECK(unjustified.err.find("no justification") != std::string::npos);
}

TEST_CASE("chronic pain: cardiovascular risk requires the ECG step, and only then", "[paths]") {
    kc::test::TempDir risk, noRisk;
    const auto r = Walk("ketamine-chronic-pain-2018", "chronic-cardiovascular-risk", risk.Path());
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto n = Walk("ketamine-chronic-pain-2018", "chronic-no-cardiovascular-risk", noRisk.Path());
    INFO(n.out << n.err);
    REQUIRE(n.exitCode == 0);
    CHECK(Replay(risk.Path()).find("ECG") != std::string::npos);
    CHECK(Replay(noRisk.Path()).find("ECG") == std::string::npos);
}

TEST_CASE("acute pain: a perioperative case for an opioid-tolerant patient completes", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Walk("ketamine-acute-pain-2018", "acute-opioid-tolerant-complete", dir.Path());
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(Run({kCtl, "verify", dir.Path()}).exitCode == 0);
}

TEST_CASE("acute pain: a day case confirms the escort before ketamine and again at discharge, and completes", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Walk("ketamine-acute-pain-2018", "acute-day-case-complete", dir.Path());
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(Run({kCtl, "verify", dir.Path()}).exitCode == 0);
    // The escort is recorded before the ketamine starts, and checked again at discharge.
    const auto before = r.out.find("recorded escort-arranged");
    const auto start = r.out.find("recorded infusion-started");
    const auto again = r.out.find("recorded escort-at-discharge");
    REQUIRE(before != std::string::npos);
    REQUIRE(start != std::string::npos);
    REQUIRE(again != std::string::npos);
    CHECK(before < start);
    CHECK(start < again);
}

TEST_CASE("chronic pain: rounds on time, late and missed are recorded in time order and replay lists them", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Walk("ketamine-chronic-pain-2018", "chronic-moderate-hepatic", dir.Path());
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    // The infusion's rounds come before the stop; the recovery rounds after it.
    const auto stop = r.out.find("recorded infusion-stopped");
    REQUIRE(stop != std::string::npos);
    CHECK(r.out.find("round 3 of infusion-observations") < stop);
    CHECK(r.out.find("round 1 of recovery-observations") > stop);
    const std::string replay = Replay(dir.Path());
    INFO(replay);
    // Each round with its status, in order: infusion 1 on time, 2 late (with its reason), 3 on
    // time; recovery 1 and 2 on time, 3 missed (with its reason), 4 on time.
    const std::regex rounds(R"(round +(\d+)  due \S+  (done on time|done late|missed))");
    std::vector<std::string> seen;
    for (std::sregex_iterator it(replay.begin(), replay.end(), rounds), end; it != end; ++it)
        seen.push_back((*it)[1].str() + " " + (*it)[2].str());
    CHECK(seen == std::vector<std::string>{"1 done on time", "2 done late", "3 done on time", "1 done on time",
                                           "2 done on time", "3 missed", "4 done on time"});
    CHECK(replay.find("late: Called to another patient") != std::string::npos);
    CHECK(replay.find("missed — reason: Patient in the bathroom") != std::string::npos);
}

TEST_CASE("a scripted run whose rounds lie ahead of the real clock says to simulate it, and leaves the session open", "[paths]") {
    kc::test::TempDir dir;
    const auto r = Run({kCtl, "run", std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml", "--answers",
                        std::string(KC_TEST_DATA_DIR) + "/answers/chronic-crps-complete.answers.yaml", "--records",
                        dir.Path(), "--operator", "Dr A. Operator", "--role", "anesthesiologist", "--patient-ref", "P-PATH"});
    CHECK(r.exitCode == 1);
    CHECK(r.err.find("later than now") != std::string::npos);
    CHECK(r.err.find("--simulate-clock") != std::string::npos);
    CHECK(r.err.find("resume with --resume") != std::string::npos);
}
