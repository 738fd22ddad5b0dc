#include "session_frame.hpp"

#include <wx/button.h>
#include <wx/file.h>
#include <wx/gauge.h>
#include <wx/html/htmlwin.h>
#include <wx/html/htmprint.h>
#include <wx/menu.h>
#include <wx/persist/toplevel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/treectrl.h>

#include <fmt/format.h>

#include "answer_controls.hpp"
#include "evidence_card.hpp"
#include "kc/report/session_record.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/render.hpp"
#include "kc/base/text.hpp"
#include "app_icon.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

enum MenuId {
    kIdSkip = wxID_HIGHEST + 100,
    kIdJustify,
    kIdAmend,
    kIdAbandon,
    kIdBack,
    kIdForward,
    kIdCurrent,
    kIdSaveRecord,
};

enum StatusField { kProtocolField, kRecordedField, kStepField };

class StepItem : public wxTreeItemData {
public:
    explicit StepItem(std::size_t stepIndex) : index(stepIndex) {}
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

std::string ValuesText(const Step& step, const Values& values) {
    std::string out;
    for (const auto& v : values) {
        const Option* o = step.FindOption(v);
        out += (out.empty() ? "" : ", ") + (o ? o->label : v == kNotApplicable ? std::string("not applicable") : v);
    }
    if (!step.unit.empty() && !values.empty()) out += " " + step.unit;
    return out;
}

wxStaticText* Label(wxWindow* parent, const wxString& text, bool bold = false, double scale = 1.0) {
    auto* label = new wxStaticText(parent, wxID_ANY, text);
    wxFont font = label->GetFont();
    if (bold) font.MakeBold();
    if (scale != 1.0) font.Scale(static_cast<float>(scale));
    label->SetFont(font);
    return label;
}

} // namespace

SessionFrame::SessionFrame(const AppContext& context, std::unique_ptr<Session> session)
    : wxFrame(nullptr, wxID_ANY, wxEmptyString, wxDefaultPosition, wxSize(1180, 760)),
      m_context(context), m_session(std::move(session)) {
    const Protocol& p = m_session->GetEngine().GetProtocol();
    SetTitle(wxString::Format(_("%s — session %s"), ToWx(p.title), ToWx(m_session->Id().substr(0, 8))));
    SetName("SessionFrame");
    SetIcons(AppIcons());
    BuildMenus();
    CreateStatusBar(3);
    const int widths[] = {-2, -2, -1};
    SetStatusWidths(3, widths);
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
    m_book = new wxSimplebook(right);
    m_book->AddPage(BuildStepPage(m_book), "step");
    m_book->AddPage(BuildHardStopPage(m_book), "stop");
    m_book->AddPage(BuildFinishPage(m_book), "finish");
    m_book->AddPage(BuildRecordPage(m_book), "record");
    rightSizer->Add(m_book, 1, wxEXPAND);
    right->SetSizer(rightSizer);
    splitter->SplitVertically(m_navigator, right, FromDIP(330));
    splitter->SetMinimumPaneSize(FromDIP(160));

    m_navigator->Bind(wxEVT_TREE_SEL_CHANGED, [this](wxTreeEvent& e) {
        if (auto* item = dynamic_cast<StepItem*>(m_navigator->GetItemData(e.GetItem())))
            if (!m_shown || *m_shown != item->index) ShowStep(item->index);
    });
    Bind(wxEVT_CHAR_HOOK, &SessionFrame::OnCharHook, this);
    Bind(wxEVT_CLOSE_WINDOW, &SessionFrame::OnClose, this);

    m_printer = std::make_unique<wxHtmlEasyPrinting>(_("Session record"), this);
    wxPersistenceManager::Get().RegisterAndRestore(this);
    RefreshAll();
}

SessionFrame::~SessionFrame() = default;

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
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { RecordAnswer(); }, wxID_OK);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { SkipStep(); }, kIdSkip);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { JustifyWarning(); }, kIdJustify);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { AmendShown(); }, kIdAmend);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Abandon(); }, kIdAbandon);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { PrintRecord(); }, wxID_PRINT);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { SaveRecord(); }, kIdSaveRecord);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Go(-1); }, kIdBack);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Go(+1); }, kIdForward);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { ShowCurrent(); }, kIdCurrent);
}

wxPanel* SessionFrame::BuildStepPage(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* main = new wxBoxSizer(wxVERTICAL);
    m_phaseLabel = Label(page, wxEmptyString, false, 0.95);
    m_phaseLabel->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    m_prompt = Label(page, wxEmptyString, true, 1.35);
    m_prompt->SetName("Step prompt");
    m_help = new wxStaticText(page, wxID_ANY, wxEmptyString);
    m_stateLabel = Label(page, wxEmptyString, true);
    m_answerArea = new wxPanel(page);
    m_answerArea->SetSizer(new wxBoxSizer(wxVERTICAL));
    auto* noteRow = new wxBoxSizer(wxHORIZONTAL);
    noteRow->Add(new wxStaticText(page, wxID_ANY, _("N&ote (optional):")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_note = new wxTextCtrl(page, wxID_ANY);
    m_note->SetName("Note");
    noteRow->Add(m_note, 1);
    m_error = Label(page, wxEmptyString, true);
    m_error->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* back = new wxButton(page, kIdBack, _("◀ &Back"));
    m_recordButton = new wxButton(page, wxID_OK, _("&Record answer"));
    m_recordButton->SetDefault();
    m_skipButton = new wxButton(page, kIdSkip, _("S&kip (optional)"));
    m_justifyButton = new wxButton(page, kIdJustify, _("&Justify warning…"));
    m_amendButton = new wxButton(page, kIdAmend, _("A&mend…"));
    auto* forward = new wxButton(page, kIdForward, _("&Forward ▶"));
    for (auto* b : {back, m_recordButton, m_skipButton, m_justifyButton, m_amendButton, forward})
        buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Go(-1); });
    forward->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Go(+1); });
    m_recordButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { RecordAnswer(); });
    m_skipButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { SkipStep(); });
    m_justifyButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { JustifyWarning(); });
    m_amendButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { AmendShown(); });
    const int gap = FromDIP(10);
    main->Add(m_phaseLabel, 0, wxLEFT | wxRIGHT, gap);
    main->Add(m_prompt, 0, wxALL | wxEXPAND, gap);
    main->Add(m_help, 0, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, gap);
    main->Add(m_stateLabel, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    main->Add(m_answerArea, 0, wxLEFT | wxRIGHT | wxEXPAND, gap * 2);
    main->Add(noteRow, 0, wxALL | wxEXPAND, gap);
    main->Add(m_error, 0, wxLEFT | wxRIGHT, gap);
    main->AddStretchSpacer();
    main->Add(new wxStaticLine(page), 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    main->Add(buttons, 0, wxALL, gap);
    m_evidence = new EvidenceCard(page);
    columns->Add(main, 3, wxEXPAND);
    columns->Add(m_evidence, 2, wxEXPAND | wxALL, gap);
    page->SetSizer(columns);
    return page;
}

wxPanel* SessionFrame::BuildHardStopPage(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    page->SetName("Hard stop");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = Label(page, _("Hard stop — the session has ended"), true, 1.6);
    title->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    m_stopMessage = Label(page, wxEmptyString, true, 1.15);
    m_stopDetail = new wxStaticText(page, wxID_ANY, wxEmptyString);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* view = new wxButton(page, wxID_ANY, _("&View and print the record"));
    auto* close = new wxButton(page, wxID_CLOSE, _("&Close"));
    view->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_book->SetSelection(static_cast<int>(Page::Record)); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    buttons->Add(view, 0, wxRIGHT, FromDIP(8));
    buttons->Add(close);
    const int gap = FromDIP(16);
    sizer->Add(title, 0, wxALL, gap);
    sizer->Add(m_stopMessage, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(m_stopDetail, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(buttons, 0, wxALL, gap);
    page->SetSizer(sizer);
    return page;
}

wxPanel* SessionFrame::BuildFinishPage(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    page->SetName("Finish");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(14);
    sizer->Add(Label(page, _("Every step is done"), true, 1.4), 0, wxALL, gap);
    m_finishSummary = new wxStaticText(page, wxID_ANY, wxEmptyString);
    sizer->Add(m_finishSummary, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(Label(page, _("Attestation"), true, 1.1), 0, wxLEFT | wxRIGHT, gap);
    auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(8));
    grid->AddGrowableCol(1);
    m_signName = new wxTextCtrl(page, wxID_ANY, ToWx(m_session->State().operatorActor.name));
    m_signName->SetName("Printed name");
    m_signMeaning = new wxTextCtrl(page, wxID_ANY,
                                   _("I confirm that this checklist was completed as recorded and that the answers "
                                     "are accurate."),
                                   wxDefaultPosition, FromDIP(wxSize(-1, 60)), wxTE_MULTILINE);
    m_signMeaning->SetName("Meaning of the signature");
    grid->Add(new wxStaticText(page, wxID_ANY, _("Printed &name:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_signName, 1, wxEXPAND);
    grid->Add(new wxStaticText(page, wxID_ANY, _("&Meaning:")), 0, wxALIGN_TOP);
    grid->Add(m_signMeaning, 1, wxEXPAND);
    sizer->Add(grid, 0, wxALL | wxEXPAND, gap);
    sizer->Add(new wxStaticText(page, wxID_ANY, _("The time is taken from the clock when you sign.")), 0,
               wxLEFT | wxRIGHT, gap);
    auto* sign = new wxButton(page, wxID_ANY, _("&Sign and complete"));
    sign->SetName("Sign and complete");
    sign->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        SignAndComplete(FromWx(m_signName->GetValue()), FromWx(m_signMeaning->GetValue()));
    });
    sizer->Add(sign, 0, wxALL, gap);
    page->SetSizer(sizer);
    return page;
}

wxPanel* SessionFrame::BuildRecordPage(wxWindow* parent) {
    auto* page = new wxPanel(parent);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    m_record = new wxHtmlWindow(page, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxHW_SCROLLBAR_AUTO);
    m_record->SetName("Session record");
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* print = new wxButton(page, wxID_PRINT, _("&Print…"));
    auto* save = new wxButton(page, kIdSaveRecord, _("&Save as HTML…"));
    auto* close = new wxButton(page, wxID_CLOSE, _("&Close"));
    print->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { PrintRecord(); });
    save->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { SaveRecord(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    for (auto* b : {print, save, close}) buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    sizer->Add(m_record, 1, wxEXPAND | wxALL, FromDIP(8));
    sizer->Add(buttons, 0, wxALL, FromDIP(8));
    page->SetSizer(sizer);
    return page;
}

SessionFrame::Page SessionFrame::CurrentPage() const { return static_cast<Page>(m_book->GetSelection()); }

wxString SessionFrame::StatusField(int field) const { return GetStatusBar()->GetStatusText(field); }

wxString SessionFrame::ErrorText() const { return m_error->GetLabel(); }

std::string SessionFrame::AnswerText(std::size_t index) const {
    const StepRecord& r = m_session->State().steps[index];
    const Step& step = m_session->GetEngine().GetProtocol().steps[index];
    if (r.skipped) return "skipped";
    return r.answered ? ValuesText(step, r.values) : "";
}

void SessionFrame::RefreshAll() {
    RefreshNavigator();
    RefreshProgress();
    ShowOutcomePage();
}

void SessionFrame::RefreshNavigator() {
    const Protocol& p = m_session->GetEngine().GetProtocol();
    const auto statuses = m_session->GetEngine().Statuses(m_session->State());
    if (m_stepItems.empty()) {
        const auto root = m_navigator->AddRoot("steps");
        for (const auto& phase : p.phases) {
            const auto phaseItem = m_navigator->AppendItem(root, ToWx(phase.title));
            m_navigator->SetItemBold(phaseItem);
            for (std::size_t i = phase.firstStep; i < phase.firstStep + phase.stepCount; ++i)
                m_stepItems.push_back(m_navigator->AppendItem(phaseItem, wxEmptyString, -1, -1, new StepItem(i)));
            m_navigator->Expand(phaseItem);
        }
    }
    for (std::size_t i = 0; i < m_stepItems.size(); ++i) {
        m_navigator->SetItemText(m_stepItems[i], wxString::FromUTF8(Symbol(statuses[i])) + "  " + ToWx(p.steps[i].prompt));
        m_navigator->SetItemTextColour(m_stepItems[i], statuses[i] == StepStatus::NotApplicable
                                                            ? wxColour(0x99, 0x99, 0x99)
                                                       : statuses[i] == StepStatus::Stopped ||
                                                               statuses[i] == StepStatus::AwaitingJustification
                                                           ? wxColour(0xa0, 0x00, 0x00)
                                                           : wxNullColour);
    }
}

void SessionFrame::RefreshProgress() {
    const auto statuses = m_session->GetEngine().Statuses(m_session->State());
    int shown = 0, done = 0;
    for (auto s : statuses) {
        if (s == StepStatus::NotApplicable) continue;
        ++shown;
        if (s != StepStatus::Pending && s != StepStatus::AwaitingJustification) ++done;
    }
    m_progress->SetRange(std::max(shown, 1));
    m_progress->SetValue(done);
    m_progressLabel->SetLabel(wxString::Format(_("%d of %d steps done"), done, shown));
    SetStatusText(wxString::Format(_("%d of %d steps"), done, shown), kStepField);
}

void SessionFrame::ShowOutcomePage() {
    const SessionState& state = m_session->State();
    const Protocol& p = m_session->GetEngine().GetProtocol();
    if (state.status == SessionStatus::Stopped) {
        const Step* step = p.FindStep(state.stopStep);
        const auto index = p.StepIndex(state.stopStep);
        m_stopMessage->SetLabel(ToWx(state.stopMessage));
        m_stopMessage->Wrap(FromDIP(700));
        m_stopDetail->SetLabel(wxString::Format(
            _("Step: %s\nAnswer: %s\n\nWhat is recorded: the answer and this hard stop, up to event %llu of the audit "
              "trail, at %s UTC.\nTrail: %s\nFinal hash: %s\n\nNo further answers can be recorded in this session."),
            ToWx(step ? step->prompt : state.stopStep), ToWx(index ? AnswerText(*index) : ""),
            static_cast<unsigned long long>(state.lastSeq), ToWx(FormatUtcMs(state.endedUtcMs)),
            ToWx(m_session->TrailPath()), ToWx(state.lastHash)));
        m_stopDetail->Wrap(FromDIP(760));
        m_record->SetPage(ToWx(RecordHtml()));
        m_book->SetSelection(static_cast<int>(Page::HardStop));
        m_book->GetPage(static_cast<int>(Page::HardStop))->Layout();
        return;
    }
    if (state.status == SessionStatus::Completed || state.status == SessionStatus::Abandoned) {
        m_record->SetPage(ToWx(RecordHtml()));
        m_book->SetSelection(static_cast<int>(Page::Record));
        return;
    }
    if (!m_session->GetEngine().NextStep(state)) {
        const auto statuses = m_session->GetEngine().Statuses(state);
        int answered = 0, skipped = 0, na = 0, justified = 0, amended = 0;
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            answered += statuses[i] == StepStatus::Answered || statuses[i] == StepStatus::Justified;
            skipped += statuses[i] == StepStatus::Skipped;
            na += statuses[i] == StepStatus::NotApplicable;
            justified += statuses[i] == StepStatus::Justified;
            amended += state.steps[i].amendments;
        }
        m_finishSummary->SetLabel(wxString::Format(
            _("%d steps answered, %d optional steps skipped, %d not applicable by condition.\n%d warnings justified, "
              "%d amendments. Review any step in the list on the left before you sign."),
            answered, skipped, na, justified, amended));
        m_book->SetSelection(static_cast<int>(Page::Finish));
        m_book->GetPage(static_cast<int>(Page::Finish))->Layout();
        return;
    }
    m_book->SetSelection(static_cast<int>(Page::Step));
    if (!m_shown || m_session->GetEngine().Status(state, *m_shown) == StepStatus::NotApplicable) ShowCurrent();
    else ShowStep(*m_shown);
}

void SessionFrame::ShowCurrent() {
    if (const auto next = m_session->GetEngine().NextStep(m_session->State())) ShowStep(*next);
}

void SessionFrame::ShowStep(std::size_t index) {
    const Engine& engine = m_session->GetEngine();
    const Protocol& p = engine.GetProtocol();
    const Step& step = p.steps[index];
    const SessionState& state = m_session->State();
    const StepStatus status = engine.Status(state, index);
    const auto next = engine.NextStep(state);
    const bool current = next && *next == index && status == StepStatus::Pending && !m_session->Closed() &&
                         state.status == SessionStatus::Active;
    m_shown = index;
    if (CurrentPage() != Page::Step) m_book->SetSelection(static_cast<int>(Page::Step));
    Freeze();
    m_phaseLabel->SetLabel(wxString::Format(_("%s · step %zu of %zu"), ToWx(p.phases[step.phase].title), index + 1,
                                            p.steps.size()));
    m_prompt->SetLabel(ToWx(step.prompt));
    m_prompt->Wrap(FromDIP(620));
    m_help->SetLabel(ToWx(step.help));
    m_help->Wrap(FromDIP(620));
    m_error->SetLabel(wxEmptyString);
    wxString stateText;
    switch (status) {
    case StepStatus::Pending: stateText = current ? wxString() : _("Not answered yet."); break;
    case StepStatus::Answered: stateText = _("Recorded: ") + ToWx(AnswerText(index)); break;
    case StepStatus::Skipped: stateText = _("Skipped (optional)."); break;
    case StepStatus::NotApplicable:
        stateText = _("Not applicable: shown only when ") + ToWx(DescribeCondition(*step.when)) + ".";
        break;
    case StepStatus::AwaitingJustification:
        stateText = _("Recorded: ") + ToWx(AnswerText(index)) + _(" — WARNING: ") + ToWx(step.warning->message) +
                    _(" A written justification is needed to continue.");
        break;
    case StepStatus::Justified:
        stateText = _("Recorded: ") + ToWx(AnswerText(index)) + _(" — warning justified: ") +
                    ToWx(state.steps[index].justification);
        break;
    case StepStatus::Stopped: stateText = _("Recorded: ") + ToWx(AnswerText(index)) + _(" — HARD STOP"); break;
    }
    m_stateLabel->SetLabel(stateText);
    m_stateLabel->Wrap(FromDIP(620));
    m_stateLabel->SetForegroundColour(status == StepStatus::AwaitingJustification || status == StepStatus::Stopped
                                          ? wxColour(0xa0, 0x00, 0x00)
                                          : wxColour(0x1d, 0x5e, 0x20));

    m_answerArea->DestroyChildren();
    m_controls = nullptr;
    if (current) {
        m_controls = new AnswerControls(m_answerArea, step);
        m_controls->OnSelect([this, index](const std::string& value) {
            const Step& s = m_session->GetEngine().GetProtocol().steps[index];
            m_evidence->Show(m_session->GetEngine().GetProtocol(), s, s.FindOption(value));
        });
        m_answerArea->GetSizer()->Add(m_controls, 0, wxEXPAND);
    }
    m_note->ChangeValue(wxEmptyString);
    m_note->Enable(current);
    m_recordButton->Enable(current);
    m_skipButton->Show(current && !step.required);
    m_justifyButton->Show(status == StepStatus::AwaitingJustification && !m_session->Closed());
    const bool amendable = (status == StepStatus::Answered || status == StepStatus::Justified ||
                            status == StepStatus::AwaitingJustification || status == StepStatus::Skipped) &&
                           state.status == SessionStatus::Active && !m_session->Closed();
    m_amendButton->Show(amendable);
    const Option* chosen = state.steps[index].answered && !state.steps[index].values.empty()
                               ? step.FindOption(state.steps[index].values.front())
                               : nullptr;
    m_evidence->Show(p, step, chosen);
    m_book->GetPage(static_cast<int>(Page::Step))->Layout();
    Thaw();
    if (index < m_stepItems.size() && m_navigator->GetSelection() != m_stepItems[index])
        m_navigator->SelectItem(m_stepItems[index]);
    if (index < m_stepItems.size()) m_navigator->EnsureVisible(m_stepItems[index]);
    if (m_controls) m_controls->FocusFirst();
    else if (m_justifyButton->IsShown()) m_justifyButton->SetFocus();
}

void SessionFrame::Go(int direction) {
    if (CurrentPage() != Page::Step) {
        ShowCurrent();
        return;
    }
    const auto statuses = m_session->GetEngine().Statuses(m_session->State());
    long i = m_shown ? static_cast<long>(*m_shown) : 0;
    for (i += direction; i >= 0 && i < static_cast<long>(statuses.size()); i += direction)
        if (statuses[static_cast<std::size_t>(i)] != StepStatus::NotApplicable) {
            ShowStep(static_cast<std::size_t>(i));
            return;
        }
    wxBell();
}

bool SessionFrame::Run(const std::function<Decision()>& command) {
    Decision decision;
    try {
        decision = command();
    } catch (const AuditWriteError& e) {
        SetStatusText(_("NOT RECORDED — the session is closed for input"), kRecordedField);
        m_error->SetLabel(_("Not recorded. The audit trail could not be written; the session is closed for input."));
        m_context.log.Error(fmt::format("session {}: write failed: {}", m_session->Id(), e.what()));
        m_context.prompter.Error(
            this, _("The answer was NOT recorded"),
            wxString::Format(_("The audit trail could not be written:\n\n%s\n\nThe session is closed for input. "
                               "Everything recorded before this answer is safe. Free disk space or fix the storage, "
                               "then resume the session from the start window."),
                             ToWx(e.what())));
        if (m_shown) ShowStep(*m_shown);
        return false;
    }
    if (!decision.Accepted()) {
        m_error->SetLabel(ToWx(decision.refusal));
        m_error->Wrap(FromDIP(620));
        wxBell();
        return false;
    }
    const SessionState& state = m_session->State();
    SetStatusText(wxString::Format(_("Recorded ✓ event %llu at %s UTC"), static_cast<unsigned long long>(state.lastSeq),
                                   ToWx(FormatUtcMs(m_context.clock.UtcMs()).substr(11, 8))),
                  kRecordedField);
    RefreshNavigator();
    RefreshProgress();
    return true;
}

void SessionFrame::RecordAnswer() {
    if (!m_controls || !m_shown || CurrentPage() != Page::Step) return;
    const std::size_t index = *m_shown;
    const std::string stepId = m_session->GetEngine().GetProtocol().steps[index].id;
    const Values values = m_controls->GetValues();
    const std::string note = FromWx(m_note->GetValue());
    if (!Run([&] { return m_session->Answer(stepId, values, note); })) return;
    if (m_session->GetEngine().Status(m_session->State(), index) == StepStatus::AwaitingJustification) {
        ShowStep(index);
        JustifyWarning();
        return;
    }
    ShowOutcomePage();
    if (CurrentPage() == Page::Step) ShowCurrent();
}

void SessionFrame::SkipStep() {
    if (!m_shown) return;
    const std::string stepId = m_session->GetEngine().GetProtocol().steps[*m_shown].id;
    if (Run([&] { return m_session->Skip(stepId, FromWx(m_note->GetValue())); })) {
        ShowOutcomePage();
        if (CurrentPage() == Page::Step) ShowCurrent();
    }
}

void SessionFrame::JustifyWarning() {
    const auto next = m_session->GetEngine().NextStep(m_session->State());
    if (!next || m_session->GetEngine().Status(m_session->State(), *next) != StepStatus::AwaitingJustification) return;
    const Step& step = m_session->GetEngine().GetProtocol().steps[*next];
    ShowStep(*next);
    const auto input = m_context.prompter.Justify(this, step, m_session->State().operatorActor.name);
    if (!input) {
        m_error->SetLabel(_("The session cannot continue past this warning without a written justification. You "
                            "can also amend the answer."));
        m_error->Wrap(FromDIP(620));
        return;
    }
    if (Run([&] { return m_session->Justify(step.id, input->text, input->secondClinician); })) {
        ShowOutcomePage();
        if (CurrentPage() == Page::Step) ShowCurrent();
    }
}

void SessionFrame::AmendShown() {
    if (!m_shown) return;
    const std::size_t index = *m_shown;
    const Step& step = m_session->GetEngine().GetProtocol().steps[index];
    const auto input = m_context.prompter.Amend(this, step, m_session->State().steps[index].values, AnswerText(index));
    if (!input) return;
    if (Run([&] { return m_session->Amend(step.id, input->values, input->reason); })) {
        ShowOutcomePage();
        if (CurrentPage() == Page::Step) ShowStep(index);
    }
}

void SessionFrame::Abandon() {
    if (m_session->State().status != SessionStatus::Active) return;
    const auto reason = m_context.prompter.Reason(
        this, _("Abandon the session"),
        _("The session ends without completion. Everything answered so far stays in the record. Why is it "
          "abandoned?"));
    if (reason && Run([&] { return m_session->Abandon(*reason); })) ShowOutcomePage();
}

void SessionFrame::SignAndComplete(const std::string& name, const std::string& meaning) {
    if (!Run([&] { return m_session->Attest(name, meaning); })) {
        m_context.prompter.Error(this, _("Cannot sign"), ErrorText());
        return;
    }
    if (Run([&] { return m_session->Complete(); })) ShowOutcomePage();
}

std::string SessionFrame::RecordHtml() const {
    return RenderSessionRecordHtml(m_session->GetEngine().GetProtocol(), m_session->State(), m_session->Events());
}

void SessionFrame::PrintRecord() {
    m_printer->SetFooter(ToWx(fmt::format("Session {} · trail hash {} · page @PAGENUM@ of @PAGESCNT@",
                                          m_session->Id(), m_session->State().lastHash.substr(0, 16))));
    m_printer->PrintText(ToWx(RecordHtml()));
}

void SessionFrame::SaveRecord() {
    const auto choice = m_context.prompter.SaveFile(this, _("Save the session record"),
                                                    ToWx("session-" + m_session->Id() + ".html"),
                                                    _("HTML files (*.html)|*.html"));
    if (!choice) return;
    wxFile file;
    const std::string html = RecordHtml();
    if (!file.Create(ToWx(choice->path), true) || !file.Write(html.data(), html.size()) || !file.Close())
        m_context.prompter.Error(this, _("Not saved"), _("The record could not be written to ") + ToWx(choice->path));
}

void SessionFrame::OnCharHook(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    const bool plain = !event.HasAnyModifiers();
    wxWindow* focus = FindFocus();
    const bool inText = dynamic_cast<wxTextCtrl*>(focus) != nullptr;
    if (CurrentPage() == Page::Step && m_controls && plain && !inText && m_controls->HandleAnswerKey(key)) return;
    if (CurrentPage() == Page::Step && m_controls && plain && (key == WXK_RETURN || key == WXK_NUMPAD_ENTER)) {
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
