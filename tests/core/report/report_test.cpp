// Compliance reports over real records: sessions recorded through Session (completed with a
// justified warning and an amendment, hard-stopped, abandoned, left open), then the rows,
// the filters, the renderings, and every damaged fixture under tests/data/trails/.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kc/audit/checkpoints.hpp"
#include "kc/base/error.hpp"
#include "kc/report/report.hpp"
#include "kc/report/report_render.hpp"
#include "kc/ops/session.hpp"
#include "process.hpp"
#include "rechain.hpp"
#include "session_env.hpp"

using namespace kc;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNov10 = 1'794'301'200'000; // 2026-11-10T09:00:00Z
constexpr std::int64_t kDay = 86'400'000;
// A justification an auditor's spreadsheet and browser must both survive.
const std::string kNastyJustification = "LFTs stable, \"reviewed\" today;\n<script>alert('x')</script> & go";

struct Records : test::SessionEnvFixture {
    Records() : SessionEnvFixture("s", kNov10) {}

    std::unique_ptr<Session> Start(const Actor& actor, const std::string& location = "Suite 1") {
        return SessionEnvFixture::Start(actor, "P-0042", location);
    }
    static void Ok(const Decision& d) {
        INFO(d.refusal);
        REQUIRE(d.Accepted());
    }
    // s-0001 (Nov 10): completed; hepatic warning justified with a second clinician; one amendment.
    // s-0002 (Nov 10): hard stop at psychosis.   s-0003 (Nov 11, Dr B): abandoned.
    // s-0004 (Dec 2): left open after a justified warning.
    void RecordFour() {
        {
            auto s = Start({"Dr A", "anesthesiologist"});
            Ok(s->Answer("psychosis", {"no"}));
            Ok(s->Answer("hepatic", {"moderate"}));
            Ok(s->Justify("hepatic", kNastyJustification, "Dr D"));
            Ok(s->Answer("cv-risk", {"no"}));
            Ok(s->Answer("monitors", {"spo2", "nibp"}));
            Ok(s->Answer("heart-rate", {"70"}));
            Ok(s->Skip("remarks"));
            Ok(s->Amend("heart-rate", {"72"}, "misread, the monitor said 72"));
            Ok(s->Attest("Dr A", "I confirm this record."));
            Ok(s->Complete());
        }
        {
            auto s = Start({"Dr A", "anesthesiologist"});
            Ok(s->Answer("psychosis", {"yes"}));
        }
        clock.Advance(kDay);
        {
            auto s = Start({"Dr B", "nurse anesthetist"}, "Suite 2");
            Ok(s->Answer("psychosis", {"no"}));
            Ok(s->Abandon("patient declined, felt unwell"));
        }
        clock.Advance(kNov10 + 22 * kDay - clock.UtcMs());
        {
            auto s = Start({"Dr A", "anesthesiologist"});
            Ok(s->Answer("psychosis", {"no"}));
            Ok(s->Answer("hepatic", {"moderate"}));
            Ok(s->Justify("hepatic", "reviewed", "Dr E"));
        }
    }
    Report Build(const ReportFilter& filter = {}) {
        ReportOptions options;
        options.filter = filter;
        return BuildReport(records.Root(), options);
    }
};

const SessionSummary& Row(const Report& r, const std::string& id) {
    const auto it = std::find_if(r.sessions.begin(), r.sessions.end(),
                                 [&](const SessionSummary& s) { return s.sessionId == id; });
    if (it == r.sessions.end()) throw std::runtime_error("no row for " + id);
    return *it;
}

std::vector<std::string> Ids(const Report& r) {
    std::vector<std::string> ids;
    for (const auto& s : r.sessions) ids.push_back(s.sessionId);
    return ids;
}

} // namespace

TEST_CASE("a report has one row per session with outcome, overrides, amendments and integrity", "[report]") {
    Records f;
    f.RecordFour();
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    ReportOptions options;
    options.progress = [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); };
    const Report r = BuildReport(f.records.Root(), options);
    REQUIRE(Ids(r) == std::vector<std::string>{"s-0001", "s-0002", "s-0003", "s-0004"});
    CHECK(progress == std::vector<std::pair<std::size_t, std::size_t>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}});

    const SessionSummary& done = Row(r, "s-0001");
    CHECK(done.file == "sessions/s-0001.jsonl");
    CHECK(done.protocol.id == "engine-test");
    CHECK(done.protocol.version == "1.0.0");
    CHECK(done.protocol.sha256 == f.protocol->sha256);
    CHECK(done.operatorActor == Actor{"Dr A", "anesthesiologist"});
    CHECK(done.location == "Suite 1");
    CHECK(done.patientRef == "P-0042");
    CHECK(done.startedUtcMs == kNov10);
    CHECK(done.endedUtcMs > done.startedUtcMs);
    CHECK(done.outcome == SessionOutcome::Completed);
    REQUIRE(done.warnings.size() == 1);
    CHECK(done.warnings[0].step == "hepatic");
    CHECK(done.warnings[0].message == "Moderate hepatic disease.");
    CHECK(done.warnings[0].justified);
    CHECK(done.warnings[0].justification == kNastyJustification);
    CHECK(done.warnings[0].justifiedBy == Actor{"Dr A", "anesthesiologist"});
    CHECK(done.warnings[0].secondClinician == "Dr D");
    REQUIRE(done.amendments.size() == 1);
    CHECK(done.amendments[0].step == "heart-rate");
    CHECK(done.amendments[0].oldValues == Values{"70"});
    CHECK(done.amendments[0].newValues == Values{"72"});
    CHECK(done.amendments[0].reason == "misread, the monitor said 72");
    CHECK(done.attestedBy == "Dr A");
    CHECK(done.Intact());
    CHECK(done.findings.empty());

    const SessionSummary& stopped = Row(r, "s-0002");
    CHECK(stopped.outcome == SessionOutcome::Stopped);
    CHECK(stopped.outcomeStep == "psychosis");
    CHECK(stopped.outcomeText == "Psychosis stops the session.");
    CHECK(DescribeOutcome(stopped) == "stopped at psychosis: Psychosis stops the session.");

    const SessionSummary& abandoned = Row(r, "s-0003");
    CHECK(abandoned.outcome == SessionOutcome::Abandoned);
    CHECK(abandoned.outcomeText == "patient declined, felt unwell");
    CHECK(abandoned.operatorActor.name == "Dr B");

    const SessionSummary& open = Row(r, "s-0004");
    CHECK(open.outcome == SessionOutcome::Incomplete);
    CHECK(open.endedUtcMs == 0);
    CHECK(open.Overrides() == 1);

    CHECK(r.totals.sessions == 4);
    CHECK(r.totals.completed == 1);
    CHECK(r.totals.stopped == 1);
    CHECK(r.totals.abandoned == 1);
    CHECK(r.totals.incomplete == 1);
    CHECK(r.totals.withOverrides == 2);
    CHECK(r.totals.overrides == 2);
    CHECK(r.totals.amendments == 1);
    CHECK(r.totals.Intact());
}

TEST_CASE("report filters: period, protocol, operator, outcome, overrides", "[report]") {
    Records f;
    f.RecordFour();
    using V = std::vector<std::string>;
    ReportFilter november;
    november.fromDate = "2026-11-01";
    november.toDate = "2026-11-30";
    CHECK(Ids(f.Build(november)) == V{"s-0001", "s-0002", "s-0003"});
    ReportFilter oneDay;
    oneDay.fromDate = oneDay.toDate = "2026-11-11"; // inclusive at both ends
    CHECK(Ids(f.Build(oneDay)) == V{"s-0003"});
    ReportFilter overrides = november;
    overrides.overridesOnly = true; // the auditor's question: last month's overridden warnings
    CHECK(Ids(f.Build(overrides)) == V{"s-0001"});
    ReportFilter drB;
    drB.operatorName = "dr b";
    CHECK(Ids(f.Build(drB)) == V{"s-0003"});
    ReportFilter protocol;
    protocol.protocolId = "engine-test";
    CHECK(f.Build(protocol).sessions.size() == 4);
    protocol.protocolId = "other";
    CHECK(f.Build(protocol).sessions.empty());
    ReportFilter outcomes;
    outcomes.outcomes = {OutcomeFilter::Stopped, OutcomeFilter::Incomplete};
    CHECK(Ids(f.Build(outcomes)) == V{"s-0002", "s-0004"});
    outcomes.outcomes = {OutcomeFilter::Damaged};
    CHECK(f.Build(outcomes).sessions.empty());
    const Report filtered = f.Build(overrides);
    CHECK(filtered.totals.sessionFiles == 4); // all read, one reported
    CHECK(filtered.totals.sessions == 1);

    ReportFilter bad;
    bad.fromDate = "2026-02-30";
    CHECK_THROWS_AS(f.Build(bad), UsageError);
    bad.fromDate = "2026-12-01";
    bad.toDate = "2026-11-01";
    CHECK_THROWS_AS(f.Build(bad), UsageError);
    CHECK_THROWS_AS(BuildReport(f.dir.File("no-such-folder")), IoError);
}

TEST_CASE("CSV quotes commas, quotes and newlines (RFC 4180) and leaves out the patient reference", "[report]") {
    Records f;
    f.RecordFour();
    const Report r = f.Build();
    const std::string csv = RenderReportCsv(r);
    // The justification cell holds a comma, quotes and a newline: quoted, quotes doubled.
    CHECK(csv.find("\"hepatic: LFTs stable, \"\"reviewed\"\" today;\n<script>alert('x')</script> & go\"") !=
          std::string::npos);
    CHECK(csv.find("\"patient declined, felt unwell\"") != std::string::npos);
    CHECK(csv.find("P-0042") == std::string::npos);
    CHECK(csv.find("patient_ref") == std::string::npos);
    CHECK(csv.rfind("session_id,file,protocol_id,", 0) == 0);
    CHECK(csv.find("\r\n") != std::string::npos);
    ReportRenderOptions withRef;
    withRef.withPatientRef = true;
    const std::string csvRef = RenderReportCsv(r, withRef);
    CHECK(csvRef.find(",patient_ref,") != std::string::npos);
    CHECK(csvRef.find(",P-0042,") != std::string::npos);
}

TEST_CASE("CSV shows text a spreadsheet would run as a formula as text, JSON keeps it as recorded", "[report]") {
    Records f;
    {
        auto s = f.Start({"=HYPERLINK(\"http://x.example\",\"open\")", "anesthesiologist"}, "@SUM(A1:A9)");
        Records::Ok(s->Abandon("+1 wrong patient"));  // outcome_detail
    }
    {
        auto s = f.Start({"-2+3", "nurse"}, "P-2");
        Records::Ok(s->Abandon("\tSuite")); // a tab is free text's only, since names hold none
    }
    const Report r = f.Build();
    const std::string csv = RenderReportCsv(r);
    INFO(csv);
    CHECK(csv.find(R"x(,"'=HYPERLINK(""http://x.example"",""open"")",anesthesiologist,)x") != std::string::npos);
    CHECK(csv.find(R"x(,"'@SUM(A1:A9)",)x") != std::string::npos);
    CHECK(csv.find(R"x(,"'-2+3",nurse,)x") != std::string::npos);
    CHECK(csv.find(",\"'\tSuite\",") != std::string::npos);
    CHECK(csv.find(R"x(,"'+1 wrong patient",)x") != std::string::npos);
    // No cell begins with a formula character unless the apostrophe guards it.
    for (std::size_t at = 0; (at = csv.find_first_of(",\n", at)) != std::string::npos; ++at)
        CHECK(std::string_view("=+-@").find(csv[at + 1]) == std::string_view::npos);
    const auto j = nlohmann::json::parse(RenderReportJson(r));
    CHECK(j.dump().find(R"x(=HYPERLINK(\"http://x.example\",\"open\"))x") != std::string::npos);
    CHECK(j.dump().find("'=") == std::string::npos);
}

TEST_CASE("JSON parses back with every detail, the patient reference included", "[report]") {
    Records f;
    f.RecordFour();
    const auto j = nlohmann::json::parse(RenderReportJson(f.Build()));
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 4);
    const auto& first = j[0];
    CHECK(first["session_id"] == "s-0001");
    CHECK(first["patient_ref"] == "P-0042");
    CHECK(first["started_utc"] == "2026-11-10T09:00:00.000Z");
    CHECK(first["outcome"]["kind"] == "completed");
    CHECK(first["warnings"][0]["justification"] == kNastyJustification);
    CHECK(first["warnings"][0]["justified_by"]["name"] == "Dr A");
    CHECK(first["warnings"][0]["second_clinician"] == "Dr D");
    CHECK(first["amendments"][0]["old"] == nlohmann::json::array({"70"}));
    CHECK(first["amendments"][0]["new"] == nlohmann::json::array({"72"}));
    CHECK(first["integrity"]["status"] == "intact");
    CHECK(j[1]["outcome"]["step"] == "psychosis");
    CHECK(j[2]["outcome"]["reason"] == "patient declined, felt unwell");
    CHECK(j[3]["outcome"]["kind"] == "incomplete");
    CHECK(j[3]["ended_utc"].is_null());
}

TEST_CASE("HTML is self-contained, escapes text from the records, and has the charts", "[report]") {
    Records f;
    f.RecordFour();
    const std::string html = RenderReportHtml(f.Build());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; go") != std::string::npos);
    CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg")); // only the SVG namespace
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("Sessions per outcome") != std::string::npos);
    CHECK(html.find("Justified warnings (overrides) per step") != std::string::npos);
    CHECK(html.find("Sessions per day (UTC)") != std::string::npos);
    CHECK(html.find("<title>hepatic: 2</title>") != std::string::npos); // the overrides-per-step bar
    CHECK(html.find("P-0042") == std::string::npos);
    ReportRenderOptions withRef;
    withRef.withPatientRef = true;
    CHECK(RenderReportHtml(f.Build(), withRef).find("P-0042") != std::string::npos);
}

TEST_CASE("a tampered session is marked damaged with the reason, the others stay intact", "[report]") {
    Records f;
    f.RecordFour();
    const std::string path = f.records.SessionPath("s-0003");
    std::string bytes = test::ReadAll(path);
    bytes.replace(bytes.find("felt unwell"), 11, "felt better");
    test::WriteAll(path, bytes);
    test::WriteAll(f.records.SessionsDir() + "/notes.txt", "not a trail");
    const Report r = f.Build();
    const SessionSummary& s = Row(r, "s-0003");
    CHECK(s.integrity == Integrity::Damaged);
    REQUIRE(s.findings.size() == 1);
    CHECK(FormatFinding(s.findings[0]).find("s-0003.jsonl:3: ") != std::string::npos);
    CHECK(FormatFinding(s.findings[0]).find("does not match its hash") != std::string::npos);
    CHECK(s.partial);
    CHECK(s.outcome == SessionOutcome::Abandoned); // from the ledger's closing entry
    CHECK(s.outcomeFromLedger);
    CHECK(Row(r, "s-0001").Intact());
    CHECK(r.totals.notIntact == 1);
    CHECK_FALSE(r.totals.Intact());
    CHECK(std::any_of(r.totals.notes.begin(), r.totals.notes.end(),
                      [](const FileFinding& n) {
                          return FormatFinding(n).find("notes.txt: not a session trail") != std::string::npos;
                      }));
    // Damage is never filtered away by what it keeps from being read.
    ReportFilter overrides;
    overrides.overridesOnly = true;
    CHECK(Ids(f.Build(overrides)) == std::vector<std::string>{"s-0001", "s-0003", "s-0004"});
}

TEST_CASE("every damaged fixture finishes and marks its sessions with the verifier's reason", "[report]") {
    const fs::path trails = fs::path(KC_TEST_DATA_DIR) / "trails";
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(trails))
        if (e.is_directory()) folders.push_back(e.path());
    std::sort(folders.begin(), folders.end());
    REQUIRE(folders.size() > 40);
    for (const auto& folder : folders) {
        DYNAMIC_SECTION(folder.filename().string()) {
            Report r;
            REQUIRE_NOTHROW(r = BuildReport(folder.string()));
            std::istringstream expected(test::ReadAll((folder / "expected.txt").string()));
            std::size_t expectations = 0;
            for (std::string line; std::getline(expected, line);) {
                if (line.empty()) continue;
                ++expectations;
                const std::string file = line.substr(0, line.find(':'));
                const std::string phrase = line.substr(line.find(": ") + 2);
                INFO(line);
                if (file.rfind("sessions/", 0) != 0) {
                    CHECK(std::any_of(r.totals.folderFindings.begin(), r.totals.folderFindings.end(),
                                      [&](const FileFinding& f) { return f.what.find(phrase) != std::string::npos; }));
                    continue;
                }
                const auto row = std::find_if(r.sessions.begin(), r.sessions.end(),
                                              [&](const SessionSummary& s) { return s.file == file; });
                REQUIRE(row != r.sessions.end());
                CHECK_FALSE(row->Intact());
                CHECK(std::any_of(row->findings.begin(), row->findings.end(),
                                  [&](const FileFinding& f) { return f.what.find(phrase) != std::string::npos; }));
            }
            CHECK(r.totals.Intact() == (expectations == 0));
            // Every file in sessions/ has its row.
            for (const auto& e : fs::directory_iterator(folder / "sessions")) {
                if (e.path().extension() != ".jsonl") continue;
                const std::string file = "sessions/" + e.path().filename().string();
                CHECK(std::any_of(r.sessions.begin(), r.sessions.end(),
                                  [&](const SessionSummary& s) { return s.file == file; }));
            }
            // And each rendering copes.
            CHECK_NOTHROW(nlohmann::json::parse(RenderReportJson(r)));
            CHECK_FALSE(RenderReportCsv(r).empty());
            CHECK(RenderReportHtml(r).find("</html>") != std::string::npos);
        }
    }
}

TEST_CASE("fixture integrity kinds: missing, foreign, torn", "[report]") {
    const fs::path trails = fs::path(KC_TEST_DATA_DIR) / "trails";
    auto kindOf = [&](const char* fixture, const char* file) {
        const Report r = BuildReport((trails / fixture).string());
        for (const auto& s : r.sessions)
            if (s.file == file) return s.integrity;
        FAIL("no row for " << file);
        return Integrity::Intact;
    };
    CHECK(kindOf("missing-session-file", "sessions/65ead6d0-e87c-43ed-9cb6-70e57189c10d.jsonl") == Integrity::Missing);
    CHECK(kindOf("foreign-session-file", "sessions/0e642621-7155-448a-bb6e-9d39fbb54f4e.jsonl") == Integrity::Foreign);
    CHECK(kindOf("torn-last-line", "sessions/856ffe31-bb98-407f-99f0-f2e454a14b55.jsonl") == Integrity::Torn);
    CHECK(kindOf("edited-line", "sessions/15755e75-9762-49f1-b6c8-dd7f9754043c.jsonl") == Integrity::Damaged);
    // A file holding another session than its name: foreign when the ledger does not list
    // that name, damage when it does (the listed file was replaced).
    CHECK(kindOf("renamed-session-file", "sessions/f078189f-96d3-4daa-9964-720875d3e078.jsonl") == Integrity::Foreign);
    CHECK(kindOf("replaced-session-file", "sessions/27cd1be3-33ff-4947-b100-29b0561d978f.jsonl") ==
          Integrity::Damaged);
    CHECK(kindOf("session-file-is-folder", "sessions/65ead6d0-e87c-43ed-9cb6-70e57189c10d.jsonl") ==
          Integrity::Damaged);
    // A missing file still says what the ledger knows: its protocol, and how it ended.
    const Report r = BuildReport((trails / "missing-session-file").string());
    const auto missing = std::find_if(r.sessions.begin(), r.sessions.end(),
                                      [](const SessionSummary& s) { return s.integrity == Integrity::Missing; });
    REQUIRE(missing != r.sessions.end());
    CHECK(missing->protocol.id == "example-minimal");
    CHECK(missing->outcome == SessionOutcome::Stopped);
    CHECK(missing->outcomeFromLedger);
}

namespace {

// Closed sessions whose checkpoints are signed, so that the checkpoints can tell a rewrite
// the hash chain and the ledger no longer show.
struct Signed : test::SessionEnvFixture {
    Signed() : SessionEnvFixture("sg") {}
    SigningKey key = SigningKey::LoadOrCreate(dir.File("keys"));
    std::string Stopped() {
        auto s = test::StartOrFail(protocol, {{"Dr A", "anesthesiologist"}, "P-0042", "Suite 1"}, Env(nullptr, &key));
        REQUIRE(s->Answer("psychosis", {"yes"}).Accepted());
        return s->Id();
    }
    bool RowSays(const std::string& rendered, const std::string& id, const std::string& word) const {
        for (const auto& line : test::SplitLines(rendered))
            if (line.find(id) != std::string::npos && line.find(word) != std::string::npos) return true;
        return false;
    }
};

} // namespace

TEST_CASE("a finding about one session, in whichever file it was found, makes that session's row damaged",
          "[report][checkpoint]") {
    Signed f;
    const std::string id = f.Stopped();
    const std::string other = f.Stopped();
    const std::string checkpoints = layout::CheckpointsPath(f.records.Root());
    FindingKind expected = FindingKind::CheckpointMismatch;
    SECTION("re-sealed, with the ledger, after its checkpoint was signed") {
        test::ResealClosedSession(f.records.SessionPath(id), f.records.LedgerPath(), id,
                                  [](std::vector<nlohmann::json>& lines) { lines[0]["payload"]["patient_ref"] = "P-9"; });
    }
    SECTION("a second checkpoint for it") {
        expected = FindingKind::CheckpointDuplicate;
        const auto trail = test::SplitLines(test::ReadAll(f.records.SessionPath(id)));
        AppendCheckpoint(f.records, f.key, id, trail.size(), CheckLine(trail.back()).hash, f.clock);
    }
    SECTION("a second opened entry for it in the ledger") {
        expected = FindingKind::LedgerDuplicate;
        test::Rechain(f.records.LedgerPath(), [](std::vector<nlohmann::json>& lines) {
            lines.push_back(lines[0]);
            lines.back()["seq"] = lines.size();
        });
    }
    const Report r = BuildReport(f.records.Root());
    const SessionSummary& row = Row(r, id);
    INFO(test::ReadAll(checkpoints));
    CHECK(row.integrity == Integrity::Damaged);
    CHECK(std::any_of(row.findings.begin(), row.findings.end(), [&](const FileFinding& x) { return x.kind == expected; }));
    CHECK(Row(r, other).Intact());
    CHECK(r.totals.notIntact == 1);
    CHECK(r.totals.folderFindings.empty());
    ReportFilter damaged;
    damaged.outcomes = {OutcomeFilter::Damaged};
    ReportOptions damagedOnly;
    damagedOnly.filter = damaged;
    CHECK(Ids(BuildReport(f.records.Root(), damagedOnly)) == std::vector<std::string>{id});
    // Every rendering says so on the session's row.
    CHECK(f.RowSays(RenderReportCsv(r), id, ",damaged,"));
    const auto json = nlohmann::json::parse(RenderReportJson(r));
    for (const auto& s : json) CHECK(s["integrity"]["status"] == (s["session_id"] == id ? "damaged" : "intact"));
    const std::string html = RenderReportHtml(r);
    CHECK(html.find("<td class=\"bad\">damaged") != std::string::npos);
}

TEST_CASE("each session's findings in the report are the verifier's for that session, and none is lost",
          "[report]") {
    const fs::path trails = fs::path(KC_TEST_DATA_DIR) / "trails";
    for (const auto& e : fs::directory_iterator(trails)) {
        if (!e.is_directory()) continue;
        DYNAMIC_SECTION(e.path().filename().string()) {
            const Report r = BuildReport(e.path().string());
            const VerifyReport v = VerifyPaths({e.path().string()}, {});
            std::size_t placed = r.totals.folderFindings.size();
            for (const auto& s : r.sessions) {
                placed += s.findings.size();
                for (const auto& finding : s.findings) CHECK(finding.trail == s.file);
                // What verify says about this one trail, from its place in the folder.
                const std::string trail = (e.path() / s.file).string();
                if (!fs::is_regular_file(trail)) continue;
                const VerifyReport one = VerifyPaths({trail}, {});
                REQUIRE(one.sessions.size() == 1);
                CHECK(one.sessions[0].integrity == s.integrity);
                std::vector<std::string> a, b;
                for (const auto& x : s.findings) a.push_back(FormatFinding(x));
                for (const auto& x : one.sessions[0].findings) b.push_back(FormatFinding(x));
                CHECK(a == b);
            }
            CHECK(placed == v.findings.size());
        }
    }
}
