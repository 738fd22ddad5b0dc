#include "history_frame.hpp"

#include <algorithm>

#include <wx/button.h>
#include <wx/html/htmlwin.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/persist/toplevel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>

#include "app_icon.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "kc/ops/report_file.hpp"
#include "kc/report/report_render.hpp"
#include "kc/report/session_record.hpp"
#include "local_time.hpp"
#include "record_print.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

enum Column { kColStarted, kColSession, kColProtocol, kColOutcome, kColOperator };

} // namespace

HistoryFrame::HistoryFrame(const AppContext& context, std::string recordsRoot)
    : wxFrame(nullptr, wxID_ANY, _("Session history — ") + ToWx(recordsRoot), wxDefaultPosition, wxSize(1200, 800)),
      m_context(context), m_root(std::move(recordsRoot)) {
    SetName("HistoryFrame");
    SetIcons(AppIcons());
    BuildMenus();
    m_printData.SetPaperId(wxPAPER_A4);
    auto* panel = new wxPanel(this);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(8);
    auto* splitter = new wxSplitterWindow(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                          wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_sessions = new wxListView(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_sessions->SetName("Sessions");
    const std::pair<wxString, int> columns[] = {
        {_("Started"), 160}, {_("Session"), 90}, {_("Protocol"), 200}, {_("Outcome"), 200}, {_("Operator"), 150}};
    for (const auto& [title, width] : columns) m_sessions->AppendColumn(title, wxLIST_FORMAT_LEFT, FromDIP(width));
    auto* right = new wxPanel(splitter);
    auto* rightSizer = new wxBoxSizer(wxVERTICAL);
    m_record = new wxHtmlWindow(right, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxHW_SCROLLBAR_AUTO);
    m_record->SetName("Session record");
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    for (const auto& [id, label] : {std::pair{wxID_PREVIEW, _("Pre&view…")}, std::pair{wxID_PRINT, _("&Print…")},
                                    std::pair{wxID_SAVEAS, _("&Save as HTML…")}})
        buttons->Add(new wxButton(right, id, label), 0, wxRIGHT, gap);
    rightSizer->Add(m_record, 1, wxEXPAND);
    rightSizer->Add(buttons, 0, wxTOP, gap);
    right->SetSizer(rightSizer);
    splitter->SplitVertically(m_sessions, right, FromDIP(560));
    splitter->SetMinimumPaneSize(FromDIP(200));
    sizer->Add(splitter, 1, wxEXPAND | wxALL, gap);
    panel->SetSizer(sizer);
    CreateStatusBar(1);

    m_sessions->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { SelectSession(e.GetIndex()); });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { PreviewShown(); }, wxID_PREVIEW);
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { PrintShown(); }, wxID_PRINT);
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { SaveShown(); }, wxID_SAVEAS);
    wxPersistenceManager::Get().RegisterAndRestore(this);
    Reload();
}

void HistoryFrame::BuildMenus() {
    auto* file = new wxMenu;
    file->Append(wxID_PREVIEW, _("Print pre&view…\tCtrl+Shift+P"));
    file->Append(wxID_PRINT, _("&Print record…\tCtrl+P"));
    file->Append(wxID_SAVEAS, _("&Save record as HTML…\tCtrl+S"));
    file->AppendSeparator();
    file->Append(wxID_REFRESH, _("&Read the folder again\tF5"));
    file->AppendSeparator();
    file->Append(wxID_CLOSE, _("&Close window\tCtrl+W"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { PreviewShown(); }, wxID_PREVIEW);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { PrintShown(); }, wxID_PRINT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { SaveShown(); }, wxID_SAVEAS);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Reload(); }, wxID_REFRESH);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
}

HistoryFrame::~HistoryFrame() {
    if (m_worker.joinable()) m_worker.join();
}

void HistoryFrame::Reload() {
    if (Busy()) return;
    if (m_worker.joinable()) m_worker.join();
    m_sessions->DeleteAllItems();
    m_shown.reset();
    m_html.clear();
    m_record->SetPage(wxEmptyString);
    SetStatusText(_("Reading the records folder…"));
    ReportOptions options;
    options.protocolDirs = m_context.protocolDirs;
    options.nowUtcMs = m_context.clock.UtcMs();
    m_done = false;
    // The worker reads; the window shows the result through CallAfter, on the GUI thread.
    m_worker = std::thread([this, options = std::move(options)] {
        std::optional<Report> report;
        std::string error;
        try {
            report = BuildReport(m_root, options);
        } catch (const std::exception& e) {
            error = e.what();
        }
        m_done = true;
        CallAfter([this, report = std::move(report), error]() mutable { OnListed(std::move(report), error); });
    });
}

void HistoryFrame::OnListed(std::optional<Report> report, const std::string& error) {
    if (m_worker.joinable()) m_worker.join();
    m_report = std::move(report);
    if (!m_report) {
        SetStatusText(_("Cannot read the records folder: ") + ToWx(error));
        m_context.prompter.Error(this, _("Cannot read the records folder"), ToWx(error));
        return;
    }
    // Newest first: the session looked for is most often a recent one.
    std::stable_sort(m_report->sessions.begin(), m_report->sessions.end(),
                     [](const SessionSummary& a, const SessionSummary& b) { return a.startedUtcMs > b.startedUtcMs; });
    for (const auto& s : m_report->sessions) {
        const long row = m_sessions->InsertItem(m_sessions->GetItemCount(),
                                                s.startedUtcMs ? LocalDateTime(s.startedUtcMs) : wxString("?"));
        m_sessions->SetItem(row, kColSession, ToWx(s.sessionId.substr(0, 8)));
        m_sessions->SetItem(row, kColProtocol, ToWx(s.protocol.id + " " + s.protocol.version));
        m_sessions->SetItem(row, kColOutcome,
                            ToWx(DescribeOutcome(s)) + (s.Intact() ? wxString() : " — " + wxString(IntegrityName(s.integrity))));
        m_sessions->SetItem(row, kColOperator, ToWx(s.operatorActor.name));
        if (!s.Intact()) m_sessions->SetItemTextColour(row, wxColour(0xa0, 0x00, 0x00));
    }
    SetStatusText(wxString::Format(_("%zu sessions in %s"), m_report->sessions.size(), ToWx(m_root)));
    if (!m_report->sessions.empty()) SelectSession(0);
}

void HistoryFrame::SelectSession(long row) {
    if (!m_report || row < 0 || static_cast<std::size_t>(row) >= m_report->sessions.size()) return;
    if (m_sessions->GetFirstSelected() != row) {
        m_sessions->Select(row); // fires the selection event, which comes back here
        m_sessions->Focus(row);
        return;
    }
    ShowRecord(static_cast<std::size_t>(row));
}

void HistoryFrame::ShowRecord(std::size_t index) {
    const SessionSummary& s = m_report->sessions[index];
    m_shown = index;
    m_html.clear();
    m_footer.clear();
    const RecordedSession read = ReadRecordedSession(layout::PathOfKey(m_root, s.file), m_context.protocolDirs);
    if (!read.Readable()) {
        std::string page = "<html><body><h2>No record can be shown</h2><p>" + HtmlEscape(read.why) + "</p><ul>";
        for (const auto& f : read.damage) page += "<li>" + HtmlEscape(FormatFinding(f)) + "</li>";
        m_record->SetPage(ToWx(page + "</ul></body></html>"));
        SetStatusText(ToWx(read.why));
        return;
    }
    std::vector<std::string> damage;
    for (const auto& f : read.damage) damage.push_back(FormatFinding(f));
    m_html = RenderSessionRecordHtml(*read.protocol, read.state, read.events, damage);
    m_footer = RecordFooter(read.state.sessionId, read.state.lastHash);
    m_record->SetPage(ToWx(m_html));
    SetStatusText(wxString::Format(_("Session %s: %zu events%s"), ToWx(s.sessionId), read.events.size(),
                                   damage.empty() ? wxString() : _(" — NOT INTACT")));
}

void HistoryFrame::PreviewShown() {
    if (!m_html.empty()) PreviewRecordPage(this, m_context.prompter, m_printData, {m_html, m_footer});
}

void HistoryFrame::PrintShown() {
    if (!m_html.empty()) PrintRecordPage(this, m_context.prompter, m_printData, {m_html, m_footer});
}

void HistoryFrame::SaveShown() {
    if (m_html.empty() || !m_shown) return;
    if (SaveRecordPage(this, m_context.prompter, m_html, "session-" + m_report->sessions[*m_shown].sessionId + ".html",
                       RecordsFileMode(m_root)))
        SetStatusText(_("Record saved"));
}

HistoryFrame* OpenSessionHistory(const AppContext& context, const std::string& recordsRoot) {
    auto* frame = new HistoryFrame(context, recordsRoot);
    frame->Show();
    return frame;
}

} // namespace kc::gui
