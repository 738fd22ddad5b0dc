// The walk as a person sees it: answers by key, the status bar, the hard stop, warnings
// that need a justification, resume after a killed process, and the finished record.
#include <catch2/catch.hpp>

#include <wx/html/htmlwin.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>

#include "answer_controls.hpp"
#include "evidence_card.hpp"
#include "gui_fixture.hpp"
#include "session_fixture.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/session_record.hpp"
#include "local_time.hpp"
#include "session_frame.hpp"
#include "start_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

SessionFrame* Open(test::GuiFixture& f) { return test::OpenSessionFrame(f.Context(), test::ExampleProtocol(), "P-GUI-2"); }

} // namespace

TEST_CASE("keys answer the step, Enter records it, and the status bar says recorded only then", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    CHECK(test::ShownStepId(frame) == "indication");
    CHECK(frame->StatusField(0).utf8_string().find("example-minimal 1.0.0") == 0);
    test::PressKey(frame, '1'); // CRPS
    CHECK(FromWx(frame->Evidence()->Text()).find("Grade: B") != std::string::npos); // the option's evidence
    test::PressKey(frame, WXK_RETURN);
    CHECK(frame->StatusField(1).utf8_string().find("Recorded ✓ event 2") == 0);
    CHECK(test::ShownStepId(frame) == "psychosis");
    CHECK(FromWx(frame->Evidence()->Text()).find("Section: A2") != std::string::npos);
    // An incomplete answer is refused beside the step and nothing is written.
    const auto lastSeq = frame->GetSession().State().lastSeq;
    frame->RecordAnswer();
    CHECK(frame->ErrorText().utf8_string().find("takes exactly one answer") != std::string::npos);
    CHECK(frame->GetSession().State().lastSeq == lastSeq);
    frame->Destroy();
}

TEST_CASE("the status bar gives the time the trail recorded for the event, not a later reading", "[gui]") {
    test::GuiFixture f; // its clock moves one second at every reading
    auto* frame = Open(f);
    test::PressKey(frame, '1');
    test::PressKey(frame, WXK_RETURN);
    const auto events = ScanTrailFile(frame->GetSession().TrailPath()).events;
    REQUIRE(events.size() == 2);
    CHECK(frame->StatusField(1) == "Recorded ✓ event 2 at " + LocalTime(events.back().utcMs)); // local, as the wall clock
    CHECK(frame->GetStatusBar()->GetToolTipText().Contains(UtcText(events.back().utcMs)));
    frame->Destroy();
}

TEST_CASE("a hard stop is shown, says why, and is recorded", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    test::PressKey(frame, '1');
    frame->RecordAnswer();
    test::PressKey(frame, 'Y'); // active psychosis
    test::PressKey(frame, WXK_RETURN);
    CHECK(frame->CurrentPage() == SessionFrame::Page::HardStop);
    const auto events = ScanTrailFile(frame->GetSession().TrailPath()).events;
    REQUIRE_FALSE(events.empty());
    CHECK(std::holds_alternative<ev::HardStopped>(events.back().body));
    CHECK(frame->StatusField(1).utf8_string().find("Recorded ✓") == 0);
    CHECK(frame->GetSession().State().status == SessionStatus::Stopped);
    const std::string record = FromWx(frame->RecordView()->ToText());
    CHECK(record.find("stopped") != std::string::npos);
    CHECK(record.find(GroupedHash(events.back().hash)) != std::string::npos); // whole, in groups that wrap
    frame->Destroy();
}

TEST_CASE("a warning cannot be passed without a justification", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    for (int key : std::vector<int>{'1', WXK_RETURN, 'N', WXK_RETURN}) test::PressKey(frame, key); // crps; no psychosis
    CHECK(test::ShownStepId(frame) == "hepatic");
    f.prompter.justification.reset(); // the person cancels the dialog
    test::PressKey(frame, '2');       // moderate hepatic disease
    frame->RecordAnswer();
    CHECK(f.prompter.justifyAsked == 1);
    CHECK(test::ShownStepId(frame) == "hepatic");
    CHECK(frame->ErrorText().utf8_string().find("without a written justification") != std::string::npos);
    CHECK(frame->Controls() == nullptr); // no answer controls: the step waits for its justification
    frame->ShowCurrent();
    CHECK(test::ShownStepId(frame) == "hepatic");
    // Second clinician missing: the engine refuses, the frame says so.
    f.prompter.justification = JustificationInput{"LFTs reviewed", ""};
    frame->JustifyWarning();
    CHECK(frame->ErrorText().utf8_string().find("second clinician") != std::string::npos);
    f.prompter.justification = JustificationInput{"LFTs reviewed", "Dr B"};
    frame->JustifyWarning();
    CHECK(test::ShownStepId(frame) == "cv-risk");
    frame->Destroy();
}

TEST_CASE("an abandoned session does not ask for the justification of a warning it left open", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    f.prompter.justification.reset(); // the person cancels the dialog
    for (int key : std::vector<int>{'1', WXK_RETURN, 'N', WXK_RETURN, '2', WXK_RETURN}) test::PressKey(frame, key);
    REQUIRE(f.prompter.justifyAsked == 1); // moderate hepatic disease: a warning
    f.prompter.reason = "the patient declined";
    frame->Abandon();
    REQUIRE(frame->GetSession().State().status == SessionStatus::Abandoned);
    f.prompter.justification = JustificationInput{"LFTs reviewed", "Dr B"};
    frame->JustifyWarning(); // Ctrl+J
    CHECK(f.prompter.justifyAsked == 1);
    CHECK(frame->CurrentPage() == SessionFrame::Page::Record);
    frame->Destroy();
}

TEST_CASE("a killed session is offered for resume and continues at the right step", "[gui]") {
    test::GuiFixture f;
    std::string id;
    {
        std::string refusal;
        auto session = Session::Start(test::ExampleProtocol(), {{"Dr A", "anesthesiologist"}, "P-GUI-3", ""}, f.Context().Env(), refusal);
        REQUIRE(session);
        id = session->Id();
        REQUIRE(session->Answer("indication", {"crps"}).Accepted());
        REQUIRE(session->Answer("psychosis", {"no"}).Accepted());
    } // the process dies here
    auto* start = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    start->Show();
    REQUIRE(start->Unfinished()->GetItemCount() == 1);
    CHECK(start->Unfinished()->GetItemText(0, 3) == "P-GUI-3");
    CHECK(start->Unfinished()->GetItemText(0, 4).utf8_string().find("can resume") == 0);
    f.prompter.resumer = Actor{"Dr C", "registered nurse"}; // the person at the screen now
    SessionFrame* resumed = start->ResumeSelected();
    REQUIRE(resumed != nullptr);
    CHECK(test::ShownStepId(resumed) == "hepatic");
    CHECK(resumed->GetSession().Id() == id);
    REQUIRE(f.prompter.resumeAsked.size() == 1);
    CHECK(f.prompter.resumeAsked[0].find("by Dr A (anesthesiologist), patient reference P-GUI-3") != std::string::npos);
    const auto& last = resumed->GetSession().Events().back();
    CHECK(std::holds_alternative<ev::SessionResumed>(last.body));
    CHECK(last.actor == Actor{"Dr C", "registered nurse"});
    // Who signs and who may not be the second clinician follow the person resuming.
    f.prompter.justification.reset();
    for (int key : std::vector<int>{'2', WXK_RETURN}) test::PressKey(resumed, key); // moderate: a warning
    CHECK(f.prompter.justifyAsked == 1);
    CHECK(f.prompter.justifyOperator == "Dr C"); // "a second clinician (not Dr C)", as the engine checks
    resumed->Destroy();
    start->Destroy();
}

TEST_CASE("a finished session is signed and its record shows every answer and the final hash", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    f.prompter.justification = JustificationInput{"LFTs reviewed with hepatology", "Dr B"};
    for (int key : std::vector<int>{'1', WXK_RETURN, 'N', WXK_RETURN, '2', WXK_RETURN, 'N', WXK_RETURN, '1', '2',
                                     WXK_RETURN})
        test::PressKey(frame, key);
    CHECK(test::ShownStepId(frame) == "heart-rate");
    CHECK(frame->Controls()->IsTextEntry());
    static_cast<wxTextCtrl*>(frame->Controls()->FindWindowByName("heart-rate: value in /min"))->ChangeValue("72");
    frame->RecordAnswer();
    CHECK(test::ShownStepId(frame) == "remarks");
    frame->SkipStep();
    CHECK(frame->CurrentPage() == SessionFrame::Page::Finish);
    frame->SignAndComplete("Dr A", "I confirm this record.");
    CHECK(frame->CurrentPage() == SessionFrame::Page::Record);
    CHECK(frame->GetSession().State().status == SessionStatus::Completed);
    const std::string record = FromWx(frame->RecordView()->ToText());
    CHECK(record.find("LFTs reviewed with hepatology") != std::string::npos);
    CHECK(record.find("72 /min") != std::string::npos);
    CHECK(record.find(GroupedHash(frame->GetSession().State().lastHash)) != std::string::npos);
    frame->Destroy();
}

TEST_CASE("a write failure closes the session with a blocking message and keeps what was recorded", "[gui]") {
    struct FailingIo : SysIo {
        bool fail = false;
        ssize_t Write(int fd, const void* data, std::size_t size) override {
            if (fail) {
                errno = ENOSPC;
                return -1;
            }
            return SysIo::Write(fd, data, size);
        }
    } io;
    test::GuiFixture f;
    f.records = std::make_unique<RecordsFolder>(f.dir.File("records-faulty"), io);
    auto* frame = Open(f);
    test::PressKey(frame, '1');
    frame->RecordAnswer();
    const std::string before = test::ReadAll(frame->GetSession().TrailPath());
    io.fail = true;
    test::PressKey(frame, 'N');
    frame->RecordAnswer();
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("NOT recorded") != std::string::npos);
    CHECK(f.prompter.errors[0].find("No space left on device") != std::string::npos);
    CHECK(frame->StatusField(1).utf8_string().find("NOT RECORDED") == 0);
    CHECK(frame->ErrorText().utf8_string().find("Not recorded") == 0); // beside the step, after the dialog too
    CHECK(frame->GetSession().Closed());
    CHECK(frame->Controls() == nullptr); // input is closed
    CHECK(test::ReadAll(frame->GetSession().TrailPath()) == before);
    frame->Destroy();
}
