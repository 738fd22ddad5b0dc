// The session window's keys, dialogs and words as a person meets them (issue 15): the Amend
// dialog's keys, actions that are unavailable greyed out and refusals said, Ctrl+Enter in a
// free text, a confirmation before an answer that ends the session, "not reached" after a
// stop, amendments that make an earlier step due, one count, recovery in words, local times
// and the abandon dialog's reasons.
#include <catch2/catch.hpp>

#include <set>

#include <wx/app.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>
#include <wx/treectrl.h>

#include "answer_controls.hpp"
#include "dialogs.hpp"
#include "gui_fixture.hpp"
#include "session_fixture.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/loader.hpp"
#include "local_time.hpp"
#include "outcome_pages.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

SessionFrame* Open(test::GuiFixture& f) { return test::OpenSessionFrame(f.Context(), test::ExampleProtocol(), "P-WIN-1"); }

void Keys(SessionFrame* frame, std::initializer_list<int> keys) {
    for (int key : keys) test::PressKey(frame, key);
}

void PressCtrlKey(wxWindow* window, wxWindow* focus, int keyCode) {
    wxKeyEvent event(wxEVT_CHAR_HOOK);
    event.m_keyCode = keyCode;
    event.m_controlDown = true;
    event.SetEventObject(focus);
    window->GetEventHandler()->ProcessEvent(event);
}

bool MenuEnabled(SessionFrame* frame, int id) {
    frame->GetMenuBar()->UpdateMenus();
    return frame->GetMenuBar()->IsEnabled(id);
}

wxString MenuHelp(SessionFrame* frame, int id) {
    frame->GetMenuBar()->UpdateMenus();
    return frame->GetMenuBar()->GetHelpString(id);
}

wxString NavigatorText(SessionFrame* frame, std::size_t step) {
    wxTreeCtrl* tree = frame->Navigator();
    const std::string prompt = frame->GetSession().GetEngine().GetProtocol().steps[step].prompt;
    wxTreeItemIdValue phaseCookie;
    for (auto phase = tree->GetFirstChild(tree->GetRootItem(), phaseCookie); phase.IsOk();
         phase = tree->GetNextChild(tree->GetRootItem(), phaseCookie)) {
        wxTreeItemIdValue cookie;
        for (auto item = tree->GetFirstChild(phase, cookie); item.IsOk(); item = tree->GetNextChild(phase, cookie))
            if (tree->GetItemText(item).Contains(ToWx(prompt))) return tree->GetItemText(item);
    }
    return wxString();
}

} // namespace

TEST_CASE("the Amend dialog's keys choose the answer its hints name", "[gui]") {
    auto p = test::ExampleProtocol();
    auto* parent = new wxFrame(nullptr, wxID_ANY, "parent");
    parent->Show();
    for (const Step& step : p->steps) {
        if (step.kind == AnswerKind::FreeText || step.kind == AnswerKind::Measurement || step.kind == AnswerKind::TimePoint)
            continue;
        INFO("step " << step.id);
        AmendDialog dialog(parent, step, {}, "something");
        dialog.Show();
        if (step.kind == AnswerKind::YesNo || step.kind == AnswerKind::YesNoNa) {
            test::PressKey(&dialog, 'N');
            CHECK(dialog.NewValues() == Values{kNo});
            test::PressKey(&dialog, 'Y');
            CHECK(dialog.NewValues() == Values{kYes});
            if (step.kind == AnswerKind::YesNoNa) {
                test::PressKey(&dialog, 'A');
                CHECK(dialog.NewValues() == Values{kNotApplicable});
            }
        } else {
            for (std::size_t i = 0; i < step.options.size() && i < 9; ++i) {
                test::PressKey(&dialog, '1' + static_cast<int>(i));
                const Values values = dialog.NewValues();
                CHECK(std::find(values.begin(), values.end(), step.options[i].id) != values.end());
            }
        }
        // Typed into the reason, the same letters are the reason's.
        auto* reason = dynamic_cast<wxTextCtrl*>(dialog.FindWindow("Reason for the amendment"));
        REQUIRE(reason);
        reason->SetFocus();
        const Values before = dialog.NewValues();
        wxKeyEvent typed(wxEVT_CHAR_HOOK);
        typed.m_keyCode = 'N';
        typed.SetEventObject(reason);
        if (wxWindow::FindFocus() == reason) {
            dialog.GetEventHandler()->ProcessEvent(typed);
            CHECK(dialog.NewValues() == before);
        }
        dialog.Hide();
    }
    parent->Destroy();
}

TEST_CASE("after a hard stop Amend is greyed out, and asked anyway it says why and records nothing", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    Keys(frame, {'1', WXK_RETURN});
    frame->ShowStep(0);
    CHECK(MenuEnabled(frame, kIdAmend)); // an answered step of an active session
    frame->ShowCurrent();
    CHECK_FALSE(MenuEnabled(frame, kIdAmend)); // the step to answer has nothing to amend
    CHECK(MenuEnabled(frame, wxID_OK));
    Keys(frame, {'Y', WXK_RETURN}); // active psychosis: a hard stop
    REQUIRE(frame->GetSession().State().status == SessionStatus::Stopped);
    const auto seq = frame->GetSession().State().lastSeq;
    CHECK_FALSE(MenuEnabled(frame, kIdAmend));
    CHECK_FALSE(MenuEnabled(frame, wxID_OK));
    CHECK_FALSE(MenuEnabled(frame, kIdSkip));
    CHECK(MenuHelp(frame, kIdAmend).Contains("can no longer be amended"));
    f.prompter.amendment = AmendInput{{"other"}, "mis-keyed"};
    frame->ShowStep(0);
    frame->AmendShown(); // Ctrl+E, as the menu's accelerator would
    CHECK(f.prompter.amendAsked == 0); // no dialog that cannot record
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("can no longer be amended") != std::string::npos);
    CHECK(frame->GetSession().State().lastSeq == seq);
    CHECK(ScanTrailFile(frame->GetSession().TrailPath()).events.size() == seq);
    frame->Destroy();
}

TEST_CASE("Ctrl+Enter in a multi-line free text records the answer", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    f.prompter.justification = JustificationInput{"LFTs reviewed", "Dr B"};
    Keys(frame, {'1', WXK_RETURN, 'N', WXK_RETURN, '2', WXK_RETURN, 'N', WXK_RETURN, '1', WXK_RETURN});
    REQUIRE(test::ShownStepId(frame) == "heart-rate");
    static_cast<wxTextCtrl*>(frame->Controls()->FindWindow("heart-rate: value in /min"))->ChangeValue("72");
    frame->RecordAnswer();
    REQUIRE(test::ShownStepId(frame) == "remarks");
    auto* text = dynamic_cast<wxTextCtrl*>(frame->Controls()->FindWindow("remarks: text"));
    REQUIRE(text);
    REQUIRE(text->IsMultiLine());
    text->ChangeValue("Tolerated well");
    REQUIRE(text->GetValue() == "Tolerated well");
    REQUIRE(frame->Controls()->GetValues() == Values{"Tolerated well"});
    PressCtrlKey(frame, text, WXK_RETURN);
    INFO("beside the step: " << frame->ErrorText().utf8_string() << "; page " << int(frame->CurrentPage()));
    const auto events = ScanTrailFile(frame->GetSession().TrailPath()).events;
    const auto* answered = std::get_if<ev::StepAnswered>(&events.back().body);
    REQUIRE(answered);
    CHECK(answered->step == "remarks");
    CHECK(answered->values == Values{"Tolerated well"});
    CHECK(frame->CurrentPage() == SessionFrame::Page::Finish);
    frame->Destroy();
}

TEST_CASE("an answer that ends the session asks first, and after the stop the steps not reached say so", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    Keys(frame, {'1', WXK_RETURN});
    const auto seq = frame->GetSession().State().lastSeq;
    f.prompter.confirmAnswer = false; // the person says no: it was mis-keyed
    Keys(frame, {'Y', WXK_RETURN});
    REQUIRE(f.prompter.confirmed.size() == 1);
    CHECK(f.prompter.confirmed[0].find("ends the session") != std::string::npos);
    CHECK(f.prompter.confirmed[0].find("Active psychosis is a contraindication") != std::string::npos);
    CHECK(frame->GetSession().State().lastSeq == seq);
    CHECK(frame->GetSession().State().status == SessionStatus::Active);
    CHECK(test::ShownStepId(frame) == "psychosis");
    CHECK(frame->Controls() != nullptr);
    // An answer that does not stop is not asked about.
    Keys(frame, {'N', WXK_RETURN});
    CHECK(f.prompter.confirmed.size() == 1);
    CHECK(test::ShownStepId(frame) == "hepatic");
    // Amended to the stopping answer: asked too; then confirmed, it stops.
    f.prompter.amendment = AmendInput{{kYes}, "asked the patient again"};
    frame->ShowStep(1);
    frame->AmendShown();
    CHECK(f.prompter.confirmed.size() == 2);
    CHECK(frame->GetSession().State().status == SessionStatus::Active);
    f.prompter.confirmAnswer = true;
    frame->AmendShown();
    CHECK(f.prompter.confirmed.size() == 3);
    REQUIRE(frame->GetSession().State().status == SessionStatus::Stopped);
    CHECK(frame->CurrentPage() == SessionFrame::Page::HardStop);
    const auto& steps = frame->GetSession().GetEngine().GetProtocol().steps;
    for (std::size_t i = 2; i < steps.size(); ++i) {
        INFO("step " << steps[i].id);
        if (frame->GetSession().GetEngine().Status(frame->GetSession().State(), i) == StepStatus::NotApplicable) continue;
        CHECK(NavigatorText(frame, i).Contains("not reached"));
        frame->ShowStep(i);
        CHECK(frame->StepStateText().Contains("Not reached"));
        CHECK_FALSE(frame->StepStateText().Contains("Not answered yet"));
    }
    CHECK_FALSE(NavigatorText(frame, 0).Contains("not reached"));
    frame->Destroy();
}

TEST_CASE("one count, explained: the step's number among the applicable steps and what the protocol holds", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    // example-minimal: 8 steps; the ECG applies only at cardiovascular risk.
    CHECK(frame->StepHeaderText().Contains("Step 1 of 7 applicable; 8 in the protocol, 1 not applicable"));
    CHECK(frame->ProgressText() == "0 of 7 applicable steps done");
    CHECK(frame->StatusField(2) == "Step 1 of 7 applicable");
    f.prompter.justification = JustificationInput{"LFTs reviewed", "Dr B"};
    Keys(frame, {'1', WXK_RETURN, 'N', WXK_RETURN, '2', WXK_RETURN, 'Y', WXK_RETURN});
    REQUIRE(test::ShownStepId(frame) == "ecg");
    CHECK(frame->StepHeaderText().Contains("Step 5 of 8 applicable; 8 in the protocol, 0 not applicable"));
    CHECK(frame->ProgressText() == "4 of 8 applicable steps done");
    CHECK(frame->StatusField(2) == "Step 5 of 8 applicable");
    // A step that does not apply says so instead of a number.
    f.prompter.amendment = AmendInput{{kNo}, "wrong chart"};
    frame->ShowStep(3);
    frame->AmendShown();
    frame->ShowStep(4);
    CHECK(frame->StepHeaderText().Contains("Not applicable; 8 in the protocol, 1 not applicable"));
    frame->Destroy();
}

TEST_CASE("an amendment that makes an earlier step due says so and offers to go there, and the step says it was amended", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    Keys(frame, {'1', WXK_RETURN, 'N', WXK_RETURN, '1', WXK_RETURN, 'N', WXK_RETURN});
    REQUIRE(test::ShownStepId(frame) == "monitors"); // the ECG does not apply without cardiovascular risk
    f.prompter.amendment = AmendInput{{kYes}, "wrong chart"};
    frame->ShowStep(3);
    f.prompter.confirmAnswer = true;
    frame->AmendShown();
    REQUIRE(f.prompter.confirmed.size() == 1);
    CHECK(f.prompter.confirmed[0].find("Has a baseline ECG been done and reviewed?") != std::string::npos);
    CHECK(f.prompter.confirmed[0].find("before the step you were on") != std::string::npos);
    CHECK(test::ShownStepId(frame) == "ecg"); // taken there
    CHECK(NavigatorText(frame, 3).Contains("amended from no (wrong chart)"));
    frame->ShowStep(3);
    CHECK(frame->StepStateText().Contains("Recorded: yes"));
    CHECK(frame->StepStateText().Contains("amended from no (wrong chart)"));
    // Declined: the window stays on the amended step, and the next step is still the ECG.
    f.prompter.amendment = AmendInput{{kNo}, "right chart after all"};
    frame->AmendShown();
    f.prompter.amendment = AmendInput{{kYes}, "the third look"};
    f.prompter.confirmAnswer = false;
    frame->AmendShown();
    CHECK(f.prompter.confirmed.size() == 2);
    CHECK(test::ShownStepId(frame) == "cv-risk");
    CHECK(frame->StepStateText().Contains("amended from no (the third look)"));
    frame->Destroy();
}

TEST_CASE("times in the session window are local, with the UTC the trail keeps on request", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    Keys(frame, {'1', WXK_RETURN});
    const Event& recorded = frame->GetSession().Events().back();
    CHECK(frame->StatusField(1) == "Recorded ✓ event 2 at " + LocalTime(recorded.utcMs));
    CHECK_FALSE(frame->StatusField(1).Contains("UTC"));
    CHECK(frame->GetStatusBar()->GetToolTipText().Contains(UtcText(recorded.utcMs)));
    Keys(frame, {'Y', WXK_RETURN}); // a hard stop (confirmed)
    REQUIRE(frame->CurrentPage() == SessionFrame::Page::HardStop);
    auto* stop = dynamic_cast<HardStopPage*>(frame->FindWindow("Hard stop"));
    REQUIRE(stop);
    const std::int64_t ended = frame->GetSession().State().endedUtcMs;
    CHECK(stop->DetailText().Contains(LocalDateTime(ended)));
    CHECK_FALSE(stop->DetailText().Contains(ToWx(FormatUtcMs(ended))));
    CHECK(stop->DetailToolTip().Contains(UtcText(ended)));
    frame->Destroy();
}

TEST_CASE("the abandon dialog offers standard reasons and Other with its own words", "[gui]") {
    auto* parent = new wxFrame(nullptr, wxID_ANY, "parent");
    parent->Show();
    const wxArrayString reasons = AbandonReasons();
    REQUIRE(reasons.size() >= 4);
    {
        AbandonDialog dialog(parent);
        dialog.Show();
        auto ok = [&] {
            dialog.UpdateWindowUI(wxUPDATE_UI_RECURSE);
            return dialog.FindWindow(wxID_OK)->IsEnabled();
        };
        CHECK_FALSE(ok()); // nothing chosen yet
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            dialog.Choose(static_cast<int>(i));
            CHECK(ok());
            CHECK(dialog.Reason() == reasons[i].utf8_string());
        }
        dialog.Choose(-1); // Other
        CHECK_FALSE(ok()); // Other needs its words
        auto* other = dynamic_cast<wxTextCtrl*>(dialog.FindWindow("Other reason"));
        REQUIRE(other);
        CHECK(other->IsEnabled());
        other->ChangeValue("fire alarm; the ward was evacuated");
        CHECK(ok());
        CHECK(dialog.Reason() == "fire alarm; the ward was evacuated");
        dialog.Hide();
    }
    parent->Destroy();
    // The reason chosen is the one recorded.
    test::GuiFixture f;
    auto* frame = Open(f);
    f.prompter.reason = reasons[0].utf8_string();
    frame->Abandon();
    CHECK(f.prompter.abandonAsked == 1);
    REQUIRE(frame->GetSession().State().status == SessionStatus::Abandoned);
    CHECK(frame->GetSession().State().abandonReason == reasons[0].utf8_string());
    frame->Destroy();
}

TEST_CASE("a failed check in the justification dialog keeps what was typed and marks the field", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    f.prompter.justification = JustificationInput{"LFTs reviewed with hepatology", ""}; // no second clinician
    f.prompter.justificationAfterProblem = JustificationInput{"LFTs reviewed with hepatology", "Dr B"};
    Keys(frame, {'1', WXK_RETURN, 'N', WXK_RETURN, '2', WXK_RETURN});
    REQUIRE(f.prompter.justifyAsked == 2); // asked again, with the problem
    CHECK(f.prompter.justifyTyped.text == "LFTs reviewed with hepatology");
    const wxString problem = ToWx(f.prompter.justifyProblem);
    CHECK(problem.Contains("second clinician"));
    CHECK(wxIsupper(problem[0]));
    CHECK(test::ShownStepId(frame) == "cv-risk"); // recorded the second time
    frame->Destroy();
    // The dialog shows the text typed and marks the field the problem is about.
    auto p = test::ExampleProtocol();
    auto* parent = new wxFrame(nullptr, wxID_ANY, "parent");
    JustifyDialog dialog(parent, p->steps[2], "Dr A", {"LFTs reviewed", ""}, "A second clinician is required.");
    auto* text = dynamic_cast<wxTextCtrl*>(dialog.FindWindow("Justification"));
    auto* second = dynamic_cast<wxTextCtrl*>(dialog.FindWindow("Second clinician"));
    REQUIRE(text);
    REQUIRE(second);
    CHECK(text->GetValue() == "LFTs reviewed");
    CHECK(dialog.ProblemText() == "A second clinician is required.");
    CHECK(second->GetBackgroundColour() != text->GetBackgroundColour());
    parent->Destroy();
}

TEST_CASE("counts on the finish page use the singular for one", "[gui]") {
    auto* parent = new wxFrame(nullptr, wxID_ANY, "parent");
    auto* page = new FinishPage(parent, "Dr A", [](const std::string&, const std::string&) {});
    page->ShowCounts(FinishCounts{1, 1, 1, 1, 1});
    const wxString one = page->SummaryText();
    CHECK(one.Contains("1 step answered"));
    CHECK(one.Contains("1 optional step skipped"));
    CHECK(one.Contains("1 warning justified"));
    CHECK(one.Contains("1 amendment"));
    CHECK_FALSE(one.Contains("1 steps"));
    CHECK_FALSE(one.Contains("1 amendments"));
    page->ShowCounts(FinishCounts{2, 2, 2, 2, 2});
    CHECK(page->SummaryText().Contains("2 steps answered, 2 optional steps skipped"));
    CHECK(page->SummaryText().Contains("2 amendments"));
    parent->Destroy();
}

TEST_CASE("when the records index falls behind, the window says what happened and what to do, in words", "[gui]") {
    // The ledger's writes fail from a moment on; the trail's do not.
    struct LedgerFails : SysIo {
        bool fail = false;
        std::set<int> ledgerFds;
        int Open(const char* path, int flags, mode_t mode) override {
            const int fd = SysIo::Open(path, flags, mode);
            if (std::string(path).find("ledger.jsonl") != std::string::npos) ledgerFds.insert(fd);
            return fd;
        }
        int Close(int fd) override {
            ledgerFds.erase(fd); // the number is reused by the next file opened
            return SysIo::Close(fd);
        }
        ssize_t Write(int fd, const void* data, std::size_t size) override {
            if (fail && ledgerFds.count(fd)) {
                errno = ENOSPC;
                return -1;
            }
            return SysIo::Write(fd, data, size);
        }
    } io;
    test::GuiFixture f;
    f.records = std::make_unique<RecordsFolder>(f.dir.File("records-index-test"), io);
    auto* frame = Open(f);
    io.fail = true;
    f.prompter.reason = AbandonReasons()[0].utf8_string();
    frame->Abandon(); // the session's end is listed in the ledger
    REQUIRE(f.prompter.errors.size() == 1);
    const std::string& said = f.prompter.errors[0];
    INFO(said);
    CHECK(said.find("checklistctl") == std::string::npos);
    CHECK(said.find("nothing is lost") != std::string::npos);
    CHECK(said.find("choose Recover for this session in the start window") != std::string::npos);
    CHECK(said.find("No space left on device") != std::string::npos);
    CHECK(frame->StatusField(1).utf8_string().find("Recorded ✓ event") == 0);
    CHECK(frame->StatusField(1).Contains("choose Recover in the start window"));
    CHECK(frame->GetSession().State().status == SessionStatus::Abandoned);
    frame->Destroy();
    wxTheApp->ProcessIdle(); // deletes the window before `io`, which its trail writes through, goes
}

TEST_CASE("the session window's Help lists its menu keys and the step page's own, and opens the guide", "[gui]") {
    test::GuiFixture f;
    AppContext context = f.Context();
    context.docDir = std::string(KC_SOURCE_DIR) + "/docs";
    auto* frame = test::OpenSessionFrame(context, test::ExampleProtocol(), "P-WIN-1");
    wxMenuBar* bar = frame->GetMenuBar();
    const int shortcuts = bar->FindMenuItem("Help", "Keyboard shortcuts");
    const int guide = bar->FindMenuItem("Help", "User guide");
    REQUIRE(shortcuts != wxNOT_FOUND);
    REQUIRE(guide != wxNOT_FOUND);
    CHECK(bar->FindItem(guide)->GetItemLabel().EndsWith("\tF1"));
    wxCommandEvent show(wxEVT_MENU, shortcuts);
    frame->GetEventHandler()->ProcessEvent(show);
    wxListView* list = nullptr;
    for (wxWindow* child : frame->GetChildren()) // the dialogs this window opened
        if (child->IsTopLevel() && !child->IsBeingDeleted())
            if (auto* found = dynamic_cast<wxListView*>(child->FindWindow("Keyboard shortcuts"))) list = found;
    REQUIRE(list != nullptr);
    const auto has = [&](const wxString& key, const wxString& action) {
        for (long row = 0; row < list->GetItemCount(); ++row)
            if (list->GetItemText(row, 0) == key && list->GetItemText(row, 1).StartsWith(action)) return true;
        return false;
    };
    CHECK(has("Ctrl+Enter", "Record answer"));
    CHECK(has("Ctrl+E", "Amend shown answer"));
    CHECK(has("Alt+Left", "Back"));
    CHECK(has("Y, N, A", "Yes, no, not applicable"));
    CHECK(has("1 to 9", "Select or tick that option"));
    wxGetTopLevelParent(list)->Destroy();
    wxCommandEvent open(wxEVT_MENU, guide);
    frame->GetEventHandler()->ProcessEvent(open);
    CHECK(f.prompter.errors.empty());
    bool shown = false;
    for (wxWindow* child : frame->GetChildren())
        if (child->IsTopLevel() && FromWx(child->GetLabel()).find("user-guide.md") != std::string::npos) {
            shown = true;
            child->Destroy();
        }
    CHECK(shown);
    frame->Destroy();
}
