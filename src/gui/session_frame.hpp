#pragma once
// The walk: a navigator with every step's status, the step being answered with its answer
// controls, the evidence card beside it, progress, and the status bar that says "recorded"
// only after the durable write returned. A thin face: every decision is the engine's, and
// what is shown comes from one SessionView per recorded decision. The pages are in
// step_page.hpp and outcome_pages.hpp; the frame keeps the menus, navigation and recording.
// A protocol with rounds adds a Supervision tab (supervision_panel.hpp) beside the steps; a
// 1 s timer shows the rounds as they fall due (status bar, navigator, bell, a desktop
// notification when the app is in the background) and writes nothing.
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include <wx/frame.h>
#include <wx/timer.h>

#include "app_context.hpp"
#include "kc/session/session_view.hpp"

class wxGauge;
class wxHtmlWindow;
class wxHtmlEasyPrinting;
class wxNotebook;
class wxNotificationMessage;
class wxPanel;
class wxSimplebook;
class wxStaticText;
class wxTreeCtrl;
class wxTreeItemId;

namespace kc::gui {

class AnswerControls;
class EvidenceCard;
class FinishPage;
class HardStopPage;
class StepPage;
class SupervisionPanel;
struct RoundAlert;

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
    wxString ProgressText() const;   // "4 of 8 applicable steps done"
    wxString StepHeaderText() const; // "Eligibility · Step 2 of 7 applicable; 8 in the protocol, 1 not applicable"
    wxString StepStateText() const; // what the step page says is recorded for the step shown
    AnswerControls* Controls() const;
    EvidenceCard* Evidence() const;
    StepPage* GetStepPage() const { return m_stepPage; }
    wxTreeCtrl* Navigator() const { return m_navigator; }
    wxHtmlWindow* RecordView() const { return m_record; }
    SupervisionPanel* Supervision() const { return m_supervision; } // null without rounds
    bool SupervisionShown() const;
    int Announcements() const { return m_announcements; } // rounds announced as due (bell)

    // The same paths as the buttons and menus.
    void RecordAnswer();
    void SkipStep();
    void JustifyWarning();
    void AmendShown();
    void Abandon();
    void SignAndComplete(const std::string& name, const std::string& meaning);
    void ShowStep(std::size_t index);
    void ShowCurrent();
    // The timer's work: the rounds at Session::Now() in the tab, the status bar and the navigator.
    void Tick();
    // Shows the Supervision tab with the focus in the due round's form (Ctrl+R).
    void OpenDueRound();
    void ShowSupervision();

private:
    // The status bar's fields.
    enum Field { kProtocolField, kRecordedField, kStepField, kRoundsField };

    void BuildMenus();
    wxPanel* BuildRecordPage(wxWindow* parent);
    void RefreshAll();
    void RefreshNavigator();
    void RefreshProgress();
    // "amended from no (wrong chart)": the step's last amendment, or empty.
    wxString AmendedText(std::size_t index) const;
    void RefreshStepField(); // the status bar's count: the shown step's number among the applicable
    void ShowOutcomePage();
    // The step page is in front, showing a step (not the Supervision tab or an outcome page).
    bool StepPageShown() const;
    // Why the shown step's answer cannot be amended now, or empty when it can.
    wxString AmendUnavailable() const;
    // Back (-1) or forward (+1) to the nearest step that applies; off the step page, the
    // current step.
    void ShowAdjacentStep(int direction);
    // Records a decision of the session (a command). A refusal is shown beside the step; a
    // write failure closes the session with a blocking message. True when it was recorded.
    bool RecordDecision(const std::function<Decision()>& command,
                        const std::function<void(const wxString&)>& refused = {});
    // The moment a command is decided at now (nullopt when the clock cannot be read).
    std::optional<Moment> DecisionMoment() const;
    // False when `wouldBe` (the command decided, not recorded) ends the session with a hard stop
    // and the person does not confirm it: a mis-keyed answer must not end a session.
    bool ConfirmStop(const Decision& wouldBe);
    // After a decision made in the Supervision tab: the outcome page if the session stopped.
    void AfterObservation();
    void Announce(const RoundAlert& alert);
    void OnCharHook(wxKeyEvent& event);
    void OnClose(wxCloseEvent& event);
    void PrintRecord();
    void SaveRecord();
    std::string RecordHtml() const;

    AppContext m_context;
    std::unique_ptr<Session> m_session;
    SessionView m_view; // of m_session's state, rebuilt after each decision
    std::optional<std::size_t> m_shown;

    wxTreeCtrl* m_navigator = nullptr;
    wxSimplebook* m_book = nullptr;
    StepPage* m_stepPage = nullptr;
    HardStopPage* m_stopPage = nullptr;
    FinishPage* m_finishPage = nullptr;
    wxGauge* m_progress = nullptr;
    wxStaticText* m_progressLabel = nullptr;
    wxHtmlWindow* m_record = nullptr;
    std::unique_ptr<wxHtmlEasyPrinting> m_printer;
    std::vector<wxTreeItemId> m_stepItems;
    std::vector<wxTreeItemId> m_roundItems; // one per schedule of rounds
    wxNotebook* m_tabs = nullptr;           // Steps | Supervision, with rounds only
    SupervisionPanel* m_supervision = nullptr;
    wxTimer m_timer;
    std::set<std::pair<std::size_t, std::uint64_t>> m_announced; // rounds already announced as due
    std::set<std::pair<std::size_t, std::uint64_t>> m_announcedOverdue;
    int m_announcements = 0;
    std::unique_ptr<wxNotificationMessage> m_notification; // the last round announced in the background
    int m_barLevel = 0; // the status bar's colour: 0 plain, 1 a round due, 2 overdue
};

} // namespace kc::gui
