// The evidence card as a person reads it: every basis of every shipped protocol in full
// (citation with its journal and year, provenance, option titles; nothing cut, no line wider
// than the card), a width that does not move from step to step, and a keyboard stop.
#include <catch2/catch.hpp>

#include <wx/frame.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

#include "evidence_card.hpp"
#include "gui_fixture.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "kc/protocol/loader.hpp"
#include "session_frame.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

std::vector<ProtocolPtr> Shipped() {
    std::vector<ProtocolPtr> out;
    for (const auto& entry : LoadCatalog({KC_PROTOCOL_DIR}))
        if (entry.result.Ok()) out.push_back(entry.result.protocol);
    REQUIRE(out.size() >= 3);
    return out;
}

// The children a person sees; each must lie inside the card (wrapped, never running past its edge).
void CheckInside(EvidenceCard* card) {
    const int right = card->GetClientSize().x;
    for (wxWindow* child : card->GetChildren()) {
        if (!child->IsShown()) continue;
        INFO("a child of the card ends at " << child->GetRect().GetRight() << " of " << right);
        CHECK(child->GetRect().GetRight() <= right);
        for (wxWindow* grandchild : child->GetChildren())
            if (grandchild->IsShown()) CHECK(grandchild->GetRect().GetRight() <= child->GetClientSize().x);
    }
}

wxWindow* KeyboardStop(wxWindow* card) {
    for (wxWindow* child : card->GetChildren()) {
        if (child->IsShown() && child->CanAcceptFocusFromKeyboard()) return child;
        if (wxWindow* inner = KeyboardStop(child)) return inner;
    }
    return nullptr;
}

} // namespace

TEST_CASE("the evidence card shows every basis in full, inside its width", "[gui]") {
    auto* frame = new wxFrame(nullptr, wxID_ANY, "card", wxDefaultPosition, wxSize(900, 700));
    auto* card = new EvidenceCard(frame);
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    sizer->Add(card, 0, wxEXPAND);
    frame->SetSizer(sizer);
    frame->Show();
    int width = -1;
    for (const ProtocolPtr& p : Shipped()) {
        for (const Step& step : p->steps) {
            std::vector<const Option*> chosen{nullptr};
            for (const Option& o : step.options) chosen.push_back(&o);
            for (const Option* option : chosen) {
                INFO(p->id << " step " << step.id << (option ? " option " + option->id : std::string()));
                card->Show(*p, step, option);
                frame->Layout();
                const std::string text = FromWx(card->Text());
                CHECK(wxString::FromUTF8(text.data(), text.size()).utf8_string() == text); // valid UTF-8, never cut mid-character
                std::vector<const Basis*> bases{&step.basis};
                if (option && option->basis) bases.push_back(&*option->basis);
                if (option && option->basis) CHECK(text.find(option->label) != std::string::npos);
                for (const Basis* b : bases) {
                    if (b->kind == Basis::Kind::Guideline) {
                        const Source* source = p->FindSource(b->source);
                        REQUIRE(source);
                        CHECK(text.find(source->citation) != std::string::npos); // journal and year at its end
                        if (!source->doi.empty()) CHECK(text.find(source->doi) != std::string::npos);
                        CHECK(text.find(b->provenance) != std::string::npos);
                    } else {
                        if (!b->covers.empty()) CHECK(text.find(b->covers) != std::string::npos);
                        if (!b->note.empty()) CHECK(text.find(b->note) != std::string::npos);
                        if (!b->citation.empty()) CHECK(text.find(b->citation) != std::string::npos);
                    }
                }
                CheckInside(card);
                if (width < 0) width = card->GetSize().x;
                CHECK(card->GetSize().x == width); // the same width whatever it holds
            }
        }
    }
    frame->Destroy();
}

TEST_CASE("the evidence card of the example cites the journal and year, and is a keyboard stop", "[gui]") {
    test::GuiFixture f;
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    std::string refusal;
    auto session = Session::Start(loaded.protocol, {{"Dr A", "anesthesiologist"}, "P-EV-1", ""}, f.Context().Env(), refusal);
    REQUIRE(session);
    auto* frame = new SessionFrame(f.Context(), std::move(session));
    frame->Show();
    EvidenceCard* card = frame->Evidence();
    CHECK(card->Text().Contains("Reg Anesth Pain Med 2018;43(5):521-546."));
    CHECK(card->Text().Contains("summary; wording confirmed"));
    // Reached with Tab, named for a screen reader, its text readable there.
    wxWindow* stop = KeyboardStop(card);
    REQUIRE(stop != nullptr);
    CHECK_FALSE(stop->GetName().empty());
    CHECK(stop->GetName() != "text");
    if (auto* text = dynamic_cast<wxTextCtrl*>(stop)) CHECK(text->GetValue() == card->Text());
    // The width does not follow the text: the same on every step.
    const int width = card->GetSize().x;
    for (std::size_t i = 0; i < frame->GetSession().GetEngine().GetProtocol().steps.size(); ++i) {
        frame->ShowStep(i);
        CHECK(card->GetSize().x == width);
    }
    frame->Destroy();
}
