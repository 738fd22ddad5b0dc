// The audit window as an auditor sees it: the folder verified in the background, sessions
// with their outcome, overrides and integrity, filters, a session's timeline, and an export
// of what is shown.
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

#include <wx/app.h>
#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

#include <fmt/format.h>

#include "audit_frame.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/clock.hpp"
#include "local_time.hpp"
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
    CHECK(FromWx(frame->Integrity()->GetLabel()).find("NOT INTACT") != std::string::npos);

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
    CHECK(FromWx(frame->Integrity()->GetLabel()).find("NOT INTACT: 1 session, 0 folder findings") != std::string::npos);
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

namespace {

// Lets layout and painting catch up after a size change.
void Settle() {
    for (int i = 0; i < 10; ++i) {
        wxTheApp->Yield(true);
        wxMilliSleep(5);
    }
}

// `inner` in the coordinates of the screen.
wxRect ScreenRect(wxWindow* w) { return wxRect(w->GetScreenPosition(), w->GetSize()); }

} // namespace

TEST_CASE("the audit window opens readable: the timeline wide, the NOT INTACT count clear of the progress bar",
          "[gui][audit][audit-layout]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    frame->SelectSession(RowOf(frame->Sessions(), 5, "1"));
    // The ctest entry "... at 2x" runs this with GDK_SCALE=2: it must really be 2x.
    if (const char* scale = std::getenv("KC_EXPECT_SCALE")) CHECK(frame->GetContentScaleFactor() == std::atof(scale));
    // Wide and narrow (a 2x display gives a window half the logical pixels).
    for (const wxSize size : {wxSize(1280, 800), wxSize(900, 700), wxSize(640, 560)}) {
        frame->SetSize(size);
        frame->Layout();
        Settle();
        INFO("window " << size.x << "x" << size.y);
        // The timeline shows its columns at readable widths, without a mouse: each header whole,
        // and "What happened" with room for a line of text.
        wxListView* timeline = frame->Timeline();
        CHECK(timeline->GetClientSize().x >= frame->GetClientSize().x / 2);
        for (int c = 0; c < timeline->GetColumnCount(); ++c) {
            wxListItem column;
            column.SetMask(wxLIST_MASK_TEXT | wxLIST_MASK_WIDTH);
            timeline->GetColumn(c, column);
            INFO("column " << FromWx(column.GetText()) << ": " << column.GetWidth() << " px");
            CHECK(column.GetWidth() >= timeline->GetTextExtent(column.GetText()).x + timeline->FromDIP(16));
        }
        // The integrity verdict is on screen, whole, and no bar covers it.
        wxStaticText* integrity = frame->Integrity();
        CHECK(integrity->IsShownOnScreen());
        CHECK(FromWx(integrity->GetLabel()).find("NOT INTACT: 1 session") == 0);
        CHECK(integrity->GetSize().x >= integrity->GetBestSize().x);
        CHECK(ScreenRect(integrity).GetRight() <= ScreenRect(frame).GetRight());
        if (frame->Progress()->IsShown()) CHECK_FALSE(ScreenRect(integrity).Intersects(ScreenRect(frame->Progress())));
        // The counts wrap rather than run under anything.
        CHECK(ScreenRect(frame->Summary()).GetRight() <= ScreenRect(frame).GetRight());
    }
    frame->Destroy();
}

TEST_CASE("a date the filter cannot read is said beside the field, and the list stays", "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    REQUIRE(frame->Sessions()->GetItemCount() == 3);
    for (const char* typed : {"15/11/2026", "2026-13-01", "yesterday"}) {
        ReportFilter filter;
        filter.fromDate = typed;
        frame->SetFilter(filter);
        frame->Reload();
        WaitForReport(frame);
        INFO(typed);
        CHECK(f.prompter.errors.empty());
        CHECK(frame->Sessions()->GetItemCount() == 3); // what was listed stays
        const std::string said = FromWx(frame->FilterMessage()->GetLabel());
        CHECK(said.find(std::string("From: '") + typed + "' is not a date") == 0);
        CHECK(said.find("YYYY-MM-DD, for example 2026-11-15") != std::string::npos);
        CHECK(frame->FilterMessage()->IsShownOnScreen());
        CHECK(FromWx(frame->Summary()->GetLabel()).find("Cannot read") == std::string::npos);
    }
    ReportFilter filter;
    filter.toDate = "2099-12-31";
    frame->SetFilter(filter);
    frame->Reload();
    WaitForReport(frame);
    CHECK(frame->FilterMessage()->GetLabel().empty());
    CHECK(frame->Sessions()->GetItemCount() == 3);
    frame->Destroy();
}

TEST_CASE("Export shown writes the format its file name says, and refuses a name it cannot tell", "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    const auto exportAs = [&](const std::string& name, int filterIndex) {
        f.prompter.saveAs = SaveChoice{f.dir.File(name), filterIndex};
        wxCommandEvent exportEvent(wxEVT_MENU, frame->GetMenuBar()->FindMenuItem(_("&File"), _("&Export shown…")));
        frame->ProcessWindowEvent(exportEvent);
        return std::filesystem::exists(f.dir.File(name)) ? test::ReadAll(f.dir.File(name)) : std::string();
    };
    // The type chosen in the dialog (0: HTML) does not override the name typed.
    const std::string csv = exportAs("overrides.csv", 0);
    CHECK(csv.rfind("session_id,", 0) == 0);
    CHECK(csv.find("<html") == std::string::npos);
    CHECK(exportAs("all.json", 0).rfind("[\n  {\n", 0) == 0); // the JSON array of sessions
    CHECK(exportAs("report.HTML", 1).find("<!DOCTYPE html>") == 0);
    CHECK(f.prompter.errors.empty());
    CHECK(exportAs("report.pdf", 0).empty());
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("report.pdf") != std::string::npos);
    CHECK(f.prompter.errors[0].find(".csv, .html or .json") != std::string::npos);
    frame->Destroy();
}

TEST_CASE("the selected event is shown in full, in local time and UTC, lists show local time, UTC on request",
          "[gui][audit]") {
    test::GuiFixture f;
    Record(f);
    auto* frame = new AuditFrame(f.Context(), f.records->Root());
    frame->Show();
    WaitForReport(frame);
    const long overridden = RowOf(frame->Sessions(), 5, "1");
    frame->SelectSession(overridden);
    const SessionSummary& s = frame->Shown()->sessions[static_cast<std::size_t>(overridden)];
    CHECK(frame->Sessions()->GetItemText(overridden, 0) == LocalDateTime(s.startedUtcMs));
    const auto events = ScanTrailFile(layout::PathOfKey(f.records->Root(), s.file)).events;
    long justified = -1;
    for (long row = 0; row < frame->Timeline()->GetItemCount(); ++row)
        if (FromWx(frame->Timeline()->GetItemText(row, 3)).find("justified") != std::string::npos) justified = row;
    REQUIRE(justified >= 0);
    const Event& e = events[static_cast<std::size_t>(justified)];
    CHECK(frame->Timeline()->GetItemText(justified, 1) == LocalDateTime(e.utcMs));
    frame->SelectEvent(justified);
    const std::string details = FromWx(frame->EventDetails()->GetValue());
    CHECK(details.find(fmt::format("Event {} of {}", e.seq, events.size())) == 0);
    CHECK(details.find("warning_justified") != std::string::npos);
    CHECK(details.find(FromWx(LocalDateTime(e.utcMs))) != std::string::npos);
    CHECK(details.find(FromWx(UtcText(e.utcMs))) != std::string::npos);
    CHECK(details.find("LFTs stable; hepatology agrees") != std::string::npos);
    CHECK(details.find("Dr B. Second") != std::string::npos);
    CHECK(details.find(e.hash) != std::string::npos);
    CHECK(details.find("Session outcome: abandoned: Infusion postponed") != std::string::npos);

    // UTC on request: the lists show the trail's own times.
    wxCommandEvent utc(wxEVT_MENU, frame->GetMenuBar()->FindMenuItem(_("&View"), _("Times in &UTC")));
    utc.SetInt(1);
    frame->ProcessWindowEvent(utc);
    CHECK(FromWx(frame->Timeline()->GetItemText(justified, 1)) == FormatUtcMs(e.utcMs));
    CHECK(FromWx(frame->Sessions()->GetItemText(overridden, 0)) == FormatUtcMs(s.startedUtcMs));
    frame->Destroy();
}
