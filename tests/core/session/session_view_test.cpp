// The faces' snapshot of a session: it must say what the engine says — the same statuses and
// next step, and "may answer / skip / amend" exactly when the engine's command would accept.
#include <catch2/catch.hpp>

#include "engine_driver.hpp"
#include "kc/session/session_view.hpp"

using namespace kc;
using test::Driver;

namespace {

// A valid answer for the step other than `old` (any valid one when `old` is empty).
Values OtherAnswer(const Step& step, const Values& old) {
    std::vector<std::string> candidates = step.AllowedValues();
    if (step.kind == AnswerKind::Measurement) candidates = {"71", "72"};
    if (step.kind == AnswerKind::FreeText) candidates = {"first text", "second text"};
    for (const auto& c : candidates)
        if (old != Values{c}) return {c};
    return {};
}

// Checks the view against the engine's own answers for every step of the driver's state.
void CheckAgainstEngine(const Driver& d) {
    const SessionView view(d.engine, d.state);
    const Protocol& p = d.engine.GetProtocol();
    CHECK(view.Next() == d.engine.NextStep(d.state));
    REQUIRE(view.Steps().size() == p.steps.size());
    const auto statuses = d.engine.Statuses(d.state);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const Step& step = p.steps[i];
        const StepView& v = view.At(i);
        INFO("step " << step.id << " (" << ToString(v.status) << ")");
        CHECK(v.status == statuses[i]);
        CHECK(v.takesAnswer == d.engine.Answer(d.state, step.id, OtherAnswer(step, {}), "").Accepted());
        CHECK(v.takesSkip == d.engine.Skip(d.state, step.id, "").Accepted());
        CHECK(v.takesJustification ==
              d.engine.Justify(d.state, step.id, "reviewed", "Dr B", {"Dr A", "anesthesiologist"}).Accepted());
        CHECK(v.mayAmend ==
              d.engine.Amend(d.state, step.id, OtherAnswer(step, d.state.steps[i].values), "re-checked").Accepted());
    }
}

} // namespace

TEST_CASE("the session view agrees with the engine in every state of a walk", "[session-view]") {
    Driver d;
    d.Start();
    CheckAgainstEngine(d);
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    CheckAgainstEngine(d);
    REQUIRE(d.Answer("hepatic", {"moderate"}).Accepted()); // waits for a justification
    CheckAgainstEngine(d);
    REQUIRE(d.Do(d.engine.Justify(d.state, "hepatic", "LFTs fine", "Dr B", {"Dr A", "x"})).Accepted());
    REQUIRE(d.Answer("cv-risk", {"yes"}).Accepted());
    REQUIRE(d.Answer("ecg", {"yes"}).Accepted());
    CheckAgainstEngine(d);
    REQUIRE(d.Do(d.engine.Amend(d.state, "cv-risk", {"no"}, "wrong chart")).Accepted()); // ecg superseded
    CheckAgainstEngine(d);
    REQUIRE(d.Answer("monitors", {"spo2", "nibp"}).Accepted());
    REQUIRE(d.Answer("heart-rate", {"72"}).Accepted());
    CheckAgainstEngine(d); // remarks: optional, may be skipped
    REQUIRE(d.Do(d.engine.Skip(d.state, "remarks", "")).Accepted());
    CheckAgainstEngine(d); // every step done
    REQUIRE(d.Do(d.engine.Attest(d.state, "Dr A", "I confirm.")).Accepted());
    REQUIRE(d.Do(d.engine.Complete(d.state)).Accepted());
    CheckAgainstEngine(d); // completed: nothing may be done
}

TEST_CASE("the session view of a stopped or abandoned session offers nothing", "[session-view]") {
    Driver stopped;
    stopped.Start();
    REQUIRE(stopped.Answer("psychosis", {"yes"}).Accepted());
    CheckAgainstEngine(stopped);
    CHECK(SessionView(stopped.engine, stopped.state).At(0).status == StepStatus::Stopped);

    Driver abandoned;
    abandoned.Start();
    REQUIRE(abandoned.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(abandoned.Answer("hepatic", {"moderate"}).Accepted());
    REQUIRE(abandoned.Do(abandoned.engine.Abandon(abandoned.state, "patient left")).Accepted());
    CheckAgainstEngine(abandoned); // hepatic's warning still waits, but cannot be justified any more

    Driver amendedIntoStop;
    amendedIntoStop.Start();
    REQUIRE(amendedIntoStop.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(amendedIntoStop.Answer("hepatic", {"moderate"}).Accepted());
    REQUIRE(amendedIntoStop.Do(amendedIntoStop.engine.Amend(amendedIntoStop.state, "psychosis", {"yes"}, "re-read"))
                .Accepted());
    CheckAgainstEngine(amendedIntoStop);
    const SessionView afterAmend(amendedIntoStop.engine, amendedIntoStop.state);
    const StepView& hepatic = afterAmend.At(1);
    CHECK(hepatic.status == StepStatus::AwaitingJustification);
    CHECK_FALSE(hepatic.takesJustification);
}

TEST_CASE("the session view counts progress and the finish page, and labels the answers", "[session-view]") {
    Driver d;
    d.Start();
    SessionView view(d.engine, d.state);
    CHECK(view.Progress().shown == 6); // ecg is hidden until cv-risk = yes
    CHECK(view.Progress().done == 0);
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(d.Answer("hepatic", {"moderate"}).Accepted());
    view = SessionView(d.engine, d.state);
    CHECK(view.Progress().done == 1); // a warning waiting for its justification is not done
    CHECK(view.At(1).answer == "Moderate");
    REQUIRE(d.Do(d.engine.Justify(d.state, "hepatic", "ok", "Dr B", {"Dr A", "x"})).Accepted());
    REQUIRE(d.Answer("cv-risk", {"yes"}).Accepted());
    REQUIRE(d.Answer("ecg", {"no"}).Accepted()); // a warning
    REQUIRE(d.Do(d.engine.Justify(d.state, "ecg", "old ECG normal", "", {"Dr A", "x"})).Accepted());
    REQUIRE(d.Do(d.engine.Amend(d.state, "cv-risk", {"no"}, "wrong chart")).Accepted()); // ecg superseded
    REQUIRE(d.Answer("monitors", {"spo2", "nibp"}).Accepted());
    REQUIRE(d.Answer("heart-rate", {"72"}).Accepted());
    REQUIRE(d.Do(d.engine.Skip(d.state, "remarks", "")).Accepted());
    view = SessionView(d.engine, d.state);
    CHECK_FALSE(view.Next());
    CHECK(view.Progress().shown == 6);
    CHECK(view.Progress().done == 6);
    const FinishCounts& f = view.Finish();
    CHECK(f.answered == 5); // psychosis, hepatic (justified), cv-risk, monitors, heart-rate
    CHECK(f.skipped == 1);
    CHECK(f.notApplicable == 1);
    CHECK(f.justified == 1);
    CHECK(f.amendments == 1);
    CHECK(view.At(0).answer == "no"); // yes/no steps have no option labels
    CHECK(view.At(3).answer.empty()); // superseded: no longer recorded as the step's answer
    CHECK(view.At(4).answer == "SpO2, NIBP");
    CHECK(view.At(5).answer == "72 /min");
    CHECK(view.At(6).answer == "skipped");
}

TEST_CASE("the session view gives one count: a step's number among the applicable steps, the protocol's total", "[session-view]") {
    Driver d;
    d.Start();
    SessionView view(d.engine, d.state);
    const std::size_t total = d.engine.GetProtocol().steps.size();
    auto check = [&](const SessionView& v) {
        CHECK(v.Progress().total == static_cast<int>(total));
        CHECK(v.Progress().shown + v.Progress().notApplicable == v.Progress().total);
        int number = 0;
        for (std::size_t i = 0; i < total; ++i) {
            if (v.At(i).status == StepStatus::NotApplicable) {
                CHECK_FALSE(v.Position(i));
            } else {
                REQUIRE(v.Position(i));
                CHECK(*v.Position(i) == ++number);
            }
        }
        CHECK(number == v.Progress().shown);
    };
    check(view);
    CHECK(view.Progress().notApplicable == 1); // ecg, until cv-risk = yes
    REQUIRE(d.Answer("psychosis", {"no"}).Accepted());
    REQUIRE(d.Answer("hepatic", {"normal"}).Accepted());
    REQUIRE(d.Answer("cv-risk", {"yes"}).Accepted());
    view = SessionView(d.engine, d.state);
    check(view);
    CHECK(view.Progress().notApplicable == 0);
    CHECK(*view.Position(3) == 4);
}

TEST_CASE("before the session starts the view has no steps and no next step", "[session-view]") {
    Driver d;
    const SessionView view(d.engine, d.state);
    CHECK(view.Steps().empty());
    CHECK_FALSE(view.Next());
    CHECK(view.Progress().shown == 0);
}

TEST_CASE("recorded values are described with their option labels and unit", "[session-view]") {
    Step choice;
    choice.kind = AnswerKind::MultipleChoice;
    choice.options = {{"spo2", "SpO2", {}}, {"nibp", "NIBP", {}}};
    CHECK(DescribeValues(choice, {"nibp", "spo2"}) == "NIBP, SpO2");
    CHECK(DescribeValues(choice, {"unknown"}) == "unknown"); // a value the protocol does not know stays as recorded
    Step yesNoNa;
    yesNoNa.kind = AnswerKind::YesNoNa;
    CHECK(DescribeValues(yesNoNa, {kNotApplicable}) == "not applicable");
    Step measurement;
    measurement.kind = AnswerKind::Measurement;
    measurement.unit = "mmHg";
    CHECK(DescribeValues(measurement, {"120"}) == "120 mmHg");
    CHECK(DescribeValues(measurement, {}).empty()); // no unit without a value
}
