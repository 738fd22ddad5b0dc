// The session history as a person uses it: from the start window or the audit window, every
// session listed with its local start time, protocol and outcome, and any one's record — the
// very page `checklistctl record` writes — shown, previewed and saved.
#include <algorithm>
#include <chrono>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <wx/app.h>
#include <wx/html/htmlwin.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/print.h>
#include <wx/utils.h>

#include "audit_frame.hpp"
#include "gui_fixture.hpp"
#include "session_fixture.hpp"
#include "history_frame.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/report/session_record.hpp"
#include "local_time.hpp"
#include "start_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

// A completed session and, a minute later, one stopped at a hard stop; their trail paths.
std::pair<std::string, std::string> Record(test::GuiFixture& f) {
    std::string refusal;
    auto done = Session::Start(test::ExampleProtocol(), {{"Dr A", "anesthesiologist"}, "P-HISTORY-1", "Suite 1"}, f.Context().Env(),
                               refusal);
    REQUIRE(done);
    REQUIRE(done->Answer("indication", {"crps"}).Accepted());
    REQUIRE(done->Answer("psychosis", {"no"}).Accepted());
    REQUIRE(done->Answer("hepatic", {"normal"}).Accepted());
    REQUIRE(done->Answer("cv-risk", {"no"}).Accepted());
    REQUIRE(done->Answer("monitors", {"spo2", "nibp", "ecg-monitor"}).Accepted());
    REQUIRE(done->Answer("heart-rate", {"72"}).Accepted());
    REQUIRE(done->Skip("remarks", "").Accepted());
    REQUIRE(done->Attest("Dr A. Operator", "I confirm that this record is complete and accurate.").Accepted());
    REQUIRE(done->Complete().Accepted());
    f.clock.Advance(60'000);
    auto stopped = Session::Start(test::ExampleProtocol(), {{"Dr C", "anesthesiologist"}, "P-HISTORY-2", "Suite 2"},
                                  f.Context().Env(), refusal);
    REQUIRE(stopped);
    REQUIRE(stopped->Answer("indication", {"crps"}).Accepted());
    REQUIRE(stopped->Answer("psychosis", {"yes"}).Accepted());
    return {done->TrailPath(), stopped->TrailPath()};
}

template <class T>
T* FindTopLevel() {
    for (wxWindow* w : wxTopLevelWindows)
        if (auto* t = dynamic_cast<T*>(w); t != nullptr && t->IsShown() && !wxPendingDelete.Member(t)) return t;
    return nullptr;
}

// Lets the background reading finish and its list reach the window.
void WaitForList(HistoryFrame* history) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((history->Busy() || !history->Listed()) && std::chrono::steady_clock::now() < deadline) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
    for (int i = 0; i < 5; ++i) wxTheApp->Yield(true); // the result's CallAfter
    REQUIRE(history->Listed());
}

void Settle() {
    for (int i = 0; i < 20; ++i) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
}

} // namespace

TEST_CASE("the session history lists every session and shows, saves and previews the record checklistctl writes",
          "[gui][history]") {
    test::GuiFixture f;
    const auto [completedTrail, stoppedTrail] = Record(f);

    // From the start window's File menu.
    auto* start = new StartFrame(f.Context(), LoadCatalog({std::string(KC_PROTOCOL_DIR)}));
    start->Show();
    const int item = start->GetMenuBar()->FindMenuItem(_("&File"), _("Session &history…"));
    REQUIRE(item != wxNOT_FOUND);
    wxCommandEvent open(wxEVT_MENU, item);
    start->ProcessWindowEvent(open);
    HistoryFrame* history = FindTopLevel<HistoryFrame>();
    REQUIRE(history != nullptr);
    CHECK(history->IsShown());
    WaitForList(history);

    // Newest first, each with its local start time, protocol and outcome.
    wxListView* list = history->Sessions();
    REQUIRE(list->GetItemCount() == 2);
    const auto& sessions = history->Listed()->sessions;
    CHECK(FromWx(list->GetItemText(0, 3)).find("stopped at psychosis") == 0);
    CHECK(FromWx(list->GetItemText(1, 3)) == "completed");
    CHECK(list->GetItemText(1, 0) == LocalDateTime(sessions[1].startedUtcMs));
    CHECK(FromWx(list->GetItemText(1, 2)) == "example-minimal 1.0.0");

    // The completed session's record: the same bytes as checklistctl record writes.
    history->SelectSession(1);
    const auto cli = test::Run({CHECKLISTCTL, "record", completedTrail, "--protocols", KC_PROTOCOL_DIR});
    INFO(cli.err);
    REQUIRE(cli.exitCode == 0);
    CHECK(history->RecordHtml() == cli.out);
    const std::string shown = FromWx(history->RecordView()->ToText());
    CHECK(shown.find("P-HISTORY-1") != std::string::npos);
    CHECK(shown.find("Signed at") != std::string::npos);
    const std::string trail = test::ReadAll(completedTrail);
    CHECK(shown.find(GroupedHash(trail.substr(trail.rfind("\"hash\":\"") + 8, 64))) != std::string::npos);

    // Saved with the records folder's permissions.
    f.prompter.saveAs = SaveChoice{f.dir.File("saved.html"), 0};
    history->SaveShown();
    struct stat st {};
    REQUIRE(::stat(f.dir.File("saved.html").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(test::ReadAll(f.dir.File("saved.html")) == cli.out);

    // The preview window, inside the app.
    history->PreviewShown();
    Settle();
    wxPreviewFrame* preview = FindTopLevel<wxPreviewFrame>();
    REQUIRE(preview != nullptr);
    CHECK(preview->IsShown());
    CHECK(f.prompter.errors.empty());
    preview->Destroy();

    // The stopped one, reopened: its hard stop.
    history->SelectSession(0);
    CHECK(FromWx(history->RecordView()->ToText()).find("P-HISTORY-2") != std::string::npos);
    history->Destroy();
    start->Destroy();
    wxTheApp->ProcessIdle(); // the windows go now, not in the next test
}

TEST_CASE("the audit window opens the session history of the folder it shows", "[gui][history]") {
    test::GuiFixture f;
    Record(f);
    auto* audit = new AuditFrame(f.Context(), f.records->Root());
    audit->Show();
    const int item = audit->GetMenuBar()->FindMenuItem(_("&File"), _("Session &history…"));
    REQUIRE(item != wxNOT_FOUND);
    wxCommandEvent open(wxEVT_MENU, item);
    audit->ProcessWindowEvent(open);
    HistoryFrame* history = FindTopLevel<HistoryFrame>();
    REQUIRE(history != nullptr);
    WaitForList(history);
    CHECK(history->Sessions()->GetItemCount() == 2);
    CHECK(FromWx(history->RecordView()->ToText()).find("Session record") != std::string::npos);
    history->Destroy();
    while (audit->Busy()) wxTheApp->Yield(true);
    Settle();
    audit->Destroy();
}
