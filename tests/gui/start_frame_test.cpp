#include <catch2/catch.hpp>

#include <wx/listctrl.h>
#include <wx/textctrl.h>

#include <filesystem>

#include "gui_fixture.hpp"
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
    CHECK(frame->List()->GetItemText(0, 2) == "DRAFT");
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
    CHECK(frame->List()->GetItemText(0, 2) == "NOT APPROVED AS IS");
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
    CHECK(again->List()->GetItemText(0, 2) == "approved");
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
