#pragma once
// Private to the supervision panel: what it keeps of each schedule's section and of each row
// of a round's form, shared by supervision_panel.cpp (building and showing) and
// supervision_commands.cpp (recording, missing and ending rounds).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "answer_controls.hpp"
#include "supervision_panel.hpp"
#include "trend_chart.hpp"

namespace kc::gui {

struct SupervisionPanel::Row {
    std::size_t step = 0; // index into RoundSchedule::steps
    AnswerControls* controls = nullptr;
    wxStaticText* noteLabel = nullptr;
    wxTextCtrl* note = nullptr;
    wxStaticText* secondLabel = nullptr;
    wxTextCtrl* second = nullptr;
};

struct SupervisionPanel::Section {
    std::size_t schedule = 0;
    wxPanel* root = nullptr;
    wxStaticText* state = nullptr;
    wxStaticText* countdown = nullptr;
    wxPanel* form = nullptr;
    std::string formKey; // which round and steps the form shows
    std::uint64_t formRound = 0;
    std::vector<Row> rows;
    wxTextCtrl* taken = nullptr;
    wxStaticText* lateLabel = nullptr;
    wxTextCtrl* late = nullptr;
    wxStaticText* error = nullptr;
    wxButton* record = nullptr;
    wxButton* miss = nullptr;
    wxButton* early = nullptr;
    wxListCtrl* list = nullptr;
    std::vector<std::pair<std::string, TrendChart*>> charts;
    bool missable = false;
    bool endable = false;
};

} // namespace kc::gui
