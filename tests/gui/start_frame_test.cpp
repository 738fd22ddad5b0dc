#include <catch2/catch.hpp>

#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <wx/tooltip.h>

#include "dialogs.hpp"
#include "gui_fixture.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/protocol/approval.hpp"
#include "kc/protocol/loader.hpp"
#include "session_frame.hpp"
#include "start_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

// Selects the bundled example-minimal protocol (a draft) in the library.
void SelectBundledExample(StartFrame* frame) {
    long example = -1;
    for (long row = 0; row < frame->RowCount(); ++row)
        if (frame->List()->GetItemText(row, 5).utf8_string().find("example-minimal") != std::string::npos) example = row;
    REQUIRE(example >= 0);
    frame->SelectProtocol(example);
}

} // namespace

TEST_CASE("the library lists valid protocols, flags drafts, hides retired ones and shows diagnostics", "[gui]") {
    test::GuiFixture f;
    const std::string example = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    test::WriteAll(f.dir.File("a-valid.yaml"), example);
    test::WriteAll(f.dir.File("b-broken.yaml"), "format: 1\nid: x\ntitel: typo\n");
    std::string retired = example;
    retired.replace(retired.find("status: draft"), 13, "status: retired");
    test::WriteAll(f.dir.File("c-retired.yaml"), retired);

    auto* frame = new StartFrame(f.Context(), LoadCatalog({f.dir.Path()}));
    frame->Show();
    CHECK(frame->RowCount() == 2); // the retired protocol is hidden
    CHECK(frame->InvalidCount() == 1);
    CHECK(frame->List()->GetItemText(0, 0).utf8_string().find("Example checklist") == 0);
    CHECK(frame->List()->GetItemText(0, 2) == "DRAFT, demonstration"); // the bundled example is one
    frame->SelectProtocol(1);
    const std::string details = FromWx(frame->Details()->GetValue());
    CHECK(details.find("cannot be opened") != std::string::npos);
    CHECK(details.find("b-broken.yaml:3:1: error: unknown key 'titel'") != std::string::npos);
    // An invalid protocol does not open.
    CHECK(frame->StartSelected() == nullptr);
    REQUIRE(f.prompter.errors.size() == 1);
    frame->Destroy();
}

TEST_CASE("starting asks to confirm a draft and refuses a missing patient reference", "[gui]") {
    test::GuiFixture f;
    auto* frame = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    frame->Show();
    SelectBundledExample(frame);
    frame->SetStartDetails("Dr A", "anesthesiologist", "", "Suite 1");
    f.prompter.confirmAnswer = false;
    CHECK(frame->StartSelected() == nullptr);
    CHECK(f.prompter.confirmations == 1);
    CHECK(f.records->SessionIds().empty());
    f.prompter.confirmAnswer = true;
    CHECK(frame->StartSelected() == nullptr);
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("the patient reference is required") != std::string::npos);
    CHECK(f.records->SessionIds().empty());
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-1", "Suite 1");
    SessionFrame* session = frame->StartSelected();
    REQUIRE(session != nullptr);
    CHECK(f.records->SessionIds().size() == 1);
    session->Destroy();
    frame->Destroy();
}

TEST_CASE("an approved protocol changed since its approval does not start until it is approved again", "[gui]") {
    test::GuiFixture f;
    const SigningKey key = SigningKey::LoadOrCreate(f.dir.File("keys"));
    AppContext context = f.Context();
    context.signingKey = &key;
    std::string approved = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    approved.replace(approved.find("status: draft"), 13, "status: approved");
    const std::string folder = f.dir.File("library");
    std::filesystem::create_directory(folder);
    const std::string path = folder + "/example.yaml";
    test::WriteAll(path, approved);
    auto approve = [&] { ApproveProtocol(*LoadProtocolFile(path).protocol, "Dr P. Author", key, 1'795'614'000'000); };
    approve();
    test::WriteAll(path, approved + "# edited after approval\n");

    auto* frame = new StartFrame(context, LoadCatalog({folder}));
    frame->Show();
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-9", "Suite 1");
    frame->SelectProtocol(0);
    CHECK(frame->List()->GetItemText(0, 2) == "NOT APPROVED AS IS, demonstration");
    CHECK(FromWx(frame->Details()->GetValue()).find("has changed since it was approved by Dr P. Author") !=
          std::string::npos);
    CHECK(frame->StartSelected() == nullptr);
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("approves it again") != std::string::npos);
    CHECK(f.prompter.errors[0].find("checklistctl") == std::string::npos); // the app says no command of the CLI
    CHECK(f.records->SessionIds().empty()); // nothing was recorded
    frame->Destroy();

    approve(); // an author reviewed the edit and approved it again
    auto* again = new StartFrame(context, LoadCatalog({folder}));
    again->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-9", "Suite 1");
    again->SelectProtocol(0);
    CHECK(again->List()->GetItemText(0, 2) == "approved, demonstration");
    SessionFrame* session = again->StartSelected();
    CHECK(session != nullptr);
    if (session) session->Destroy();
    again->Destroy();
}

TEST_CASE("with protocols: {require_approved: true} the app refuses a draft, without asking to confirm it", "[gui]") {
    test::GuiFixture f;
    const SigningKey key = SigningKey::LoadOrCreate(f.dir.File("keys"));
    AppContext context = f.Context();
    context.signingKey = &key;
    context.protocols.requireApproved = true;
    auto* frame = new StartFrame(context, LoadCatalog({KC_PROTOCOL_DIR}));
    frame->Show();
    SelectBundledExample(frame);
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-2", "Suite 1");
    CHECK(frame->StartSelected() == nullptr);
    CHECK(f.prompter.confirmations == 0);
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find("example-minimal 1.0.0 is a draft") != std::string::npos);
    CHECK(f.prompter.errors[0].find("require_approved") != std::string::npos);
    CHECK(f.records->SessionIds().empty());
    frame->Destroy();
}

TEST_CASE("resume asks who is resuming, records that person, and refuses a blank or malformed name", "[gui]") {
    test::GuiFixture f;
    std::string id, trail;
    {
        const auto example = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml").protocol;
        std::string refusal;
        auto session = Session::Start(example, {{"Dr A", "anesthesiologist"}, "P-GUI-7", ""}, f.Context().Env(), refusal);
        REQUIRE(session);
        id = session->Id();
        trail = session->TrailPath();
        REQUIRE(session->Answer("indication", {"crps"}).Accepted());
    } // the process dies here
    auto* frame = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    frame->Show();
    // Someone else's details in the start box are not whoever resumes.
    frame->SetStartDetails("Dr Z", "pain physician", "", "");
    REQUIRE(frame->Unfinished()->GetItemCount() == 1);
    const std::string before = test::ReadAll(trail);

    f.prompter.resumer.reset(); // the person cancels
    CHECK(frame->ResumeSelected() == nullptr);
    CHECK(f.prompter.errors.empty());
    for (const Actor& refused : {Actor{"", ""}, Actor{"Dr C", " "}, Actor{"Dr \x1b[2J\x1b[HC", "nurse"},
                                 Actor{"Dr C\xe2\x80\xae", "nurse"}, Actor{std::string(120 * 1024, 'C'), "nurse"}}) {
        f.prompter.resumer = refused;
        CHECK(frame->ResumeSelected() == nullptr);
        REQUIRE_FALSE(f.prompter.errors.empty());
        CHECK(f.prompter.errors.back().find("cannot be resumed: the operator's") != std::string::npos);
    }
    CHECK(test::ReadAll(trail) == before); // nothing was recorded for any of them
    CHECK(f.prompter.resumeAsked.size() == 6);

    f.prompter.resumer = Actor{"Dr C", "registered nurse"};
    SessionFrame* resumed = frame->ResumeSelected();
    REQUIRE(resumed != nullptr);
    const auto events = ScanTrailFile(trail).events;
    CHECK(std::holds_alternative<ev::SessionResumed>(events.back().body));
    CHECK(events.back().actor == Actor{"Dr C", "registered nurse"});
    resumed->Destroy();
    frame->Destroy();
}

TEST_CASE("the resume dialog starts empty and cannot be confirmed without a name and a role", "[gui]") {
    test::GuiFixture f;
    auto* frame = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    frame->SetStartDetails("Dr Z", "pain physician", "", "");
    {
        ResumeDialog dialog(frame, "Session started by Dr A (anesthesiologist).");
        CHECK(dialog.Person() == Actor{"", ""});
        auto* ok = dialog.FindWindow(wxID_OK);
        REQUIRE(ok != nullptr);
        auto* name = static_cast<wxTextCtrl*>(dialog.FindWindowByName("Resuming operator name"));
        auto* role = static_cast<wxComboBox*>(dialog.FindWindowByName("Resuming operator role"));
        REQUIRE(name != nullptr);
        REQUIRE(role != nullptr);
        dialog.UpdateWindowUI(wxUPDATE_UI_RECURSE);
        CHECK_FALSE(ok->IsEnabled());
        name->ChangeValue("Dr C");
        dialog.UpdateWindowUI(wxUPDATE_UI_RECURSE);
        CHECK_FALSE(ok->IsEnabled());
        role->SetValue("registered nurse");
        dialog.UpdateWindowUI(wxUPDATE_UI_RECURSE);
        CHECK(ok->IsEnabled());
        CHECK(dialog.Person() == Actor{"Dr C", "registered nurse"});
    }
    frame->Destroy();
}

TEST_CASE("the start window names a special file in the records or the library and still opens", "[gui]") {
    const test::Watchdog watchdog(120); // a FIFO opened for reading would block the start forever
    test::GuiFixture f;
    const std::string library = f.dir.File("library");
    std::filesystem::create_directory(library);
    std::filesystem::copy_file(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml", library + "/a.yaml");
    test::MakeSpecialFile(library + "/b.yaml", test::SpecialFile::Fifo);
    test::MakeSpecialFile(f.records->SessionPath("special"), test::SpecialFile::Fifo);
    auto* frame = new StartFrame(f.Context(), LoadCatalog({library}));
    frame->Show();
    REQUIRE(frame->RowCount() == 2);
    CHECK(frame->InvalidCount() == 1);
    frame->SelectProtocol(1);
    CHECK(FromWx(frame->Details()->GetValue()).find("b.yaml: not a regular file (a FIFO)") != std::string::npos);
    REQUIRE(frame->Unfinished()->GetItemCount() == 1);
    CHECK(frame->Unfinished()->GetItemText(0, 4).utf8_string().find("not a regular file (a FIFO)") != std::string::npos);
    frame->Destroy();
}

namespace {

// The example protocol as a clinical one would be: another id, a title that claims no demonstration.
std::string ClinicalCopy(const std::string& id, const std::string& title) {
    std::string text = test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    text.replace(text.find("id: example-minimal"), 19, "id: " + id);
    const auto at = text.find("title: ");
    text.replace(at, text.find('\n', at) - at, "title: " + title);
    return text;
}

long RowOf(StartFrame* frame, const std::string& fileName) {
    for (long row = 0; row < frame->RowCount(); ++row)
        if (frame->List()->GetItemText(row, 5).utf8_string().find(fileName) != std::string::npos) return row;
    return -1;
}

// The menu item of the frame's menu bar whose accelerator is `accel` ("F5"), as a person presses it.
void PressMenuKey(wxFrame* frame, const wxString& accel) {
    wxMenuBar* bar = frame->GetMenuBar();
    REQUIRE(bar != nullptr);
    for (size_t m = 0; m < bar->GetMenuCount(); ++m)
        for (wxMenuItem* item : bar->GetMenu(m)->GetMenuItems())
            if (item->GetItemLabel().AfterLast('\t') == accel) {
                wxCommandEvent event(wxEVT_MENU, item->GetId());
                event.SetEventObject(frame);
                frame->GetEventHandler()->ProcessEvent(event);
                return;
            }
    FAIL("no menu item has the key " << accel.utf8_string());
}

} // namespace

TEST_CASE("F5 reloads the protocol library from disk, keeping the selection", "[gui]") {
    test::GuiFixture f;
    const std::string folder = f.dir.File("library");
    std::filesystem::create_directory(folder);
    test::WriteAll(folder + "/b-walk.yaml", ClinicalCopy("walk", "Walk protocol"));
    AppContext context = f.Context();
    context.protocolDirs = {folder};
    auto* frame = new StartFrame(context, LoadCatalog({folder}));
    frame->Show();
    REQUIRE(frame->RowCount() == 1);
    test::WriteAll(folder + "/a-added.yaml", ClinicalCopy("added", "Added later"));
    test::WriteAll(folder + "/c-broken.yaml", "format: 1\nid: x\n");
    PressMenuKey(frame, "F5");
    REQUIRE(frame->RowCount() == 3);
    CHECK(frame->List()->GetItemText(RowOf(frame, "a-added.yaml"), 0) == "Added later");
    CHECK(frame->List()->GetFirstSelected() == RowOf(frame, "b-walk.yaml")); // what was selected stays selected
    CHECK(frame->GetStatusBar()->GetStatusText(0) == "3 protocols, 1 invalid");
    frame->Destroy();
}

TEST_CASE("a protocol changed on disk since the library was read says so before a session starts", "[gui]") {
    test::GuiFixture f;
    const std::string folder = f.dir.File("library");
    std::filesystem::create_directory(folder);
    const std::string path = folder + "/walk.yaml";
    test::WriteAll(path, ClinicalCopy("walk", "Walk protocol"));
    AppContext context = f.Context();
    context.protocolDirs = {folder};
    auto* frame = new StartFrame(context, LoadCatalog({folder}));
    frame->Show();
    frame->SelectProtocol(0);
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-20", "Suite 1");
    test::WriteAll(path, ClinicalCopy("walk", "Walk protocol, edited"));

    f.prompter.confirmAnswer = false; // "reload the library?" — no
    CHECK(frame->StartSelected() == nullptr);
    REQUIRE(f.prompter.confirmations == 1);
    REQUIRE(f.prompter.confirmed.size() == 1);
    CHECK(f.prompter.confirmed[0].find(path + " was changed on disk since the library was read") != std::string::npos);
    CHECK(f.prompter.confirmed[0].find("Reload the library") != std::string::npos);
    CHECK(f.records->SessionIds().empty()); // nothing started on text that is no longer the file
    CHECK(frame->List()->GetItemText(0, 0) == "Walk protocol");

    f.prompter.confirmAnswer = true; // reload: the new text is shown, and starts when asked again
    CHECK(frame->StartSelected() == nullptr);
    CHECK(f.records->SessionIds().empty());
    CHECK(frame->List()->GetItemText(0, 0) == "Walk protocol, edited");
    CHECK(frame->List()->GetFirstSelected() == 0);
    SessionFrame* session = frame->StartSelected(); // a draft: confirmed, then it starts
    REQUIRE(session != nullptr);
    CHECK(f.records->SessionIds().size() == 1);
    session->Destroy();

    std::filesystem::remove(path); // removed from disk: said, and nothing starts
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-21", "Suite 1");
    f.prompter.confirmAnswer = false;
    CHECK(frame->StartSelected() == nullptr);
    CHECK(f.prompter.confirmed.back().find(path + " is no longer on disk") != std::string::npos);
    CHECK(f.records->SessionIds().size() == 1);
    frame->Destroy();
}

TEST_CASE("the start window selects the protocol used last, not the demonstration, and marks demonstrations", "[gui]") {
    test::GuiFixture f;
    const std::string folder = f.dir.File("library");
    std::filesystem::create_directory(folder);
    std::filesystem::copy_file(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml", folder + "/a-example.yaml");
    test::WriteAll(folder + "/b-first.yaml", ClinicalCopy("first", "First protocol"));
    test::WriteAll(folder + "/c-second.yaml", ClinicalCopy("second", "Second protocol"));
    AppContext context = f.Context();
    context.protocolDirs = {folder};
    context.stateDir = f.dir.File("state");
    {
        auto* frame = new StartFrame(context, LoadCatalog({folder}));
        // Nothing used yet: the first protocol that is no demonstration.
        CHECK(frame->List()->GetFirstSelected() == RowOf(frame, "b-first.yaml"));
        const long demo = RowOf(frame, "a-example.yaml");
        CHECK(frame->List()->GetItemText(demo, 2) == "DRAFT, demonstration");
        CHECK(frame->List()->GetItemText(RowOf(frame, "b-first.yaml"), 2) == "DRAFT");
        frame->SelectProtocol(demo);
        CHECK(FromWx(frame->Details()->GetValue()).rfind("DEMONSTRATION", 0) == 0);
        frame->SelectProtocol(RowOf(frame, "c-second.yaml"));
        frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-22", "Suite 1");
        SessionFrame* session = frame->StartSelected();
        REQUIRE(session != nullptr);
        session->Destroy();
        frame->Destroy();
    }
    {
        auto* again = new StartFrame(context, LoadCatalog({folder})); // the app started again
        CHECK(again->List()->GetFirstSelected() == RowOf(again, "c-second.yaml"));
        again->Destroy();
    }
    // A state folder that cannot be written never stops a session.
    test::WriteAll(f.dir.File("not-a-folder"), "");
    context.stateDir = f.dir.File("not-a-folder");
    auto* frame = new StartFrame(context, LoadCatalog({folder}));
    frame->SetStartDetails("Dr A", "anesthesiologist", "P-GUI-23", "Suite 1");
    SessionFrame* session = frame->StartSelected();
    CHECK(session != nullptr);
    if (session) session->Destroy();
    CHECK(f.prompter.errors.empty());
    frame->Destroy();
}

TEST_CASE("an invalid protocol is listed under its file name with its count of problems", "[gui]") {
    test::GuiFixture f;
    test::WriteAll(f.dir.File("one-problem.yaml"), test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml") +
                                                       "titel: typo\n");
    test::WriteAll(f.dir.File("two-problems.yaml"), "format: 1\nid: x\ntitel: typo\nversoin: 1\n");
    auto* frame = new StartFrame(f.Context(), LoadCatalog({f.dir.Path()}));
    REQUIRE(frame->RowCount() == 2);
    CHECK(frame->List()->GetItemText(0, 0) == "one-problem.yaml");
    CHECK(frame->List()->GetItemText(0, 2) == "1 problem");
    CHECK(frame->List()->GetItemText(1, 0) == "two-problems.yaml");
    CHECK(frame->List()->GetItemText(1, 2).EndsWith(" problems"));
    CHECK(frame->GetStatusBar()->GetStatusText(0) == "2 protocols, 2 invalid");
    frame->Destroy();
}

TEST_CASE("unfinished sessions show their start in local time, with UTC on request", "[gui]") {
    test::GuiFixture f;
    const char* oldTz = std::getenv("TZ");
    const std::string savedTz = oldTz ? oldTz : "";
    setenv("TZ", "Asia/Kolkata", 1); // UTC+5:30, no daylight saving
    tzset();
    {
        const auto example = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml").protocol;
        std::string refusal;
        auto session = Session::Start(example, {{"Dr A", "anesthesiologist"}, "P-GUI-30", ""}, f.Context().Env(), refusal);
        REQUIRE(session);
    } // left open: unfinished
    auto* frame = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    frame->Show();
    REQUIRE(frame->Unfinished()->GetItemCount() == 1);
    const std::string started = frame->Unfinished()->GetItemText(0, 0).utf8_string();
    INFO(started);
    // 13:40 UTC on 25 November 2026 is 19:10 in India.
    CHECK((started.find("19:10:0") != std::string::npos || started.find("07:10:0") != std::string::npos));
    CHECK(started.find("13:40") == std::string::npos);
    CHECK(started.find("UTC") == std::string::npos);
    CHECK(started.find('T') == std::string::npos);
    wxListItem header;
    header.SetMask(wxLIST_MASK_TEXT);
    frame->Unfinished()->GetColumn(0, header);
    CHECK(header.GetText() == "Started");
    frame->Unfinished()->Select(0);
    REQUIRE(frame->Unfinished()->GetToolTip() != nullptr);
    CHECK(frame->Unfinished()->GetToolTip()->GetTip().utf8_string().find("2026-11-25T13:40:0") != std::string::npos);
    // Resuming names the start in both.
    f.prompter.resumer.reset();
    frame->ResumeSelected();
    REQUIRE(f.prompter.resumeAsked.size() == 1);
    CHECK(f.prompter.resumeAsked[0].find("19:10") != std::string::npos);
    CHECK(f.prompter.resumeAsked[0].find("2026-11-25T13:40:0") != std::string::npos);
    frame->Destroy();
    if (oldTz) setenv("TZ", savedTz.c_str(), 1);
    else unsetenv("TZ");
    tzset();
}

TEST_CASE("Help lists every keyboard shortcut of the window's menus, read from the menus themselves", "[gui]") {
    test::GuiFixture f;
    auto* frame = new StartFrame(f.Context(), LoadCatalog({KC_PROTOCOL_DIR}));
    wxMenuBar* bar = frame->GetMenuBar();
    REQUIRE(bar->FindMenu("Help") != wxNOT_FOUND);
    wxMenu* help = bar->GetMenu(static_cast<size_t>(bar->FindMenu("Help")));
    CHECK(help->FindItem("User guide") != wxNOT_FOUND);
    CHECK(help->FindItem("Keyboard shortcuts") != wxNOT_FOUND);
    // Every accelerator of every menu is in the list, with what it does.
    std::size_t accelerators = 0;
    for (size_t m = 0; m < bar->GetMenuCount(); ++m)
        for (wxMenuItem* item : bar->GetMenu(m)->GetMenuItems())
            if (item->GetItemLabel().Contains("\t")) ++accelerators;
    wxListView* list = frame->ShowShortcuts();
    REQUIRE(list != nullptr);
    CHECK(static_cast<std::size_t>(list->GetItemCount()) >= accelerators);
    const auto has = [&](const wxString& key, const wxString& action) {
        for (long row = 0; row < list->GetItemCount(); ++row)
            if (list->GetItemText(row, 0) == key && list->GetItemText(row, 1) == action) return true;
        return false;
    };
    CHECK(has("Ctrl+N", "Start session"));
    CHECK(has("F5", "Refresh"));
    CHECK(has("Ctrl+Q", "Quit"));
    CHECK(has("Ctrl+U", "Audit these records"));
    wxGetTopLevelParent(list)->Destroy();
    // A key added to a menu appears in the list: nothing is typed twice.
    bar->GetMenu(0)->Append(wxID_ANY, "Something new\tCtrl+Shift+Y");
    list = frame->ShowShortcuts();
    CHECK(has("Ctrl+Shift+Y", "Something new"));
    wxGetTopLevelParent(list)->Destroy();
    frame->Destroy();
}

TEST_CASE("Help opens the user guide that is installed, and names the place when it is missing", "[gui]") {
    test::GuiFixture f;
    AppContext context = f.Context();
    context.docDir = std::string(KC_SOURCE_DIR) + "/docs";
    auto* frame = new StartFrame(context, LoadCatalog({KC_PROTOCOL_DIR}));
    wxTextCtrl* guide = frame->ShowUserGuide();
    REQUIRE(guide != nullptr);
    const std::string text = FromWx(guide->GetValue());
    CHECK(text.rfind("User guide", 0) == 0);
    CHECK(text.find("Unfinished sessions") != std::string::npos);
    CHECK(text.find("![") == std::string::npos); // pictures are named, not shown as markup
    CHECK(FromWx(wxGetTopLevelParent(guide)->GetLabel()).find("user-guide.md") != std::string::npos);
    wxGetTopLevelParent(guide)->Destroy();
    frame->Destroy();

    context.docDir = f.dir.File("no-docs");
    auto* other = new StartFrame(context, LoadCatalog({KC_PROTOCOL_DIR}));
    CHECK(other->ShowUserGuide() == nullptr);
    REQUIRE(f.prompter.errors.size() == 1);
    CHECK(f.prompter.errors[0].find(f.dir.File("no-docs") + "/user-guide.md") != std::string::npos);
    other->Destroy();
}
