// Not a test: regenerates docs/screenshots/ (tools/screenshots.sh runs it under Xvfb with
// the tag [.screenshots], which a normal test run skips). Each picture is a real window in
// a real state, captured from the X screen.
#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

#include <wx/app.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>
#include <wx/treectrl.h>
#include <wx/utils.h>

#include "answer_controls.hpp"
#include "audit_frame.hpp"
#include "gui_fixture.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/script.hpp"
#include "session_frame.hpp"
#include "start_frame.hpp"
#include "supervision_panel.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

std::string OutDir() {
    const char* dir = std::getenv("KC_SCREENSHOT_DIR");
    return dir ? dir : std::string(KC_SOURCE_DIR) + "/docs/screenshots";
}

void Settle() {
    for (int i = 0; i < 20; ++i) {
        wxYield();
        wxMilliSleep(25);
    }
}

void Capture(wxTopLevelWindow* window, const std::string& name) {
    window->SetPosition(wxPoint(0, 0));
    window->SetSize(window->FromDIP(wxSize(1280, 800)));
    window->Raise();
    Settle();
    // ImageMagick's import reads what the X server shows (wxScreenDC on GTK 3 does not).
    // GTK places windows in logical pixels; the X screen has physical ones (2x at 200%).
    const double scale = window->GetContentScaleFactor();
    const wxRect logical = window->GetScreenRect();
    const wxRect rect(wxRound(logical.x * scale), wxRound(logical.y * scale), wxRound(logical.width * scale),
                      wxRound(logical.height * scale));
    std::filesystem::create_directories(OutDir());
    const std::string command = "import -window root -crop " + std::to_string(rect.width) + "x" +
                                std::to_string(rect.height) + "+" + std::to_string(rect.x) + "+" +
                                std::to_string(rect.y) + " +repage '" + OutDir() + "/" + name + ".png'";
    REQUIRE(std::system(command.c_str()) == 0);
}

ProtocolPtr Chronic() {
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    return loaded.protocol;
}

std::unique_ptr<Session> StartChronic(test::GuiFixture& f) {
    std::string refusal;
    auto session = Session::Start(Chronic(), {{"Dr A. Operator", "anesthesiologist"}, "STUDY-0042", "Infusion suite 2"},
                                  f.Context().Env(), refusal);
    REQUIRE(session);
    return session;
}

// Answers from the bundled scripted path until `stopAt` is the next step.
void WalkTo(Session& session, const std::string& stopAt) {
    std::vector<Diagnostic> diagnostics;
    const auto script = LoadScript(std::string(KC_TEST_DATA_DIR) + "/answers/chronic-crps-complete.answers.yaml",
                                   diagnostics);
    REQUIRE(script);
    const Engine& engine = session.GetEngine();
    for (;;) {
        const auto next = engine.NextStep(session.State());
        if (!next || engine.GetProtocol().steps[*next].id == stopAt) return;
        const Step& step = engine.GetProtocol().steps[*next];
        const auto it = script->answers.find(step.id);
        REQUIRE(it != script->answers.end());
        if (engine.Status(session.State(), *next) == StepStatus::AwaitingJustification)
            session.Justify(step.id, it->second.justification, it->second.secondClinician);
        else if (it->second.skip)
            session.Skip(step.id);
        else
            session.Answer(step.id, it->second.values, it->second.note);
    }
}

} // namespace

TEST_CASE("screenshots of the start window, the walk, a hard stop and a finished record", "[.screenshots]") {
    test::GuiFixture f;
    {
        std::string refusal;
        auto open = StartChronic(f);
        WalkTo(*open, "psychosis"); // an unfinished session to resume
    }
    auto* start = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    start->Show();
    start->SetStartDetails("Dr A. Operator", "anesthesiologist", "STUDY-0043", "Infusion suite 2");
    for (long row = 0; row < start->RowCount(); ++row)
        if (start->List()->GetItemText(row, 5).utf8_string().find("chronic") != std::string::npos) start->SelectProtocol(row);
    Capture(start, "start");
    start->Hide();
    start->Destroy();

    auto walkSession = StartChronic(f);
    WalkTo(*walkSession, "indication");
    auto* walk = new SessionFrame(f.Context(), std::move(walkSession));
    walk->Show();
    walk->ShowCurrent();
    walk->Controls()->HandleAnswerKey('1'); // CRPS: its own strength of evidence shows on the card
    Capture(walk, "walk");
    walk->Hide();
    walk->Destroy();

    auto stopSession = StartChronic(f);
    WalkTo(*stopSession, "psychosis");
    stopSession->Answer("psychosis", {"yes"});
    auto* stop = new SessionFrame(f.Context(), std::move(stopSession));
    stop->Show();
    Capture(stop, "hard-stop");
    stop->Hide();
    stop->Destroy();

    auto done = StartChronic(f);
    WalkTo(*done, "");
    auto* finish = new SessionFrame(f.Context(), std::move(done));
    finish->Show();
    Capture(finish, "finish");
    finish->SignAndComplete("Dr A. Operator", "I confirm that this checklist was completed as recorded.");
    Capture(finish, "record");
    finish->Hide();
    finish->Destroy();

    // The audit window over the same records: the open, stopped and completed sessions.
    auto* audit = new AuditFrame(f.Context(), f.records->Root());
    audit->Show();
    for (int i = 0; i < 2000 && (audit->Busy() || !audit->Shown()); ++i) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
    Settle();
    REQUIRE(audit->Shown());
    for (long row = 0; row < audit->Sessions()->GetItemCount(); ++row)
        if (audit->Sessions()->GetItemText(row, 4).utf8_string().find("stopped") == 0) audit->SelectSession(row);
    Capture(audit, "audit");
    audit->Hide();
    audit->Destroy();
}

TEST_CASE("screenshots of supervision: a time point, a due round with its form, the rounds so far and the trends",
          "[.screenshots]") {
    constexpr std::int64_t kMin = 60'000;
    test::GuiFixture f;
    auto pointSession = StartChronic(f);
    WalkTo(*pointSession, "infusion-started");
    auto* point = new SessionFrame(f.Context(), std::move(pointSession));
    point->Show();
    point->ShowCurrent();
    Capture(point, "time-point");
    point->Hide();
    point->Destroy();

    auto session = StartChronic(f);
    WalkTo(*session, "infusion-started");
    REQUIRE(session->Answer("infusion-started", {"now"}).Accepted());
    const std::vector<std::pair<std::string, std::vector<std::string>>> rounds = {
        {"round-heart-rate", {"72", "81", "88"}},     {"round-systolic", {"128", "136", "142"}},
        {"round-diastolic", {"78", "84", "86"}},      {"round-spo2", {"98", "97", "97"}},
        {"round-respiratory-rate", {"14", "13", "12"}}, {"round-adverse-effects", {"no", "no", "no"}},
        {"round-stop-criteria", {"no", "no", "no"}}};
    for (std::uint64_t n = 1; n <= 3; ++n) {
        f.clock.Advance(15 * kMin);
        for (const auto& [step, values] : rounds)
            REQUIRE(session->Observe({"infusion-observations", n, step, {values[n - 1]}, std::nullopt, "", "", ""})
                        .Accepted());
    }
    f.clock.Advance(15 * kMin); // round 4 is due
    auto* frame = new SessionFrame(f.Context(), std::move(session));
    frame->Show();
    frame->OpenDueRound();
    if (auto* rate = dynamic_cast<wxTextCtrl*>(frame->Supervision()->Field(0, "round-heart-rate: value in /min")))
        rate->SetValue("94");
    Capture(frame, "supervision");
    f.clock.Advance(6 * kMin); // past the grace
    frame->Tick();
    frame->ShowCurrent(); // the walk goes on while the round is overdue
    wxTreeCtrl* tree = frame->Navigator();
    wxTreeItemIdValue phases;
    for (auto phase = tree->GetFirstChild(tree->GetRootItem(), phases); phase.IsOk();
         phase = tree->GetNextChild(tree->GetRootItem(), phases)) {
        wxTreeItemIdValue cookie;
        for (auto item = tree->GetFirstChild(phase, cookie); item.IsOk(); item = tree->GetNextChild(phase, cookie))
            if (tree->GetItemText(item).Contains("OVERDUE")) tree->EnsureVisible(item);
    }
    Capture(frame, "supervision-overdue");
    frame->Hide();
    frame->Destroy();
}

// A step with guideline statements: each quote in its box under the prompt, and the evidence
// card with the quotes and "About this evidence". Taken at the scale GDK_SCALE gives.
TEST_CASE("screenshot of a step with guideline statements (quotes)", "[.screenshots]") {
    test::GuiFixture f;
    // The shipped chronic protocol's order review: the A3 dose statements the order is reviewed against.
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    const auto index = loaded.protocol->StepIndex("order-reviewed");
    REQUIRE(index);
    std::string refusal;
    auto session = Session::Start(loaded.protocol, {{"Dr A. Operator", "anesthesiologist"}, "STUDY-0044", "Suite 2"},
                                  f.Context().Env(), refusal);
    REQUIRE(session);
    auto* frame = new SessionFrame(f.Context(), std::move(session));
    frame->Show();
    frame->ShowStep(*index);
    const char* scale = std::getenv("GDK_SCALE");
    Capture(frame, std::string("step-quotes") + (scale && std::string(scale) == "2" ? "-2x" : ""));
    frame->Hide();
    frame->Destroy();
}
