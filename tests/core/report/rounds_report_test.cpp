// Rounds as the auditor sees them: per schedule and per session, the rounds due, on time, late,
// missed and open, the longest gap between observations and the observation period achieved,
// at a session's end or at the report's now; their CSV, JSON and HTML renderings. Every
// expected figure is worked out here from the times the test sets (rounds_driver.hpp).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/report/report_render.hpp"
#include "kc/report/rounds_summary.hpp"
#include "rounds_driver.hpp"

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
