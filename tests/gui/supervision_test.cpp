// Supervision in time as a person sees it: a round falls due as the (injected) clock moves,
// the status bar and the navigator say so, Ctrl+R opens it, the panel records observations
// (asking for a note, a second clinician or a late reason only when the engine needs one),
// an overdue round is closed as missed from the keyboard, and a time point is "now" or an
// earlier local time of day.
#include <catch2/catch.hpp>

#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>
#include <wx/treectrl.h>

#include "answer_controls.hpp"
#include "gui_fixture.hpp"
#include "session_fixture.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "local_time.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
#include "supervision_panel.hpp"
#include "test_protocols.hpp"
#include "trend_chart.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

constexpr std::int64_t kMin = 60'000;

const std::string kRoundsProtocol = R"(format: 1
id: gui-rounds
title: GUI rounds
version: 1.0.0
status: draft
last_reviewed: 2026-12-01
sources:
  - {id: s, citation: Test source}
phases:
  - id: during
    title: During the infusion
    basis: {local_policy: {}}
    steps:
      - {id: infusion-started, prompt: "When did the infusion start?", kind: time-point}
      - {id: monitored, prompt: "Is monitoring in place?", kind: yes-no}
      - {id: infusion-stopped, prompt: "When did the infusion stop?", kind: time-point}
    rounds:
      - id: infusion-observations
        title: Observations during the infusion
        from: infusion-started
        until: infusion-stopped
        every: 15 min
        grace: 5 min
        steps:
          - id: obs-heart-rate
            prompt: Heart rate
            kind: measurement
            unit: /min
            limits:
              below: 50
              above: 120
              message: Heart rate outside the department's limits; record what was done.
              second_clinician: true
              stop_above: 200
              stop_message: Heart rate above 200/min; stop the infusion.
          - {id: obs-alert, prompt: "Is the patient alert?", kind: yes-no}
  - id: recovery
    title: Recovery
    basis: {local_policy: {}}
    steps:
      - {id: discharged, prompt: "Fit for discharge?", kind: yes-no}
    rounds:
      - id: recovery-observations
        title: Observations in recovery
        from: infusion-stopped
        for: 30 min
        every: 15 min
        grace: 5 min
        steps:
          - {id: rec-heart-rate, prompt: Heart rate in recovery, kind: measurement, unit: /min}
)";

SessionFrame* Open(test::GuiFixture& f) {
    return test::OpenSessionFrame(f.Context(), test::LoadInline(kRoundsProtocol), "P-GUI-R");
}

std::vector<Event> Trail(SessionFrame* frame) { return ScanTrailFile(frame->GetSession().TrailPath()).events; }

template <class T>
std::vector<T> EventsOf(SessionFrame* frame) {
    std::vector<T> out;
    for (const auto& e : Trail(frame))
        if (const auto* body = std::get_if<T>(&e.body)) out.push_back(*body);
    return out;
}

// Records the infusion start "now" from the step page, by keys.
void StartInfusion(SessionFrame* frame) {
    REQUIRE(frame->ShownStep() == 0u);
    test::PressKey(frame, 'N');
    test::PressKey(frame, WXK_RETURN);
    REQUIRE(EventsOf<ev::StepAnswered>(frame).size() == 1);
}

wxTextCtrl* Text(SupervisionPanel* panel, const wxString& name) {
    return dynamic_cast<wxTextCtrl*>(panel->Field(0, name));
}

wxString NavigatorText(SessionFrame* frame, const wxString& containing) {
    wxTreeCtrl* tree = frame->Navigator();
    wxTreeItemIdValue phaseCookie;
    for (auto phase = tree->GetFirstChild(tree->GetRootItem(), phaseCookie); phase.IsOk();
         phase = tree->GetNextChild(tree->GetRootItem(), phaseCookie)) {
        wxTreeItemIdValue cookie;
        for (auto item = tree->GetFirstChild(phase, cookie); item.IsOk(); item = tree->GetNextChild(phase, cookie))
            if (tree->GetItemText(item).Contains(containing)) return tree->GetItemText(item);
    }
    return wxString();
}

} // namespace

TEST_CASE("a round falls due as the clock moves: the status bar and the navigator announce it, Ctrl+R opens it", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    REQUIRE(frame->Supervision());
    StartInfusion(frame);
    frame->Tick();
    CHECK(frame->StatusField(3).empty());
    CHECK(frame->Supervision()->FormRound(0) == 0);
    CHECK(frame->Supervision()->CountdownText(0).Contains("Next: round 1 due at"));
    CHECK(frame->Announcements() == 0);
    // Nine minutes on: round 1 (due at 15, open from 10) is not open yet; the countdown runs.
    f.clock.Advance(9 * kMin);
    frame->Tick();
    CHECK(frame->StatusField(3).empty());
    CHECK(frame->Supervision()->CountdownText(0).Contains("in 5:"));
    f.clock.Advance(2 * kMin);
    frame->Tick();
    CHECK(frame->StatusField(3) == "Round 1 of Observations during the infusion due");
    CHECK(NavigatorText(frame, "Observations during").Contains("Round 1 of Observations during the infusion due"));
    CHECK(frame->Announcements() == 1);
    frame->Tick(); // announced once, not at every tick
    CHECK(frame->Announcements() == 1);
    CHECK(frame->Supervision()->FormRound(0) == 1);
    CHECK(frame->Supervision()->StateText(0).Contains("Round 1 due at"));
    // The walk's steps stay usable while the round is due.
    CHECK_FALSE(frame->SupervisionShown());
    REQUIRE(frame->ShownStep() == 1u);
    test::PressKey(frame, 'Y');
    test::PressKey(frame, WXK_RETURN);
    CHECK(EventsOf<ev::StepAnswered>(frame).size() == 2);
    // Ctrl+R (the menu item says so) opens the due round.
    wxMenuItem* item = frame->GetMenuBar()->FindItem(kIdDueRound);
    REQUIRE(item);
    CHECK(item->GetItemLabel().Contains("Ctrl+R"));
    wxCommandEvent menu(wxEVT_MENU, kIdDueRound);
    frame->ProcessWindowEvent(menu);
    CHECK(frame->SupervisionShown());
    frame->Destroy();
}

TEST_CASE("the panel records observations, asking for a note and a second clinician only when the value needs them", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    StartInfusion(frame);
    f.clock.Advance(15 * kMin);
    frame->OpenDueRound();
    SupervisionPanel* panel = frame->Supervision();
    REQUIRE(panel->FormRound(0) == 1);
    wxTextCtrl* rate = Text(panel, "obs-heart-rate: value in /min");
    REQUIRE(rate);
    CHECK_FALSE(panel->Field(0, "obs-heart-rate: note"));
    CHECK_FALSE(panel->Field(0, "obs-heart-rate: second clinician"));
    CHECK_FALSE(panel->Field(0, "infusion-observations: late reason"));
    // Outside the department's limits: the engine needs a note and a second clinician.
    rate->SetValue("131");
    REQUIRE(panel->Field(0, "obs-heart-rate: note"));
    REQUIRE(panel->Field(0, "obs-heart-rate: second clinician"));
    rate->SetValue("80");
    CHECK_FALSE(panel->Field(0, "obs-heart-rate: second clinician"));
    rate->SetValue("131");
    const auto before = Trail(frame).size();
    panel->RecordRound(0); // no note: refused beside the round, nothing written
    CHECK(panel->ErrorText(0).Contains("note of what was done"));
    CHECK(Trail(frame).size() == before);
    Text(panel, "obs-heart-rate: note")->SetValue("infusion slowed");
    Text(panel, "obs-heart-rate: second clinician")->SetValue("Dr B");
    panel->RecordRound(0);
    const auto observed = EventsOf<ev::ObservationRecorded>(frame);
    REQUIRE(observed.size() == 1);
    CHECK(observed[0].rounds == "infusion-observations");
    CHECK(observed[0].number == 1);
    CHECK(observed[0].values == Values{"131"});
    CHECK(observed[0].note == "infusion slowed");
    CHECK(observed[0].secondClinician == "Dr B");
    CHECK_FALSE(observed[0].warning.empty());
    CHECK(frame->StatusField(1).utf8_string().find("Recorded ✓") == 0);
    // The form now holds the step still to record; the list and the trend show the value.
    CHECK_FALSE(panel->Field(0, "obs-heart-rate: value in /min"));
    auto* alert = dynamic_cast<wxRadioButton*>(panel->Field(0, "obs-alert: yes"));
    REQUIRE(alert);
    CHECK(panel->Rounds(0)->GetItemText(0, 3).Contains("Heart rate: 131 /min"));
    CHECK(panel->Trend(0, "obs-heart-rate")->PointCount() == 1);
    alert->SetValue(true);
    panel->RecordRound(0);
    CHECK(EventsOf<ev::ObservationRecorded>(frame).size() == 2);
    CHECK(panel->FormRound(0) == 0);
    CHECK(panel->Rounds(0)->GetItemText(0, 4) == "done on time");
    frame->Destroy();
}

TEST_CASE("an overdue round says OVERDUE in the status bar, and is closed as missed from the keyboard", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    StartInfusion(frame);
    f.clock.Advance(21 * kMin);
    frame->Tick();
    CHECK(frame->StatusField(3) == "Round 1 of Observations during the infusion OVERDUE");
    CHECK(NavigatorText(frame, "Observations during").Contains("OVERDUE"));
    CHECK(frame->Announcements() == 1); // became overdue without having been seen due: one bell
    SupervisionPanel* panel = frame->Supervision();
    CHECK(panel->StateText(0).Contains("OVERDUE"));
    CHECK(panel->Rounds(0)->GetItemText(0, 4) == "OVERDUE");
    // Recording it now is a late entry: the form asks for the reason.
    Text(panel, "obs-heart-rate: value in /min")->SetValue("80");
    CHECK(panel->Field(0, "infusion-observations: late reason"));
    Text(panel, "obs-heart-rate: value in /min")->SetValue("");

    wxMenuItem* item = frame->GetMenuBar()->FindItem(kIdMissRound);
    REQUIRE(item);
    const std::unique_ptr<wxAcceleratorEntry> accel(item->GetAccel());
    REQUIRE(accel);
    CHECK(accel->GetKeyCode() == 'M');
    CHECK(accel->GetFlags() == (wxACCEL_CTRL | wxACCEL_SHIFT));
    f.prompter.reason.reset(); // the person cancels: nothing written
    const auto before = Trail(frame).size();
    wxCommandEvent miss(wxEVT_MENU, kIdMissRound);
    frame->ProcessWindowEvent(miss);
    CHECK(Trail(frame).size() == before);
    f.prompter.reason = "patient in the bathroom";
    frame->ProcessWindowEvent(miss);
    const auto missed = EventsOf<ev::RoundMissed>(frame);
    REQUIRE(missed.size() == 1);
    CHECK(missed[0].number == 1);
    CHECK(missed[0].reason == "patient in the bathroom");
    CHECK(frame->StatusField(3).empty());
    CHECK(panel->Rounds(0)->GetItemText(0, 4) == "missed");
    CHECK(panel->Rounds(0)->GetItemText(0, 5).Contains("patient in the bathroom"));
    frame->Destroy();
}

TEST_CASE("a time point is now or an earlier local time of day, passed to the engine as UTC", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    REQUIRE(frame->Controls());
    test::PressKey(frame, 'E');
    auto* earlier = dynamic_cast<wxTextCtrl*>(wxWindow::FindWindowByName("infusion-started: earlier time of day", frame));
    REQUIRE(earlier);
    for (const char* wrong : {"25:00", "9.40", "12:7", "noon"}) {
        INFO(wrong);
        earlier->SetValue(wrong);
        frame->RecordAnswer();
        CHECK(frame->ErrorText().Contains("no time of day"));
    }
    CHECK(EventsOf<ev::StepAnswered>(frame).empty());
    // Three minutes after the session started, the start is given as the minute after it started.
    f.clock.Advance(3 * kMin);
    const std::int64_t minute = (Trail(frame).front().utcMs / kMin + 1) * kMin;
    earlier->SetValue(LocalClock(minute));
    frame->RecordAnswer();
    const auto answered = EventsOf<ev::StepAnswered>(frame);
    REQUIRE(answered.size() == 1);
    CHECK(answered[0].values == Values{FormatUtcMs(minute)});
    frame->Destroy();
}

TEST_CASE("the observation period ends early with a reason and a second clinician", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    StartInfusion(frame);
    f.clock.Advance(5 * kMin);
    frame->Tick();
    f.prompter.earlyEnd = JustificationInput{"infusion abandoned, patient stable", ""};
    wxCommandEvent early(wxEVT_MENU, kIdEndEarly);
    frame->ProcessWindowEvent(early);
    CHECK(frame->Supervision()->ErrorText(0).Contains("second clinician"));
    CHECK(EventsOf<ev::ObservationEndedEarly>(frame).empty());
    f.prompter.earlyEnd = JustificationInput{"infusion abandoned, patient stable", "Dr B"};
    frame->ProcessWindowEvent(early);
    const auto ended = EventsOf<ev::ObservationEndedEarly>(frame);
    REQUIRE(ended.size() == 1);
    CHECK(ended[0].rounds == "infusion-observations");
    CHECK(ended[0].secondClinician == "Dr B");
    CHECK(frame->Supervision()->StateText(0).Contains("Ended early"));
    frame->Destroy();
}

TEST_CASE("a trail time shows as the local date and time, and its UTC text is kept for a tooltip", "[gui]") {
    const std::int64_t at = ParseUtcMs("2026-11-15T19:12:09.555Z");
    const wxDateTime local{wxLongLong(at)};
    CHECK(LocalDateTime(at) == local.FormatDate() + " " + local.Format("%X"));
    CHECK(LocalDateTime(std::string("2026-11-15T19:12:09.555Z")) == LocalDateTime(at));
    CHECK_FALSE(LocalDateTime(at).Contains("T19:12"));
    CHECK(LocalDateTime(std::string("not a time")) == "not a time");
    CHECK(UtcText(at) == "2026-11-15T19:12:09.555Z UTC");
}

TEST_CASE("an observation beyond a stop limit asks first, and is recorded only when confirmed", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    StartInfusion(frame);
    f.clock.Advance(15 * kMin);
    frame->OpenDueRound();
    SupervisionPanel* panel = frame->Supervision();
    REQUIRE(panel->FormRound(0) == 1);
    Text(panel, "obs-heart-rate: value in /min")->SetValue("250");
    const auto before = Trail(frame).size();
    f.prompter.confirmAnswer = false;
    panel->RecordRound(0);
    REQUIRE(f.prompter.confirmed.size() == 1);
    CHECK(f.prompter.confirmed[0].find("Heart rate above 200/min") != std::string::npos);
    CHECK(Trail(frame).size() == before);
    CHECK(frame->GetSession().State().status == SessionStatus::Active);
    f.prompter.confirmAnswer = true;
    panel->RecordRound(0);
    CHECK(f.prompter.confirmed.size() == 2);
    CHECK(frame->GetSession().State().status == SessionStatus::Stopped);
    CHECK(frame->CurrentPage() == SessionFrame::Page::HardStop);
    frame->Destroy();
}
