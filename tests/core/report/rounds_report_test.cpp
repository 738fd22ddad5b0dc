// Rounds as the auditor sees them: per schedule and per session, the rounds due, on time, late,
// missed and open, the longest gap between observations and the observation period achieved,
// at a session's end or at the report's now; their CSV, JSON and HTML renderings. Every
// expected figure is worked out here from the times the test sets (rounds_driver.hpp).
#include <tuple>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/ops/session.hpp"
#include "kc/report/report.hpp"
#include "kc/report/report_render.hpp"
#include "kc/report/rounds_summary.hpp"
#include "rounds_driver.hpp"
#include "session_env.hpp"

using namespace kc;
using test::kRoundsMin;
using test::RoundsDriver;

namespace {

constexpr std::int64_t kMin = kRoundsMin;

const ScheduleSummary& Of(const RoundsSummary& r, const std::string& id) {
    for (const auto& s : r.schedules)
        if (s.id == id) return s;
    throw std::runtime_error("no schedule " + id);
}

// The figures of a schedule, worked out from its rounds' due times and the taken times.
struct Expected {
    std::size_t due, onTime, late, missed, open;
};
void CheckCounts(const ScheduleSummary& s, const Expected& e) {
    CHECK(s.due == e.due);
    CHECK(s.onTime == e.onTime);
    CHECK(s.late == e.late);
    CHECK(s.missed == e.missed);
    CHECK(s.open == e.open);
    CHECK(s.due == s.onTime + s.late + s.missed + s.open);
}

// The longest gap from `start` over sorted taken minutes, worked out by hand in each test and
// checked against this independent walk.
std::int64_t LongestGapMinutes(std::int64_t start, std::vector<std::int64_t> taken) {
    std::int64_t longest = 0, previous = start;
    for (const auto t : taken) longest = std::max(longest, t - previous), previous = t;
    return longest;
}

Report OneSessionReport(const RoundsDriver& d) {
    Report r;
    r.recordsRoot = "records";
    SessionSummary s;
    s.sessionId = d.state.sessionId;
    s.file = "sessions/" + s.sessionId + ".jsonl";
    s.protocol = d.state.protocol;
    s.startedUtcMs = d.state.startedUtcMs;
    s.endedUtcMs = d.state.endedUtcMs;
    s.outcome = d.state.Ended() ? SessionOutcome::Completed : SessionOutcome::Incomplete;
    s.rounds = SummariseRounds(d.engine, d.state, ReportMoment(d.state, 0));
    s.roundsKnown = true;
    r.sessions.push_back(s);
    return r;
}

} // namespace

TEST_CASE("an ended session's rounds: on time, late, missed, the longest gap and an early end", "[report][rounds]") {
    RoundsDriver d;
    d.RecordMixedSession();
    // Ended: judged at its end whatever the report's now is.
    const Moment end = ReportMoment(d.state, RoundsDriver::Utc(1000));
    CHECK(end.utcMs == RoundsDriver::Utc(93));
    CHECK(end.elapsedMs == 93 * kMin);
    const RoundsSummary r = SummariseRounds(d.engine, d.state, end);
    REQUIRE(r.schedules.size() == 2);

    // during: anchored at 2; due at 17, 32, 47, 62 (62 <= 70, the stop); 77 is past the stop.
    // 1 on time, 2 late (taken 44 > 32 + 5), 3 missed, 4 on time (taken 60 >= 62 - 5).
    const ScheduleSummary& during = Of(r, "during");
    CHECK(during.anchored);
    CheckCounts(during, {4, 2, 1, 1, 0});
    // Taken at 17, 44, 60 (both steps at once): gaps 17-2, 44-17, 60-44.
    const std::int64_t duringGap = 44 - 17;
    CHECK(duringGap == LongestGapMinutes(2, {17, 44, 60}));
    CHECK(during.longestGapMs == duringGap * kMin);
    CHECK_FALSE(during.periodMs.has_value()); // until a time point: no stated period
    CHECK_FALSE(during.achievedMs.has_value());
    CHECK_FALSE(during.endedEarly);

    // after: anchored at 70, for 60 min; round 1 due 85 taken 89 (<= 85 + 5): on time; ended
    // early at 92, before round 2 (due 100) opened, so one round was due.
    const ScheduleSummary& after = Of(r, "after");
    CheckCounts(after, {1, 1, 0, 0, 0});
    CHECK(after.longestGapMs == (89 - 70) * kMin);
    CHECK(after.periodMs == 60 * kMin);
    CHECK(after.achievedMs == (92 - 70) * kMin);
    CHECK(after.endedEarly);
    CHECK(after.earlyReason == "patient discharged by the consultant");
    CHECK(after.earlySecondClinician == "Dr B");

    // The session: the sums, and the longest gap over every observation from the first start
    // (2): 17, 44, 60, 89 -> the 60 -> 89 gap spans the stop, longer than either schedule's own.
    CHECK(r.due == 5);
    CHECK(r.onTime == 3);
    CHECK(r.late == 1);
    CHECK(r.missed == 1);
    CHECK(r.open == 0);
    CHECK(LongestGapMinutes(2, {17, 44, 60, 89}) == 89 - 60);
    CHECK(r.longestGapMs == (89 - 60) * kMin);
}

TEST_CASE("an open session's rounds are judged at the report's now, a round counting once its due time has come",
          "[report][rounds]") {
    RoundsDriver d;
    d.Start();
    d.At(2);
    d.Answer("infusion-start", {"now"});
    d.At(17);
    d.Observe("during", 1, "hr", {"80"});
    d.Observe("during", 1, "spo2", {"98"});
    // Left open at 17. Due at 17, 32, 47, 62, ... (grace 5).
    struct Case {
        std::int64_t nowMinute;
        Expected during;
    };
    for (const Case& c : {Case{10, {1, 1, 0, 0, 0}},   // before the last event: as of it (17)
                          Case{31, {1, 1, 0, 0, 0}},   // round 2 is open for entry (27..37), not due yet
                          Case{32, {2, 1, 0, 0, 1}},   // round 2 due now
                          Case{46, {2, 1, 0, 0, 1}},   // round 3 open for entry, not due
                          Case{50, {3, 1, 0, 0, 2}},   // round 2 overdue, round 3 due
                          Case{62, {4, 1, 0, 0, 3}}}) {
        INFO("now = minute " << c.nowMinute);
        const Moment at = ReportMoment(d.state, RoundsDriver::Utc(c.nowMinute));
        CHECK(at.elapsedMs == std::max<std::int64_t>(c.nowMinute, 17) * kMin);
        const RoundsSummary r = SummariseRounds(d.engine, d.state, at);
        CheckCounts(Of(r, "during"), c.during);
        CHECK(r.longestGapMs == (17 - 2) * kMin);
        // after: its anchor (the stop) is not recorded: nothing due, nothing achieved.
        CHECK_FALSE(Of(r, "after").anchored);
        CHECK(Of(r, "after").due == 0);
        CHECK_FALSE(Of(r, "after").achievedMs.has_value());
    }
}

TEST_CASE("the observation period achieved runs to the last observation, at most the stated period",
          "[report][rounds]") {
    RoundsDriver d;
    d.Start();
    d.At(2);
    d.Answer("infusion-start", {"now"});
    d.At(10);
    d.Answer("infusion-stop", {"now"}); // during ends at 10: no round was due (the first at 17)
    // after: anchored at 10; rounds due 25, 40, 55, 70 (= 10 + 60, the end).
    const std::vector<std::int64_t> taken = {25, 41, 53, 68};
    for (std::size_t i = 0; i < taken.size(); ++i) {
        d.At(taken[i]);
        d.Observe("after", i + 1, "after-hr", {"70"});
    }
    d.At(80);
    d.Complete();
    const RoundsSummary r = SummariseRounds(d.engine, d.state, ReportMoment(d.state, 0));
    CheckCounts(Of(r, "during"), {0, 0, 0, 0, 0});
    CHECK_FALSE(Of(r, "during").longestGapMs.has_value());
    const ScheduleSummary& after = Of(r, "after");
    CheckCounts(after, {4, 4, 0, 0, 0});
    CHECK(after.achievedMs == (68 - 10) * kMin); // the last observation, 2 min inside the period's end
    CHECK(after.periodMs == 60 * kMin);
    CHECK_FALSE(after.endedEarly);
    CHECK(after.longestGapMs == LongestGapMinutes(10, taken) * kMin);
    CHECK(after.longestGapMs == (41 - 25) * kMin);
}

TEST_CASE("the CSV, JSON and HTML reports carry each session's rounds", "[report][rounds]") {
    RoundsDriver d;
    d.RecordMixedSession();
    const Report report = OneSessionReport(d);

    SECTION("CSV: one column each, the gap in seconds, the period per schedule") {
        const std::string csv = RenderReportCsv(report);
        const std::string header = csv.substr(0, csv.find("\r\n"));
        CHECK(header.find(",rounds_due,rounds_on_time,rounds_late,rounds_missed,rounds_open,longest_gap_s,"
                          "observation_period") != std::string::npos);
        const std::string row = csv.substr(csv.find("\r\n") + 2);
        CHECK(row.find(fmt::format(",5,3,1,1,0,{},", (89 - 60) * 60)) != std::string::npos);
        CHECK(row.find("after: 22 min of 1 h, ended early: patient discharged by the consultant (acknowledged by "
                       "Dr B)") != std::string::npos);
    }
    SECTION("JSON: the figures per session and per schedule") {
        const auto j = nlohmann::json::parse(RenderReportJson(report)).at(0).at("rounds");
        CHECK(j.at("known") == true);
        CHECK(j.at("due") == 5);
        CHECK(j.at("on_time") == 3);
        CHECK(j.at("late") == 1);
        CHECK(j.at("missed") == 1);
        CHECK(j.at("open") == 0);
        CHECK(j.at("longest_gap_s") == (89 - 60) * 60);
        const auto& during = j.at("schedules").at(0);
        CHECK(during.at("id") == "during");
        CHECK(during.at("longest_gap_s") == (44 - 17) * 60);
        CHECK(during.at("period_s").is_null());
        const auto& after = j.at("schedules").at(1);
        CHECK(after.at("period_s") == 60 * 60);
        CHECK(after.at("achieved_s") == (92 - 70) * 60);
        CHECK(after.at("ended_early") == true);
        CHECK(after.at("early_reason") == "patient discharged by the consultant");
    }
}

namespace {

// Sessions recorded through Session into a records folder, on a clock the test moves (both
// its wall clock and its monotonic clock move by Advance).
struct RoundsRecords : test::SessionEnvFixture {
    RoundsRecords() : SessionEnvFixture("r", test::kRoundsT0, 0) {
        protocol = test::RoundsReportProtocol(dir.File("rounds-report.yaml"));
    }
    std::int64_t startedAt = 0;
    std::unique_ptr<Session> Begin() {
        auto s = Start();
        startedAt = clock.UtcMs();
        Ok(s->Answer("consent", {"yes"}));
        return s;
    }
    void At(std::int64_t minute) { clock.Advance(startedAt + minute * kMin - clock.UtcMs()); }
    static void Ok(const Decision& d) {
        INFO(d.refusal);
        REQUIRE(d.Accepted());
    }
    static Observation Obs(const std::string& rounds, std::uint64_t n, const std::string& step, const std::string& v,
                           const std::string& late = {}) {
        return Observation{rounds, n, step, {v}, std::nullopt, {}, late, {}};
    }
    // r-0001: every "during" round on time (17, 32), stopped at 40, "after" on time at 55, 70,
    //         85, 100; completed at 101.
    // r-0002: round 1 on time (17), round 2 entered at 40, 8 min after its grace: late.
    //         Then left open at 40.
    // r-0003: round 1 missed at 23; left open at 23 (round 2, due 32, is open by the report's now).
    void RecordThree() {
        {
            auto s = Begin();
            At(2);
            Ok(s->Answer("infusion-start", {"now"}));
            for (const std::int64_t m : {17, 32}) {
                At(m);
                Ok(s->Observe(Obs("during", static_cast<std::uint64_t>((m - 2) / 15), "hr", "80")));
                Ok(s->Observe(Obs("during", static_cast<std::uint64_t>((m - 2) / 15), "spo2", "98")));
            }
            At(40);
            Ok(s->Answer("infusion-stop", {"now"}));
            for (std::uint64_t n = 1; n <= 4; ++n) {
                At(40 + static_cast<std::int64_t>(n) * 15);
                Ok(s->Observe(Obs("after", n, "after-hr", "70")));
            }
            At(101);
            Ok(s->Attest("Dr A", "I confirm this record."));
            Ok(s->Complete());
        }
        clock.Advance(kMin);
        {
            auto s = Begin();
            At(2);
            Ok(s->Answer("infusion-start", {"now"}));
            At(17);
            Ok(s->Observe(Obs("during", 1, "hr", "80")));
            Ok(s->Observe(Obs("during", 1, "spo2", "98")));
            At(45);
            Ok(s->Observe(Obs("during", 2, "hr", "80", "called away")));
            Ok(s->Observe(Obs("during", 2, "spo2", "98", "called away")));
        }
        const std::int64_t secondAt = startedAt;
        clock.Advance(kMin);
        {
            auto s = Begin();
            At(2);
            Ok(s->Answer("infusion-start", {"now"}));
            At(23);
            Ok(s->MissRound("during", 1, "patient asleep, not woken"));
        }
        thirdStartedAt = startedAt;
        secondStartedAt = secondAt;
    }
    std::int64_t secondStartedAt = 0, thirdStartedAt = 0;
    Report Build(ReportFilter filter, std::int64_t nowUtcMs) {
        ReportOptions options;
        options.filter = std::move(filter);
        options.nowUtcMs = nowUtcMs;
        return BuildReport(records.Root(), options);
    }
};

std::vector<std::string> Ids(const Report& r) {
    std::vector<std::string> ids;
    for (const auto& s : r.sessions) ids.push_back(s.sessionId);
    return ids;
}

} // namespace

TEST_CASE("a report over a records folder counts each session's rounds and filters on late and missed ones",
          "[report][rounds]") {
    RoundsRecords f;
    f.RecordThree();
    // The report's now: 30 min after the third session's start, so its round 2 (due 2 + 30 =
    // 32) is not due yet; the second session (left at 45) is then long past its round 3 (due 47).
    const std::int64_t now = f.thirdStartedAt + 30 * kMin;
    const Report all = f.Build({}, now);
    REQUIRE(Ids(all) == std::vector<std::string>{"r-0001", "r-0002", "r-0003"});
    for (const auto& s : all.sessions) CHECK(s.Intact());

    const RoundsSummary& done = all.sessions[0].rounds;
    // during: due 17, 32 (47 > the stop at 40): both on time; after: 55, 70, 85, 100, all on time.
    CHECK(std::tie(done.due, done.onTime, done.late, done.missed, done.open) ==
          std::make_tuple(std::size_t{6}, std::size_t{6}, std::size_t{0}, std::size_t{0}, std::size_t{0}));
    CHECK(Of(done, "after").achievedMs == (100 - 40) * kMin);
    // Gaps over all: 2 -> 17 -> 32 -> 55 -> 70 -> 85 -> 100: the longest 32 -> 55.
    CHECK(done.longestGapMs == (55 - 32) * kMin);

    // The second: open; now is (thirdStartedAt - secondStartedAt) + 30 min into its session time.
    const std::int64_t secondNow = (now - f.secondStartedAt) / kMin;
    REQUIRE(secondNow > 47); // its round 3 (due 47) is due at the report's now
    const RoundsSummary& late = all.sessions[1].rounds;
    const std::size_t secondDue = static_cast<std::size_t>((secondNow - 2) / 15); // rounds due at 17, 32, 47, ...
    CHECK(late.due == secondDue);
    CHECK(late.onTime == 1);
    CHECK(late.late == 1);
    CHECK(late.open == secondDue - 2);

    const RoundsSummary& missed = all.sessions[2].rounds;
    CHECK(std::tie(missed.due, missed.missed, missed.open) ==
          std::make_tuple(std::size_t{1}, std::size_t{1}, std::size_t{0}));
    CHECK_FALSE(missed.longestGapMs.has_value());

    CHECK(all.totals.roundsDue == 6 + secondDue + 1);
    CHECK(all.totals.roundsLate == 1);
    CHECK(all.totals.withLate == 1);
    CHECK(all.totals.withMissed == 2);

    ReportFilter lateOnly;
    lateOnly.lateOnly = true;
    CHECK(Ids(f.Build(lateOnly, now)) == std::vector<std::string>{"r-0002"});
    ReportFilter missedOnly;
    missedOnly.missedOnly = true;
    CHECK(Ids(f.Build(missedOnly, now)) == std::vector<std::string>{"r-0002", "r-0003"});
    // Judged as of its last event (no now given), the second session has nothing open: its
    // round 3 (due 47) was not yet due at 45.
    CHECK(Ids(f.Build(missedOnly, 0)) == std::vector<std::string>{"r-0003"});
    ReportFilter both = lateOnly;
    both.missedOnly = true;
    CHECK(Ids(f.Build(both, now)) == std::vector<std::string>{"r-0002"});

    SECTION("the HTML page: the summary, the on-time chart and the filters said") {
        ReportRenderOptions render;
        const std::string html = RenderReportHtml(f.Build(missedOnly, now), render);
        CHECK(html.find("only sessions with a round missed or left open") != std::string::npos);
        CHECK(html.find("<script") == std::string::npos);
        // One ISO week (2026-W49: 2 December 2026 is a Wednesday); on time: the second's 1 of
        // its due, the third's 0 of 1.
        const std::size_t onTime = 1, due = secondDue + 1;
        CHECK(html.find(fmt::format("2026-W49: {} of {} rounds on time ({} %)", onTime, due, onTime * 100 / due)) !=
              std::string::npos);
        CHECK(html.find(fmt::format("{} due: 1 on time, <span class=\"bad\">1 late</span>", secondDue)) !=
              std::string::npos);
    }
}
