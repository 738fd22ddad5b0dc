// Guideline statements (quotes) as a person sees them: an information box under the prompt
// with its grading, and on the evidence card with "About this evidence", at 1x and at 2x.
#include <algorithm>
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include <wx/arrstr.h>
#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "evidence_card.hpp"
#include "gui_fixture.hpp"
#include "kc/protocol/loader.hpp"
#include "session_fixture.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
#include "supervision_panel.hpp"
#include "test_protocols.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

ProtocolPtr QuotesProtocol() {
    auto loaded = LoadProtocolFile(std::string(KC_TEST_DATA_DIR) + "/protocols/valid/quotes-and-evidence.yaml");
    REQUIRE(loaded.Ok());
    return loaded.protocol;
}

SessionFrame* OpenAt(test::GuiFixture& f, const std::string& stepId) {
    const ProtocolPtr protocol = QuotesProtocol();
    const auto index = protocol->StepIndex(stepId);
    REQUIRE(index);
    auto* frame = test::OpenSessionFrame(f.Context(), protocol, "P-QUOTES");
    frame->ShowStep(*index);
    frame->Layout();
    REQUIRE(test::ShownStepId(frame) == stepId);
    return frame;
}

// A label wraps at a space, which becomes a line break: compared as one line.
bool Contains(const wxString& text, const std::string& part) {
    std::string flat = FromWx(text);
    for (char& c : flat)
        if (c == '\n') c = ' ';
    return flat.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("a step's quotes are information boxes under the prompt, with their grading", "[gui][quotes]") {
    test::GuiFixture f;
    auto* frame = OpenAt(f, "bolus-reviewed");
    StepPage* page = frame->GetStepPage();
    REQUIRE(page->Quotes()->IsShown());
    REQUIRE(page->Quotes()->GetChildren().size() == 2); // one box per quote
    const wxString shown = page->QuotesText();
    INFO(FromWx(shown));
    CHECK(Contains(shown, "Guideline statement — information, not a target"));
    CHECK(Contains(shown, "Bolus up to 0.35 mg/kg."));
    CHECK(Contains(shown, "Cohen et al. 2018, section A3 · grade C · certainty low · provenance [summary]"));
    CHECK(Contains(shown, "Cohen et al. 2018, section A4 · grade not given · certainty not given · provenance "
                          "[summary] (Grade not shown)"));
    // The step's own prompt is not a quote: the statement is shown apart from what is asked.
    CHECK_FALSE(Contains(shown, "Has the bolus order been reviewed"));

    frame->ShowStep(*frame->GetSession().GetEngine().GetProtocol().StepIndex("started"));
    CHECK_FALSE(page->Quotes()->IsShown()); // a step without quotes shows no box
    frame->Destroy();
}

TEST_CASE("the evidence card lists the quotes with their grading and says about the evidence", "[gui][quotes]") {
    test::GuiFixture f;
    auto* frame = OpenAt(f, "bolus-reviewed");
    const wxString card = frame->Evidence()->Text();
    INFO(FromWx(card));
    CHECK(Contains(card, "Basis: Local policy")); // the step stays what it is
    CHECK(Contains(card, "Guideline statement — information, not a target"));
    CHECK(Contains(card, "Statement: Bolus up to 0.35 mg/kg."));
    CHECK(Contains(card, "Section: A3"));
    CHECK(Contains(card, "Grade: C"));
    CHECK(Contains(card, "Certainty: low"));
    CHECK(Contains(card, "Provenance: summary"));
    CHECK(Contains(card, "Grade: not given")); // the A4 quote
    CHECK(Contains(card, "About this evidence"));
    CHECK(Contains(card, "Cohen et al. 2018 developed by: ASRA/AAPM working group"));
    CHECK(Contains(card, "Cohen et al. 2018 published: 2018-06-05"));
    CHECK(Contains(card, "Cohen et al. 2018 review status: ASRA stated it would be reviewed again in 2023"));
    CHECK(Contains(card, "Translated into this protocol by: Pain service protocol group"));
    CHECK(Contains(card, "Protocol last reviewed against the reference: 2026-12-02"));
    CHECK(Contains(card, "Evidence reference: docs/evidence/asra-2018-ketamine.md"));
    // The statements come before "About this evidence", which closes the card.
    CHECK(FromWx(card).find("Statement: Bolus") < FromWx(card).find("About this evidence"));
    frame->Destroy();
}

// Run at 1x with the rest and at 2x (GDK_SCALE=2) by its own ctest entry.
TEST_CASE("a quote's box holds its whole text, inside the page, at any scale", "[gui][quotes][quotes-layout]") {
    test::GuiFixture f;
    auto* frame = OpenAt(f, "bolus-reviewed");
    if (const char* scale = std::getenv("KC_EXPECT_SCALE")) CHECK(frame->GetContentScaleFactor() == std::atof(scale));
    StepPage* page = frame->GetStepPage();
    const int pageRight = page->GetScreenRect().GetRight();
    for (wxWindow* box : page->Quotes()->GetChildren()) {
        const wxRect boxRect = box->GetScreenRect();
        CHECK(boxRect.GetRight() <= pageRight);
        for (wxWindow* child : box->GetChildren()) {
            auto* label = dynamic_cast<wxStaticText*>(child);
            REQUIRE(label);
            const wxRect r = label->GetScreenRect();
            INFO(FromWx(label->GetLabel()) << " at " << r.x << "," << r.y << " " << r.width << "x" << r.height
                                           << " in a box " << boxRect.width << "x" << boxRect.height);
            CHECK(boxRect.Contains(r)); // nothing cut off or running past the box
            CHECK(r.height >= label->GetBestSize().y);
        }
    }
    // Under the prompt: the first box starts below the page's top and above the answer buttons.
    CHECK(page->Quotes()->GetScreenRect().GetTop() > page->GetScreenRect().GetTop());
    frame->Destroy();
}

TEST_CASE("a round step's quotes are shown under its prompt in the round's form", "[gui][quotes]") {
    const std::string protocol = R"(format: 1
id: gui-round-quotes
title: GUI round quotes
version: 1.0.0
status: draft
last_reviewed: 2026-12-02
sources:
  - {id: schwenk-2018, citation: Schwenk ES et al. Reg Anesth Pain Med 2018;43(5):456-466.}
phases:
  - id: during
    title: During the infusion
    basis: {local_policy: {}}
    steps:
      - {id: infusion-started, prompt: "When did the infusion start?", kind: time-point}
    rounds:
      - id: obs
        title: Observations
        from: infusion-started
        for: 2 h
        every: 15 min
        grace: 5 min
        steps:
          - id: rate-reviewed
            prompt: Is the pump still running as ordered?
            kind: yes-no
            quotes:
              - text: Infusions generally not above 1 mg/kg per hour in settings without intensive monitoring.
                guideline: {source: schwenk-2018, section: B2, grade: C, certainty: moderate, provenance: "summary; wording confirmed"}
)";
    test::GuiFixture f;
    auto* frame = test::OpenSessionFrame(f.Context(), test::LoadInline(protocol), "P-QUOTES-R");
    test::PressKey(frame, 'N');
    test::PressKey(frame, WXK_RETURN);
    f.clock.Advance(15 * 60'000);
    frame->OpenDueRound();
    SupervisionPanel* panel = frame->Supervision();
    REQUIRE(panel);
    REQUIRE(panel->FormRound(0) == 1);
    auto* quote = dynamic_cast<wxStaticText*>(panel->Field(0, "rate-reviewed: guideline statement 1"));
    REQUIRE(quote);
    const wxString text = quote->GetLabel();
    INFO(FromWx(text));
    CHECK(Contains(text, "Guideline statement — information, not a target: Infusions generally not above 1 mg/kg"));
    CHECK(Contains(text, "(Schwenk et al. 2018, section B2 · grade C · certainty moderate · provenance [summary; "
                         "wording confirmed])"));
    frame->Destroy();
}

namespace {

// Every line of a wrapped label fits the label's width, and the label is as tall as its lines:
// nothing wraps a second time or is cut off at the bottom.
void CheckShownWhole(wxStaticText* label) {
    const wxString text = label->GetLabel();
    INFO(FromWx(text));
    REQUIRE_FALSE(text.empty());
    wxClientDC dc(label);
    dc.SetFont(label->GetFont());
    int lines = 0, lineHeight = 0;
    for (const wxString& line : wxSplit(text, '\n', '\0')) {
        wxSize extent = dc.GetTextExtent(line.empty() ? wxString("Ag") : line);
        CHECK(extent.x <= label->GetSize().x);
        lineHeight = std::max(lineHeight, extent.y);
        ++lines;
    }
    CHECK(label->GetSize().y >= lines * lineHeight);
}

} // namespace

TEST_CASE("the step page wraps the help and the quotes to its column and shows them whole", "[gui][quotes]") {
    test::GuiFixture f;
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    const ProtocolPtr protocol = loaded.protocol;
    auto* frame = test::OpenSessionFrame(f.Context(), protocol, "P-WRAP");
    frame->SetSize(frame->FromDIP(wxSize(1280, 800)));
    // The indication step's help is long; the order review carries four quotes.
    for (const char* id : {"indication", "order-reviewed"}) {
        INFO(id);
        const auto index = protocol->StepIndex(id);
        REQUIRE(index);
        frame->ShowStep(*index);
        frame->Layout();
        wxYield();
        StepPage* page = frame->GetStepPage();
        CheckShownWhole(page->Help());
        for (wxWindow* box : page->Quotes()->GetChildren())
            for (wxWindow* w : box->GetChildren())
                if (auto* label = dynamic_cast<wxStaticText*>(w)) CheckShownWhole(label);
        // Narrower: wrapped again to the narrower column.
        frame->SetSize(frame->FromDIP(wxSize(1000, 800)));
        frame->Layout();
        wxYield();
        for (wxWindow* box : page->Quotes()->GetChildren())
            for (wxWindow* w : box->GetChildren())
                if (auto* label = dynamic_cast<wxStaticText*>(w)) CheckShownWhole(label);
        CheckShownWhole(page->Help());
        frame->SetSize(frame->FromDIP(wxSize(1280, 800)));
    }
    frame->Destroy();
}

TEST_CASE("a step taller than the page scrolls above the buttons, and nothing on it overlaps", "[gui][quotes]") {
    test::GuiFixture f;
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/ketamine-chronic-pain-2018.yaml");
    REQUIRE(loaded.Ok());
    const ProtocolPtr protocol = loaded.protocol;
    auto* frame = test::OpenSessionFrame(f.Context(), protocol, "P-SCROLL");
    frame->SetSize(frame->FromDIP(wxSize(1280, 800)));
    const auto index = protocol->StepIndex("order-reviewed"); // four quotes and a long help
    REQUIRE(index);
    frame->ShowStep(*index);
    frame->Layout();
    wxYield();
    StepPage* page = frame->GetStepPage();
    wxScrolledWindow* body = page->Body();
    // Taller than its window: it scrolls, and its window ends above the buttons.
    CHECK(body->GetVirtualSize().y > body->GetClientSize().y);
    const int bodyBottom = body->GetPosition().y + body->GetSize().y;
    for (wxWindow* w : page->GetChildren())
        if (w != body && dynamic_cast<wxButton*>(w) && w->IsShown()) CHECK(w->GetPosition().y >= bodyBottom);
    // The step's parts, in their order, each below the one before (the note row did sit on
    // the second quote box when the quotes' boxes were laid out after the page).
    int previousBottom = 0;
    for (wxSizerItem* item : body->GetSizer()->GetChildren()) {
        if (!item->IsShown()) continue;
        const wxRect r = item->GetRect();
        if (r.height == 0) continue;
        INFO("item at y " << r.y << " after " << previousBottom);
        CHECK(r.y >= previousBottom);
        previousBottom = r.y + r.height;
    }
    // The boxes inside their panel, and inside each box each label below the one before: a
    // page too short for them squeezed the panel, and the note row was drawn over a box.
    int boxesBottom = 0;
    for (wxWindow* box : page->Quotes()->GetChildren()) {
        CHECK(box->GetPosition().y >= boxesBottom);
        boxesBottom = box->GetPosition().y + box->GetSize().y;
    }
    CHECK(boxesBottom <= page->Quotes()->GetSize().y);
    for (wxWindow* box : page->Quotes()->GetChildren()) {
        int bottom = 0;
        for (wxWindow* label : box->GetChildren()) {
            CHECK(label->GetPosition().y >= bottom);
            bottom = label->GetPosition().y + label->GetSize().y;
        }
        CHECK(bottom <= box->GetSize().y);
    }
    frame->Destroy();
}
