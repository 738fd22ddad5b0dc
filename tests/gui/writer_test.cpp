// One writer per session, as a clinician meets it: a session open in a window is shown as
// open there in the start window, and neither a second window nor another program (a real
// checklistctl process) can write to it (issue 13, item 1).
#include <catch2/catch.hpp>

#include <wx/app.h>
#include <wx/listctrl.h>

#include "gui_fixture.hpp"
#include "kc/protocol/loader.hpp"
#include "session_frame.hpp"
#include "start_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

TEST_CASE("a session open in a window is shown as open there, and no second window or program writes to it",
          "[gui][writer]") {
    test::GuiFixture f;
    const auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    std::string refusal;
    auto session = Session::Start(loaded.protocol, {{"Dr A", "anesthesiologist"}, "P-GUI-W", ""}, f.Context().Env(),
                                  refusal);
    REQUIRE(session);
    const std::string id = session->Id(), trail = session->TrailPath();
    REQUIRE(session->Answer("indication", {"crps"}).Accepted());
    auto* window = new SessionFrame(f.Context(), std::move(session));
    window->Show();
    const std::string before = test::ReadAll(trail);

    auto* start = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    start->Show();
    REQUIRE(start->Unfinished()->GetItemCount() == 1);
    const std::string state = FromWx(start->Unfinished()->GetItemText(0, 4));
    CHECK_THAT(state, Catch::StartsWith("open in a window of the checklist app on this computer"));

    // Resume (Ctrl+R) on it: refused, with who has it; no second window.
    CHECK(start->ResumeSelected() == nullptr);
    REQUIRE_FALSE(f.prompter.errors.empty());
    CHECK_THAT(f.prompter.errors.back(), Catch::Contains("session " + id + " is open in a window of the checklist app") &&
                                             Catch::Contains("a session has one writer at a time"));

    // Another program, a real process: refused the same way, and nothing written.
    const auto run = test::Run({CHECKLISTCTL, "run", std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml",
                                "--answers", std::string(KC_TEST_DATA_DIR) + "/answers/example-complete.answers.yaml",
                                "--records", f.records->Root(), "--operator", "Dr B", "--role", "anesthesiologist",
                                "--key-dir", f.dir.File("keys"), "--resume", id});
    INFO(run.out << run.err);
    CHECK(run.exitCode == 1);
    CHECK_THAT(run.err, Catch::Contains("is open in a window of the checklist app on this computer"));
    const auto recover = test::Run({CHECKLISTCTL, "recover", trail});
    CHECK(recover.exitCode != 0);
    CHECK_THAT(recover.err, Catch::Contains("cannot be recovered here until that one closes it"));
    CHECK(test::ReadAll(trail) == before);

    // The window closes: the session can be resumed again.
    window->Destroy();
    wxTheApp->ProcessIdle(); // the frame (and its session) goes at idle time
    start->RefreshUnfinished();
    CHECK_THAT(FromWx(start->Unfinished()->GetItemText(0, 4)), Catch::StartsWith("can resume"));
    start->Destroy();
}
