#pragma once
// The session's dialogs: a warning's justification (with the second clinician where the
// protocol asks), an amendment (new answer and a reason), and a reason to abandon.
// They only collect text; the engine decides and the frame shows its refusals.
#include <string>

#include <wx/dialog.h>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

class wxTextCtrl;

namespace kc::gui {

class AnswerControls;

class JustifyDialog : public wxDialog {
public:
    JustifyDialog(wxWindow* parent, const Step& step, const std::string& operatorName);
    std::string Justification() const;
    std::string SecondClinician() const;

private:
    wxTextCtrl* m_text = nullptr;
    wxTextCtrl* m_second = nullptr;
};

class AmendDialog : public wxDialog {
public:
    AmendDialog(wxWindow* parent, const Step& step, const Values& current, const std::string& currentText);
    Values NewValues() const;
    std::string Reason() const;

private:
    AnswerControls* m_answer = nullptr;
    wxTextCtrl* m_reason = nullptr;
};

// A required free-text reason (abandoning a session).
class ReasonDialog : public wxDialog {
public:
    ReasonDialog(wxWindow* parent, const wxString& title, const wxString& explanation);
    std::string Reason() const;

private:
    wxTextCtrl* m_reason = nullptr;
};

} // namespace kc::gui
