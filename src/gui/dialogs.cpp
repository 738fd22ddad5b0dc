#include "dialogs.hpp"

#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "answer_controls.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

wxStaticText* Wrapped(wxWindow* parent, const wxString& text, int width) {
    auto* label = new wxStaticText(parent, wxID_ANY, text);
    label->Wrap(width);
    return label;
}

// OK stays disabled until every required text box holds something.
void RequireText(wxDialog* dialog, std::initializer_list<wxTextEntry*> required) {
    std::vector<wxTextEntry*> boxes(required);
    auto update = [dialog, boxes](wxUpdateUIEvent& e) {
        bool ok = true;
        for (auto* box : boxes)
            if (box) ok = ok && !box->GetValue().Trim().Trim(false).empty();
        e.Enable(ok);
    };
    dialog->Bind(wxEVT_UPDATE_UI, update, wxID_OK);
}

} // namespace

JustifyDialog::JustifyDialog(wxWindow* parent, const Step& step, const std::string& operatorName,
                             const JustificationInput& typed, const wxString& problem)
    : wxDialog(parent, wxID_ANY, _("Justify the warning"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    Build(ToWx(step.warning->message),
          _("The session continues only with a written justification. It is recorded in the audit trail with your "
            "name."),
          _("&Justification:"),
          step.warning->secondClinician
              ? wxString::Format(_("This protocol asks a second clinician (not %s) to acknowledge this warning."),
                                 ToWx(operatorName))
              : wxString(),
          _("&Record justification"));
    ShowProblem(typed, problem, operatorName);
}

void JustifyDialog::ShowProblem(const JustificationInput& typed, const wxString& problem,
                                const std::string& operatorName) {
    m_text->ChangeValue(ToWx(typed.text));
    if (m_second) m_second->ChangeValue(ToWx(typed.secondClinician));
    if (problem.empty()) return;
    m_problem->SetLabel(problem);
    m_problem->Wrap(FromDIP(520));
    m_problem->Show();
    // The field the refusal is about: the second clinician's when it is blank or names the
    // operator, else the justification.
    const wxString second = m_second ? m_second->GetValue().Strip(wxString::both) : wxString();
    wxTextCtrl* field = m_second && (second.empty() || second.IsSameAs(ToWx(operatorName), false)) ? m_second : m_text;
    field->SetBackgroundColour(wxColour(0xff, 0xe4, 0xe1));
    field->SetToolTip(problem);
    field->SetFocus();
    field->SetInsertionPointEnd();
    GetSizer()->SetSizeHints(this);
}

wxString JustifyDialog::ProblemText() const { return m_problem->IsShown() ? m_problem->GetLabel() : wxString(); }

JustifyDialog::JustifyDialog(wxWindow* parent, const wxString& schedule, const std::string& operatorName)
    : wxDialog(parent, wxID_ANY, _("End the observation early"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    Build(wxString::Format(_("End \"%s\" before its period has run"), schedule),
          _("No further rounds fall due. The reason and the second clinician who acknowledges it are recorded in the "
            "audit trail with your name."),
          _("&Reason:"),
          wxString::Format(_("A second clinician (not %s) acknowledges the early end."), ToWx(operatorName)),
          _("&End observation early"));
}

void JustifyDialog::Build(const wxString& headline, const wxString& explanation, const wxString& textLabel,
                          const wxString& second, const wxString& okLabel) {
    const int width = FromDIP(520);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* warning = Wrapped(this, headline, width);
    warning->SetFont(warning->GetFont().Bold());
    sizer->Add(warning, 0, wxALL, FromDIP(12));
    sizer->Add(Wrapped(this, explanation, width), 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
    // Why the last attempt was refused (after a failed check), above the fields it concerns.
    m_problem = new wxStaticText(this, wxID_ANY, wxEmptyString);
    m_problem->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    m_problem->SetFont(m_problem->GetFont().Bold());
    m_problem->Hide();
    sizer->Add(m_problem, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
    sizer->Add(new wxStaticText(this, wxID_ANY, textLabel), 0, wxLEFT | wxRIGHT, FromDIP(12));
    m_text = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(width, FromDIP(100)),
                            wxTE_MULTILINE);
    m_text->SetName("Justification");
    sizer->Add(m_text, 1, wxEXPAND | wxALL, FromDIP(12));
    if (!second.empty()) {
        sizer->Add(Wrapped(this, second, width), 0, wxLEFT | wxRIGHT, FromDIP(12));
        sizer->Add(new wxStaticText(this, wxID_ANY, _("&Second clinician's name:")), 0, wxLEFT | wxRIGHT | wxTOP,
                   FromDIP(12));
        m_second = new wxTextCtrl(this, wxID_ANY);
        m_second->SetName("Second clinician");
        sizer->Add(m_second, 0, wxEXPAND | wxALL, FromDIP(12));
    }
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(12));
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(okLabel);
    RequireText(this, {m_text, m_second});
    SetSizerAndFit(sizer);
    m_text->SetFocus();
}

std::string JustifyDialog::Justification() const { return FromWx(m_text->GetValue()); }
std::string JustifyDialog::SecondClinician() const { return m_second ? FromWx(m_second->GetValue()) : ""; }

AmendDialog::AmendDialog(wxWindow* parent, const Step& step, const Values& current, const std::string& currentText)
    : wxDialog(parent, wxID_ANY, _("Amend an answer"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    const int width = FromDIP(520);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* prompt = Wrapped(this, ToWx(step.prompt), width);
    prompt->SetFont(prompt->GetFont().Bold());
    sizer->Add(prompt, 0, wxALL, FromDIP(12));
    sizer->Add(Wrapped(this, wxString::Format(_("Recorded answer: %s. It stays in the record; the amendment is "
                                                "added with your reason."),
                                              ToWx(currentText)),
                       width),
               0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
    m_answer = new AnswerControls(this, step, current);
    sizer->Add(m_answer, 0, wxLEFT | wxRIGHT | wxEXPAND, FromDIP(12));
    sizer->Add(new wxStaticText(this, wxID_ANY, _("&Reason for the amendment:")), 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(12));
    m_reason = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(width, FromDIP(70)), wxTE_MULTILINE);
    m_reason->SetName("Reason for the amendment");
    sizer->Add(m_reason, 1, wxEXPAND | wxALL, FromDIP(12));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(12));
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("&Record amendment"));
    RequireText(this, {m_reason});
    SetSizerAndFit(sizer);
    m_answer->FocusFirst();
    // The keys the answer's hint names (1-9, Y, N, A, E), as on the step page: outside a text box.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (!e.HasAnyModifiers() && !dynamic_cast<wxTextCtrl*>(FindFocus()) && m_answer->HandleAnswerKey(e.GetKeyCode()))
            return;
        e.Skip();
    });
}

Values AmendDialog::NewValues() const { return m_answer->GetValues(); }
std::string AmendDialog::Reason() const { return FromWx(m_reason->GetValue()); }

wxArrayString OperatorRoles() {
    wxArrayString roles;
    for (const wxString& role : {_("anesthesiologist"), _("nurse anesthetist"), _("pain physician"),
                                 _("anesthesia resident"), _("registered nurse")})
        roles.Add(role);
    return roles;
}

ResumeDialog::ResumeDialog(wxWindow* parent, const wxString& about)
    : wxDialog(parent, wxID_ANY, _("Who is resuming this session?"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    const int width = FromDIP(480);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(Wrapped(this, about, width), 0, wxALL, FromDIP(12));
    sizer->Add(Wrapped(this, _("Your name and role are recorded on the resume and on every entry you make from now "
                               "on."),
                       width),
               0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12));
    auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(8));
    grid->AddGrowableCol(1);
    m_name = new wxTextCtrl(this, wxID_ANY);
    m_name->SetName("Resuming operator name");
    m_role = new wxComboBox(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, OperatorRoles());
    m_role->SetName("Resuming operator role");
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Your name:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_name, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("Your &role:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_role, 1, wxEXPAND);
    sizer->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(12));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(12));
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("&Resume session"));
    RequireText(this, {m_name, m_role});
    SetSizerAndFit(sizer);
    m_name->SetFocus();
}

Actor ResumeDialog::Person() const { return {FromWx(m_name->GetValue()), FromWx(m_role->GetValue())}; }

ReasonDialog::ReasonDialog(wxWindow* parent, const wxString& title, const wxString& explanation)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(Wrapped(this, explanation, FromDIP(480)), 0, wxALL, FromDIP(12));
    m_reason = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(480, 80)), wxTE_MULTILINE);
    m_reason->SetName("Reason");
    sizer->Add(m_reason, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(12));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(12));
    RequireText(this, {m_reason});
    SetSizerAndFit(sizer);
    m_reason->SetFocus();
}

std::string ReasonDialog::Reason() const { return FromWx(m_reason->GetValue()); }

wxArrayString AbandonReasons() {
    wxArrayString reasons;
    for (const wxString& reason : {_("The patient declined to continue"), _("The patient became unwell"),
                                   _("The infusion was postponed or cancelled"), _("Equipment or staff not available"),
                                   _("Started in error (wrong patient or protocol)")})
        reasons.Add(reason);
    return reasons;
}

AbandonDialog::AbandonDialog(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, _("Abandon the session"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    const int gap = FromDIP(12);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(Wrapped(this,
                       _("The session ends without completion. Everything answered so far stays in the record. Why "
                         "is it abandoned?"),
                       FromDIP(480)),
               0, wxALL, gap);
    // A hidden first button holds GTK's selection until the person chooses (as in AnswerControls).
    auto* placeholder = new wxRadioButton(this, wxID_ANY, "-", wxDefaultPosition, wxDefaultSize, wxRB_GROUP);
    placeholder->Hide();
    placeholder->SetValue(true);
    for (const wxString& reason : AbandonReasons()) {
        m_reasons.push_back(new wxRadioButton(this, wxID_ANY, reason));
        sizer->Add(m_reasons.back(), 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6) * 2);
    }
    m_reasons.push_back(new wxRadioButton(this, wxID_ANY, _("&Other:")));
    m_other = new wxTextCtrl(this, wxID_ANY);
    m_other->SetName("Other reason");
    m_other->SetHint(_("in your own words"));
    auto* otherRow = new wxBoxSizer(wxHORIZONTAL);
    otherRow->Add(m_reasons.back(), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    otherRow->Add(m_other, 1);
    sizer->Add(otherRow, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, gap);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("&Abandon session"));
    m_other->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
        if (!m_other->GetValue().empty()) m_reasons.back()->SetValue(true);
        e.Skip();
    });
    // OK once a reason is chosen; Other needs its words.
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(!Reason().empty()); }, wxID_OK);
    SetSizerAndFit(sizer);
    m_reasons.front()->SetFocus();
}

void AbandonDialog::Choose(int index) {
    wxRadioButton* chosen = index < 0 ? m_reasons.back() : m_reasons.at(static_cast<std::size_t>(index));
    chosen->SetValue(true);
    if (index < 0) m_other->SetFocus();
}

std::string AbandonDialog::Reason() const {
    const wxArrayString standard = AbandonReasons();
    for (std::size_t i = 0; i < standard.size(); ++i)
        if (m_reasons[i]->GetValue()) return FromWx(standard[i]);
    if (m_reasons.back()->GetValue()) return FromWx(m_other->GetValue().Strip(wxString::both));
    return std::string();
}

} // namespace kc::gui
