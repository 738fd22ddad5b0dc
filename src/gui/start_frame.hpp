#pragma once
// The start window: the protocol library (drafts flagged, retired hidden, invalid ones
// showing their diagnostics instead of opening), the details of the operator, patient
// reference and location, and the unfinished sessions to resume after a crash.
#include <string>
#include <vector>

#include <wx/frame.h>

#include "app_context.hpp"
#include "kc/ops/protocol_catalog.hpp"
#include "kc/ops/unfinished.hpp"

class wxComboBox;
class wxListView;
class wxTextCtrl;

namespace kc::gui {

class AuditFrame;
class SessionFrame;

class StartFrame : public wxFrame {
public:
    StartFrame(const AppContext& context, std::vector<CatalogEntry> catalog);

    // For tests and the status bar.
    int RowCount() const;
    int InvalidCount() const;
    wxListView* List() const { return m_list; }
    wxListView* Unfinished() const { return m_unfinished; }
    wxTextCtrl* Details() const { return m_details; }
    void SetStartDetails(const std::string& operatorName, const std::string& role, const std::string& patientRef,
                         const std::string& location);
    void SelectProtocol(long row);

    // The same paths as the buttons; return the session window they opened, or null.
    SessionFrame* StartSelected();
    SessionFrame* ResumeSelected();
    void RecoverSelected();
    void RefreshUnfinished();
    // F5: reads the protocol folders again (the selected file stays selected) and the
    // unfinished sessions.
    void RefreshLibrary();
    // Help: the keyboard shortcuts of this window's menus (their list), the user guide (its
    // text; null when it cannot be read, said through the prompter).
    wxListView* ShowShortcuts();
    wxTextCtrl* ShowUserGuide();
    // The audit window over a records folder (this app's, or one an auditor chose).
    AuditFrame* OpenAudit(const std::string& recordsRoot);

private:
    void BuildMenus();
    void Populate();
    // The row to select when the window opens: the protocol used last, else the first valid
    // one that is no demonstration, else the first.
    long InitialRow() const;
    long RowOfPath(const std::string& path) const;
    void ShowDetails(long row);
    void ShowStartedUtc(long unfinishedRow); // the tooltip: the selected session's start in UTC
    const CatalogEntry* SelectedEntry() const;
    ProtocolPtr FindBySha(const std::string& sha256) const;
    void ShowAbout();

    AppContext m_context;
    std::vector<CatalogEntry> m_catalog;
    std::vector<std::size_t> m_rows; // catalog index per list row
    std::vector<UnfinishedSession> m_unfinishedSessions;
    wxListView* m_list = nullptr;
    wxTextCtrl* m_details = nullptr;
    wxTextCtrl* m_operator = nullptr;
    wxComboBox* m_role = nullptr;
    wxTextCtrl* m_patient = nullptr;
    wxTextCtrl* m_location = nullptr;
    wxListView* m_unfinished = nullptr;
};

} // namespace kc::gui
