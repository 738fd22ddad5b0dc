#pragma once
// The input controls for one step's answer, by kind: radio buttons for yes/no and single
// choice (keys Y, N, A or 1-9), check boxes for multiple choice, a text box for free text,
// and a number box with its unit for measurements (recorded as typed, never computed with).
#include <functional>
#include <string>
#include <vector>

#include <wx/panel.h>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

class wxCheckBox;
class wxRadioButton;
class wxTextCtrl;

namespace kc::gui {

class AnswerControls : public wxPanel {
public:
    AnswerControls(wxWindow* parent, const Step& step, const Values& initial = {});

    Values GetValues() const;
    // A key typed outside a text box: selects the matching answer. True when it did.
    bool HandleAnswerKey(int keyCode);
    void FocusFirst();
    bool IsTextEntry() const { return m_text != nullptr; }
    // Called with the option id whenever a choice is selected (the evidence card follows it).
    void OnSelect(std::function<void(const std::string&)> callback) { m_onSelect = std::move(callback); }

private:
    const Step& m_step;
    std::vector<std::string> m_values; // the value behind each radio button or check box
    std::vector<wxRadioButton*> m_radios;
    std::vector<wxCheckBox*> m_checks;
    wxTextCtrl* m_text = nullptr;
    std::function<void(const std::string&)> m_onSelect;
};

} // namespace kc::gui
