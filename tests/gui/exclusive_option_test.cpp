// An exclusive option ("None of these") is ticked only alone: ticking it clears the others,
// ticking another clears it, and the controls say so beside the boxes. Every multiple-choice
// step with an exclusive option in the shipped protocols, by click and by key.
#include <catch2/catch.hpp>

#include <wx/checkbox.h>
#include <wx/frame.h>

#include "answer_controls.hpp"
#include "gui_fixture.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "wx_string.hpp"

using namespace kc;
using namespace kc::gui;

namespace {

void Click(wxCheckBox* box) {
    box->SetValue(!box->GetValue());
    wxCommandEvent event(wxEVT_CHECKBOX, box->GetId());
    event.SetEventObject(box);
    event.SetInt(box->GetValue() ? 1 : 0);
    box->GetEventHandler()->ProcessEvent(event);
}

} // namespace

TEST_CASE("an exclusive option clears the others and is cleared by them, and says so", "[gui]") {
    auto* frame = new wxFrame(nullptr, wxID_ANY, "exclusive");
    frame->Show();
    int steps = 0;
    for (const auto& entry : LoadCatalog({KC_PROTOCOL_DIR})) {
        if (!entry.result.Ok()) continue;
        for (const Step& step : entry.result.protocol->steps) {
            if (step.kind != AnswerKind::MultipleChoice) continue;
            for (std::size_t x = 0; x < step.options.size(); ++x) {
                if (!step.options[x].exclusive) continue;
                ++steps;
                const Option& alone = step.options[x];
                const std::size_t other = x == 0 ? 1 : 0;
                INFO(entry.result.protocol->id << " step " << step.id);
                auto* controls = new AnswerControls(frame, step);
                auto box = [&](std::size_t i) {
                    return dynamic_cast<wxCheckBox*>(controls->FindWindow(ToWx(step.id + ": " + step.options[i].id)));
                };
                REQUIRE(box(x));
                REQUIRE(box(other));
                CHECK(controls->Notice().empty());
                Click(box(other));
                Click(box(x));
                CHECK(controls->GetValues() == Values{alone.id});
                CHECK(controls->Notice().Contains(ToWx(alone.label)));
                CHECK(controls->Notice().Contains("cleared"));
                Click(box(other));
                CHECK(controls->GetValues() == Values{step.options[other].id});
                CHECK(controls->Notice().Contains(ToWx(alone.label)));
                CHECK(controls->Notice().Contains("cleared"));
                // By key, where the option has one (1-9).
                if (x < 9) {
                    CHECK(controls->HandleAnswerKey('1' + static_cast<int>(x)));
                    CHECK(controls->GetValues() == Values{alone.id});
                    CHECK(controls->HandleAnswerKey('1' + static_cast<int>(other)));
                    CHECK(controls->GetValues() == Values{step.options[other].id});
                }
                controls->Destroy();
            }
        }
    }
    CHECK(steps >= 4); // the shipped protocols mark four
    frame->Destroy();
}
