// The session window's keys, dialogs and words as a person meets them (issue 15): the Amend
// dialog's keys, actions that are unavailable greyed out and refusals said, Ctrl+Enter in a
// free text, a confirmation before an answer that ends the session, "not reached" after a
// stop, amendments that make an earlier step due, one count, recovery in words, local times
// and the abandon dialog's reasons.
#include <catch2/catch.hpp>

#include <wx/menu.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>
#include <wx/treectrl.h>

#include "answer_controls.hpp"
#include "dialogs.hpp"
#include "gui_fixture.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "kc/protocol/loader.hpp"
#include "local_time.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

ProtocolPtr Example() {
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    return loaded.protocol;
}

SessionFrame* Open(test::GuiFixture& f) {
    std::string refusal;
    auto session = Session::Start(Example(), {{"Dr A", "anesthesiologist"}, "P-WIN-1", "Suite 1"}, f.Context().Env(),
                                  refusal);
    REQUIRE(session);
    auto* frame = new SessionFrame(f.Context(), std::move(session));
    frame->Show();
    return frame;
}

std::string ShownId(SessionFrame* frame) {
    REQUIRE(frame->ShownStep());
    return frame->GetSession().GetEngine().GetProtocol().steps[*frame->ShownStep()].id;
}

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
    auto p = Example();
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
    REQUIRE(ShownId(frame) == "heart-rate");
    static_cast<wxTextCtrl*>(frame->Controls()->FindWindow("heart-rate: value in /min"))->ChangeValue("72");
    frame->RecordAnswer();
    REQUIRE(ShownId(frame) == "remarks");
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

TEST_CASE("an answer that ends the session asks first; after the stop the steps not reached say so", "[gui]") {
    test::GuiFixture f;
    auto* frame = Open(f);
    Keys(frame, {'1', WXK_RETURN});
    const auto seq = frame->GetSession().State().lastSeq;
    f.prompter.confirmAnswer = false; // the person says no: it was mis-keyed
    Keys(frame, {'Y', WXK_RETURN});
    REQUIRE(f.prompter.confirmAsked.size() == 1);
    CHECK(f.prompter.confirmAsked[0].find("ends the session") != std::string::npos);
    CHECK(f.prompter.confirmAsked[0].find("Active psychosis is a contraindication") != std::string::npos);
    CHECK(frame->GetSession().State().lastSeq == seq);
    CHECK(frame->GetSession().State().status == SessionStatus::Active);
    CHECK(ShownId(frame) == "psychosis");
    CHECK(frame->Controls() != nullptr);
    // An answer that does not stop is not asked about.
    Keys(frame, {'N', WXK_RETURN});
    CHECK(f.prompter.confirmAsked.size() == 1);
    CHECK(ShownId(frame) == "hepatic");
    // Amended to the stopping answer: asked too; then confirmed, it stops.
    f.prompter.amendment = AmendInput{{kYes}, "asked the patient again"};
    frame->ShowStep(1);
    frame->AmendShown();
    CHECK(f.prompter.confirmAsked.size() == 2);
    CHECK(frame->GetSession().State().status == SessionStatus::Active);
    f.prompter.confirmAnswer = true;
    frame->AmendShown();
    CHECK(f.prompter.confirmAsked.size() == 3);
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
