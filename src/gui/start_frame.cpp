#include "start_frame.hpp"

#include <wx/aboutdlg.h>
#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/persist/toplevel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <filesystem>

#include <fmt/format.h>

#include "kc/audit/recover.hpp"
#include "kc/base/error.hpp"
#include "kc/ops/start.hpp"
#include "kc/audit/session_lock.hpp"
#include "kc/ops/unfinished.hpp"
#include "kc/protocol/render.hpp"
#include "kc/base/version.hpp"
#include "app_icon.hpp"
#include "audit_frame.hpp"
#include "history_frame.hpp"
#include "dialogs.hpp"
#include "help.hpp"
#include "local_time.hpp"
#include "session_frame.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

enum Column { kColumnTitle, kColumnVersion, kColumnStatus, kColumnSource, kColumnReviewed, kColumnFile };
enum MenuId {
    kIdStart = wxID_HIGHEST + 200,
    kIdResume,
    kIdRecover,
    kIdRefresh,
    kIdAudit,
    kIdAuditOther,
    kIdUserGuide,
    kIdShortcuts
};

// The start box: the operator, role, patient reference and location fields beside the start
// button, created in this order (the keyboard's tab order).
struct StartFields {
    wxStaticBoxSizer* box = nullptr;
    wxTextCtrl* operatorName = nullptr;
    wxComboBox* role = nullptr;
    wxTextCtrl* patient = nullptr;
    wxTextCtrl* location = nullptr;
};

StartFields BuildStartFields(wxWindow* panel, int gap) {
    StartFields f;
    f.box = new wxStaticBoxSizer(wxVERTICAL, panel, _("Start a session on the selected protocol"));
    auto* box = f.box->GetStaticBox();
    auto* grid = new wxFlexGridSizer(4, gap, gap * 2);
    grid->AddGrowableCol(1);
    grid->AddGrowableCol(3);
    f.operatorName = new wxTextCtrl(box, wxID_ANY);
    f.operatorName->SetName("Operator name");
    f.role = new wxComboBox(box, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, OperatorRoles());
    f.role->SetName("Operator role");
    f.patient = new wxTextCtrl(box, wxID_ANY);
    f.patient->SetName("Patient reference");
    f.patient->SetHint(_("pseudonymous reference, e.g. a study id"));
    f.location = new wxTextCtrl(box, wxID_ANY);
    f.location->SetName("Location");
    grid->Add(new wxStaticText(box, wxID_ANY, _("&Operator:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(f.operatorName, 1, wxEXPAND);
    grid->Add(new wxStaticText(box, wxID_ANY, _("&Role:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(f.role, 1, wxEXPAND);
    grid->Add(new wxStaticText(box, wxID_ANY, _("&Patient reference:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(f.patient, 1, wxEXPAND);
    grid->Add(new wxStaticText(box, wxID_ANY, _("&Location:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(f.location, 1, wxEXPAND);
    auto* startRow = new wxBoxSizer(wxHORIZONTAL);
    startRow->Add(grid, 1, wxEXPAND);
    auto* start = new wxButton(box, kIdStart, _("&Start session"));
    start->SetDefault();
    startRow->Add(start, 0, wxALIGN_BOTTOM | wxLEFT, gap * 2);
    f.box->Add(startRow, 0, wxEXPAND | wxALL, gap);
    f.box->Add(new wxStaticText(box, wxID_ANY,
                                _("The patient reference is pseudonymous and is kept in the audit trail only.")),
               0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    return f;
}

} // namespace

StartFrame::StartFrame(const AppContext& context, std::vector<CatalogEntry> catalog)
    : wxFrame(nullptr, wxID_ANY, _("Ketamine checklist"), wxDefaultPosition, wxSize(1180, 760)),
      m_context(context), m_catalog(std::move(catalog)) {
    SetName("StartFrame");
    SetIcons(AppIcons());
    BuildMenus();
    auto* panel = new wxPanel(this);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(8);

    // The library and the selected protocol's outline (or its diagnostics).
    auto* libraryBox = new wxStaticBoxSizer(wxVERTICAL, panel, _("Protocol library"));
    auto* splitter = new wxSplitterWindow(libraryBox->GetStaticBox(), wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                          wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_list = new wxListView(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    m_list->SetName("Protocol library");
    m_list->AppendColumn(_("Protocol"), wxLIST_FORMAT_LEFT, FromDIP(290));
    m_list->AppendColumn(_("Version"), wxLIST_FORMAT_LEFT, FromDIP(70));
    m_list->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, FromDIP(150)); // "DRAFT, demonstration"
    m_list->AppendColumn(_("Source"), wxLIST_FORMAT_LEFT, FromDIP(100));
    m_list->AppendColumn(_("Last reviewed"), wxLIST_FORMAT_LEFT, FromDIP(100));
    m_list->AppendColumn(_("File"), wxLIST_FORMAT_LEFT, FromDIP(200));
    m_details = new wxTextCtrl(splitter, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
    m_details->SetName("Protocol details");
    splitter->SplitVertically(m_list, m_details, FromDIP(640));
    splitter->SetMinimumPaneSize(FromDIP(200));
    libraryBox->Add(splitter, 1, wxEXPAND | wxALL, gap);
    sizer->Add(libraryBox, 3, wxEXPAND | wxALL, gap);

    // Who, for whom, where.
    const StartFields fields = BuildStartFields(panel, gap);
    m_operator = fields.operatorName;
    m_role = fields.role;
    m_patient = fields.patient;
    m_location = fields.location;
    sizer->Add(fields.box, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);

    // Sessions a crash or a closed window left open.
    auto* openBox = new wxStaticBoxSizer(wxVERTICAL, panel, _("Unfinished sessions"));
    m_unfinished = new wxListView(openBox->GetStaticBox(), wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 120)),
                                  wxLC_REPORT | wxLC_SINGLE_SEL);
    m_unfinished->SetName("Unfinished sessions");
    m_unfinished->AppendColumn(_("Started"), wxLIST_FORMAT_LEFT, FromDIP(170)); // local time; UTC in the tooltip
    m_unfinished->AppendColumn(_("Protocol"), wxLIST_FORMAT_LEFT, FromDIP(230));
    m_unfinished->AppendColumn(_("Operator"), wxLIST_FORMAT_LEFT, FromDIP(170));
    m_unfinished->AppendColumn(_("Patient reference"), wxLIST_FORMAT_LEFT, FromDIP(140));
    m_unfinished->AppendColumn(_("State"), wxLIST_FORMAT_LEFT, FromDIP(330));
    auto* openButtons = new wxBoxSizer(wxHORIZONTAL);
    auto* resume = new wxButton(openBox->GetStaticBox(), kIdResume, _("&Resume"));
    auto* recover = new wxButton(openBox->GetStaticBox(), kIdRecover, _("Re&cover after a crash"));
    openButtons->Add(resume, 0, wxRIGHT, gap);
    openButtons->Add(recover);
    openBox->Add(m_unfinished, 1, wxEXPAND | wxALL, gap);
    openBox->Add(openButtons, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(openBox, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, gap);
    panel->SetSizer(sizer);

    CreateStatusBar(2);
    Populate();
    RefreshUnfinished();
    m_list->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) { ShowDetails(e.GetIndex()); });
    m_list->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { m_operator->SetFocus(); });
    m_unfinished->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent&) { ResumeSelected(); });
    // The record keeps UTC; the list shows local time and gives the UTC of the selected row on request.
    m_unfinished->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
        ShowStartedUtc(e.GetIndex());
        e.Skip();
    });
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { StartSelected(); }, kIdStart);
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { ResumeSelected(); }, kIdResume);
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { RecoverSelected(); }, kIdRecover);
    // Back from a session window: its session may have ended or be open to resume.
    Bind(wxEVT_ACTIVATE, [this](wxActivateEvent& e) {
        if (e.GetActive()) RefreshUnfinished();
        e.Skip();
    });
    if (m_list->GetItemCount() > 0) SelectProtocol(InitialRow());
    wxPersistenceManager::Get().RegisterAndRestore(this);
    m_list->SetFocus();
}

void StartFrame::BuildMenus() {
    auto* file = new wxMenu;
    file->Append(kIdStart, _("&Start session\tCtrl+N"));
    file->Append(kIdResume, _("&Resume selected session\tCtrl+R"));
    file->Append(kIdRecover, _("Re&cover selected session"));
    file->Append(kIdRefresh, _("Re&fresh\tF5"));
    file->AppendSeparator();
    file->Append(kIdAudit, _("&Audit these records\tCtrl+U"), _("Verify and review the records folder in use"));
    file->Append(kIdAuditOther, _("Audit &another records folder…"));
    file->Append(kIdSessionHistory, _("Session &history…\tCtrl+H"), _("View, preview, print or save any session's record"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    auto* help = new wxMenu;
    help->Append(kIdUserGuide, _("&User guide\tF1"), _("How to run, resume and check sessions"));
    help->Append(kIdShortcuts, _("&Keyboard shortcuts"), _("Every key of this window's menus"));
    help->AppendSeparator();
    help->Append(wxID_ABOUT, _("&About"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { StartSelected(); }, kIdStart);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ResumeSelected(); }, kIdResume);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { RecoverSelected(); }, kIdRecover);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { RefreshLibrary(); }, kIdRefresh);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { OpenAudit(m_context.records.Root()); }, kIdAudit);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { OpenSessionHistory(m_context, m_context.records.Root()); }, kIdSessionHistory);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) {
        if (const auto folder = m_context.prompter.ChooseFolder(this, _("Records folder to audit"),
                                                                 ToWx(m_context.records.Root())))
            OpenAudit(*folder);
    }, kIdAuditOther);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowAbout(); }, wxID_ABOUT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowUserGuide(); }, kIdUserGuide);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowShortcuts(); }, kIdShortcuts);
}

void StartFrame::Populate() {
    m_list->DeleteAllItems();
    m_rows.clear();
    for (std::size_t i = 0; i < m_catalog.size(); ++i) {
        const auto& entry = m_catalog[i];
        const auto& protocol = entry.result.protocol;
        if (protocol && protocol->status == ProtocolStatus::Retired) continue; // retired ones are hidden
        // An invalid protocol has no title to trust: it is listed under its file's name.
        const long row = m_list->InsertItem(m_list->GetItemCount(),
                                            protocol ? ToWx(protocol->title)
                                                     : ToWx(std::filesystem::path(entry.path).filename().string()));
        if (protocol) {
            m_list->SetItem(row, kColumnVersion, ToWx(protocol->version));
            const bool changed =
                protocol->status == ProtocolStatus::Approved &&
                CheckStart(*protocol, m_context.signingKey, m_context.protocols, &m_context.records).gate ==
                    StartGate::Refused;
            wxString status = protocol->status == ProtocolStatus::Draft ? _("DRAFT")
                              : changed                                 ? _("NOT APPROVED AS IS")
                                                                        : _("approved");
            if (IsDemonstration(*protocol)) status += _(", demonstration");
            m_list->SetItem(row, kColumnStatus, status);
            if (changed) m_list->SetItemTextColour(row, wxColour(0xa0, 0x00, 0x00));
            m_list->SetItem(row, kColumnSource, protocol->sources.empty() ? wxString() : ToWx(protocol->sources.front().id));
            m_list->SetItem(row, kColumnReviewed, ToWx(protocol->lastReviewed));
            if (protocol->status == ProtocolStatus::Draft) m_list->SetItemTextColour(row, wxColour(0x8a, 0x5a, 0x00));
        } else {
            const auto problems = static_cast<unsigned>(entry.result.diagnostics.size());
            m_list->SetItem(row, kColumnStatus, wxString::Format(wxPLURAL("%u problem", "%u problems", problems), problems));
            m_list->SetItemTextColour(row, wxColour(0xa0, 0x00, 0x00));
        }
        m_list->SetItem(row, kColumnFile, ToWx(entry.path));
        m_rows.push_back(i);
    }
    const auto rows = static_cast<unsigned>(RowCount());
    SetStatusText(wxString::Format(wxPLURAL("%u protocol", "%u protocols", rows), rows) +
                      wxString::Format(_(", %d invalid"), InvalidCount()),
                  0);
    SetStatusText(_("Records: ") + ToWx(m_context.records.Root()), 1);
}

void StartFrame::SelectProtocol(long row) {
    m_list->Select(row);
    m_list->Focus(row);
    ShowDetails(row);
}

void StartFrame::ShowDetails(long row) {
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()) return;
    const auto& entry = m_catalog[m_rows[static_cast<std::size_t>(row)]];
    std::string text;
    if (entry.result.protocol) {
        if (IsDemonstration(*entry.result.protocol))
            text = "DEMONSTRATION — this protocol shows the format; it is not for clinical use.\n\n";
        if (entry.result.protocol->status == ProtocolStatus::Draft)
            text += "DRAFT — not approved for clinical use by your department.\n\n";
        if (entry.result.protocol->status == ProtocolStatus::Approved) {
            const StartCheck check =
                CheckStart(*entry.result.protocol, m_context.signingKey, m_context.protocols, &m_context.records);
            if (check.gate == StartGate::Refused) text = "NOT APPROVED AS IT IS — " + check.message + "\n\n";
        }
        text += RenderOutline(*entry.result.protocol);
    } else {
        text = "This protocol cannot be opened until these problems are fixed:\n\n";
        for (const auto& d : entry.result.diagnostics) text += FormatDiagnostic(d) + "\n";
    }
    m_details->ChangeValue(ToWx(text));
}

int StartFrame::RowCount() const { return m_list->GetItemCount(); }

int StartFrame::InvalidCount() const {
    int invalid = 0;
    for (auto index : m_rows) invalid += m_catalog[index].result.Ok() ? 0 : 1;
    return invalid;
}

void StartFrame::SetStartDetails(const std::string& operatorName, const std::string& role,
                                 const std::string& patientRef, const std::string& location) {
    m_operator->ChangeValue(ToWx(operatorName));
    m_role->SetValue(ToWx(role));
    m_patient->ChangeValue(ToWx(patientRef));
    m_location->ChangeValue(ToWx(location));
}

const CatalogEntry* StartFrame::SelectedEntry() const {
    const long row = m_list->GetFirstSelected();
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size()) return nullptr;
    return &m_catalog[m_rows[static_cast<std::size_t>(row)]];
}

SessionFrame* StartFrame::StartSelected() {
    const CatalogEntry* entry = SelectedEntry();
    if (!entry || !entry->result.protocol) {
        m_context.prompter.Error(this, _("Cannot start"),
                                 _("Select a valid protocol first. A protocol with problems cannot be opened; its "
                                   "problems are listed on the right."));
        return nullptr;
    }
    // The text on screen must be the file's: a protocol edited on disk since the library was
    // read is said before anyone starts on it, and reloading is offered (nothing starts either way).
    if (const auto changed = ChangedOnDisk(*entry)) {
        if (m_context.prompter.Confirm(
                this, _("Protocol changed on disk"),
                wxString::Format(_("%s.\n\nNo session was started on the text shown here. Reload the library to see "
                                   "the file as it is now?"),
                                 ToWx(*changed))))
            RefreshLibrary();
        return nullptr;
    }
    const ProtocolPtr protocol = entry->result.protocol;
    // The gate is the core's (StartSession): a draft asks first, an approved protocol starts
    // only as approved.
    const StartCheck check = CheckStart(*protocol, m_context.signingKey, m_context.protocols, &m_context.records);
    if (check.gate == StartGate::Refused) {
        m_context.prompter.Error(this, _("Cannot start: protocol not approved as it is"), ToWx(check.message));
        return nullptr;
    }
    if (check.gate == StartGate::DraftNeedsConfirmation &&
        !m_context.prompter.Confirm(
            this, _("Draft protocol"),
            wxString::Format(_("\"%s\" is a DRAFT, not approved for clinical use by your department.%s\n\nStart a "
                               "session on it anyway?"),
                             ToWx(protocol->title),
                             check.priorApproval.empty() ? wxString() : "\n\n" + ToWx(check.priorApproval) + ".")))
        return nullptr;
    const StartRequest request{{FromWx(m_operator->GetValue()), FromWx(m_role->GetValue())},
                               FromWx(m_patient->GetValue()),
                               FromWx(m_location->GetValue())};
    try {
        StartResult started = StartSession(protocol, request, m_context.Env(), true, m_context.protocols);
        if (!started.session) {
            m_context.prompter.Error(this, _("Cannot start"), ToWx(started.refusal));
            return nullptr;
        }
        auto* frame = new SessionFrame(m_context, std::move(started.session));
        frame->Show();
        m_patient->ChangeValue(wxEmptyString); // the next session is for another patient
        try {
            RememberLastProtocol(m_context.stateDir, protocol->id);
        } catch (const IoError& e) {
            // A convenience for the next start; the session is recorded and goes on.
            m_context.log.Error(fmt::format("the last protocol used could not be remembered: {}", e.what()));
        }
        return frame;
    } catch (const IoError& e) {
        m_context.prompter.Error(this, _("The session could not start"),
                                 wxString::Format(_("Nothing was recorded for this session:\n\n%s"), ToWx(e.what())));
        return nullptr;
    }
}

long StartFrame::RowOfPath(const std::string& path) const {
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        if (m_catalog[m_rows[row]].path == path) return static_cast<long>(row);
    return -1;
}

long StartFrame::InitialRow() const {
    const std::string last = LastProtocolId(m_context.stateDir);
    long firstClinical = -1;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        const ProtocolPtr& protocol = m_catalog[m_rows[row]].result.protocol;
        if (!protocol) continue;
        if (!last.empty() && protocol->id == last) return static_cast<long>(row);
        if (firstClinical < 0 && !IsDemonstration(*protocol)) firstClinical = static_cast<long>(row);
    }
    return firstClinical >= 0 ? firstClinical : 0;
}

void StartFrame::RefreshLibrary() {
    const CatalogEntry* selected = SelectedEntry();
    const std::string selectedPath = selected ? selected->path : std::string();
    m_catalog = LoadCatalog(m_context.protocolDirs);
    Populate();
    const long row = RowOfPath(selectedPath);
    if (m_list->GetItemCount() > 0) SelectProtocol(row >= 0 ? row : InitialRow());
    else m_details->ChangeValue(wxEmptyString);
    RefreshUnfinished();
}

ProtocolPtr StartFrame::FindBySha(const std::string& sha256) const {
    for (const auto& entry : m_catalog)
        if (entry.result.protocol && entry.result.protocol->sha256 == sha256) return entry.result.protocol;
    return nullptr;
}

void StartFrame::RefreshUnfinished() {
    try {
        m_unfinishedSessions = FindUnfinishedSessions(m_context.records);
    } catch (const IoError& e) {
        m_unfinishedSessions.clear();
        SetStatusText(ToWx(e.what()), 1);
    }
    m_unfinished->DeleteAllItems();
    for (const auto& s : m_unfinishedSessions) {
        const long row = m_unfinished->InsertItem(m_unfinished->GetItemCount(),
                                                  s.startedUtcMs ? LocalDateTime(s.startedUtcMs) : wxString("-"));
        m_unfinished->SetItem(row, 1, ToWx(s.protocol.id + " " + s.protocol.version));
        m_unfinished->SetItem(row, 2, ToWx(s.operatorActor.name));
        m_unfinished->SetItem(row, 3, ToWx(s.patientRef));
        wxString state;
        if (!s.problem.empty()) state = _("damaged: ") + ToWx(s.problem);
        else if (s.writer) state = ToWx(DescribeHolder(*s.writer));
        else if (s.torn) state = _("interrupted mid-write: recover, then resume");
        else if (s.ledgerBehind) state = _("ended; the ledger does not list its end yet: recover it");
        else if (!FindBySha(s.protocol.sha256)) state = _("its protocol version is not in the library");
        else
            state = wxString::Format(wxPLURAL("can resume (%u event recorded)", "can resume (%u events recorded)",
                                              static_cast<unsigned>(s.events)),
                                     static_cast<unsigned>(s.events));
        m_unfinished->SetItem(row, 4, state);
    }
    if (m_unfinished->GetItemCount() > 0 && m_unfinished->GetFirstSelected() < 0) m_unfinished->Select(0);
    ShowStartedUtc(m_unfinished->GetFirstSelected());
}

void StartFrame::ShowStartedUtc(long row) {
    const auto index = static_cast<std::size_t>(row);
    if (row >= 0 && index < m_unfinishedSessions.size() && m_unfinishedSessions[index].startedUtcMs)
        m_unfinished->SetToolTip(_("Started ") + UtcText(m_unfinishedSessions[index].startedUtcMs));
    else
        m_unfinished->UnsetToolTip();
}

SessionFrame* StartFrame::ResumeSelected() {
    const long row = m_unfinished->GetFirstSelected();
    if (row < 0 || static_cast<std::size_t>(row) >= m_unfinishedSessions.size()) return nullptr;
    const UnfinishedSession& s = m_unfinishedSessions[static_cast<std::size_t>(row)];
    const ProtocolPtr protocol = FindBySha(s.protocol.sha256);
    if (!protocol) {
        m_context.prompter.Error(
            this, _("Cannot resume"),
            wxString::Format(_("This session started on %s %s (sha256 %s). No protocol in the library has exactly "
                               "those bytes: it was changed or removed. Resume needs the exact protocol the "
                               "session started with."),
                             ToWx(s.protocol.id), ToWx(s.protocol.version), ToWx(s.protocol.sha256.substr(0, 12))));
        return nullptr;
    }
    // What would refuse the resume is said before anyone is asked who they are.
    if (s.ledgerBehind) {
        m_context.prompter.Error(this, _("Cannot resume"),
                                 _("This session has ended; only the ledger's entry for its end is missing. Choose "
                                   "Recover to add it (marked as a repair)."));
        return nullptr;
    }
    try {
        if (const auto writer = SessionWriter(m_context.records.SessionPath(s.sessionId))) {
            m_context.prompter.Error(this, _("Cannot resume"),
                                     ToWx(fmt::format("session {} is {}; a session has one writer at a time: close it "
                                                      "there first (nothing was changed)",
                                                      s.sessionId, DescribeHolder(*writer))));
            RefreshUnfinished();
            return nullptr;
        }
    } catch (const IoError&) {
        // Resume below says what is wrong with the lock file.
    }
    // The person resuming is asked, never taken from the trail or the start box: what is
    // recorded under their name is what they typed. The core checks it as at a start.
    const auto actor = m_context.prompter.ResumingPerson(
        this, wxString::Format(_("Session started %s (%s) on %s %s by %s (%s), patient reference %s."),
                               LocalDateTime(s.startedUtcMs), UtcText(s.startedUtcMs), ToWx(s.protocol.id),
                               ToWx(s.protocol.version), ToWx(s.operatorActor.name), ToWx(s.operatorActor.role),
                               ToWx(s.patientRef)));
    if (!actor) return nullptr; // cancelled: nothing recorded
    try {
        auto session = Session::Resume(protocol, s.sessionId, *actor, m_context.Env());
        auto* frame = new SessionFrame(m_context, std::move(session));
        frame->Show();
        RefreshUnfinished(); // it is open in that window now
        return frame;
    } catch (const Error& e) {
        m_context.prompter.Error(this, _("Cannot resume"), ToWx(e.what()));
        return nullptr;
    }
}

void StartFrame::RecoverSelected() {
    const long row = m_unfinished->GetFirstSelected();
    if (row < 0 || static_cast<std::size_t>(row) >= m_unfinishedSessions.size()) return;
    const UnfinishedSession& s = m_unfinishedSessions[static_cast<std::size_t>(row)];
    try {
        const RecoverResult result = RecoverTrail(m_context.records.SessionPath(s.sessionId), m_context.clock,
                                                  RealSysIo(), m_context.signingKey);
        m_context.log.Info(fmt::format("recover session {}: {}", s.sessionId, result.changed ? "changed" : "intact"));
        SetStatusText(ToWx(result.message), 1);
    } catch (const Error& e) {
        m_context.prompter.Error(this, _("Cannot recover"), ToWx(e.what()));
    }
    RefreshUnfinished();
}

AuditFrame* StartFrame::OpenAudit(const std::string& recordsRoot) {
    auto* frame = new AuditFrame(m_context, recordsRoot);
    frame->Show();
    return frame;
}

wxListView* StartFrame::ShowShortcuts() {
    std::vector<Shortcut> keys = MenuShortcuts(*GetMenuBar());
    // Keys of the window itself, which no menu item carries.
    keys.push_back({_("Enter"), _("In the library: go to the start details; in unfinished sessions: resume"), _("Lists")});
    keys.push_back({_("Tab, Shift+Tab"), _("Next, previous field"), _("Window")});
    return ShowShortcutsWindow(this, keys);
}

wxTextCtrl* StartFrame::ShowUserGuide() {
    std::string why;
    if (auto* text = ShowUserGuideWindow(this, m_context.docDir, why)) return text;
    m_context.prompter.Error(this, _("The user guide cannot be shown"), ToWx(why));
    return nullptr;
}

void StartFrame::ShowAbout() {
    wxAboutDialogInfo info;
    info.SetName(_("Ketamine checklist"));
    info.SetVersion(kc::kVersion);
    info.SetDescription(
        _("Walks a clinician through an IV ketamine session by protocol and records every answer in a durable, "
          "hash-chained audit trail. It never computes, suggests or converts a dose.\n\nThe bundled protocols "
          "paraphrase a reference summary of:\n\nCohen SP, et al. Consensus Guidelines on the Use of Intravenous "
          "Ketamine Infusions for Chronic Pain From ASRA, AAPM and ASA. Reg Anesth Pain Med 2018;43(5):521-546. "
          "doi:10.1097/AAP.0000000000000808\n\nSchwenk ES, et al. Consensus Guidelines on the Use of Intravenous "
          "Ketamine Infusions for Acute Pain Management From ASRA, AAPM and ASA. Reg Anesth Pain Med "
          "2018;43(5):456-466. doi:10.1097/AAP.0000000000000806"));
    wxAboutBox(info, this);
}

} // namespace kc::gui
