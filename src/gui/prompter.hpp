#pragma once
// Everything the windows ask a person goes through this facade: real modal dialogs in the
// app, scripted answers in GUI tests (after Audacity's BasicUI).
#include <optional>
#include <string>

#include <wx/string.h>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

class wxWindow;

namespace kc {
struct Decision;
}

namespace kc::gui {

struct JustificationInput {
    std::string text;
    std::string secondClinician;
};

struct AmendInput {
    Values values;
    std::string reason;
};

struct SaveChoice {
    std::string path;
    int filterIndex = 0; // which of the wildcard's file types was chosen
};

class Prompter {
public:
    virtual ~Prompter() = default;
    virtual void Error(wxWindow* parent, const wxString& title, const wxString& message) = 0;
    virtual bool Confirm(wxWindow* parent, const wxString& title, const wxString& message) = 0;
    // Asked again after the engine refused one: with what was typed (`typed`) and why it was
    // refused (`problem`), the field it concerns marked.
    virtual std::optional<JustificationInput> Justify(wxWindow* parent, const Step& step,
                                                      const std::string& operatorName,
                                                      const JustificationInput& typed = {},
                                                      const wxString& problem = {}) = 0;
    virtual std::optional<AmendInput> Amend(wxWindow* parent, const Step& step, const Values& current,
                                            const std::string& currentText) = 0;
    virtual std::optional<std::string> Reason(wxWindow* parent, const wxString& title, const wxString& explanation) = 0;
    // Why the session is abandoned: one of AbandonReasons() (dialogs.hpp) or the person's own
    // words for "Other"; nullopt when cancelled.
    virtual std::optional<std::string> AbandonReason(wxWindow* parent) = 0;
    // Why the observation period of `schedule` (its title) ends early, and the second clinician
    // who acknowledges it; nullopt when cancelled.
    virtual std::optional<JustificationInput> EndObservationEarly(wxWindow* parent, const wxString& schedule,
                                                                  const std::string& operatorName) = 0;
    // The name and role of the person resuming a session (`about` says which session and who
    // started it): asked each time, nothing filled in; nullopt when cancelled.
    virtual std::optional<Actor> ResumingPerson(wxWindow* parent, const wxString& about) = 0;
    // A file to write (asks before overwriting) and a folder to open; nullopt when cancelled.
    virtual std::optional<SaveChoice> SaveFile(wxWindow* parent, const wxString& title, const wxString& defaultName,
                                               const wxString& wildcard) = 0;
    virtual std::optional<std::string> ChooseFolder(wxWindow* parent, const wxString& title,
                                                    const wxString& start) = 0;
};

// False when `wouldBe` (a command decided, not recorded) ends the session with a hard stop and
// the person does not confirm it (a one-line question): a mis-keyed answer must not end a session.
bool ConfirmSessionEnd(Prompter& prompter, wxWindow* parent, const Decision& wouldBe);

// The real one: modal dialogs.
class DialogPrompter final : public Prompter {
public:
    void Error(wxWindow* parent, const wxString& title, const wxString& message) override;
    bool Confirm(wxWindow* parent, const wxString& title, const wxString& message) override;
    std::optional<JustificationInput> Justify(wxWindow* parent, const Step& step, const std::string& operatorName,
                                              const JustificationInput& typed, const wxString& problem) override;
    std::optional<AmendInput> Amend(wxWindow* parent, const Step& step, const Values& current,
                                    const std::string& currentText) override;
    std::optional<std::string> Reason(wxWindow* parent, const wxString& title, const wxString& explanation) override;
    std::optional<std::string> AbandonReason(wxWindow* parent) override;
    std::optional<JustificationInput> EndObservationEarly(wxWindow* parent, const wxString& schedule,
                                                          const std::string& operatorName) override;
    std::optional<Actor> ResumingPerson(wxWindow* parent, const wxString& about) override;
    std::optional<SaveChoice> SaveFile(wxWindow* parent, const wxString& title, const wxString& defaultName,
                                       const wxString& wildcard) override;
    std::optional<std::string> ChooseFolder(wxWindow* parent, const wxString& title, const wxString& start) override;
};

} // namespace kc::gui
