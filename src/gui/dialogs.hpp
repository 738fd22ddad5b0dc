#pragma once
// The session's dialogs: a warning's justification (with the second clinician where the
// protocol asks), an amendment (new answer and a reason), a reason to abandon, and who is
// resuming a session. They only collect text; the engine decides and the frame shows its refusals.
#include <string>
#include <vector>

#include <wx/arrstr.h>
#include <wx/dialog.h>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"
#include "prompter.hpp"

class wxComboBox;
class wxRadioButton;
class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

class AnswerControls;

class JustifyDialog : public wxDialog {
public:
    // `typed` fills the fields again and `problem` (the engine's refusal of it) is shown above
    // them, with the field it concerns marked.
    JustifyDialog(wxWindow* parent, const Step& step, const std::string& operatorName,
                  const JustificationInput& typed = {}, const wxString& problem = {});
    // Ending the observation period of a schedule (its title) early: a reason and the second
    // clinician, both required.
    JustifyDialog(wxWindow* parent, const wxString& schedule, const std::string& operatorName);
    std::string Justification() const;
    std::string SecondClinician() const;
    wxString ProblemText() const; // empty unless asked again after a refusal

private:
    // `second`: why a second clinician is asked (empty: no such field).
    void Build(const wxString& headline, const wxString& explanation, const wxString& textLabel, const wxString& second,
               const wxString& okLabel);
    // Shows `typed` again with `problem` above it, marking the field it concerns.
    void ShowProblem(const JustificationInput& typed, const wxString& problem, const std::string& operatorName);
    wxTextCtrl* m_text = nullptr;
    wxTextCtrl* m_second = nullptr;
    wxStaticText* m_problem = nullptr;
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

// The roles offered beside a name (the start box and the resume dialog); any other may be typed.
wxArrayString OperatorRoles();

// Who resumes a session: a name and a role, both typed by that person (nothing is filled in, so
// nobody is recorded under a name they did not see); OK stays disabled until both hold something.
class ResumeDialog : public wxDialog {
public:
    ResumeDialog(wxWindow* parent, const wxString& about);
    Actor Person() const;

private:
    wxTextCtrl* m_name = nullptr;
    wxComboBox* m_role = nullptr;
};

// A required free-text reason (abandoning a session).
class ReasonDialog : public wxDialog {
public:
    ReasonDialog(wxWindow* parent, const wxString& title, const wxString& explanation);
    std::string Reason() const;

private:
    wxTextCtrl* m_reason = nullptr;
};

// The standard reasons to abandon a session, offered before "Other".
wxArrayString AbandonReasons();

// Why a session is abandoned: a standard reason, or "Other" with the person's own words (required).
// Reason() is the text recorded as the abandon reason.
class AbandonDialog : public wxDialog {
public:
    explicit AbandonDialog(wxWindow* parent);
    std::string Reason() const;
    void Choose(int index); // as a click would: a standard reason's index, -1 for Other

private:
    std::vector<wxRadioButton*> m_reasons; // AbandonReasons(), then Other
    wxTextCtrl* m_other = nullptr;
};

} // namespace kc::gui
