// Time points and rounds of observations in the engine: due times from recorded time points on
// session time, each round's status at a moment, late entries, missed rounds, limits, the
// early end, and the fold (a trail replays to the same state; a line that says other than its
// value raises is refused).
#include <catch2/catch.hpp>

#include "kc/audit/codec.hpp"
#include "kc/base/clock.hpp"
#include "kc/session/engine.hpp"
#include "test_protocols.hpp"

namespace kc::test {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kT0 = 1'764'000'000'000; // the session starts here

const std::string kBase = R"(format: 1
id: rounds-test
title: Rounds test protocol
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources:
  - {id: s, citation: Test source}
phases:
  - id: during
    title: During
    basis: {local_policy: {}}
    steps:
      - {id: consent, prompt: "Consent?", kind: yes-no}
      - {id: infusion-start, prompt: Infusion started, kind: free-text}
      - {id: infusion-stop, prompt: Infusion stopped, kind: free-text}
      - {id: discharge, prompt: "Discharge criteria met?", kind: yes-no}
)";

Step RoundStep(std::string id, AnswerKind kind, std::string unit = {}) {
    Step s;
    s.id = std::move(id);
    s.prompt = s.id;
    s.kind = kind;
    s.unit = std::move(unit);
    return s;
}

// The base protocol with two time points and two schedules: "during" every 15 min from the
// start until the stop (grace 5), with a heart rate (limits 50-120, stop below 30), a yes/no
// "distress" and "action" that applies only when distress = yes; "after" every 15 min for 30
// min after the stop.
ProtocolPtr RoundsProtocol() {
    auto p = std::make_shared<Protocol>(*LoadInline(kBase));
    p->steps[1].kind = AnswerKind::TimePoint;
    p->steps[2].kind = AnswerKind::TimePoint;
    RoundSchedule during;
    during.id = "during";
    during.title = "Observations during the infusion";
    during.from = "infusion-start";
    during.until = "infusion-stop";
    during.everyMs = 15 * kMin;
    during.graceMs = 5 * kMin;
    Step hr = RoundStep("during-hr", AnswerKind::Measurement, "/min");
    hr.limits = Limits{"50", "120", "Heart rate outside the department's limits.", true, "30", std::nullopt,
                       "Heart rate below the stop limit.", {}};
    during.steps.push_back(hr);
    during.steps.push_back(RoundStep("distress", AnswerKind::YesNo));
    Step action = RoundStep("action", AnswerKind::FreeText);
    Condition c;
    c.step = "distress";
    c.value = kYes;
    action.when = c;
    during.steps.push_back(action);
    RoundSchedule after;
    after.id = "after";
    after.title = "Observations after the infusion";
    after.from = "infusion-stop";
    after.forMs = 30 * kMin;
    after.everyMs = 15 * kMin;
    after.graceMs = 5 * kMin;
    after.steps.push_back(RoundStep("after-hr", AnswerKind::Measurement, "/min"));
    p->rounds = {during, after};
    return p;
}

// Drives the engine as a session does, at a moment the test sets.
struct Timed {
    Engine engine{RoundsProtocol()};
    SessionState state;
    std::vector<Event> log;
    Moment now{kT0, 0};

    void At(std::int64_t minutes, std::int64_t seconds = 0) {
        now = {kT0 + minutes * kMin + seconds * 1000, minutes * kMin + seconds * 1000};
    }
    Decision Do(Decision d) {
        if (!d.Accepted()) return d;
        for (const auto& body : d.events) {
            Event e;
            e.seq = state.lastSeq + 1;
            e.utcMs = now.utcMs;
            e.elapsedMs = now.elapsedMs;
            e.sessionId = "s-1";
            e.actor = {"Dr A", "anesthesiologist"};
            e.body = body;
            e.prevHash = state.lastHash;
            EncodeLine(e);
            const auto error = engine.Apply(state, e);
            INFO(error);
            REQUIRE(error.empty());
            log.push_back(e);
        }
        return d;
    }
    void Start() {
        const Protocol& p = engine.GetProtocol();
        REQUIRE(Do(engine.Start({p.id, p.version, p.sha256, p.title}, {"Dr A", "anesthesiologist"}, "P-1", "Suite 1"))
                    .Accepted());
        REQUIRE(Do(engine.Answer(state, "consent", {"yes"}, "", now)).Accepted());
    }
    Decision Answer(const std::string& step, Values v, const std::string& note = {}) {
        return Do(engine.Answer(state, step, v, note, now));
    }
    Decision Observe(const std::string& rounds, std::uint64_t n, const std::string& step, Values v,
                     std::optional<std::int64_t> takenMinute = std::nullopt, std::string note = {},
                     std::string late = {}, std::string second = {}) {
        Observation o{rounds, n, step, std::move(v), std::nullopt, std::move(note), std::move(late), std::move(second)};
        if (takenMinute) o.takenUtcMs = kT0 + *takenMinute * kMin;
        return Do(engine.Observe(state, o, {"Dr A", "anesthesiologist"}, now));
    }
    ScheduleInfo Schedule(std::size_t i) const { return engine.Schedule(state, i, now); }
    RoundStatus StatusOf(std::size_t i, std::uint64_t n) const { return Schedule(i).rounds.at(n - 1).status; }
};

} // namespace

TEST_CASE("a time point records now as the moment's UTC time, and refuses the future and times before the start") {
    Timed t;
    t.Start();
    t.At(2);
    CHECK(t.engine.Answer(t.state, "infusion-start", {FormatUtcMs(kT0 + 3 * kMin)}, "", t.now).refusal.find("later than now") !=
          std::string::npos);
    CHECK(t.engine.Answer(t.state, "infusion-start", {FormatUtcMs(kT0 - 1)}, "", t.now).refusal.find("before the session started") !=
          std::string::npos);
    CHECK_FALSE(t.engine.Answer(t.state, "infusion-start", {"10:15"}, "", t.now).Accepted());
    const Decision d = t.Answer("infusion-start", {"now"});
    REQUIRE(d.Accepted());
    CHECK(std::get<ev::StepAnswered>(d.events.front()).values == Values{FormatUtcMs(kT0 + 2 * kMin)});
    // The end of a schedule cannot come before its start.
    t.At(3);
    CHECK(t.engine.Answer(t.state, "infusion-stop", {FormatUtcMs(kT0 + 1 * kMin)}, "", t.now).refusal.find("before 'infusion-start'") !=
          std::string::npos);
}

TEST_CASE("rounds fall due on session time from the recorded start, and each has its status at a moment") {
    Timed t;
    t.Start();
    CHECK_FALSE(t.Schedule(0).anchored);
    CHECK(t.Observe("during", 1, "during-hr", {"80"}).refusal.find("start when 'infusion-start' is recorded") !=
          std::string::npos);
    // Started 1 minute ago, recorded now: round 1 is due at minute 16.
    t.At(2);
    REQUIRE(t.Answer("infusion-start", {FormatUtcMs(kT0 + 1 * kMin)}).Accepted());
    ScheduleInfo s = t.Schedule(0);
    REQUIRE(s.anchored);
    CHECK(s.anchorElapsedMs == 1 * kMin);
    REQUIRE(s.rounds.size() == 1);
    CHECK(s.rounds[0].dueElapsedMs == 16 * kMin);
    CHECK(s.rounds[0].status == RoundStatus::Upcoming);
    CHECK(s.open);

    t.At(10);
    CHECK(t.Observe("during", 1, "during-hr", {"80"}).refusal.find("opens at") != std::string::npos);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}).refusal.find("not open yet") != std::string::npos);
    t.At(11); // due minus grace: open
    CHECK(t.StatusOf(0, 1) == RoundStatus::Due);
    REQUIRE(t.Observe("during", 1, "during-hr", {"80"}).Accepted());
    CHECK(t.StatusOf(0, 1) == RoundStatus::Due); // distress is still to record
    CHECK(t.Observe("during", 1, "during-hr", {"82"}).refusal.find("already recorded") != std::string::npos);
    CHECK(t.Observe("during", 1, "action", {"x"}).refusal.find("condition does not hold") != std::string::npos);
    REQUIRE(t.Observe("during", 1, "distress", {"no"}).Accepted());
    CHECK(t.StatusOf(0, 1) == RoundStatus::OnTime);

    // Round 2 (due 31) past its grace (36) is overdue; the session cannot be finished.
    t.At(36, 1);
    CHECK(t.StatusOf(0, 2) == RoundStatus::Overdue);
    CHECK(t.engine.RoundsOpen(t.state, t.now).find("round 2") != std::string::npos);
    CHECK(t.engine.MissRound(t.state, "during", 3, "x", t.now).refusal.find("upcoming") != std::string::npos);
    CHECK_FALSE(t.engine.MissRound(t.state, "during", 2, " ", t.now).Accepted());
    REQUIRE(t.Do(t.engine.MissRound(t.state, "during", 2, "patient in the bathroom", t.now)).Accepted());
    CHECK(t.StatusOf(0, 2) == RoundStatus::Missed);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}).refusal.find("missed") != std::string::npos);
    CHECK(t.engine.MissRound(t.state, "during", 1, "x", t.now).refusal.find("done on time") != std::string::npos);
}

TEST_CASE("an observation taken after the grace, or entered later than the grace after it was taken, needs a reason") {
    Timed t;
    t.Start();
    t.At(0);
    REQUIRE(t.Answer("infusion-start", {"now"}).Accepted()); // round 1 due at 15, grace to 20
    // Taken at 16, entered at 21: 5 minutes later is within the grace.
    t.At(21);
    REQUIRE(t.Observe("during", 1, "during-hr", {"80"}, 16).Accepted());
    // Taken at 16, entered at 21:01: more than the grace after: late.
    t.At(21, 1);
    const Decision refused = t.Observe("during", 1, "distress", {"no"}, 16);
    CHECK(refused.refusal.find("late") != std::string::npos);
    CHECK(t.Observe("during", 1, "distress", {"no"}, 16, "", " ").refusal.find("reason for the late entry") !=
          std::string::npos);
    REQUIRE(t.Observe("during", 1, "distress", {"no"}, 16, "", "busy with another patient").Accepted());
    CHECK(t.StatusOf(0, 1) == RoundStatus::Late);
    // On time, a late reason is refused; taken before the round opened is refused.
    t.At(29);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}, std::nullopt, "", "x").refusal.find("on time") != std::string::npos);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}, 24).refusal.find("before round 2 opened") != std::string::npos);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}, 30).refusal.find("later than now") != std::string::npos);
    // Taken after the grace, entered at once: late too.
    t.At(36);
    CHECK(t.Observe("during", 2, "during-hr", {"80"}).refusal.find("late") != std::string::npos);
}

TEST_CASE("a value outside the department's limits raises the warning, needs a note and a second clinician, a stop limit stops") {
    Timed t;
    t.Start();
    REQUIRE(t.Answer("infusion-start", {"now"}).Accepted());
    t.At(15);
    for (const char* inside : {"50", "120", "50.0", "119.999999", "0120"}) {
        INFO(inside);
        const Decision d = t.engine.Observe(t.state, {"during", 1, "during-hr", {inside}, {}, {}, {}, {}},
                                            {"Dr A", "anesthesiologist"}, t.now);
        REQUIRE(d.Accepted());
        CHECK(std::get<ev::ObservationRecorded>(d.events.front()).warning.empty());
    }
    for (const char* outside : {"49.99", "120.000001", "121", "49", "31"}) {
        INFO(outside);
        const Decision noNote = t.engine.Observe(t.state, {"during", 1, "during-hr", {outside}, {}, {}, {}, {}},
                                                 {"Dr A", "anesthesiologist"}, t.now);
        CHECK(noNote.refusal.find("note of what was done") != std::string::npos);
    }
    CHECK(t.Observe("during", 1, "during-hr", {"130"}, std::nullopt, "rate slowed", "", "").refusal.find("second clinician") !=
          std::string::npos);
    CHECK(t.Observe("during", 1, "during-hr", {"130"}, std::nullopt, "rate slowed", "", "Dr A").refusal.find("someone other") !=
          std::string::npos);
    const Decision d = t.Observe("during", 1, "during-hr", {"130"}, std::nullopt, "infusion slowed", "", "Dr B");
    REQUIRE(d.Accepted());
    CHECK(std::get<ev::ObservationRecorded>(d.events.front()).warning == "Heart rate outside the department's limits.");

    Timed s;
    s.Start();
    REQUIRE(s.Answer("infusion-start", {"now"}).Accepted());
    s.At(15);
    const Decision stop = s.Observe("during", 1, "during-hr", {"29.5"});
    REQUIRE(stop.Accepted());
    REQUIRE(stop.events.size() == 2);
    CHECK(std::get<ev::HardStopped>(stop.events[1]).message == "Heart rate below the stop limit.");
    CHECK(s.state.status == SessionStatus::Stopped);
    CHECK(s.state.stopRecorded);
}

TEST_CASE("the session is finished only when every round is closed and the observation period has run, or ended early") {
    Timed t;
    t.Start();
    REQUIRE(t.Answer("infusion-start", {"now"}).Accepted());
    t.At(15);
    REQUIRE(t.Observe("during", 1, "during-hr", {"80"}).Accepted());
    REQUIRE(t.Observe("during", 1, "distress", {"yes"}).Accepted());
    CHECK(t.StatusOf(0, 1) == RoundStatus::Due); // action applies now
    REQUIRE(t.Observe("during", 1, "action", {"reassured"}).Accepted());
    CHECK(t.StatusOf(0, 1) == RoundStatus::OnTime);
    t.At(20);
    REQUIRE(t.Answer("infusion-stop", {"now"}).Accepted()); // during has round 1 only; after runs to 50
    ScheduleInfo during = t.Schedule(0);
    CHECK_FALSE(during.open);
    CHECK(during.rounds.size() == 1);
    REQUIRE(t.Answer("discharge", {"yes"}).Accepted());
    CHECK(t.engine.Attest(t.state, "Dr A", "I confirm.", t.now).refusal.find("observation period") != std::string::npos);
    CHECK(t.engine.Complete(t.state, t.now).refusal.find("observation period") != std::string::npos);
    // Amending a time point the recorded rounds hang on is refused.
    CHECK(t.engine.Amend(t.state, "infusion-start", {FormatUtcMs(kT0)}, "typo", t.now).refusal.find("no longer be amended") !=
          std::string::npos);
    t.At(35);
    REQUIRE(t.Observe("after", 1, "after-hr", {"70"}).Accepted());
    t.At(40);
    CHECK(t.engine.EndObservationEarly(t.state, "after", "stable", "", {"Dr A", "anesthesiologist"}, t.now).refusal.find(
              "second clinician") != std::string::npos);
    CHECK_FALSE(t.engine.EndObservationEarly(t.state, "after", "", "Dr B", {"Dr A", "anesthesiologist"}, t.now).Accepted());
    REQUIRE(t.Do(t.engine.EndObservationEarly(t.state, "after", "stable, discharged by the surgeon", "Dr B",
                                              {"Dr A", "anesthesiologist"}, t.now))
                .Accepted());
    CHECK(t.engine.RoundsOpen(t.state, t.now).empty());
    CHECK(t.Observe("after", 2, "after-hr", {"70"}).refusal.find("ended early") != std::string::npos);
    REQUIRE(t.Do(t.engine.Attest(t.state, "Dr A", "I confirm.", t.now)).Accepted());
    REQUIRE(t.Do(t.engine.Complete(t.state, t.now)).Accepted());

    // Without the early end: the period runs to 50, and round 2 (due 50) must be closed.
    Timed u;
    u.Start();
    REQUIRE(u.Answer("infusion-start", {"now"}).Accepted());
    u.At(10);
    REQUIRE(u.Answer("infusion-stop", {"now"}).Accepted());
    REQUIRE(u.Answer("discharge", {"yes"}).Accepted());
    u.At(56);
    CHECK(u.engine.Complete(u.state, u.now).refusal.find("round 1 of") != std::string::npos);
    REQUIRE(u.Do(u.engine.MissRound(u.state, "after", 1, "called away", u.now)).Accepted());
    CHECK(u.engine.RoundsOpen(u.state, u.now).find("round 2") != std::string::npos);
    REQUIRE(u.Observe("after", 2, "after-hr", {"70"}, std::nullopt, "", "called away").Accepted());
    CHECK(u.engine.RoundsOpen(u.state, u.now).empty());
}

TEST_CASE("a trail with rounds replays to the same schedule, and a line that says other than its value raises is refused") {
    Timed t;
    t.Start();
    REQUIRE(t.Answer("infusion-start", {"now"}).Accepted());
    t.At(15);
    REQUIRE(t.Observe("during", 1, "during-hr", {"130"}, std::nullopt, "slowed", "", "Dr B").Accepted());
    t.At(37);
    REQUIRE(t.Do(t.engine.MissRound(t.state, "during", 2, "busy", t.now)).Accepted());

    SessionState replayed;
    for (const auto& e : t.log) REQUIRE(t.engine.Apply(replayed, e).empty());
    const ScheduleInfo a = t.engine.Schedule(t.state, 0, t.now);
    const ScheduleInfo b = t.engine.Schedule(replayed, 0, t.now);
    REQUIRE(a.rounds.size() == b.rounds.size());
    for (std::size_t i = 0; i < a.rounds.size(); ++i) {
        CHECK(a.rounds[i].status == b.rounds[i].status);
        CHECK(a.rounds[i].dueElapsedMs == b.rounds[i].dueElapsedMs);
    }

    // Each change to the observation line is refused by the fold, rehashed or not.
    const std::size_t at = 3; // the observation
    REQUIRE(std::holds_alternative<ev::ObservationRecorded>(t.log[at].body));
    const auto refusedWith = [&](auto change) {
        std::vector<Event> log = t.log;
        change(std::get<ev::ObservationRecorded>(log[at].body));
        SessionState s;
        std::string error;
        for (auto& e : log) {
            if (!error.empty()) break;
            e.prevHash = s.lastHash;
            EncodeLine(e);
            error = t.engine.Apply(s, e);
        }
        return error;
    };
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.warning.clear(); }).empty());
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.note.clear(); }).empty());
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.values = {"80"}; }).empty());
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.number = 3; }).empty());
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.takenUtcMs -= 20 * kMin; }).empty());
    CHECK_FALSE(refusedWith([](ev::ObservationRecorded& o) { o.rounds = "after"; }).empty());
    CHECK(refusedWith([](ev::ObservationRecorded&) {}).empty());
}

TEST_CASE("round events survive the codec unchanged") {
    for (const EventBody& body : std::vector<EventBody>{
             ev::ObservationRecorded{"during", 3, "during-hr", {"72"}, "/min", kT0 + 5, "note", "late", "warn", "Dr B"},
             ev::ObservationRecorded{"during", 1, "distress", {"no"}, "", kT0, "", "", "", ""},
             ev::RoundMissed{"during", 2, "called away"},
             ev::ObservationEndedEarly{"after", "stable", "Dr B"}}) {
        Event e;
        e.seq = 1;
        e.utcMs = kT0;
        e.sessionId = "s-1";
        e.actor = {"Dr A", "anesthesiologist"};
        e.body = body;
        e.prevHash = kGenesisHash;
        const std::string line = EncodeLine(e);
        std::string error;
        const auto decoded = DecodeLine(line, error);
        INFO(line << " " << error);
        REQUIRE(decoded);
        CHECK(decoded->body == body);
    }
}

} // namespace kc::test
