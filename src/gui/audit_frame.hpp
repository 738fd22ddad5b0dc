#pragma once
// The audit window: a records folder verified and summarised in the background (with a
// progress bar), its sessions listed with filters and integrity status, the selected
// session's timeline (every event with time, actor, old -> new values and reasons), and an
// export of what is shown (CSV, HTML, JSON), and a Recover action where verify names one. A
// face over kc::BuildReport and kc::RecoverTrail; no rule lives here.
#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <wx/frame.h>

#include "app_context.hpp"
#include "kc/report/report_render.hpp"
#include "kc/report/timeline.hpp"
#include "kc/session/events.hpp"

class wxButton;
class wxCheckBox;
class wxChoice;
class wxGauge;
class wxListView;
class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

using ExportFormat = ReportFormat;

class AuditFrame : public wxFrame {
public:
    AuditFrame(const AppContext& context, std::string recordsRoot);
    ~AuditFrame() override;

    // Reads and verifies the folder again in the background with the filters shown.
    void Reload();
    bool Busy() const { return m_worker.joinable() && !m_done; }

    // For tests and the menu: the filters, what is listed, the timeline shown, an export.
    void SetFilter(const ReportFilter& filter);
    const std::optional<Report>& Shown() const { return m_report; }
    wxListView* Sessions() const { return m_sessions; }
    wxListView* Timeline() const { return m_timeline; }
    wxTextCtrl* Findings() const { return m_findings; }
    wxStaticText* Summary() const { return m_summary; }
    wxButton* RecoverButton() const { return m_recover; }
    wxStaticText* Integrity() const { return m_integrity; }         // "All intact." or "NOT INTACT: ..."
    wxGauge* Progress() const { return m_progress; }                // shown while verifying
    wxStaticText* FilterMessage() const { return m_filterMessage; } // a filter that cannot be read
    wxTextCtrl* EventDetails() const { return m_eventDetails; }     // the selected event in full
    void SelectSession(long row);
    void SelectEvent(long row);
    // Recovers the file the shown findings name as recoverable (after asking), then verifies again.
    void RecoverShown();
    // Writes the sessions shown; returns an error message, empty on success.
    std::string ExportShown(const std::string& path, ExportFormat format) const;
    // The format a file name asks for by its extension (.csv, .html or .htm, .json; any case).
    static std::optional<ExportFormat> ExportFormatOfName(const std::string& path);

private:
    void BuildMenus();
    wxWindow* BuildFilterRow(wxWindow* parent);
    ReportFilter FilterFromControls() const;
    void OnReport(Report report, std::string error);
    void ShowSession(std::size_t index);
    void ShowTimes(); // the lists' times, local or UTC as chosen
    // What the filters say, checked: the message for the first that cannot be read, else empty.
    wxString CheckFilters();
    void SetSummary(const wxString& text); // the counts, wrapped to the window's width
    void WrapSummary();
    void OfferRecover(const std::vector<FileFinding>& findings);
    void ExportWithDialog();
    void JoinWorker();

    AppContext m_context;
    std::string m_root;
    std::optional<Report> m_report;
    std::thread m_worker;
    std::atomic<bool> m_done{true};
    wxTextCtrl* m_from = nullptr;
    wxTextCtrl* m_to = nullptr;
    wxTextCtrl* m_protocol = nullptr;
    wxTextCtrl* m_operator = nullptr;
    wxChoice* m_outcome = nullptr;
    wxCheckBox* m_overridesOnly = nullptr;
    wxGauge* m_progress = nullptr;
    wxStaticText* m_integrity = nullptr;
    wxStaticText* m_summary = nullptr;
    wxStaticText* m_filterMessage = nullptr;
    wxTextCtrl* m_eventDetails = nullptr;
    bool m_utc = false;                       // the lists show UTC instead of local time
    std::optional<std::size_t> m_session;    // the session whose timeline is shown
    std::vector<Event> m_events;              // its events, as the timeline lists them
    std::vector<TimelineRow> m_rows;          // and their rows
    wxString m_summaryText;                   // the counts, before wrapping
    bool m_sashesPlaced = false;              // the splits are set once the window has its size
    wxListView* m_sessions = nullptr;
    wxListView* m_timeline = nullptr;
    wxTextCtrl* m_findings = nullptr;
    wxButton* m_recover = nullptr;
    std::optional<Remedy> m_recoverable; // what the Recover button recovers
    std::string m_recovered;             // what the last recovery did, shown once verified again
};

} // namespace kc::gui
