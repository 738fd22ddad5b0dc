// checklistctl report as an auditor uses it: records made by real scripted runs, then the
// report in each format, its filters, and its exit codes (0 intact, 1 damaged, 2 usage/IO).
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/report/report.hpp"
#include "kc/base/clock.hpp"
#include "cli_run.hpp"
#include "rechain.hpp"

using kc::test::kCtl;
using kc::test::Run;
namespace fs = std::filesystem;

namespace {

const std::string& kAnswers = kc::test::kAnswersDir;

int RunScript(const std::string& records, const std::string& answers, const std::string& who = "Dr A") {
    return kc::test::RunScripted(records, answers, {who, "P-CLI-7", {"--quiet"}}).exitCode;
}

// Completed with a justified warning; hard stop; abandoned (a reason with a comma and
// quotes); left open (an answers file that stops short).
struct CliRecords {
    kc::test::TempDir dir;
    std::string records = dir.File("records");
    CliRecords() {
        REQUIRE(RunScript(records, kAnswers + "example-complete.answers.yaml") == 0);
        REQUIRE(RunScript(records, kAnswers + "example-psychosis-stop.answers.yaml") == 3);
        kc::test::WriteAll(dir.File("abandon.answers.yaml"),
                           "answers:\n  indication: crps\n  psychosis: \"no\"\n  hepatic: normal\n"
                           "  cv-risk: \"no\"\n  monitors: [spo2]\n  heart-rate: \"70\"\n  remarks: {skip: true}\n"
                           "abandon: 'Patient declined, \"not today\"'\n");
        REQUIRE(RunScript(records, dir.File("abandon.answers.yaml"), "Dr B") == 4);
        kc::test::WriteAll(dir.File("partial.answers.yaml"), "answers:\n  indication: crps\n");
        REQUIRE(RunScript(records, dir.File("partial.answers.yaml")) == 1);
    }
    kc::test::ProcessResult Report(std::vector<std::string> extra) {
        std::vector<std::string> args = {kCtl, "report", records};
        args.insert(args.end(), extra.begin(), extra.end());
        return Run(args);
    }
};

std::size_t CountRows(const std::string& csv) {
    std::size_t rows = 0;
    for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
    return rows - 1; // the header
}

} // namespace

TEST_CASE("report prints one CSV row per session and exits 0 when all are intact", "[cli][report]") {
    CliRecords f;
    const auto r = f.Report({});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(CountRows(r.out) == 4);
    CHECK(r.out.find(",completed,") != std::string::npos);
    CHECK(r.out.find(",stopped,psychosis,") != std::string::npos);
    CHECK(r.out.find(",abandoned,,\"Patient declined, \"\"not today\"\"\",") != std::string::npos);
    CHECK(r.out.find(",incomplete,") != std::string::npos);
    CHECK(r.out.find("hepatic: Dr A (anesthesiologist)") != std::string::npos);
    CHECK(r.out.find("hepatic: Dr B. Second") != std::string::npos);
    CHECK(r.out.find("P-CLI-7") == std::string::npos);
    CHECK(r.err.find("4 sessions reported (1 with a justified warning); all intact") != std::string::npos);
    CHECK(f.Report({"--with-patient-ref"}).out.find("P-CLI-7") != std::string::npos);
}

TEST_CASE("report answers the auditor's question: this period's overrides, who justified them", "[cli][report]") {
    CliRecords f;
    const std::string today = kc::UtcDay(kc::SystemClock().UtcMs());
    const auto r = f.Report({"--format", "json", "--from", today, "--to", today, "--overrides-only"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["outcome"]["kind"] == "completed");
    CHECK(j[0]["patient_ref"] == "P-CLI-7");
    CHECK(j[0]["warnings"][0]["step"] == "hepatic");
    CHECK(j[0]["warnings"][0]["justified_by"]["name"] == "Dr A");
    CHECK(j[0]["warnings"][0]["second_clinician"] == "Dr B. Second");
    CHECK(j[0]["integrity"]["status"] == "intact");
    // Nothing started in 2020; an operator and an outcome narrow it too.
    CHECK(nlohmann::json::parse(f.Report({"--format", "json", "--to", "2020-01-31"}).out).empty());
    const auto drB = nlohmann::json::parse(f.Report({"--format", "json", "--operator", "Dr B"}).out);
    REQUIRE(drB.size() == 1);
    CHECK(drB[0]["outcome"]["reason"] == "Patient declined, \"not today\"");
    const auto stopped = f.Report({"--outcome", "stopped", "--outcome", "abandoned"});
    CHECK(CountRows(stopped.out) == 2);
    CHECK(CountRows(f.Report({"--protocol", "example-minimal"}).out) == 4);
    CHECK(CountRows(f.Report({"--protocol", "ketamine-chronic-pain-2018"}).out) == 0);
}

TEST_CASE("report writes a self-contained HTML file with -o", "[cli][report]") {
    CliRecords f;
    const std::string out = f.dir.File("report.html");
    const auto r = f.Report({"--format", "html", "-o", out});
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.empty());
    const std::string html = kc::test::ReadAll(out);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("Patient declined, &quot;not today&quot;") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
}

TEST_CASE("report exits 1 on a damaged session and still writes the whole report", "[cli][report]") {
    CliRecords f;
    const std::string stopped = [&] {
        for (const auto& e : fs::directory_iterator(f.records + "/sessions")) {
            const std::string text = kc::test::ReadAll(e.path().string());
            if (text.find("hard_stopped") != std::string::npos) return e.path().string();
        }
        return std::string();
    }();
    REQUIRE_FALSE(stopped.empty());
    std::string bytes = kc::test::ReadAll(stopped);
    bytes.replace(bytes.find("\"psychosis\",\"values\":[\"yes\"]"), 30, "\"psychosis\",\"values\":[\"no\"] ");
    kc::test::WriteAll(stopped, bytes);
    const std::string out = f.dir.File("report.csv");
    const auto r = f.Report({"-o", out});
    INFO(r.err);
    CHECK(r.exitCode == 1);
    const std::string csv = kc::test::ReadAll(out);
    CHECK(CountRows(csv) == 4);
    CHECK(csv.find(",damaged,") != std::string::npos);
    CHECK(csv.find("does not match its hash") != std::string::npos);
    CHECK(r.err.find("): damaged") != std::string::npos);
    CHECK(CountRows(f.Report({"--outcome", "damaged"}).out) == 1);
}

TEST_CASE("report marks a session re-sealed after its checkpoint as damaged, in every format", "[cli][report]") {
    CliRecords f;
    std::string trail, id;
    for (const auto& e : fs::directory_iterator(f.records + "/sessions"))
        if (kc::test::ReadAll(e.path().string()).find("hard_stopped") != std::string::npos) {
            trail = e.path().string();
            id = e.path().stem().string();
        }
    REQUIRE_FALSE(id.empty());
    // Another patient written in, the trail and the ledger re-hashed to match: only the checkpoint tells.
    kc::test::ResealClosedSession(trail, f.records + "/ledger.jsonl", id, [](std::vector<nlohmann::json>& lines) {
        lines[0]["payload"]["patient_ref"] = "P-OTHER";
    });
    const auto csv = f.Report({});
    INFO(csv.out << csv.err);
    CHECK(csv.exitCode == 1);
    CHECK(csv.err.find("session " + id + " (sessions/" + id + ".jsonl): damaged") != std::string::npos);
    bool rowDamaged = false;
    for (const auto& line : kc::test::SplitLines(csv.out))
        rowDamaged |= line.find(id) != std::string::npos && line.find(",damaged,") != std::string::npos &&
                      line.find("checkpoints.jsonl:") != std::string::npos;
    CHECK(rowDamaged);
    const auto damaged = f.Report({"--outcome", "damaged"});
    CHECK(CountRows(damaged.out) == 1);
    CHECK(damaged.out.find(id) != std::string::npos);
    const auto json = nlohmann::json::parse(f.Report({"--format", "json"}).out);
    for (const auto& s : json) CHECK(s["integrity"]["status"] == (s["session_id"] == id ? "damaged" : "intact"));
    const auto html = f.Report({"--format", "html", "--outcome", "damaged"}).out;
    CHECK(html.find(id) != std::string::npos);
    CHECK(html.find("<td class=\"bad\">damaged") != std::string::npos);
}

TEST_CASE("report on damaged fixtures: foreign, missing, torn files are rows, exit 1", "[cli][report]") {
    const std::string trails = std::string(KC_TEST_DATA_DIR) + "/trails/";
    for (const char* fixture : {"foreign-session-file", "missing-session-file", "torn-last-line", "not-json-line",
                                "edited-ledger", "session-file-is-folder"}) {
        DYNAMIC_SECTION(fixture) {
            const auto r = Run({kCtl, "report", trails + fixture, "--format", "json"});
            INFO(r.err);
            CHECK(r.exitCode == 1);
            CHECK_NOTHROW(nlohmann::json::parse(r.out));
        }
    }
    CHECK(Run({kCtl, "report", trails + "intact"}).exitCode == 0);
}

TEST_CASE("report usage and I/O errors exit 2", "[cli][report]") {
    kc::test::TempDir dir;
    CHECK(Run({kCtl, "report", dir.File("nowhere")}).exitCode == 2);
    CHECK(Run({kCtl, "report", dir.Path(), "--from", "2026-13-01"}).exitCode == 2);
    CHECK(Run({kCtl, "report", dir.Path(), "--outcome", "finished"}).exitCode == 2);
    CHECK(Run({kCtl, "report", dir.Path(), "--format", "pdf"}).exitCode == 2);
    CHECK(Run({kCtl, "report", dir.Path(), "-o", dir.File("no/such/dir/out.csv")}).exitCode == 2);
    const auto empty = Run({kCtl, "report", dir.Path()});
    CHECK(empty.exitCode == 0); // an empty folder: a header and no rows
    CHECK(CountRows(empty.out) == 0);
}

TEST_CASE("report gives each session's rounds and keeps those with late or missed rounds", "[cli][report][rounds]") {
    kc::test::TempDir dir;
    const std::string records = dir.File("records");
    const std::string chronic = std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml";
    auto run = [&](const std::string& answers, const std::string& patient) {
        const auto r = Run({kCtl, "run", chronic, "--answers", kAnswers + answers, "--records", records, "--operator",
                            "Dr A", "--role", "anesthesiologist", "--patient-ref", patient, "--quiet",
                            "--simulate-clock"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
    };
    run("chronic-crps-complete.answers.yaml", "P-ON-TIME");         // every round on time
    run("chronic-moderate-hepatic.answers.yaml", "P-LATE-MISSED"); // infusion round 2 late, recovery round 3 missed
    const auto json = Run({kCtl, "report", records, "--format", "json"});
    REQUIRE(json.exitCode == 0);
    const auto sessions = nlohmann::json::parse(json.out);
    REQUIRE(sessions.size() == 2);
    const auto& mixed = sessions[0]["patient_ref"] == "P-LATE-MISSED" ? sessions[0] : sessions[1];
    // From the answers file: infusion rounds taken 15, 37 (due 30 + 5 grace: late), 45 min after
    // the start, the stop at 50 (no round 4); recovery rounds 15, 30, 60 after the stop, round 3
    // (45) missed. Longest gap: recovery 30 -> 60.
    CHECK(mixed["rounds"]["due"] == 3 + 4);
    CHECK(mixed["rounds"]["on_time"] == 2 + 3);
    CHECK(mixed["rounds"]["late"] == 1);
    CHECK(mixed["rounds"]["missed"] == 1);
    CHECK(mixed["rounds"]["open"] == 0);
    CHECK(mixed["rounds"]["longest_gap_s"] == (60 - 30) * 60);
    const auto& recovery = mixed["rounds"]["schedules"][1];
    CHECK(recovery["id"] == "recovery-observations");
    CHECK(recovery["achieved_s"] == 60 * 60);
    CHECK(recovery["period_s"] == 60 * 60);

    for (const char* filter : {"--late", "--missed"}) {
        INFO(filter);
        const auto r = Run({kCtl, "report", records, filter, "--format", "json"});
        CHECK(r.exitCode == 0);
        const auto kept = nlohmann::json::parse(r.out);
        REQUIRE(kept.size() == 1);
        CHECK(kept[0]["patient_ref"] == "P-LATE-MISSED");
    }
    const auto csv = Run({kCtl, "report", records, "--late"});
    CHECK(csv.out.find(",7,5,1,1,0,1800,recovery-observations: 1 h of 1 h\r\n") != std::string::npos);
}

TEST_CASE("the report's chart of sessions over time has labelled axes and starts at --from", "[cli][report]") {
    CliRecords f;
    kc::SystemClock clock;
    const std::int64_t now = clock.UtcMs();
    const std::string from = kc::UtcDay(now - 10 * 86'400'000LL);
    const std::string today = kc::UtcDay(now);
    const auto r = f.Report({"--format", "html", "--from", from});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const std::string& html = r.out;
    const auto chart = html.find("<h3>Sessions per day (UTC)</h3>");
    REQUIRE(chart != std::string::npos);
    const std::string svg = html.substr(chart, html.find("</svg>", chart) - chart);
    // One bar per day from --from to the last session, the first an empty day at --from.
    CHECK(svg.find("<title>" + from + ": 0</title>") != std::string::npos);
    CHECK(svg.find("<title>" + today + ": 4</title>") != std::string::npos);
    std::size_t bars = 0;
    for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++bars;
    CHECK(bars == 11);
    // Both axes drawn and labelled: the count up the side (0 to the most), the day along the bottom.
    CHECK(svg.find("class=\"axis\"") != std::string::npos);
    CHECK(svg.find(">sessions</text>") != std::string::npos);
    CHECK(svg.find(">day (UTC)</text>") != std::string::npos);
    CHECK(svg.find(">0</text>") != std::string::npos);
    CHECK(svg.find(">4</text>") != std::string::npos);
    std::string firstLabel = ">"; // the first day, labelled
    firstLabel += from.substr(5) + "</text>";
    CHECK(svg.find(firstLabel) != std::string::npos);
}

TEST_CASE("the report says what it did with the checkpoints' signatures, without an option it does not have",
          "[cli][report]") {
    CliRecords f;
    REQUIRE(fs::exists(f.records + "/checkpoints.jsonl"));
    for (const char* format : {"html", "json", "csv"}) {
        const auto r = f.Report({"--format", format});
        INFO(format << ": " << r.err);
        CHECK(r.out.find("no --key given") == std::string::npos);
        CHECK(r.err.find("no --key given") == std::string::npos);
        if (std::string(format) == "html") {
            CHECK(r.out.find("chain checked, signatures not checked (report does not check signatures; "
                             "&#39;checklistctl verify --key PUBLIC-KEY.pem&#39; does)") != std::string::npos);
        }
    }
    CHECK(Run({kCtl, "report", f.records, "--key", "x.pem"}).exitCode == 2); // and it accepts no --key
}
