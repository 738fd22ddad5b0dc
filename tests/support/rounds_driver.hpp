#pragma once
// A protocol with rounds, inline, and a driver that records its events at moments a test
// sets, as a session does (for the report and export tests). "during": every 15 min from
// infusion-start until infusion-stop, grace 5 min, a heart rate (LOINC 8867-4; warning outside
// 50-120, hard stop below 30) and an SpO2 (LOINC 59408-5); "after": every 15 min for 60 min
// after infusion-stop, grace 5 min, a heart rate and a sedation choice (single choice).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "kc/audit/codec.hpp"
#include "kc/session/engine.hpp"
#include "test_protocols.hpp"

namespace kc::test {

inline constexpr std::int64_t kRoundsMin = 60'000;
inline constexpr std::int64_t kRoundsT0 = 1'796'205'600'000; // 2026-12-02T10:00:00Z, a Wednesday

inline const std::string kRoundsProtocol = R"(format: 1
id: rounds-report
title: Rounds report protocol
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
      - {id: infusion-start, prompt: Infusion started, kind: time-point}
      - {id: infusion-stop, prompt: Infusion stopped, kind: time-point}
    rounds:
      - id: during
        title: Observations during the infusion
        from: infusion-start
        until: infusion-stop
        every: 15 min
        grace: 5 min
        steps:
          - id: hr
            prompt: hr prompt
            kind: measurement
            unit: /min
            codes: [{system: loinc, code: 8867-4, display: Heart rate}]
            limits:
              below: 50
              above: 120
              message: Heart rate outside the department's limits.
              stop_below: 30
              stop_message: Heart rate below the stop limit.
          - id: spo2
            prompt: spo2 prompt
            kind: measurement
            unit: "%"
            codes: [{system: loinc, code: 59408-5}]
      - id: after
        title: Observations after the infusion
        from: infusion-stop
        for: 60 min
        every: 15 min
        grace: 5 min
        steps:
          - {id: after-hr, prompt: after-hr prompt, kind: measurement, unit: /min}
          - id: sedation
            prompt: sedation prompt
            kind: single-choice
            required: false
            options:
              - {id: awake, label: Awake}
              - {id: drowsy, label: Drowsy}
)";

inline ProtocolPtr RoundsReportProtocol(const std::string& path = "rounds-report.yaml") {
    return LoadInline(kRoundsProtocol, path);
}

// Records events at moments the test sets (minutes after kRoundsT0, on both clocks).
struct RoundsDriver {
    ProtocolPtr protocol = RoundsReportProtocol();
    Engine engine{protocol};
    SessionState state;
    std::vector<Event> log;
    Moment now{kRoundsT0, 0};
    Actor actor{"Dr A", "anesthesiologist"};

    static std::int64_t Utc(std::int64_t minute) { return kRoundsT0 + minute * kRoundsMin; }
    void At(std::int64_t minute) { now = {Utc(minute), minute * kRoundsMin}; }
    void Do(const Decision& d) {
        INFO(d.refusal);
        REQUIRE(d.Accepted());
        for (const auto& body : d.events) {
            Event e;
            e.seq = state.lastSeq + 1;
            e.utcMs = now.utcMs;
            e.elapsedMs = now.elapsedMs;
            e.sessionId = "s-rounds";
            e.actor = actor;
            e.body = body;
            e.prevHash = state.lastHash;
            EncodeLine(e);
            const auto error = engine.Apply(state, e);
            INFO(error);
            REQUIRE(error.empty());
            log.push_back(e);
        }
    }
    void Start() {
        const Protocol& p = engine.GetProtocol();
        Do(engine.Start({p.id, p.version, p.sha256, p.title}, actor, "P-ROUNDS", "Suite 1"));
        Do(engine.Answer(state, "consent", {"yes"}, "", now));
    }
    void Answer(const std::string& step, const Values& v) { Do(engine.Answer(state, step, v, "", now)); }
    void Observe(const std::string& rounds, std::uint64_t n, const std::string& step, const Values& v,
                 std::optional<std::int64_t> takenMinute = std::nullopt, const std::string& note = {},
                 const std::string& late = {}) {
        Observation o{rounds, n, step, v, std::nullopt, note, late, {}};
        if (takenMinute) o.takenUtcMs = Utc(*takenMinute);
        Do(engine.Observe(state, o, actor, now));
    }
    void Miss(const std::string& rounds, std::uint64_t n, const std::string& reason) {
        Do(engine.MissRound(state, rounds, n, reason, now));
    }
    void EndEarly(const std::string& rounds, const std::string& reason, const std::string& second) {
        Do(engine.EndObservationEarly(state, rounds, reason, second, actor, now));
    }
    void Complete() {
        Do(engine.Attest(state, actor.name, "I confirm this record.", now));
        Do(engine.Complete(state, now));
    }

    // The mixed session of the report and export tests (times in minutes after T0):
    // infusion-start at 2, so "during" rounds are due at 17, 32, 47, 62 (grace 5):
    //   1 at 17 on time; 2 taken at 44, entered at 45: late; 3 missed at 55 (overdue from 52);
    //   4 at 60 on time, heart rate 130 raises the warning (a note);
    // infusion-stop at 70: "after" rounds due at 85, 100, 115, 130;
    //   1 taken at 89 (within 85+5) on time; the period ended early at 92 (round 2 opens at 95);
    // completed at 93.
    void RecordMixedSession() {
        Start();
        At(2);
        Answer("infusion-start", {"now"});
        At(17);
        Observe("during", 1, "hr", {"80"});
        Observe("during", 1, "spo2", {"98"});
        At(45);
        Observe("during", 2, "hr", {"84"}, 44, "", "monitor alarm being dealt with");
        Observe("during", 2, "spo2", {"97"}, 44, "", "monitor alarm being dealt with");
        At(55);
        Miss("during", 3, "patient in the bathroom");
        At(60);
        Observe("during", 4, "hr", {"130"}, std::nullopt, "infusion slowed, reviewed by Dr A");
        Observe("during", 4, "spo2", {"96"});
        At(70);
        Answer("infusion-stop", {"now"});
        At(89);
        Observe("after", 1, "after-hr", {"76"});
        Observe("after", 1, "sedation", {"drowsy"});
        At(92);
        EndEarly("after", "patient discharged by the consultant", "Dr B");
        At(93);
        Complete();
    }
};

} // namespace kc::test
