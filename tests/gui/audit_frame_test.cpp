// The audit window as an auditor sees it: the folder verified in the background, sessions
// with their outcome, overrides and integrity, filters, a session's timeline, and an export
// of what is shown.
#include <chrono>
#include <filesystem>

#include <catch2/catch.hpp>

#include <wx/app.h>
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

#include "audit_frame.hpp"
#include "gui_fixture.hpp"
#include "rechain.hpp"
#include "rounds_driver.hpp"
#include "test_protocols.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

// Two ended sessions (one with a justified warning) and a third whose file is then edited.
void Record(test::GuiFixture& f) {
    const ProtocolPtr protocol = test::LoadInline(test::kEngineProtocol, f.dir.File("engine-test.yaml"));
    const auto start = [&] {
        std::string refusal;
        auto s = Session::Start(protocol, {{"Dr A", "anesthesiologist"}, "P-AUDIT", "Suite 1"}, f.Context().Env(),
                                refusal);
        REQUIRE(s);
        return s;
    };
    auto overridden = start();
    REQUIRE(overridden->Answer("psychosis", {"no"}).Accepted());
    REQUIRE(overridden->Answer("hepatic", {"moderate"}).Accepted());
    REQUIRE(overridden->Justify("hepatic", "LFTs stable; hepatology agrees", "Dr B. Second").Accepted());
    REQUIRE(overridden->Abandon("Infusion postponed").Accepted());
    auto stopped = start();
    REQUIRE(stopped->Answer("psychosis", {"yes"}).Accepted());
    auto tampered = start();
    REQUIRE(tampered->Answer("psychosis", {"no"}).Accepted());
    REQUIRE(tampered->Abandon("Patient declined").Accepted());
    std::string bytes = test::ReadAll(tampered->TrailPath());
    const auto at = bytes.find("Patient declined");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 7, "Surgeon");
    test::WriteAll(tampered->TrailPath(), bytes);
}

// Lets the background verification finish and its result reach the window.
void WaitForReport(AuditFrame* frame) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((frame->Busy() || !frame->Shown()) && std::chrono::steady_clock::now() < deadline) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
    for (int i = 0; i < 5; ++i) wxTheApp->Yield(true); // the result's CallAfter
    REQUIRE(frame->Shown());
}

long RowOf(wxListView* list, int column, const std::string& text) {
    for (long row = 0; row < list->GetItemCount(); ++row)
        if (FromWx(list->GetItemText(row, column)).find(text) != std::string::npos) return row;
    return -1;
}

} // namespace

TEST_CASE("the audit window lists every session with its outcome, overrides and integrity", "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    wxListView* sessions = frame->Sessions();
    REQUIRE(sessions->GetItemCount() == 3);
    const long damaged = RowOf(sessions, 7, "damaged");
    REQUIRE(damaged >= 0);
    CHECK(RowOf(sessions, 4, "stopped at psychosis") >= 0);
    const long overridden = RowOf(sessions, 5, "1");
    REQUIRE(overridden >= 0);
    CHECK(FromWx(frame->Summary()->GetLabel()).find("NOT INTACT") != std::string::npos);

    // The damaged session names the place, as verify does.
    frame->SelectSession(damaged);
    CHECK(FromWx(frame->Findings()->GetValue()).find(".jsonl:3:") != std::string::npos);

    // The overridden one: the timeline shows the justification and who acknowledged it.
    frame->SelectSession(overridden);
    bool justified = false;
    for (long row = 0; row < frame->Timeline()->GetItemCount(); ++row)
        justified |= FromWx(frame->Timeline()->GetItemText(row, 3)).find("Dr B. Second") != std::string::npos;
    CHECK(justified);
    CHECK(FromWx(frame->Findings()->GetValue()).find("LFTs stable") != std::string::npos);
    frame->Destroy();
}

TEST_CASE("audit filters narrow the list and the export writes what is shown", "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    ReportFilter filter;
    filter.overridesOnly = true;
    frame->SetFilter(filter);
    frame->Reload();
    WaitForReport(frame);
    // The overridden session, and the damaged one: damage never hides behind a filter.
    REQUIRE(frame->Sessions()->GetItemCount() == 2);
    CHECK(RowOf(frame->Sessions(), 5, "1") >= 0);
    CHECK(RowOf(frame->Sessions(), 7, "damaged") >= 0);
    CHECK(RowOf(frame->Sessions(), 4, "stopped") < 0);
    const std::string csv = f.dir.File("shown.csv");
    CHECK(frame->ExportShown(csv, ExportFormat::Csv).empty());
    const std::string text = test::ReadAll(csv);
    CHECK(std::count(text.begin(), text.end(), '\n') == 3); // a header and the two sessions
    CHECK(text.find("Dr B. Second") != std::string::npos);
    CHECK(text.find("P-AUDIT") == std::string::npos); // no patient reference unless asked

    // Through the menu's path: the prompter chooses the file and its type (HTML).
    f.prompter.saveAs = SaveChoice{f.dir.File("shown.html"), 0};
    wxCommandEvent exportEvent(wxEVT_MENU, frame->GetMenuBar()->FindMenuItem(_("&File"), _("&Export shown…")));
    frame->ProcessWindowEvent(exportEvent);
    CHECK(test::ReadAll(f.dir.File("shown.html")).find("<svg") != std::string::npos);
    frame->Destroy();
}

TEST_CASE("a torn session offers Recover, which moves the torn line aside and verifies again", "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    const ProtocolPtr protocol = test::LoadInline(test::kEngineProtocol, f.dir.File("engine-test.yaml"));
    std::string refusal;
    auto open = Session::Start(protocol, {{"Dr C", "anesthesiologist"}, "P-TORN", "Suite 2"}, f.Context().Env(), refusal);
    REQUIRE(open);
    REQUIRE(open->Answer("psychosis", {"no"}).Accepted());
    const std::string trail = open->TrailPath();
    const std::string intact = test::ReadAll(trail);
    open.reset();
    test::WriteAll(trail, intact + "{\"actor\":{\"name\":\"Dr C\""); // a crash cut the next write short

    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    const long torn = RowOf(frame->Sessions(), 7, "torn");
    REQUIRE(torn >= 0);
    frame->SelectSession(torn);
    // The window offers the action; the details say what is wrong, not a command to type.
    CHECK(frame->RecoverButton()->IsEnabled());
    const std::string details = FromWx(frame->Findings()->GetValue());
    CHECK(details.find("incomplete, not acknowledged") != std::string::npos);
    CHECK(details.find("checklistctl") == std::string::npos);
    // A session damaged otherwise has nothing to recover.
    frame->SelectSession(RowOf(frame->Sessions(), 7, "damaged"));
    CHECK_FALSE(frame->RecoverButton()->IsEnabled());

    frame->SelectSession(RowOf(frame->Sessions(), 7, "torn"));
    f.prompter.confirmAnswer = false; // asked first: nothing changes when the person declines
    wxCommandEvent click(wxEVT_BUTTON, frame->RecoverButton()->GetId());
    click.SetEventObject(frame->RecoverButton());
    frame->RecoverButton()->GetEventHandler()->ProcessEvent(click);
    CHECK(f.prompter.confirmations == 1);
    CHECK(test::ReadAll(trail) != intact);

    f.prompter.confirmAnswer = true;
    frame->RecoverButton()->GetEventHandler()->ProcessEvent(click);
    WaitForReport(frame);
    CHECK(f.prompter.errors.empty());
    CHECK(test::ReadAll(trail) == intact); // the torn bytes are in a quarantine file beside it
    CHECK(RowOf(frame->Sessions(), 7, "torn") < 0);
    CHECK(RowOf(frame->Sessions(), 4, "incomplete") >= 0);
    CHECK(FromWx(frame->GetStatusBar()->GetStatusText()).find("moved an incomplete last line") != std::string::npos);
    frame->Destroy();
}

TEST_CASE("a session re-sealed after its checkpoint was signed is listed as damaged, and the damaged filter finds it",
          "[gui][audit]") {
    test::GuiFixture f;
    const SigningKey key = SigningKey::LoadOrCreate(f.dir.File("keys"));
    AppContext context = f.Context();
    context.signingKey = &key;
    const ProtocolPtr protocol = test::LoadInline(test::kEngineProtocol, f.dir.File("engine-test.yaml"));
    std::vector<std::string> ids;
    for (int i = 0; i < 2; ++i) {
        std::string refusal;
        auto s = Session::Start(protocol, {{"Dr A", "anesthesiologist"}, "P-AUDIT", "Suite 1"}, context.Env(), refusal);
        REQUIRE(s);
        REQUIRE(s->Answer("psychosis", {"yes"}).Accepted());
        ids.push_back(s->Id());
    }
    test::ResealClosedSession(f.records->SessionPath(ids[0]), f.records->LedgerPath(), ids[0],
                              [](std::vector<nlohmann::json>& lines) { lines[0]["payload"]["location"] = "Suite 9"; });

    auto* frame = new AuditFrame(context, f.records->Root());
    frame->Show();
    WaitForReport(frame);
    REQUIRE(frame->Sessions()->GetItemCount() == 2);
    const long damaged = RowOf(frame->Sessions(), 7, "damaged");
    REQUIRE(damaged >= 0);
    CHECK(FromWx(frame->Sessions()->GetItemText(damaged, 1)) == ids[0].substr(0, 8));
    CHECK(RowOf(frame->Sessions(), 7, "intact") >= 0);
    CHECK(FromWx(frame->Summary()->GetLabel()).find("NOT INTACT: 1 sessions, 0 folder findings") != std::string::npos);
    frame->SelectSession(damaged);
    CHECK(FromWx(frame->Findings()->GetValue()).find("checkpoints.jsonl:1:") != std::string::npos);

    ReportFilter filter;
    filter.outcomes = {OutcomeFilter::Damaged};
    frame->SetFilter(filter);
    frame->Reload();
    WaitForReport(frame);
    REQUIRE(frame->Sessions()->GetItemCount() == 1);
    CHECK(FromWx(frame->Sessions()->GetItemText(0, 7)) == "damaged");
    frame->Destroy();
}

TEST_CASE("the audit window shows each session's rounds in its list and its details", "[gui][audit][rounds]") {
    test::GuiFixture f;
    const ProtocolPtr protocol = test::RoundsReportProtocol(f.dir.File("rounds-report.yaml"));
    std::string refusal;
    auto s = Session::Start(protocol, {{"Dr A", "anesthesiologist"}, "P-ROUNDS", "Suite 1"}, f.Context().Env(), refusal);
    REQUIRE(s);
    const auto ok = [](const Decision& d) {
        INFO(d.refusal);
        REQUIRE(d.Accepted());
    };
    ok(s->Answer("consent", {"yes"}));
    ok(s->Answer("infusion-start", {"now"}));
    // "during" is due every 15 min after the start, 5 min grace (the clock also ticks 1 s a read).
    const auto observe = [&](std::uint64_t n, const std::string& late) {
        for (const char* step : {"hr", "spo2"}) ok(s->Observe({"during", n, step, {"80"}, std::nullopt, {}, late, {}}));
    };
    f.clock.Advance(15 * test::kRoundsMin);
    observe(1, {});
    f.clock.Advance(22 * test::kRoundsMin); // round 2 (due at 30) entered at 37: late
    observe(2, "called to another patient");
    ok(s->Abandon("infusion postponed")); // ended before round 3 (due at 45)
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    REQUIRE(frame->Sessions()->GetItemCount() == 1);
    CHECK(FromWx(frame->Sessions()->GetItemText(0, 8)) == "2 due: 1 on time, 1 late");
    frame->SelectSession(0);
    CHECK(FromWx(frame->Findings()->GetValue())
              .find("Observations during the infusion: 2 due, 1 on time, 1 late, 0 missed, 0 open") != std::string::npos);
    frame->Destroy();
}
