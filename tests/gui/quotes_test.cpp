// Guideline statements (quotes) as a person sees them: an information box under the prompt
// with its grading, and on the evidence card with "About this evidence", at 1x and at 2x.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include <wx/stattext.h>

#include "evidence_card.hpp"
#include "gui_fixture.hpp"
#include "kc/protocol/loader.hpp"
#include "session_fixture.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
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
    frame->Close(true);
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
    frame->Close(true);
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
    frame->Close(true);
}
