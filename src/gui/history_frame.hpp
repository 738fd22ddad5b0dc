#pragma once
// The session history: every session of a records folder (start in local time, id, protocol,
// outcome, operator), and the selected one's record — the same page the session window
// printed at its end and `checklistctl record` writes — to read, preview, print or save.
// Opened from the start window and the audit window. A face over kc::BuildReport (the list)
// and kc::ReadRecordedSession (the record, verified as verify verifies it). The folder is read
// in the background (a large one takes seconds); the list appears when it is read.
#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include <wx/cmndata.h>
#include <wx/frame.h>

#include "app_context.hpp"
#include "kc/report/report.hpp"

class wxHtmlWindow;
class wxListView;

namespace kc::gui {

// The menu command that opens the history (the start and audit windows' File menu).
inline constexpr int kIdSessionHistory = wxID_HIGHEST + 480;

class HistoryFrame : public wxFrame {
public:
    HistoryFrame(const AppContext& context, std::string recordsRoot);
    ~HistoryFrame() override;

    // For tests and the menus: what is listed, the record shown and its HTML, the actions.
    wxListView* Sessions() const { return m_sessions; }
    wxHtmlWindow* RecordView() const { return m_record; }
    const std::string& RecordHtml() const { return m_html; }
    const std::optional<Report>& Listed() const { return m_report; }
    void SelectSession(long row);
    void Reload(); // reads the folder again in the background
    bool Busy() const { return m_worker.joinable() && !m_done; }
    void PreviewShown();
    void PrintShown();
    void SaveShown();

private:
    void BuildMenus();
    void ShowRecord(std::size_t index);
    void OnListed(std::optional<Report> report, const std::string& error);

    AppContext m_context;
    std::string m_root;
    std::optional<Report> m_report;
    std::optional<std::size_t> m_shown;
    std::string m_html;   // the shown session's record; empty when it could not be read
    std::string m_footer; // its pages' footer
    wxPrintData m_printData; // the paper and printer last chosen in this window
    std::thread m_worker;
    std::atomic<bool> m_done{true};
    wxListView* m_sessions = nullptr;
    wxHtmlWindow* m_record = nullptr;
};

// Opens the history of `recordsRoot`.
HistoryFrame* OpenSessionHistory(const AppContext& context, const std::string& recordsRoot);

} // namespace kc::gui
