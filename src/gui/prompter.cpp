#include "prompter.hpp"

#include <wx/dirdlg.h>
#include <wx/filedlg.h>
#include <wx/msgdlg.h>

#include "dialogs.hpp"
#include "kc/session/engine.hpp"
#include "wx_string.hpp"

namespace kc::gui {

bool ConfirmSessionEnd(Prompter& prompter, wxWindow* parent, const Decision& wouldBe) {
    for (const EventBody& body : wouldBe.events)
        if (const auto* stop = std::get_if<ev::HardStopped>(&body))
            return prompter.Confirm(
                parent, _("End the session?"),
                wxString::Format(_("This answer ends the session with a hard stop: %s\n\nRecord it and end the session?"),
                                 ToWx(stop->message)));
    return true;
}

void DialogPrompter::Error(wxWindow* parent, const wxString& title, const wxString& message) {
    wxMessageDialog(parent, message, title, wxOK | wxICON_ERROR).ShowModal();
}

bool DialogPrompter::Confirm(wxWindow* parent, const wxString& title, const wxString& message) {
    return wxMessageDialog(parent, message, title, wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION).ShowModal() == wxID_YES;
}

std::optional<JustificationInput> DialogPrompter::Justify(wxWindow* parent, const Step& step,
                                                          const std::string& operatorName,
                                                          const JustificationInput& typed, const wxString& problem) {
    JustifyDialog dialog(parent, step, operatorName, typed, problem);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return JustificationInput{dialog.Justification(), dialog.SecondClinician()};
}

std::optional<AmendInput> DialogPrompter::Amend(wxWindow* parent, const Step& step, const Values& current,
                                                const std::string& currentText) {
    AmendDialog dialog(parent, step, current, currentText);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return AmendInput{dialog.NewValues(), dialog.Reason()};
}

std::optional<std::string> DialogPrompter::Reason(wxWindow* parent, const wxString& title,
                                                  const wxString& explanation) {
    ReasonDialog dialog(parent, title, explanation);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return dialog.Reason();
}

std::optional<std::string> DialogPrompter::AbandonReason(wxWindow* parent) {
    AbandonDialog dialog(parent);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return dialog.Reason();
}

std::optional<JustificationInput> DialogPrompter::EndObservationEarly(wxWindow* parent, const wxString& schedule,
                                                                      const std::string& operatorName) {
    JustifyDialog dialog(parent, schedule, operatorName);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return JustificationInput{dialog.Justification(), dialog.SecondClinician()};
}

std::optional<Actor> DialogPrompter::ResumingPerson(wxWindow* parent, const wxString& about) {
    ResumeDialog dialog(parent, about);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return dialog.Person();
}

std::optional<SaveChoice> DialogPrompter::SaveFile(wxWindow* parent, const wxString& title,
                                                   const wxString& defaultName, const wxString& wildcard) {
    wxFileDialog dialog(parent, title, wxEmptyString, defaultName, wildcard, wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return SaveChoice{dialog.GetPath().utf8_string(), dialog.GetFilterIndex()};
}

std::optional<std::string> DialogPrompter::ChooseFolder(wxWindow* parent, const wxString& title,
                                                        const wxString& start) {
    wxDirDialog dialog(parent, title, start, wxDD_DEFAULT_STYLE | wxDD_DIR_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return std::nullopt;
    return dialog.GetPath().utf8_string();
}

} // namespace kc::gui
