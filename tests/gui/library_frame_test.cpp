#include <catch2/catch.hpp>

#include <wx/listctrl.h>
#include <wx/textctrl.h>

#include "library_frame.hpp"
#include "process.hpp"
#include "wx_string.hpp"

using namespace kc::gui;

TEST_CASE("the library lists valid protocols and shows diagnostics for invalid ones", "[gui]") {
    kc::test::TempDir dir;
    const std::string example = kc::test::ReadAll(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    kc::test::WriteAll(dir.File("a-valid.yaml"), example);
    kc::test::WriteAll(dir.File("b-broken.yaml"), "format: 1\nid: x\ntitel: typo\n");
    std::string retired = example;
    retired.replace(retired.find("status: draft"), 13, "status: retired");
    kc::test::WriteAll(dir.File("c-retired.yaml"), retired);

    auto* frame = new LibraryFrame(LoadCatalog({dir.Path()}), dir.File("records"));
    frame->Show();
    CHECK(frame->RowCount() == 2); // the retired protocol is hidden
    CHECK(frame->InvalidCount() == 1);
    CHECK(frame->List()->GetItemText(0, 0).utf8_string().find("Example checklist") == 0);
    CHECK(frame->List()->GetItemText(0, 2) == "DRAFT");

    frame->List()->Select(1);
    frame->List()->Focus(1);
    wxListEvent event(wxEVT_LIST_ITEM_SELECTED, frame->List()->GetId());
    event.m_itemIndex = 1;
    frame->List()->GetEventHandler()->ProcessEvent(event);
    const std::string details = FromWx(frame->Details()->GetValue());
    CHECK(details.find("cannot be opened") != std::string::npos);
    CHECK(details.find("b-broken.yaml:3:1: error: unknown key 'titel'") != std::string::npos);
    frame->Destroy();
}
