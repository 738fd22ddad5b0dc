#include "audit_frame.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/gauge.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/persist/toplevel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "app_icon.hpp"
#include "help.hpp"
#include "history_frame.hpp"
#include "kc/report/timeline.hpp"
#include "kc/audit/known_protocols.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/audit/recover.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/report_file.hpp"
#include "kc/report/report_render.hpp"
#include "local_time.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

enum Id { kIdReload = wxID_HIGHEST + 400, kIdExport, kIdFocusSessions, kIdFocusFilters, kIdRecover, kIdUtc };
enum TimelineColumn { kColSeq, kColTime, kColActor, kColWhat };
enum SessionColumn { kColStarted, kColSession, kColProtocol, kColOperator, kColOutcome, kColOverrides, kColAmended,
                     kColIntegrity, kColRounds };
// The outcome choice after "any", in the order of the names appended in BuildFilterRow.
constexpr OutcomeFilter kOutcomeChoices[] = {OutcomeFilter::Completed, OutcomeFilter::Stopped,
                                             OutcomeFilter::Abandoned, OutcomeFilter::Incomplete,
                                             OutcomeFilter::Damaged};

// "5 due: 3 on time, 1 late, 1 missed"; "-" without rounds; "?" when the protocol is unknown.
wxString RoundsText(const SessionSummary& s) {
    if (!s.roundsKnown) return "?";
    const RoundsSummary& r = s.rounds;
    if (r.schedules.empty()) return "-";
    wxString text = wxString::Format(_("%zu due: %zu on time"), r.due, r.onTime);
    if (r.late > 0) text += wxString::Format(_(", %zu late"), r.late);
    if (r.missed > 0) text += wxString::Format(_(", %zu missed"), r.missed);
    if (r.open > 0) text += wxString::Format(_(", %zu open"), r.open);
    return text;
}

// A time in the lists: local time in the desktop's format, or the trail's UTC on request.
wxString ListTime(std::int64_t utcMs, bool utc) {
    if (utcMs <= 0) return "?";
    return utc ? ToWx(FormatUtcMs(utcMs)) : LocalDateTime(utcMs);
}

wxString Plural(std::size_t n, const char* one, const char* many) {
    return wxString::Format("%zu %s", n, n == 1 ? one : many);
}

} // namespace

AuditFrame::AuditFrame(const AppContext& context, std::string recordsRoot)
    : wxFrame(nullptr, wxID_ANY, _("Audit — ") + ToWx(recordsRoot), wxDefaultPosition, wxSize(1280, 800)),
      m_context(context), m_root(std::move(recordsRoot)) {
    SetName("AuditFrame");
    SetIcons(AppIcons());
    BuildMenus();
    auto* panel = new wxPanel(this);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(8);
    sizer->Add(BuildFilterRow(panel), 0, wxEXPAND | wxALL, gap);

    m_filterMessage = new wxStaticText(panel, wxID_ANY, wxEmptyString);
    m_filterMessage->SetName("Filter message");
    m_filterMessage->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    m_filterMessage->Hide();
    sizer->Add(m_filterMessage, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);

    // The verdict first, on its own, so that neither the bar nor a long count hides it; the
    // bar shows only while verifying; the counts wrap below.
    auto* statusRow = new wxBoxSizer(wxHORIZONTAL);
    m_integrity = new wxStaticText(panel, wxID_ANY, wxEmptyString);
    m_integrity->SetName("Integrity");
    m_integrity->SetFont(m_integrity->GetFont().Bold());
    m_progress = new wxGauge(panel, wxID_ANY, 100, wxDefaultPosition, FromDIP(wxSize(240, -1)));
    m_progress->SetName("Verification progress");
    statusRow->Add(m_integrity, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
    statusRow->AddStretchSpacer();
    statusRow->Add(m_progress, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(statusRow, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    m_summary = new wxStaticText(panel, wxID_ANY, wxEmptyString);
    m_summary->SetName("Summary");
    sizer->Add(m_summary, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);

    auto* splitter = new wxSplitterWindow(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                          wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_sessions = new wxListView(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_sessions->SetName("Sessions");
    const std::pair<wxString, int> columns[] = {
        {_("Started"), 170},  {_("Session"), 90},   {_("Protocol"), 230}, {_("Operator"), 170},
        {_("Outcome"), 220},  {_("Overrides"), 80}, {_("Amended"), 75},   {_("Integrity"), 90},
        {_("Rounds"), 230}};
    for (const auto& [title, width] : columns) m_sessions->AppendColumn(title, wxLIST_FORMAT_LEFT, FromDIP(width));

    auto* lower = new wxSplitterWindow(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                       wxSP_LIVE_UPDATE | wxSP_3DSASH);
    auto* timelinePanel = new wxPanel(lower);
    auto* timelineSizer = new wxBoxSizer(wxVERTICAL);
    m_timeline = new wxListView(timelinePanel, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                wxLC_REPORT | wxLC_SINGLE_SEL);
    m_timeline->SetName("Timeline");
    // Widths that show a row without a mouse: each header whole, a local date and time, a
    // name and role, and the start of what happened (in full in the pane below).
    const auto width = [&](const wxString& sample, int atLeast) {
        return std::max(FromDIP(atLeast), m_timeline->GetTextExtent(sample).x + FromDIP(24));
    };
    m_timeline->AppendColumn(_("#"), wxLIST_FORMAT_RIGHT, width("0000", 44));
    m_timeline->AppendColumn(_("Time"), wxLIST_FORMAT_LEFT, width("00/00/0000 00:00:00 PM", 170));
    m_timeline->AppendColumn(_("Actor"), wxLIST_FORMAT_LEFT, width("Dr Firstname Lastname (anesthesiologist)", 200));
    m_timeline->AppendColumn(_("What happened"), wxLIST_FORMAT_LEFT, FromDIP(900));
    m_eventDetails = new wxTextCtrl(timelinePanel, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                    wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_eventDetails->SetName("Event details");
    timelineSizer->Add(m_timeline, 2, wxEXPAND);
    timelineSizer->Add(new wxStaticText(timelinePanel, wxID_ANY, _("Selected event, in full:")), 0, wxTOP, gap / 2);
    timelineSizer->Add(m_eventDetails, 1, wxEXPAND | wxTOP, gap / 4);
    timelinePanel->SetSizer(timelineSizer);
    auto* detailsPanel = new wxPanel(lower);
    auto* detailsSizer = new wxBoxSizer(wxVERTICAL);
    m_findings = new wxTextCtrl(detailsPanel, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                                wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_findings->SetName("Session details");
    m_recover = new wxButton(detailsPanel, kIdRecover, _("Re&cover…"));
    m_recover->SetName("Recover");
    m_recover->Disable();
    detailsSizer->Add(m_findings, 1, wxEXPAND);
    detailsSizer->Add(m_recover, 0, wxALIGN_RIGHT | wxTOP, gap / 2);
    detailsPanel->SetSizer(detailsSizer);
    // The timeline takes what the window gives beyond the session details' share (a third),
    // whatever size the window opens at: the split follows the window. The first positions
    // only keep the panes from starting at nothing before the window has its size.
    lower->SetSashGravity(2.0 / 3.0);
    lower->SetMinimumPaneSize(FromDIP(160));
    lower->SplitVertically(timelinePanel, detailsPanel, FromDIP(760));
    splitter->SetSashGravity(0.35);
    splitter->SetMinimumPaneSize(FromDIP(100));
    splitter->SplitHorizontally(m_sessions, lower, FromDIP(260));
    sizer->Add(splitter, 1, wxEXPAND | wxALL, gap);
    panel->SetSizer(sizer);
    // The sashes at their shares once the window has its size (a split before that would
    // keep a position meant for another size).
    const auto placeSashes = [this, splitter, lower] {
        splitter->SetSashPosition(std::max(splitter->GetMinimumPaneSize(), splitter->GetSize().y * 35 / 100));
        lower->SetSashPosition(lower->GetSize().x * 2 / 3);
    };
    panel->Bind(wxEVT_SIZE, [this, placeSashes](wxSizeEvent& e) {
        e.Skip();
        CallAfter([this, placeSashes] {
            if (!m_sashesPlaced && GetSize().x > FromDIP(200)) {
                placeSashes();
                m_sashesPlaced = true;
            }
            WrapSummary();
        });
    });
    CreateStatusBar(1);
    SetStatusText(_("Records: ") + ToWx(m_root));

    m_sessions->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { SelectSession(e.GetIndex()); });
    m_timeline->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { SelectEvent(e.GetIndex()); });
    m_recover->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { RecoverShown(); });
    wxPersistenceManager::Get().RegisterAndRestore(this);
    Reload();
}

AuditFrame::~AuditFrame() { JoinWorker(); }

void AuditFrame::JoinWorker() {
    if (m_worker.joinable()) m_worker.join();
}

void AuditFrame::BuildMenus() {
    auto* file = new wxMenu;
    file->Append(kIdReload, _("&Verify again\tF5"), _("Read and verify the records folder again"));
    file->Append(kIdExport, _("&Export shown…\tCtrl+S"), _("Save the sessions shown as CSV, HTML or JSON"));
    file->Append(kIdSessionHistory, _("Session &history…\tCtrl+H"), _("View, preview, print or save any session's record"));
    file->AppendSeparator();
    file->Append(wxID_CLOSE, _("&Close window\tCtrl+W"));
    auto* view = new wxMenu;
    view->AppendCheckItem(kIdUtc, _("Times in &UTC"), _("Show the trail's UTC times instead of local time"));
    auto* go = new wxMenu;
    go->Append(kIdFocusFilters, _("&Filters\tCtrl+F"));
    go->Append(kIdFocusSessions, _("&Sessions\tCtrl+L"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(view, _("&View"));
    bar->Append(go, _("&Go"));
    SetMenuBar(bar);
    AddHelpMenu(*this, m_context.docDir, m_context.prompter,
                {{_("Tab, Shift+Tab"), _("Next, previous field"), _("Window")}});
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Reload(); }, kIdReload);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ExportWithDialog(); }, kIdExport);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { OpenSessionHistory(m_context, m_root); }, kIdSessionHistory);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
        m_utc = e.IsChecked();
        ShowTimes();
    }, kIdUtc);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { m_from->SetFocus(); }, kIdFocusFilters);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { m_sessions->SetFocus(); }, kIdFocusSessions);
}

wxWindow* AuditFrame::BuildFilterRow(wxWindow* parent) {
    auto* row = new wxPanel(parent);
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    const int gap = FromDIP(6);
    const auto add = [&](const wxString& label, wxWindow* control, int width) {
        sizer->Add(new wxStaticText(row, wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap);
        control->SetMinSize(FromDIP(wxSize(width, -1)));
        sizer->Add(control, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap * 2);
    };
    m_from = new wxTextCtrl(row, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_from->SetName("From date");
    m_from->SetHint("YYYY-MM-DD");
    m_from->SetToolTip(_("First day, UTC, as YYYY-MM-DD (for example 2026-11-15)"));
    m_to = new wxTextCtrl(row, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_to->SetName("To date");
    m_to->SetHint("YYYY-MM-DD");
    m_to->SetToolTip(_("Last day, UTC, as YYYY-MM-DD (for example 2026-11-30)"));
    m_protocol = new wxTextCtrl(row, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_protocol->SetName("Protocol id");
    m_operator = new wxTextCtrl(row, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    m_operator->SetName("Operator");
    m_outcome = new wxChoice(row, wxID_ANY);
    m_outcome->SetName("Outcome");
    m_outcome->Append(_("any"));
    for (const char* name : {"completed", "stopped", "abandoned", "incomplete", "damaged"}) m_outcome->Append(name);
    m_outcome->SetSelection(0);
    m_overridesOnly = new wxCheckBox(row, wxID_ANY, _("&Overrides only"));
    m_overridesOnly->SetName("Overrides only");
    add(_("F&rom:"), m_from, 100);
    add(_("&To:"), m_to, 100);
    add(_("&Protocol:"), m_protocol, 190);
    add(_("O&perator:"), m_operator, 140);
    add(_("O&utcome:"), m_outcome, 110);
    sizer->Add(m_overridesOnly, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, gap * 2);
    auto* apply = new wxButton(row, kIdReload, _("&Apply"));
    sizer->Add(apply, 0, wxALIGN_CENTER_VERTICAL);
    row->SetSizer(sizer);
    row->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Reload(); }, kIdReload);
    row->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { Reload(); });
    return row;
}

ReportFilter AuditFrame::FilterFromControls() const {
    ReportFilter filter;
    filter.fromDate = FromWx(m_from->GetValue().Trim().Trim(false));
    filter.toDate = FromWx(m_to->GetValue().Trim().Trim(false));
    filter.protocolId = FromWx(m_protocol->GetValue().Trim().Trim(false));
    filter.operatorName = FromWx(m_operator->GetValue().Trim().Trim(false));
    const int outcome = m_outcome->GetSelection();
    if (outcome > 0) filter.outcomes.push_back(kOutcomeChoices[outcome - 1]);
    filter.overridesOnly = m_overridesOnly->GetValue();
    return filter;
}

void AuditFrame::SetFilter(const ReportFilter& filter) {
    m_from->ChangeValue(ToWx(filter.fromDate));
    m_to->ChangeValue(ToWx(filter.toDate));
    m_protocol->ChangeValue(ToWx(filter.protocolId));
    m_operator->ChangeValue(ToWx(filter.operatorName));
    m_outcome->SetSelection(0);
    if (!filter.outcomes.empty())
        for (int i = 0; i < static_cast<int>(std::size(kOutcomeChoices)); ++i)
            if (kOutcomeChoices[i] == filter.outcomes.front()) m_outcome->SetSelection(i + 1);
    m_overridesOnly->SetValue(filter.overridesOnly);
}

void AuditFrame::Reload() {
    if (Busy()) return; // one verification at a time; the filters apply when it is done
    // A filter that cannot be read is said beside the filters; what is listed stays.
    const wxString problem = CheckFilters();
    m_filterMessage->SetLabel(problem);
    m_filterMessage->Show(!problem.empty());
    Layout();
    if (!problem.empty()) return;
    JoinWorker();
    ReportOptions options;
    options.filter = FilterFromControls();
    options.protocolDirs = m_context.protocolDirs;
    options.nowUtcMs = m_context.clock.UtcMs(); // open sessions' rounds as of now
    m_progress->SetValue(0);
    m_progress->Show();
    m_integrity->SetLabel(_("Verifying the records folder…"));
    m_integrity->SetForegroundColour(GetForegroundColour());
    SetSummary(wxEmptyString);
    m_done = false;
    // The worker reads and verifies; the window learns of progress and the result through
    // CallAfter, so every widget is touched on the GUI thread only. The destructor joins.
    options.progress = [this, last = -1](std::size_t done, std::size_t total) mutable {
        const int percent = total ? static_cast<int>(done * 100 / total) : 100;
        if (percent == last) return;
        last = percent;
        CallAfter([this, percent] { m_progress->SetValue(percent); });
    };
    m_worker = std::thread([this, options = std::move(options)] {
        std::optional<Report> report;
        std::string error;
        try {
            report = BuildReport(m_root, options);
        } catch (const std::exception& e) {
            error = e.what();
        }
        m_done = true;
        CallAfter([this, report = std::move(report), error]() mutable {
            OnReport(report ? std::move(*report) : Report{}, error);
        });
    });
}

void AuditFrame::OnReport(Report report, std::string error) {
    JoinWorker();
    m_progress->SetValue(100);
    m_progress->Hide();
    m_sessions->DeleteAllItems();
    m_timeline->DeleteAllItems();
    m_findings->Clear();
    m_eventDetails->Clear();
    m_session.reset();
    m_events.clear();
    OfferRecover({});
    if (!error.empty()) {
        m_report.reset();
        m_integrity->SetLabel(_("Cannot read the records folder"));
        m_integrity->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
        SetSummary(ToWx(error));
        m_context.prompter.Error(this, _("Cannot read the records folder"), ToWx(error));
        return;
    }
    m_report = std::move(report);
    const ReportTotals& t = m_report->totals;
    m_integrity->SetLabel(t.Intact() ? _("All intact.")
                                     : _("NOT INTACT: ") + Plural(t.notIntact, "session", "sessions") + ", " +
                                           Plural(t.folderFindings.size(), "folder finding", "folder findings") + ".");
    m_integrity->SetForegroundColour(t.Intact() ? wxColour(0x00, 0x60, 0x00) : wxColour(0xa0, 0x00, 0x00));
    SetSummary(wxString::Format(
        _("%s shown (of %s, %s): %zu completed, %zu stopped, %zu abandoned, %zu incomplete. %s with overrides (%s "
          "justified)."),
        Plural(t.sessions, "session", "sessions"), Plural(t.sessionFiles, "file", "files"),
        Plural(static_cast<std::size_t>(t.events), "event", "events"), t.completed, t.stopped, t.abandoned,
        t.incomplete, Plural(t.withOverrides, "session", "sessions"), Plural(t.overrides, "warning", "warnings")));
    for (const auto& s : m_report->sessions) {
        const long row = m_sessions->InsertItem(m_sessions->GetItemCount(), ListTime(s.startedUtcMs, m_utc));
        m_sessions->SetItem(row, kColSession, ToWx(s.sessionId.substr(0, 8)));
        m_sessions->SetItem(row, kColProtocol, ToWx(s.protocol.id + " " + s.protocol.version));
        m_sessions->SetItem(row, kColOperator, ToWx(s.operatorActor.name));
        m_sessions->SetItem(row, kColOutcome, ToWx(DescribeOutcome(s)));
        m_sessions->SetItem(row, kColOverrides, wxString::Format("%zu", s.Overrides()));
        m_sessions->SetItem(row, kColAmended, wxString::Format("%zu", s.amendments.size()));
        m_sessions->SetItem(row, kColIntegrity, IntegrityName(s.integrity));
        m_sessions->SetItem(row, kColRounds, RoundsText(s));
        if (!s.Intact()) m_sessions->SetItemTextColour(row, wxColour(0xa0, 0x00, 0x00));
        else if (s.Overrides() > 0) m_sessions->SetItemTextColour(row, wxColour(0x8a, 0x5a, 0x00));
    }
    if (!t.folderFindings.empty()) {
        wxString text = _("The records folder itself:\n");
        for (const auto& f : t.folderFindings) text += ToWx(FormatFinding(f)) + "\n";
        m_findings->ChangeValue(text);
    }
    OfferRecover(t.folderFindings);
    Layout();
    SetStatusText(_("Records: ") + ToWx(m_root) + _(" — verified, ") + Plural(t.sessionFiles, "session file", "session files") +
                  (m_recovered.empty() ? wxString() : " — " + ToWx(m_recovered)));
    m_recovered.clear();
    if (m_sessions->GetItemCount() > 0) SelectSession(0);
}

void AuditFrame::SelectSession(long row) {
    if (!m_report || row < 0 || static_cast<std::size_t>(row) >= m_report->sessions.size()) return;
    if (m_sessions->GetFirstSelected() != row) {
        m_sessions->Select(row); // fires the selection event, which comes back here
        m_sessions->Focus(row);
        return;
    }
    ShowSession(static_cast<std::size_t>(row));
}

void AuditFrame::ShowSession(std::size_t index) {
    const SessionSummary& s = m_report->sessions[index];
    m_timeline->DeleteAllItems();
    m_eventDetails->Clear();
    m_session = index;
    m_events.clear();
    m_rows.clear();
    wxString details = wxString::Format(_("Session %s\nProtocol %s %s (sha256 %s)\nOperator %s (%s)\nOutcome: %s\n"),
                                        ToWx(s.sessionId), ToWx(s.protocol.id), ToWx(s.protocol.version),
                                        ToWx(s.protocol.sha256.substr(0, 12)), ToWx(s.operatorActor.name),
                                        ToWx(s.operatorActor.role), ToWx(DescribeOutcome(s)));
    details += _("Integrity: ") + wxString(IntegrityName(s.integrity)) + "\n";
    for (const auto& f : s.findings) details += "  " + ToWx(FormatFinding(f)) + "\n";
    if (s.partial) details += _("Damage stopped the reading early: the timeline shows only the lines before it.\n");
    if (!s.warnings.empty()) {
        details += _("\nWarnings:\n");
        for (const auto& w : s.warnings)
            details += "  " + (w.justified ? ToWx(DescribeOverride(w)) : ToWx(w.step + ": NOT justified — " + w.message)) +
                       "\n";
    }
    if (!s.amendments.empty()) {
        details += _("\nAmendments:\n");
        for (const auto& a : s.amendments) details += "  " + ToWx(DescribeAmendment(a)) + "\n";
    }
    if (s.roundsKnown && !s.rounds.schedules.empty()) {
        details += _("\nRounds: ") + RoundsText(s);
        if (s.rounds.longestGapMs) details += _("; longest gap ") + ToWx(DurationForPerson(*s.rounds.longestGapMs));
        details += "\n";
        for (const auto& r : s.rounds.schedules) {
            details += wxString::Format(_("  %s: %zu due, %zu on time, %zu late, %zu missed, %zu open"), ToWx(r.title),
                                        r.due, r.onTime, r.late, r.missed, r.open);
            if (r.periodMs) details += "; " + ToWx(DescribePeriod(r));
            details += "\n";
        }
    }
    if (!s.attestedBy.empty()) details += _("\nAttested by ") + ToWx(s.attestedBy) + "\n";
    m_findings->ChangeValue(details);
    // The session's own remedy first; else what the folder's findings offer (a torn ledger).
    OfferRecover(s.findings);
    if (!m_recoverable) OfferRecover(m_report->totals.folderFindings);

    // The timeline from the trail itself: its intact lines, with the prompts of the exact
    // protocol version the session ran on (from the folder's archive) when it is there.
    const std::string trail = layout::PathOfKey(m_root, s.file);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(trail, ec)) return;
    try {
        const TrailScan scan = ScanTrailFile(trail);
        // The archive only: the library's folders would be read again for each selection.
        const ProtocolPtr protocol =
            s.protocol.sha256.empty() ? nullptr : KnownProtocols(std::vector<std::string>{}).Find(s.protocol.sha256, m_root);
        m_events = scan.events;
        m_rows = BuildTimeline(m_events, protocol.get());
        for (const auto& row : m_rows) {
            const long item = m_timeline->InsertItem(m_timeline->GetItemCount(), wxString::Format("%llu", row.seq));
            m_timeline->SetItem(item, kColActor, ToWx(row.actor));
            m_timeline->SetItem(item, kColWhat, ToWx(row.what));
        }
        ShowTimes();
    } catch (const Error& e) {
        m_findings->AppendText(_("\nThe trail could not be read: ") + ToWx(e.what()));
    }
}

void AuditFrame::OfferRecover(const std::vector<FileFinding>& findings) {
    m_recoverable.reset();
    for (const auto& f : findings)
        if (f.remedy && f.remedy->kind == RemedyKind::Recover) {
            m_recoverable = f.remedy;
            break;
        }
    m_recover->Enable(m_recoverable.has_value());
    m_recover->SetToolTip(m_recoverable ? _("Recover ") + ToWx(m_recoverable->path) : wxString());
}

void AuditFrame::RecoverShown() {
    if (!m_recoverable || Busy()) return;
    const std::string path = m_recoverable->path;
    if (!m_context.prompter.Confirm(
            this, _("Recover after a crash"),
            wxString::Format(_("Recover %s?\n\nAn incomplete last line, never acknowledged, is moved to a quarantine "
                               "file beside it; what a crash kept out of the ledger or the checkpoints is added, "
                               "marked as a repair. Nothing is deleted."),
                             ToWx(path))))
        return;
    try {
        const RecoverResult result = RecoverTrail(path, m_context.clock, m_context.records.Io(), m_context.signingKey);
        m_context.log.Info("recover " + path + ": " + (result.changed ? "changed" : "intact"));
        m_recovered = result.message;
    } catch (const Error& e) {
        m_context.prompter.Error(this, _("Cannot recover"), ToWx(e.what()));
    }
    Reload();
}

std::string AuditFrame::ExportShown(const std::string& path, ExportFormat format) const {
    if (!m_report) return "nothing is shown yet";
    ReportRenderOptions options;
    options.generatedAt = FormatUtcMs(m_context.clock.UtcMs());
    try {
        WriteReportFile(*m_report, format, options, path, RecordsFileMode(m_root));
    } catch (const IoError& e) {
        return e.what();
    }
    return {};
}

std::optional<ExportFormat> AuditFrame::ExportFormatOfName(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension == ".csv") return ExportFormat::Csv;
    if (extension == ".html" || extension == ".htm") return ExportFormat::Html;
    if (extension == ".json") return ExportFormat::Json;
    return std::nullopt;
}

void AuditFrame::ExportWithDialog() {
    if (!m_report) return;
    const auto choice = m_context.prompter.SaveFile(
        this, _("Export the sessions shown"), "audit-report.html",
        _("HTML report (*.html)|*.html|CSV, one row per session (*.csv)|*.csv|JSON, every detail (*.json)|*.json"));
    if (!choice) return;
    // The name typed says the format: an overrides.csv is CSV whichever type the list shows.
    const std::string& path = choice->path;
    const auto format = ExportFormatOfName(path);
    if (!format) {
        m_context.prompter.Error(
            this, _("Not exported"),
            wxString::Format(_("%s: the file name must end in .csv, .html or .json, which says what is written. "
                               "Nothing was written."),
                             ToWx(path)));
        return;
    }
    const std::string error = ExportShown(path, *format);
    if (!error.empty()) m_context.prompter.Error(this, _("Export failed"), ToWx(error));
    else SetStatusText(_("Exported to ") + ToWx(path));
}

void AuditFrame::SetSummary(const wxString& text) {
    m_summaryText = text;
    WrapSummary();
}

void AuditFrame::WrapSummary() {
    m_summary->SetLabel(m_summaryText);
    const int width = m_summary->GetParent()->GetClientSize().x - 2 * FromDIP(8);
    if (width > 0) m_summary->Wrap(width);
    m_summary->GetParent()->Layout();
}

wxString AuditFrame::CheckFilters() {
    const std::pair<wxTextCtrl*, wxString> dates[] = {{m_from, _("From")}, {m_to, _("To")}};
    wxString message;
    for (const auto& [field, name] : dates) {
        const std::string text = FromWx(field->GetValue().Trim().Trim(false));
        const bool bad = !text.empty() && !IsReportDate(text);
        field->SetBackgroundColour(bad ? wxColour(0xff, 0xe0, 0xe0) : wxNullColour);
        field->Refresh();
        if (bad && message.empty())
            message = wxString::Format(_("%s: '%s' is not a date this filter can read: type it as YYYY-MM-DD, for "
                                         "example 2026-11-15 (a UTC day). The list below is unchanged."),
                                       name, ToWx(text));
    }
    return message;
}

void AuditFrame::ShowTimes() {
    wxListItem header;
    header.SetMask(wxLIST_MASK_TEXT);
    header.SetText(m_utc ? _("Started (UTC)") : _("Started"));
    m_sessions->SetColumn(kColStarted, header);
    header.SetText(m_utc ? _("Time (UTC)") : _("Time"));
    m_timeline->SetColumn(kColTime, header);
    if (m_report)
        for (long row = 0; row < m_sessions->GetItemCount() && static_cast<std::size_t>(row) < m_report->sessions.size(); ++row)
            m_sessions->SetItem(row, kColStarted, ListTime(m_report->sessions[static_cast<std::size_t>(row)].startedUtcMs, m_utc));
    for (long row = 0; row < m_timeline->GetItemCount() && static_cast<std::size_t>(row) < m_events.size(); ++row)
        m_timeline->SetItem(row, kColTime, ListTime(m_events[static_cast<std::size_t>(row)].utcMs, m_utc));
}

void AuditFrame::SelectEvent(long row) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_events.size() || static_cast<std::size_t>(row) >= m_rows.size())
        return;
    if (m_timeline->GetFirstSelected() != row) {
        m_timeline->Select(row); // fires the selection event, which comes back here
        m_timeline->Focus(row);
        return;
    }
    const Event& e = m_events[static_cast<std::size_t>(row)];
    const TimelineRow& r = m_rows[static_cast<std::size_t>(row)];
    wxString text = wxString::Format(_("Event %llu of %zu: %s\n"), static_cast<unsigned long long>(e.seq),
                                     m_events.size(), EventTypeName(e.body));
    text += _("Time: ") + LocalDateTime(e.utcMs) + " (" + UtcText(e.utcMs) + ")\n";
    text += _("Session time: ") + ToWx(r.elapsed) + "\n";
    text += _("By: ") + ToWx(r.actor) + "\n";
    text += _("What happened: ") + ToWx(r.what) + "\n";
    if (m_session && *m_session < m_report->sessions.size())
        text += _("Session outcome: ") + ToWx(DescribeOutcome(m_report->sessions[*m_session])) + "\n";
    text += _("Hash: ") + ToWx(e.hash) + "\n" + _("Previous hash: ") + ToWx(e.prevHash) + "\n";
    m_eventDetails->ChangeValue(text);
}

} // namespace kc::gui
