#pragma once
// The walk: a navigator with every step's status, the step being answered with its answer
// controls, the evidence card beside it, progress, and the status bar that says "recorded"
// only after the durable write returned. A thin face: every decision is the engine's.
#include <functional>
#include <memory>
#include <optional>

#include <wx/frame.h>

#include "app_context.hpp"

class wxButton;
class wxGauge;
class wxHtmlWindow;
class wxHtmlEasyPrinting;
class wxPanel;
class wxSimplebook;
class wxStaticText;
class wxTextCtrl;
class wxTreeCtrl;
class wxTreeItemId;

namespace kc::gui {

class AnswerControls;
class EvidenceCard;

class SessionFrame : public wxFrame {
public:
    enum class Page { Step, HardStop, Finish, Record };

    SessionFrame(const AppContext& context, std::unique_ptr<Session> session);
    ~SessionFrame() override;

    // What the person sees, for tests and the screenshot script.
    const Session& GetSession() const { return *m_session; }
    Page CurrentPage() const;
    std::optional<std::size_t> ShownStep() const { return m_shown; }
    wxString StatusField(int field) const;
    wxString ErrorText() const;
    AnswerControls* Controls() const { return m_controls; }
    EvidenceCard* Evidence() const { return m_evidence; }
    wxTreeCtrl* Navigator() const { return m_navigator; }
    wxHtmlWindow* RecordView() const { return m_record; }

    // The same paths as the buttons and menus.
    void RecordAnswer();
    void SkipStep();
    void JustifyWarning();
    void AmendShown();
    void Abandon();
    void SignAndComplete(const std::string& name, const std::string& meaning);
    void ShowStep(std::size_t index);
    void ShowCurrent();

private:
    void BuildMenus();
    wxPanel* BuildStepPage(wxWindow* parent);
    wxPanel* BuildHardStopPage(wxWindow* parent);
    wxPanel* BuildFinishPage(wxWindow* parent);
    wxPanel* BuildRecordPage(wxWindow* parent);
    void RefreshAll();
    void RefreshNavigator();
    void RefreshProgress();
    void ShowOutcomePage();
    void Go(int direction);
    // Runs a session command. A refusal is shown beside the step; a write failure closes
    // the session with a blocking message. True when the command was recorded.
    bool Run(const std::function<Decision()>& command);
    void OnCharHook(wxKeyEvent& event);
    void OnClose(wxCloseEvent& event);
    void PrintRecord();
    void SaveRecord();
    std::string RecordHtml() const;
    std::string AnswerText(std::size_t index) const;

    AppContext m_context;
    std::unique_ptr<Session> m_session;
    std::optional<std::size_t> m_shown;

    wxTreeCtrl* m_navigator = nullptr;
    wxSimplebook* m_book = nullptr;
    wxStaticText* m_phaseLabel = nullptr;
    wxStaticText* m_prompt = nullptr;
    wxStaticText* m_help = nullptr;
    wxStaticText* m_stateLabel = nullptr;
    wxStaticText* m_error = nullptr;
    wxPanel* m_answerArea = nullptr;
    AnswerControls* m_controls = nullptr;
    wxTextCtrl* m_note = nullptr;
    wxButton* m_recordButton = nullptr;
    wxButton* m_skipButton = nullptr;
    wxButton* m_justifyButton = nullptr;
    wxButton* m_amendButton = nullptr;
    EvidenceCard* m_evidence = nullptr;
    wxGauge* m_progress = nullptr;
    wxStaticText* m_progressLabel = nullptr;
    wxStaticText* m_stopMessage = nullptr;
    wxStaticText* m_stopDetail = nullptr;
    wxStaticText* m_finishSummary = nullptr;
    wxTextCtrl* m_signName = nullptr;
    wxTextCtrl* m_signMeaning = nullptr;
    wxHtmlWindow* m_record = nullptr;
    std::unique_ptr<wxHtmlEasyPrinting> m_printer;
    std::vector<wxTreeItemId> m_stepItems;
};

} // namespace kc::gui
