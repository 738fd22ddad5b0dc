// The engine alone: decisions and the fold, with hand-stamped events (no I/O).
#include <catch2/catch.hpp>

#include "engine_driver.hpp"

using namespace kc;
using test::Driver;

TEST_CASE("a session walks the steps in order and completes after an attestation", "[engine]") {
    Driver d;
    d.Start();
    CHECK(d.Next() == "psychosis");
    CHECK(d.Answer("psychosis", {"no"}).Accepted());
    CHECK(d.Answer("hepatic", {"normal"}).Accepted());
    CHECK(d.Answer("cv-risk", {"no"}).Accepted());
    CHECK(d.StatusOf("ecg") == StepStatus::NotApplicable);
    CHECK(d.Next() == "monitors");
    CHECK(d.Answer("monitors", {"spo2", "nibp"}).Accepted());
    CHECK(d.Answer("heart-rate", {"72"}).Accepted());
    CHECK(d.Next() == "remarks");
    CHECK_FALSE(d.Do(d.engine.Complete(d.state)).Accepted()); // remarks not done yet
    CHECK(d.Do(d.engine.Skip(d.state, "remarks", "")).Accepted());
    CHECK(d.Next().empty());
    const Decision early = d.Do(d.engine.Complete(d.state));
    CHECK(early.refusal == "the session needs an attestation before it is completed");
    CHECK(d.Do(d.engine.Attest(d.state, "Dr A", "I confirm this record.")).Accepted());
    CHECK(d.Do(d.engine.Complete(d.state)).Accepted());
    CHECK(d.state.status == SessionStatus::Completed);
    CHECK_FALSE(d.Answer("remarks", {"late"}).Accepted());
}

TEST_CASE("answers must be valid for the step's kind and only the current step can be answered", "[engine]") {
    Driver d;
    d.Start();
    CHECK(d.Answer("hepatic", {"normal"}).refusal == "step 'hepatic' is not the current step ('psychosis' is)");
    CHECK_FALSE(d.Answer("psychosis", {"maybe"}).Accepted());
    CHECK_FALSE(d.Answer("psychosis", {"yes", "no"}).Accepted());
    CHECK_FALSE(d.Answer("nope", {"yes"}).Accepted());
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    CHECK_FALSE(d.Answer("hepatic", {"unknown"}).Accepted());
    REQUIRE(d.Answer("hepatic", {"normal"}).Accepted());
    REQUIRE(d.Answer("cv-risk", {"no"}).Accepted());
    CHECK_FALSE(d.Answer("monitors", {}).Accepted());
    CHECK_FALSE(d.Answer("monitors", {"spo2", "spo2"}).Accepted());
    REQUIRE(d.Answer("monitors", {"nibp"}).Accepted());
    for (const char* bad : {"", "72 bpm", "7e2", "1,5", "--1", ".5", "1234567890"})
        CHECK_FALSE(d.Answer("heart-rate", {bad}).Accepted());
    CHECK(d.Answer("heart-rate", {"-0.5"}).Accepted()); // recorded as text, never computed with
    CHECK(d.log.back().seq == d.state.lastSeq);
    CHECK(std::get<ev::StepAnswered>(d.log.back().body).unit == "/min");
    CHECK_FALSE(d.Do(d.engine.Skip(d.state, "psychosis", "")).Accepted()); // required steps cannot be skipped
}

TEST_CASE("a hard stop ends the session with the step and its message, and refuses further input", "[engine]") {
    Driver d;
    d.Start();
    const Decision stop = d.Answer("psychosis", {"yes"});
    REQUIRE(stop.events.size() == 2);
    CHECK(std::holds_alternative<ev::HardStopped>(stop.events[1]));
    CHECK(d.state.status == SessionStatus::Stopped);
    CHECK(d.state.stopStep == "psychosis");
    CHECK(d.state.stopMessage == "Psychosis stops the session.");
    CHECK(d.StatusOf("psychosis") == StepStatus::Stopped);
    CHECK(d.Answer("hepatic", {"normal"}).refusal.find("stopped") != std::string::npos);
    CHECK_FALSE(d.Do(d.engine.Amend(d.state, "psychosis", {"no"}, "mis-click")).Accepted());
    CHECK_FALSE(d.Do(d.engine.Abandon(d.state, "x")).Accepted());
}

TEST_CASE("a warning blocks the walk until a justification, with a second clinician where asked", "[engine]") {
    Driver d;
    d.Start();
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    const Decision warn = d.Answer("hepatic", {"moderate"});
    REQUIRE(warn.events.size() == 2);
    CHECK(std::get<ev::WarningRaised>(warn.events[1]).secondClinicianRequired);
    CHECK(d.StatusOf("hepatic") == StepStatus::AwaitingJustification);
    CHECK(d.Next() == "hepatic");
    CHECK_FALSE(d.Answer("cv-risk", {"no"}).Accepted());
    const Actor op{"Dr A", "anesthesiologist"};
    CHECK_FALSE(d.Do(d.engine.Justify(d.state, "hepatic", "", "Dr B", op)).Accepted());
    CHECK(d.Do(d.engine.Justify(d.state, "hepatic", "LFTs fine", "", op)).refusal.find("second clinician") !=
          std::string::npos);
    CHECK_FALSE(d.Do(d.engine.Justify(d.state, "hepatic", "LFTs fine", "Dr A", op)).Accepted()); // not the operator
    REQUIRE(d.Do(d.engine.Justify(d.state, "hepatic", "LFTs fine", "Dr B", op)).Accepted());
    CHECK(d.StatusOf("hepatic") == StepStatus::Justified);
    CHECK(d.state.steps[1].secondClinician == "Dr B");
    CHECK(d.Next() == "cv-risk");
    CHECK_FALSE(d.Do(d.engine.Justify(d.state, "hepatic", "again", "Dr B", op)).Accepted());
}

TEST_CASE("amending an answer keeps the old one and supersedes steps that no longer apply", "[engine]") {
    Driver d;
    d.Start();
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(d.Answer("hepatic", {"normal"}).Accepted());
    REQUIRE(d.Answer("cv-risk", {"yes"}).Accepted());
    REQUIRE(d.Answer("ecg", {"yes"}).Accepted());
    CHECK(d.Next() == "monitors");
    CHECK_FALSE(d.Do(d.engine.Amend(d.state, "cv-risk", {"no"}, "")).Accepted()); // a reason is required
    CHECK_FALSE(d.Do(d.engine.Amend(d.state, "cv-risk", {"yes"}, "same")).Accepted());
    const Decision amend = d.Do(d.engine.Amend(d.state, "cv-risk", {"no"}, "history re-checked"));
    REQUIRE(amend.Accepted());
    REQUIRE(amend.events.size() == 2);
    const auto& amended = std::get<ev::AnswerAmended>(amend.events[0]);
    CHECK(amended.oldValues == Values{"yes"});
    CHECK(amended.newValues == Values{"no"});
    const auto& superseded = std::get<ev::AnswerSuperseded>(amend.events[1]);
    CHECK(superseded.step == "ecg");
    CHECK(superseded.values == Values{"yes"});
    CHECK(d.StatusOf("ecg") == StepStatus::NotApplicable);
    CHECK(d.state.steps[3].superseded == std::vector<Values>{{"yes"}});
    CHECK(d.state.steps[2].amendments == 1);
    // Back to yes: the ECG step applies again and is pending, its old answer kept in history.
    REQUIRE(d.Do(d.engine.Amend(d.state, "cv-risk", {"yes"}, "cardiology letter found")).Accepted());
    CHECK(d.Next() == "ecg");
    CHECK(d.StatusOf("ecg") == StepStatus::Pending);
    // An amendment into a hard stop stops the session.
    const Decision stop = d.Do(d.engine.Amend(d.state, "hepatic", {"severe"}, "new imaging"));
    REQUIRE(stop.Accepted());
    CHECK(d.state.status == SessionStatus::Stopped);
    CHECK(d.state.stopStep == "hepatic");
}

TEST_CASE("an amendment after the attestation withdraws it", "[engine]") {
    Driver d;
    d.Start();
    for (auto [step, value] : std::vector<std::pair<std::string, std::string>>{
             {"psychosis", "no"}, {"hepatic", "normal"}, {"cv-risk", "no"}, {"monitors", "spo2"}, {"heart-rate", "70"}})
        REQUIRE(d.Answer(step, {value}).Accepted());
    REQUIRE(d.Do(d.engine.Skip(d.state, "remarks", "")).Accepted());
    REQUIRE(d.Do(d.engine.Attest(d.state, "Dr A", "I confirm.")).Accepted());
    REQUIRE(d.Do(d.engine.Amend(d.state, "heart-rate", {"71"}, "misread")).Accepted());
    CHECK_FALSE(d.state.attestation);
    CHECK_FALSE(d.Do(d.engine.Complete(d.state)).Accepted());
}

TEST_CASE("replaying the recorded events gives the live state", "[engine]") {
    Driver d;
    d.Start();
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(d.Answer("hepatic", {"moderate"}).Accepted());
    REQUIRE(d.Do(d.engine.Justify(d.state, "hepatic", "ok", "Dr B", {"Dr A", "x"})).Accepted());
    REQUIRE(d.Answer("cv-risk", {"yes"}).Accepted());
    REQUIRE(d.Answer("ecg", {"no"}).Accepted());
    REQUIRE(d.Do(d.engine.Amend(d.state, "cv-risk", {"no"}, "wrong patient chart")).Accepted());
    SessionState replayed;
    for (const auto& e : d.log) REQUIRE(d.engine.Apply(replayed, e).empty());
    CHECK(replayed.lastSeq == d.state.lastSeq);
    CHECK(replayed.lastHash == d.state.lastHash);
    CHECK(d.engine.Statuses(replayed) == d.engine.Statuses(d.state));
    for (std::size_t i = 0; i < replayed.steps.size(); ++i) {
        CHECK(replayed.steps[i].values == d.state.steps[i].values);
        CHECK(replayed.steps[i].superseded == d.state.steps[i].superseded);
        CHECK(replayed.steps[i].justification == d.state.steps[i].justification);
    }
    CHECK(d.engine.NextStep(replayed) == d.engine.NextStep(d.state));
}

TEST_CASE("the fold refuses events the engine would not have accepted", "[engine]") {
    Driver d;
    d.Start();
    SessionState state = d.state;
    Event e;
    e.seq = state.lastSeq + 1;
    e.sessionId = "s-1";
    e.actor = {"Dr A", "anesthesiologist"};
    e.prevHash = state.lastHash;
    e.body = ev::StepAnswered{"hepatic", {"normal"}, "", ""}; // skips psychosis
    CHECK(d.engine.Apply(state, e).find("not the current step") != std::string::npos);
    e.body = ev::HardStopped{"psychosis", {"yes"}, "forged"};
    CHECK_FALSE(d.engine.Apply(state, e).empty());
    e.body = ev::StepAnswered{"psychosis", {"no"}, "", ""};
    e.prevHash = std::string(64, 'f');
    CHECK(d.engine.Apply(state, e) == "previous-hash does not match the line before");
    e.prevHash = state.lastHash;
    e.seq = state.lastSeq + 2;
    CHECK(d.engine.Apply(state, e).find("sequence") != std::string::npos);
}

TEST_CASE("a crash between an answer and its outcome line cannot let a session pass a hard stop", "[engine]") {
    Driver d;
    d.Start();
    // Only the answer reached the trail; its hard_stopped line was lost.
    const Decision stop = d.engine.Answer(d.state, "psychosis", {"yes"}, "");
    REQUIRE(stop.events.size() == 2);
    d.Do(Decision{{stop.events[0]}, {}});
    CHECK(d.state.status == SessionStatus::Stopped);
    CHECK_FALSE(d.state.stopRecorded);
    const auto missing = d.engine.MissingRecords(d.state);
    REQUIRE(missing.size() == 1);
    CHECK(std::get<ev::HardStopped>(missing[0]).step == "psychosis");
    d.Do(Decision{missing, {}});
    CHECK(d.state.stopRecorded);
    CHECK(d.engine.MissingRecords(d.state).empty());
}

namespace {

// Text no name, role, location or patient reference may hold: each class of control or
// reordering character, a blank and an over-long value.
std::vector<std::pair<std::string, std::string>> BadNames() {
    return {{"blank", "   "},
            {"ESC (a terminal sequence)", "Dr \x1b[2J\x1b[1;1HA"},
            {"NUL", std::string("Dr \0A", 5)},
            {"tab", "Dr\tA"},
            {"line break", "Dr A\nDr B"},
            {"carriage return", "Dr A\rDr B"},
            {"DEL", "Dr \x7f" "A"},
            {"C1 CSI U+009B", "Dr \xc2\x9b" "2J"},
            {"C1 NEL U+0085", "Dr \xc2\x85" "A"},
            {"right-to-left override U+202E", "Dr \xe2\x80\xae" "A"},
            {"left-to-right embedding U+202A", "Dr \xe2\x80\xaa" "A"},
            {"right-to-left isolate U+2067", "Dr \xe2\x81\xa7" "A"},
            {"pop directional isolate U+2069", "Dr A\xe2\x81\xa9"},
            {"right-to-left mark U+200F", "Dr A\xe2\x80\x8f"},
            {"Arabic letter mark U+061C", "Dr A\xd8\x9c"},
            {"line separator U+2028", "Dr A\xe2\x80\xa8"},
            {"not UTF-8", "Dr \xff"},
            {"120 KB", std::string(120 * 1024, 'A')}};
}

const Actor kGood{"Dr Zoë O'Brien", "anesthesiologist"};

} // namespace

TEST_CASE("names, roles, locations, patient references and the resuming person refuse controls and reordering",
          "[engine]") {
    for (const auto& [what, bad] : BadNames()) {
        DYNAMIC_SECTION(what) {
            Driver d;
            const Protocol& p = d.engine.GetProtocol();
            const ProtocolRef ref{p.id, p.version, p.sha256, p.title};
            CHECK_FALSE(d.engine.Start(ref, {bad, "anesthesiologist"}, "P-1", "").Accepted());
            CHECK_FALSE(d.engine.Start(ref, {"Dr A", bad}, "P-1", "").Accepted());
            CHECK_FALSE(d.engine.Start(ref, kGood, bad, "").Accepted());
            if (what != "blank") CHECK_FALSE(d.engine.Start(ref, kGood, "P-1", bad).Accepted()); // optional
            d.Start();
            CHECK_FALSE(d.engine.Resume(d.state, {bad, "nurse anesthetist"}, "resumed").Accepted());
            CHECK_FALSE(d.engine.Resume(d.state, {"Dr C", bad}, "resumed").Accepted());
            REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
            REQUIRE(d.Answer("hepatic", {"moderate"}).Accepted());
            CHECK_FALSE(d.engine.Justify(d.state, "hepatic", "LFTs fine", bad, kGood).Accepted());
            REQUIRE(d.Do(d.engine.Justify(d.state, "hepatic", "LFTs fine", "Dr B", kGood)).Accepted());
            for (auto [step, value] : std::vector<std::pair<std::string, std::string>>{
                     {"cv-risk", "no"}, {"monitors", "spo2"}, {"heart-rate", "70"}})
                REQUIRE(d.Answer(step, {value}).Accepted());
            REQUIRE(d.Do(d.engine.Skip(d.state, "remarks", "")).Accepted());
            CHECK_FALSE(d.engine.Attest(d.state, bad, "I confirm.").Accepted());
        }
    }
    Driver d;
    d.Start();
    const Decision resumed = d.engine.Resume(d.state, kGood, "resumed");
    REQUIRE(resumed.Accepted());
    CHECK(std::holds_alternative<ev::SessionResumed>(resumed.events.at(0)));
    for (const auto& name : {"د. أحمد", "ד״ר כהן", "王医生", "Émile (RN), ward 3"})
        CHECK(d.engine.Resume(d.state, {name, "registered nurse"}, "resumed").Accepted());
}

TEST_CASE("free text keeps line breaks and tabs but refuses C1 controls and bidirectional formatting", "[engine]") {
    Driver d;
    d.Start();
    CHECK(d.Answer("psychosis", {"no"}).Accepted());
    const Decision noted = d.Do(d.engine.Answer(d.state, "hepatic", {"normal"}, "LFTs:\tnormal\r\nreviewed"));
    CHECK(noted.Accepted());
    for (const std::string bad : {"x\x1b[2Jy", "x\xc2\x9by", "dose \xe2\x80\xae" "gm 01", "x\xe2\x81\xa6y", "x\x7f"}) {
        INFO(bad);
        CHECK_FALSE(d.engine.Answer(d.state, "cv-risk", {"no"}, bad).Accepted());
        CHECK_FALSE(d.engine.Amend(d.state, "hepatic", {"moderate"}, bad).Accepted());
        CHECK_FALSE(d.engine.Abandon(d.state, bad).Accepted());
    }
    CHECK(d.engine.Abandon(d.state, "patient declined \xe2\x80\x8f(RLM kept in prose)").Accepted());
}

TEST_CASE("the fold refuses an event whose actor, patient reference or location breaks the rules of input",
          "[engine]") {
    for (const auto& [what, bad] : BadNames()) {
        DYNAMIC_SECTION(what) {
            const Engine engine(test::LoadInline(test::kEngineProtocol));
            const Protocol& p = engine.GetProtocol();
            auto fold = [&](std::vector<std::pair<EventBody, Actor>> bodies) {
                SessionState state;
                std::string error;
                for (auto& [body, actor] : bodies) {
                    Event e;
                    e.seq = state.lastSeq + 1;
                    e.sessionId = "s-1";
                    e.actor = actor;
                    e.body = body;
                    e.prevHash = state.lastHash; // unsealed: the fold alone, not the codec
                    error = engine.Apply(state, e);
                    if (!error.empty()) break;
                }
                return error;
            };
            const ev::SessionStarted started{{p.id, p.version, p.sha256, p.title}, "P-1", ""};
            const ev::StepAnswered answer{"psychosis", {"no"}, "", ""};
            REQUIRE(fold({{started, kGood}, {ev::SessionResumed{"resumed"}, kGood}, {answer, kGood}}).empty());
            CHECK_FALSE(fold({{started, {bad, "anesthesiologist"}}}).empty());
            CHECK_FALSE(fold({{started, {"Dr A", bad}}}).empty());
            CHECK_FALSE(fold({{ev::SessionStarted{started.protocol, bad, ""}, kGood}}).empty());
            CHECK_FALSE(fold({{started, kGood}, {ev::SessionResumed{"resumed"}, {bad, "nurse"}}}).empty());
            CHECK_FALSE(fold({{started, kGood}, {answer, {"Dr A", bad}}}).empty());
        }
    }
}

TEST_CASE("an option selected only alone is refused with another, live and in the fold", "[engine]") {
    Driver d;
    d.engine = Engine(test::LoadInline(R"(format: 1
id: t
title: T
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources: [{id: s, citation: C}]
phases:
  - id: p
    title: P
    basis: {local_policy: {}}
    steps:
      - id: risks
        prompt: Which apply?
        kind: multiple-choice
        options: [{id: liver, label: Liver}, {id: heart, label: Heart}, {id: none, label: None of these, exclusive: true}]
      - {id: remarks, prompt: Remarks, kind: free-text, required: false}
)"));
    d.Start();
    for (const Values& mixed : {Values{"none", "liver"}, Values{"heart", "none"}, Values{"liver", "heart", "none"}}) {
        const Decision refused = d.Answer("risks", mixed);
        CHECK(refused.refusal ==
              "'None of these' (none) is selected only alone, not together with other options of step 'risks'");
        SessionState state = d.state;
        Event e;
        e.seq = state.lastSeq + 1;
        e.sessionId = "s-1";
        e.actor = {"Dr A", "anesthesiologist"};
        e.prevHash = state.lastHash;
        e.body = ev::StepAnswered{"risks", mixed, "", ""};
        CHECK(d.engine.Apply(state, e).find("selected only alone") != std::string::npos);
    }
    CHECK(d.Answer("risks", {"liver", "heart"}).Accepted());
    CHECK(d.Do(d.engine.Amend(d.state, "risks", {"none", "heart"}, "wrong box")).refusal.find("only alone") !=
          std::string::npos);
    CHECK(d.Do(d.engine.Amend(d.state, "risks", {"none"}, "wrong box")).Accepted());
}
