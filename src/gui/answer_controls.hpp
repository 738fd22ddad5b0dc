#pragma once
// The input controls for one step's answer, by kind: radio buttons for yes/no and single
// choice (keys Y, N, A or 1-9), check boxes for multiple choice, a text box for free text,
// (an exclusive option, "None of these", only alone), a number box with its unit for measurements (recorded as typed, never computed with), and
// for a time point "Now" (key N) or an earlier local time of day (key E), passed on as UTC.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <wx/panel.h>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

class wxCheckBox;
class wxRadioButton;
class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

class AnswerControls : public wxPanel {
public:
    // `compact`: without the lines that explain the keys and the measurement (a form of several steps says them once).
    AnswerControls(wxWindow* parent, const Step& step, const Values& initial = {}, bool compact = false);

    Values GetValues() const;
    // Why the input cannot be passed to the engine as it stands (an earlier time that is no
    // time of day), or empty.
    wxString InputError() const;
    // What "today" is for an earlier time of day: the session's clock (default: the system's).
    void SetClock(std::function<std::int64_t()> nowUtcMs) { m_nowUtcMs = std::move(nowUtcMs); }
    // A key typed outside a text box: selects the matching answer. True when it did.
    bool HandleAnswerKey(int keyCode);
    void FocusFirst();
    bool IsTextEntry() const { return m_text != nullptr && m_now == nullptr; }
    // Called with the option id whenever a choice is selected (the evidence card follows it).
    void OnSelect(std::function<void(const std::string&)> callback) { m_onSelect = std::move(callback); }
    // The line under the boxes that says what a tick did to an exclusive option ("None of these"
    // cleared the others), or empty.
    wxString Notice() const;

private:
    // Box i was ticked or unticked: an exclusive option is ticked only alone.
    void Ticked(std::size_t i);

    const Step& m_step;
    std::vector<std::string> m_values; // the value behind each radio button or check box
    std::vector<wxRadioButton*> m_radios;
    std::vector<wxCheckBox*> m_checks;
    wxTextCtrl* m_text = nullptr;
    wxStaticText* m_notice = nullptr; // multiple choice with an exclusive option
    wxRadioButton* m_now = nullptr;     // time points: now ...
    wxRadioButton* m_earlier = nullptr; // ... or earlier, at the local time of day in m_text
    std::function<std::int64_t()> m_nowUtcMs;
    std::function<void(const std::string&)> m_onSelect;
};

} // namespace kc::gui
