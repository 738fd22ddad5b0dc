#include "session_frame.hpp"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/html/htmlwin.h>
#include <wx/html/htmprint.h>
#include <wx/menu.h>
#include <wx/notebook.h>
#include <wx/notifmsg.h>
#include <wx/persist/toplevel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/time.h>
#include <wx/treectrl.h>

#include <fmt/format.h>

#include "answer_controls.hpp"
#include "help.hpp"
#include "kc/report/session_record.hpp"
#include "kc/base/error.hpp"
#include "app_icon.hpp"
#include "local_time.hpp"
#include "outcome_pages.hpp"
#include "record_print.hpp"
#include "step_page.hpp"
#include "supervision_panel.hpp"
#include "wording.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

class StepItem : public wxTreeItemData {
public:
    explicit StepItem(std::size_t stepIndex) : index(stepIndex) {}
    std::size_t index;
};

class RoundsItem : public wxTreeItemData {
public:
    explicit RoundsItem(std::size_t scheduleIndex) : index(scheduleIndex) {}
    std::size_t index;
};

const char* Symbol(StepStatus status) {
    switch (status) {
    case StepStatus::Pending: return "○";
    case StepStatus::Answered: return "✓";
    case StepStatus::Skipped: return "↷";
    case StepStatus::NotApplicable: return "–";
    case StepStatus::AwaitingJustification: return "!";
    case StepStatus::Justified: return "✓!";
    case StepStatus::Stopped: return "✕";
    }
    return "?";
}

} // namespace

SessionFrame::SessionFrame(const AppContext& context, std::unique_ptr<Session> session)
    : wxFrame(nullptr, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(1180, 760)),
      m_context(context), m_session(std::move(session)), m_view(m_session->GetEngine(), m_session->State()),
      m_timer(this) {
    const Protocol& p = m_session->GetEngine().GetProtocol();
    SetTitle(wxString::Format(_("%s — session %s"), ToWx(p.title), ToWx(m_session->Id().substr(0, 8))));
    SetName("SessionFrame");
    SetIcons(AppIcons());
    BuildMenus();
    const bool rounds = !p.rounds.empty();
    // Its own tooltip (the UTC time of the last event) instead of wx's tips for cut fields.
    CreateStatusBar(rounds ? 4 : 3, wxSTB_DEFAULT_STYLE & ~wxSTB_SHOW_TIPS);
    const int widths[] = {-2, -2, -1, -3};
    SetStatusWidths(rounds ? 4 : 3, widths);
    SetStatusText(ToWx(fmt::format("{} {} · {}", p.id, p.version, p.ShortHash())), kProtocolField);
    SetStatusText(_("Session opened; its start is recorded"), kRecordedField);

    auto* splitter = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                          wxSP_LIVE_UPDATE | wxSP_3DSASH);
    m_navigator = new wxTreeCtrl(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                 wxTR_HIDE_ROOT | wxTR_HAS_BUTTONS | wxTR_LINES_AT_ROOT | wxTR_SINGLE);
    m_navigator->SetName("Steps");
    auto* right = new wxPanel(splitter);
    auto* rightSizer = new wxBoxSizer(wxVERTICAL);
    auto* progressRow = new wxBoxSizer(wxHORIZONTAL);
    m_progressLabel = new wxStaticText(right, wxID_ANY, wxEmptyString);
    m_progress = new wxGauge(right, wxID_ANY, 1, wxDefaultPosition, FromDIP(wxSize(240, 14)));
    m_progress->SetName("Progress");
    progressRow->Add(m_progressLabel, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(10));
    progressRow->Add(m_progress, 1, wxALIGN_CENTER_VERTICAL);
    rightSizer->Add(progressRow, 0, wxEXPAND | wxALL, FromDIP(10));
    // With rounds, the steps and the supervision are two tabs: either stays usable while rounds run.
    wxWindow* stepsParent = right;
    wxPanel* stepsTab = nullptr;
    if (rounds) {
        m_tabs = new wxNotebook(right, wxID_ANY);
        m_tabs->SetName("Session tabs");
        stepsTab = new wxPanel(m_tabs);
        stepsTab->SetName("Steps");
        stepsParent = stepsTab;
    }
    m_book = new wxSimplebook(stepsParent);
    m_stepPage = new StepPage(m_book, {[this](int direction) { ShowAdjacentStep(direction); },
                                       [this] { RecordAnswer(); }, [this] { SkipStep(); },
                                       [this] { JustifyWarning(); }, [this] { AmendShown(); }});
    m_book->AddPage(m_stepPage, "step");
    m_stopPage = new HardStopPage(
        m_book, [this] { m_book->SetSelection(static_cast<int>(Page::Record)); }, [this] { Close(); });
    m_book->AddPage(m_stopPage, "stop");
    m_finishPage = new FinishPage(m_book, m_session->GetActor().name,
                                  [this](const std::string& name, const std::string& meaning) {
                                      SignAndComplete(name, meaning);
                                  });
    m_book->AddPage(m_finishPage, "finish");
    m_book->AddPage(BuildRecordPage(m_book), "record");
    if (rounds) {
        auto* tabSizer = new wxBoxSizer(wxVERTICAL);
        tabSizer->Add(m_book, 1, wxEXPAND);
        stepsTab->SetSizer(tabSizer);
        m_tabs->AddPage(stepsTab, _("Steps"));
        m_supervision = new SupervisionPanel(
            m_tabs, *m_session, m_context.prompter,
            [this](const std::function<Decision()>& command, const std::function<void(const wxString&)>& refused) {
                return RecordDecision(command, refused);
            },
            [this] { AfterObservation(); });
        m_tabs->AddPage(m_supervision, _("Supervision"));
        rightSizer->Add(m_tabs, 1, wxEXPAND);
    } else {
        rightSizer->Add(m_book, 1, wxEXPAND);
    }
    right->SetSizer(rightSizer);
    splitter->SplitVertically(m_navigator, right, FromDIP(330));
    splitter->SetMinimumPaneSize(FromDIP(160));

    m_navigator->Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent& e) {
        if (auto* item = dynamic_cast<StepItem*>(m_navigator->GetItemData(e.GetItem())))
            if (!m_shown || *m_shown != item->index || SupervisionShown()) ShowStep(item->index);
        if (dynamic_cast<RoundsItem*>(m_navigator->GetItemData(e.GetItem()))) ShowSupervision();
    });
    Bind(wxEVT_CHAR_HOOK, &SessionFrame::OnCharHook, this);
    Bind(wxEVT_CLOSE_WINDOW, &SessionFrame::OnClose, this);

    m_printer = std::make_unique<wxHtmlEasyPrinting>(_("Session record"), this);
    wxPersistenceManager::Get().RegisterAndRestore(this);
    RefreshAll();
    if (rounds) {
        Bind(wxEVT_TIMER, [this](wxTimerEvent&) { Tick(); }, m_timer.GetId());
        Tick();
        m_timer.Start(1000);
    }
}

SessionFrame::~SessionFrame() { m_timer.Stop(); }

void SessionFrame::BuildMenus() {
    auto* session = new wxMenu;
    session->Append(wxID_OK, _("&Record answer\tCtrl+Enter"), _("Record the answer to the current step"));
    session->Append(kIdSkip, _("S&kip optional step\tCtrl+K"));
    session->Append(kIdJustify, _("&Justify warning…\tCtrl+J"));
    session->Append(kIdAmend, _("A&mend shown answer…\tCtrl+E"));
    session->AppendSeparator();
    session->Append(kIdAbandon, _("A&bandon session…"));
    session->AppendSeparator();
    session->Append(wxID_PRINT, _("&Print record…\tCtrl+P"));
    session->Append(wxID_PREVIEW, _("Print pre&view…\tCtrl+Shift+P"), _("The record's pages as they will print"));
    session->Append(kIdSaveRecord, _("&Save record as HTML…\tCtrl+S"));
    session->AppendSeparator();
    session->Append(wxID_CLOSE, _("&Close window\tCtrl+W"));
    auto* go = new wxMenu;
    go->Append(kIdBack, _("&Back\tAlt+Left"), _("Show the previous step"));
    go->Append(kIdForward, _("&Forward\tAlt+Right"), _("Show the next step"));
    go->Append(kIdCurrent, _("&Current step\tCtrl+G"), _("Show the step to answer now"));
    auto* bar = new wxMenuBar;
    bar->Append(session, _("&Session"));
    bar->Append(go, _("&Go"));
    if (!m_session->GetEngine().GetProtocol().rounds.empty()) {
        auto* rounds = new wxMenu;
        rounds->Append(kIdDueRound, _("Open the due &round\tCtrl+R"), _("Show the round due now, ready to record"));
        rounds->Append(kIdRecordRound, _("Re&cord observations\tCtrl+Shift+R"));
        rounds->Append(kIdMissRound, _("Close round as &missed…\tCtrl+Shift+M"));
        rounds->Append(kIdEndEarly, _("&End observation early…\tCtrl+Shift+E"));
        bar->Append(rounds, _("S&upervision"));
        Bind(wxEVT_MENU, [this](wxCommandEvent&) { OpenDueRound(); }, kIdDueRound);
        Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowSupervision(); m_supervision->RecordRound(); }, kIdRecordRound);
        Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowSupervision(); m_supervision->MissRound(); }, kIdMissRound);
        Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowSupervision(); m_supervision->EndEarly(); }, kIdEndEarly);
    }
    SetMenuBar(bar);
    // The step page's own keys (AnswerControls::HandleAnswerKey, OnCharHook), which no menu carries.
    AddHelpMenu(*this, m_context.docDir, m_context.prompter,
                {{_("Y, N, A"), _("Yes, no, not applicable (outside a text field)"), _("Step")},
                 {_("1 to 9"), _("Select or tick that option (outside a text field)"), _("Step")},
                 {_("N, E"), _("A time point: now, or an earlier time"), _("Step")},
                 {_("Enter"), _("Record the answer (a multi-line text keeps its new line)"), _("Step")},
                 {_("Enter"), _("Record the round's observations"), _("Supervision")},
                 {_("Tab, Shift+Tab"), _("Next, previous field"), _("Window")}});
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { RecordAnswer(); }, wxID_OK);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { SkipStep(); }, kIdSkip);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { JustifyWarning(); }, kIdJustify);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { AmendShown(); }, kIdAmend);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Abandon(); }, kIdAbandon);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { PrintRecord(); }, wxID_PRINT);
    const auto preview = [this](wxCommandEvent&) { // the menu, and the record page's button
        PreviewRecordPage(this, m_context.prompter, *m_printer->GetPrintData(),
                          {RecordHtml(), RecordFooter(m_session->Id(), m_session->State().lastHash)});
    };
    Bind(wxEVT_MENU, preview, wxID_PREVIEW);
    Bind(wxEVT_BUTTON, preview, wxID_PREVIEW);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { SaveRecord(); }, kIdSaveRecord);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowAdjacentStep(-1); }, kIdBack);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowAdjacentStep(+1); }, kIdForward);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowCurrent(); }, kIdCurrent);
    // What cannot be done now is greyed out (menus and the step page's buttons share the ids);
    // the Amend item's help says why.
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) { e.Enable(StepPageShown() && Controls() != nullptr); }, wxID_OK);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
        e.Enable(StepPageShown() && m_view.At(*m_shown).takesSkip && !m_session->Closed());
    }, kIdSkip);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
        const auto next = m_view.Next();
        e.Enable(next && m_view.At(*next).takesJustification && !m_session->Closed());
    }, kIdJustify);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& e) {
        const wxString why = AmendUnavailable();
        e.Enable(why.empty());
        if (wxMenuBar* menus = GetMenuBar(); menus && e.GetEventObject() != FindWindow(kIdAmend))
            menus->SetHelpString(kIdAmend, why.empty() ? _("Amend the answer of the step shown, with a reason") : why);
    }, kIdAmend);
}

bool SessionFrame::StepPageShown() const {
    return m_shown && CurrentPage() == Page::Step && !SupervisionShown();
}

wxString SessionFrame::AmendUnavailable() const {
    // The engine's own refusal where it has one (the session has ended; the step has no answer yet).
    const auto refusal = [this](const std::string& stepId) {
        return Sentence(ToWx(m_session->GetEngine().Amend(m_session->State(), stepId, {}, "").refusal)) + ".";
    };
    if (m_session->State().status != SessionStatus::Active) return refusal("");
    if (m_session->Closed()) return _("The session is closed for input: nothing can be amended.");
    if (!StepPageShown()) return _("Show an answered step to amend its answer.");
    if (m_view.At(*m_shown).mayAmend) return wxString();
    return refusal(m_session->GetEngine().GetProtocol().steps[*m_shown].id);
}

wxPanel* SessionFrame::BuildRecordPage(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_record = new wxHtmlWindow(page, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxHW_SCROLLBAR_AUTO);
    m_record->SetName("Session record");
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* print = new wxButton(page, wxID_PRINT, _("&Print…"));
    auto* preview = new wxButton(page, wxID_PREVIEW, _("Pre&view…"));
    auto* save = new wxButton(page, kIdSaveRecord, _("&Save as HTML…"));
    auto* close = new wxButton(page, wxID_CLOSE, _("&Close"));
    print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { PrintRecord(); });
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { SaveRecord(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    for (auto* b : {print, preview, save, close}) buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    sizer->Add(m_record, 1, wxEXPAND | wxALL, FromDIP(8));
    sizer->Add(buttons, 0, wxALL, FromDIP(8));
    page->SetSizer(sizer);
    return page;
}

SessionFrame::Page SessionFrame::CurrentPage() const { return static_cast<Page>(m_book->GetSelection()); }

wxString SessionFrame::StatusField(int field) const { return GetStatusBar()->GetStatusText(field); }

wxString SessionFrame::ErrorText() const { return m_stepPage->ErrorText(); }

AnswerControls* SessionFrame::Controls() const { return m_stepPage->Controls(); }

EvidenceCard* SessionFrame::Evidence() const { return m_stepPage->Evidence(); }

void SessionFrame::RefreshAll() {
    RefreshNavigator();
    RefreshProgress();
    ShowOutcomePage();
}

void SessionFrame::RefreshNavigator() {
    const Protocol& p = m_session->GetEngine().GetProtocol();
    if (m_stepItems.empty()) {
        const auto root = m_navigator->AddRoot("steps");
        m_roundItems.resize(p.rounds.size());
        for (std::size_t ph = 0; ph < p.phases.size(); ++ph) {
            const auto& phase = p.phases[ph];
            const auto phaseItem = m_navigator->AppendItem(root, ToWx(phase.title));
            m_navigator->SetItemBold(phaseItem);
            for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i)
                m_stepItems.push_back(m_navigator->AppendItem(phaseItem, wxEmptyString, -1, -1, new StepItem(i)));
            for (std::size_t r = 0; r < p.rounds.size(); ++r)
                if (p.rounds[r].phase == ph)
                    m_roundItems[r] = m_navigator->AppendItem(phaseItem, wxString::FromUTF8("◷  ") + ToWx(p.rounds[r].title),
                                                              -1, -1, new RoundsItem(r));
            m_navigator->Expand(phaseItem);
        }
    }
    for (std::size_t i = 0; i < m_stepItems.size(); ++i) {
        const StepStatus status = m_view.At(i).status;
        // After a stop (or abandon) a pending step was never reached: it is not waiting any more.
        const bool notReached = status == StepStatus::Pending && m_session->State().Ended();
        const wxString amended = AmendedText(i);
        m_navigator->SetItemText(m_stepItems[i], wxString::FromUTF8(notReached ? "·" : Symbol(status)) + "  " +
                                                     ToWx(p.steps[i].prompt) + (notReached ? _(" — not reached") : wxString()) +
                                                     (amended.empty() ? wxString() : " — " + amended));
        m_navigator->SetItemTextColour(m_stepItems[i], status == StepStatus::NotApplicable ? wxColour(0x99, 0x99, 0x99)
                                                       : notReached ? wxColour(0x77, 0x77, 0x77)
                                                       : status == StepStatus::Stopped ||
                                                               status == StepStatus::AwaitingJustification
                                                           ? wxColour(0xa0, 0x00, 0x00)
                                                           : wxNullColour);
    }
}

void SessionFrame::RefreshProgress() {
    const SessionProgress& progress = m_view.Progress();
    m_progress->SetRange(std::max(progress.shown, 1));
    m_progress->SetValue(progress.done);
    m_progressLabel->SetLabel(wxString::Format(_("%d of %d applicable steps done"), progress.done, progress.shown));
    const auto total = static_cast<unsigned>(progress.total);
    const auto notApplicable = static_cast<unsigned>(progress.notApplicable);
    m_progressLabel->SetToolTip(
        wxString::Format(wxPLURAL("%d step in the protocol", "%d steps in the protocol", total), progress.total) + "; " +
        wxString::Format(wxPLURAL("%d does not apply to the answers so far", "%d do not apply to the answers so far",
                                  notApplicable),
                         progress.notApplicable));
    RefreshStepField();
}

void SessionFrame::RefreshStepField() {
    if (m_shown && *m_shown < m_view.Steps().size()) SetStatusText(StepNumberText(m_view, *m_shown), kStepField);
    else SetStatusText(wxString(), kStepField);
}

wxString SessionFrame::ProgressText() const { return m_progressLabel->GetLabel(); }

wxString SessionFrame::StepHeaderText() const { return m_stepPage->HeaderText(); }

void SessionFrame::ShowOutcomePage() {
    const SessionState& state = m_session->State();
    if (state.status == SessionStatus::Stopped) {
        m_stopPage->ShowStop(m_session->GetEngine().GetProtocol(), state, m_view, m_session->TrailPath());
        m_record->SetPage(ToWx(RecordHtml()));
        m_book->SetSelection(static_cast<int>(Page::HardStop));
        m_stopPage->Layout();
        return;
    }
    if (state.status == SessionStatus::Completed || state.status == SessionStatus::Abandoned) {
        m_record->SetPage(ToWx(RecordHtml()));
        m_book->SetSelection(static_cast<int>(Page::Record));
        return;
    }
    if (!m_view.Next()) {
        m_finishPage->ShowCounts(m_view.Finish());
        m_book->SetSelection(static_cast<int>(Page::Finish));
        m_finishPage->Layout();
        return;
    }
    m_book->SetSelection(static_cast<int>(Page::Step));
    if (!m_shown || m_view.At(*m_shown).status == StepStatus::NotApplicable) ShowCurrent();
    else ShowStep(*m_shown);
}

void SessionFrame::ShowCurrent() {
    if (const auto next = m_view.Next()) ShowStep(*next);
}

void SessionFrame::ShowStep(std::size_t index) {
    m_shown = index;
    if (m_tabs && m_tabs->GetSelection() != 0) m_tabs->SetSelection(0);
    if (CurrentPage() != Page::Step) m_book->SetSelection(static_cast<int>(Page::Step));
    m_stepPage->ShowStep(m_session->GetEngine().GetProtocol(), m_session->State(), m_view, index,
                         !m_session->Closed(), AmendedText(index));
    RefreshStepField();
    if (index < m_stepItems.size() && m_navigator->GetSelection() != m_stepItems[index])
        m_navigator->SelectItem(m_stepItems[index]);
    if (index < m_stepItems.size()) m_navigator->EnsureVisible(m_stepItems[index]);
    if (AnswerControls* controls = Controls())
        controls->SetClock([this]() -> std::int64_t {
            try {
                return m_session->Now().utcMs;
            } catch (const Error&) {
                return wxGetUTCTimeMillis().GetValue();
            }
        });
    m_stepPage->FocusInput();
}

void SessionFrame::ShowAdjacentStep(int direction) {
    if (CurrentPage() != Page::Step) {
        ShowCurrent();
        return;
    }
    const auto& steps = m_view.Steps();
    long i = m_shown ? static_cast<long>(*m_shown) : 0;
    for (i += direction; i >= 0 && i < static_cast<long>(steps.size()); i += direction)
        if (steps[static_cast<std::size_t>(i)].status != StepStatus::NotApplicable) {
            ShowStep(static_cast<std::size_t>(i));
            return;
        }
    wxBell();
}

bool SessionFrame::RecordDecision(const std::function<Decision()>& command,
                                  const std::function<void(const wxString&)>& refused) {
    Decision decision;
    try {
        decision = command();
    } catch (const LedgerBehindError& e) {
        // The events are durable; only the ledger entry or checkpoint after them is missing.
        // Said as what happened and what to do here: the start window's Recover, not a command line.
        m_view = SessionView(m_session->GetEngine(), m_session->State());
        const Event& recorded = m_session->Events().back();
        SetStatusText(wxString::Format(_("Recorded ✓ event %llu — the records index is behind: choose Recover in the "
                                         "start window"),
                                       static_cast<unsigned long long>(recorded.seq)),
                      kRecordedField);
        m_context.log.Error(fmt::format("session {}: {}", m_session->Id(), e.what()));
        const std::string details =
            e.GetRemedy() ? SayRemedyInstead(e.what(), *e.GetRemedy(), "; choose Recover for this session in the start window")
                          : std::string(e.what());
        m_context.prompter.Error(
            this, _("Recorded, but the records index is behind"),
            wxString::Format(_("Your entry is safely in the audit trail (event %llu): nothing is lost and nothing needs "
                               "to be entered again. The records index that lists the session could not be updated "
                               "after it.\n\nWhat to do: once the disk has room again, close this window and choose "
                               "Recover for this session in the start window. It adds what is missing, marked as a "
                               "repair.\n\nDetails: %s."),
                             static_cast<unsigned long long>(recorded.seq), ToWx(details)));
        RefreshNavigator();
        RefreshProgress();
        return true;
    } catch (const AuditWriteError& e) {
        // The trail write failed: it may end in a torn line that was never acknowledged.
        m_view = SessionView(m_session->GetEngine(), m_session->State());
        SetStatusText(_("NOT RECORDED — the session is closed for input"), kRecordedField);
        m_context.log.Error(fmt::format("session {}: write failed: {}", m_session->Id(), e.what()));
        m_context.prompter.Error(
            this, _("The answer was NOT recorded"),
            wxString::Format(_("The audit trail could not be written:\n\n%s\n\nThe session is closed for input. "
                               "Everything recorded before this answer is safe. Free disk space or fix the storage, "
                               "then resume the session from the start window."),
                             ToWx(e.what())));
        if (m_shown) ShowStep(*m_shown); // without its input controls now; clears the message beside the step
        m_stepPage->SetError(_("Not recorded. The audit trail could not be written; the session is closed for input."));
        return false;
    }
    if (!decision.Accepted()) {
        if (refused) refused(ToWx(decision.refusal));
        else if (CurrentPage() == Page::Step) m_stepPage->SetError(Sentence(ToWx(decision.refusal)));
        else m_context.prompter.Error(this, _("Not recorded"), Sentence(ToWx(decision.refusal)) + "."); // no step page to say it on
        wxBell();
        return false;
    }
    m_view = SessionView(m_session->GetEngine(), m_session->State());
    // The time the trail holds for the event, not a new reading of the clock.
    const Event& recorded = m_session->Events().back();
    SetStatusText(wxString::Format(_("Recorded ✓ event %llu at %s"), static_cast<unsigned long long>(recorded.seq),
                                   LocalTime(recorded.utcMs)),
                  kRecordedField);
    GetStatusBar()->SetToolTip(wxString::Format(_("Event %llu is recorded in the audit trail at %s"),
                                                static_cast<unsigned long long>(recorded.seq), UtcText(recorded.utcMs)));
    RefreshNavigator();
    RefreshProgress();
    return true;
}

std::optional<Moment> SessionFrame::DecisionMoment() const {
    try {
        return m_session->Now();
    } catch (const Error&) {
        return std::nullopt; // as of the last event; the command itself will say what the clock does
    }
}

std::string SessionFrame::RecordHtml() const {
    return RenderSessionRecordHtml(m_session->GetEngine().GetProtocol(), m_session->State(), m_session->Events());
}

void SessionFrame::PrintRecord() {
    PrintRecordPage(this, m_context.prompter, *m_printer->GetPrintData(),
                    {RecordHtml(), RecordFooter(m_session->Id(), m_session->State().lastHash)});
}

void SessionFrame::SaveRecord() {
    SaveRecordPage(this, m_context.prompter, RecordHtml(), "session-" + m_session->Id() + ".html",
                   m_context.records.FileMode());
}

void SessionFrame::OnCharHook(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    const bool plain = !event.HasAnyModifiers();
    wxWindow* focus = FindFocus();
    const bool inText = dynamic_cast<wxTextCtrl*>(focus) != nullptr;
    // Ctrl+Enter records, as the menu says, also from a multi-line text (which would take it as a new line).
    const bool ctrlEnter = event.GetModifiers() == wxMOD_CONTROL && (key == WXK_RETURN || key == WXK_NUMPAD_ENTER);
    if (ctrlEnter && SupervisionShown()) {
        m_supervision->RecordRound();
        return;
    }
    if (ctrlEnter && StepPageShown()) {
        RecordAnswer();
        return;
    }
    if (SupervisionShown()) {
        // Enter in a round's form records it (a multi-line text keeps its new line).
        auto* text = dynamic_cast<wxTextCtrl*>(focus);
        if (plain && (key == WXK_RETURN || key == WXK_NUMPAD_ENTER) && (!text || !text->IsMultiLine()) &&
            !dynamic_cast<wxButton*>(focus)) {
            m_supervision->RecordRound(); // the form it was typed in is rebuilt, as the step page's is
            return;
        }
        event.Skip();
        return;
    }
    AnswerControls* controls = Controls();
    if (CurrentPage() == Page::Step && controls && plain && !inText && controls->HandleAnswerKey(key)) return;
    if (CurrentPage() == Page::Step && controls && plain && (key == WXK_RETURN || key == WXK_NUMPAD_ENTER)) {
        auto* text = dynamic_cast<wxTextCtrl*>(focus);
        if (!text || !text->IsMultiLine()) {
            RecordAnswer();
            return;
        }
    }
    event.Skip();
}

void SessionFrame::OnClose(wxCloseEvent& event) {
    if (event.CanVeto() && m_session->State().status == SessionStatus::Active && !m_session->Closed() &&
        !m_context.prompter.Confirm(this, _("Close the session window?"),
                                    _("The session is not finished. Everything answered is recorded, and the session "
                                      "can be resumed from the start window at its next step.\n\nClose the window?"))) {
        event.Veto();
        return;
    }
    event.Skip();
}

} // namespace kc::gui
