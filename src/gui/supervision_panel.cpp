#include "supervision_panel.hpp"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/wrapsizer.h>

#include "answer_controls.hpp"
#include "label.hpp"
#include "kc/base/clock.hpp"
#include "local_time.hpp"
#include "prompter.hpp"
#include "supervision_section.hpp"
#include "step_page.hpp"
#include "trend_chart.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

const wxColour kOverdue(0xa0, 0x00, 0x00);
const wxColour kDue(0x8a, 0x52, 0x00);
const wxColour kCalm(0x1d, 0x5e, 0x20);

enum Column { kRoundColumn, kDueColumn, kTakenColumn, kValuesColumn, kStatusColumn, kNotesColumn };

// A placeholder the engine accepts as prose or as a name, used only to ask what it needs.
const char* const kProbeText = "probe";

// A label's new text, its size measured again in its own font.
void SetText(wxStaticText* label, const wxString& text, int wrap = -1) {
    label->SetLabel(text);
    if (wrap > 0) label->Wrap(wrap);
    FitToFont(label);
}

// A bold label, measured in its bold font.
wxStaticText* Heading(wxWindow* parent, const wxString& text, double scale = 1.0) {
    auto* label = Label(parent, text, true, scale);
    FitToFont(label);
    return label;
}

std::string Joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

} // namespace

SupervisionPanel::SupervisionPanel(wxWindow* parent, Session& session, Prompter& prompter, RecordCommand record,
                                   std::function<void()> recorded)
    : wxScrolledWindow(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL),
      m_session(session), m_prompter(prompter), m_record(std::move(record)), m_recorded(std::move(recorded)) {
    SetName("Supervision");
    SetScrollRate(0, FromDIP(12));
    SetSizer(new wxBoxSizer(wxVERTICAL));
    for (std::size_t i = 0; i < m_session.GetEngine().GetProtocol().rounds.size(); ++i) BuildSection(i);
    Tick();
}

SupervisionPanel::~SupervisionPanel() = default;

Moment SupervisionPanel::Now() const { return m_session.Now(); }

void SupervisionPanel::BuildSection(std::size_t i) {
    const RoundSchedule& schedule = m_session.GetEngine().GetProtocol().rounds[i];
    auto section = std::make_unique<Section>();
    Section& s = *section;
    s.schedule = i;
    const int gap = FromDIP(8);
    s.root = new wxPanel(this);
    s.root->SetName(ToWx(schedule.title));
    auto* box = new wxStaticBoxSizer(wxVERTICAL, s.root, ToWx(schedule.title));
    wxWindow* in = box->GetStaticBox();
    if (!schedule.description.empty()) {
        auto* d = new wxStaticText(in, wxID_ANY, ToWx(schedule.description));
        d->Wrap(FromDIP(760));
        box->Add(d, 0, wxALL, gap);
    }
    s.state = Heading(in, wxEmptyString, 1.1);
    s.state->SetName(ToWx(schedule.id + ": state"));
    s.countdown = new wxStaticText(in, wxID_ANY, wxEmptyString);
    s.countdown->SetName(ToWx(schedule.id + ": countdown"));
    box->Add(s.state, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    box->Add(s.countdown, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    // The round's form (left) beside the trends (right); the rounds so far below both.
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    s.form = new wxPanel(in);
    s.form->SetSizer(new wxBoxSizer(wxVERTICAL));
    left->Add(s.form, 0, wxEXPAND | wxALL, gap);
    s.error = new wxStaticText(in, wxID_ANY, wxEmptyString);
    s.error->SetForegroundColour(kOverdue);
    s.error->SetName(ToWx(schedule.id + ": message"));
    left->Add(s.error, 0, wxLEFT | wxRIGHT, gap);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    s.record = new wxButton(in, wxID_ANY, _("Record observations"));
    s.miss = new wxButton(in, wxID_ANY, _("Close round as missed… (Ctrl+Shift+M)"));
    s.early = new wxButton(in, wxID_ANY, _("End observation early… (Ctrl+Shift+E)"));
    s.record->SetName(ToWx(schedule.id + ": record"));
    s.miss->SetName(ToWx(schedule.id + ": missed"));
    s.early->SetName(ToWx(schedule.id + ": end early"));
    s.record->Bind(wxEVT_BUTTON, [this, i](wxCommandEvent&) { RecordRound(i); });
    s.miss->Bind(wxEVT_BUTTON, [this, i](wxCommandEvent&) { MissRound(i); });
    s.early->Bind(wxEVT_BUTTON, [this, i](wxCommandEvent&) { EndEarly(i); });
    auto* buttonColumn = new wxBoxSizer(wxVERTICAL);
    buttonColumn->Add(s.record, 0, wxBOTTOM, gap / 2);
    buttons->Add(s.miss, 0, wxRIGHT, gap);
    buttons->Add(s.early, 0);
    buttonColumn->Add(buttons);
    left->Add(buttonColumn, 0, wxALL, gap);
    columns->Add(left, 0, wxEXPAND);

    auto* charts = new wxWrapSizer(wxHORIZONTAL);
    for (const Step& step : schedule.steps)
        if (step.kind == AnswerKind::Measurement) {
            auto* chart = new TrendChart(in, step);
            s.charts.emplace_back(step.id, chart);
            charts->Add(chart, 0, wxALL, gap / 2);
        }
    auto* right = new wxBoxSizer(wxVERTICAL);
    if (!s.charts.empty()) {
        right->Add(Heading(in, _("Trends")), 0, wxLEFT | wxRIGHT | wxTOP, gap);
        right->Add(charts, 1, wxEXPAND | wxALL, gap);
    } else {
        delete charts; // a round with no measurement has no trends; no sizer would own it
    }
    columns->Add(right, 1, wxEXPAND);
    box->Add(columns, 0, wxEXPAND);
    box->Add(Heading(in, _("Rounds so far")), 0, wxLEFT | wxRIGHT, gap);
    s.list = new wxListCtrl(in, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 150)), wxLC_REPORT | wxLC_SINGLE_SEL);
    s.list->SetName(ToWx(schedule.id + ": rounds"));
    const std::pair<wxString, int> listColumns[] = {{_("Round"), 60},  {_("Due"), 60},     {_("Taken"), 90},
                                                {_("Values"), 300}, {_("Status"), 110}, {_("Notes"), 260}};
    for (const auto& [title, width] : listColumns) s.list->AppendColumn(title, wxLIST_FORMAT_LEFT, FromDIP(width));
    box->Add(s.list, 0, wxEXPAND | wxALL, gap);

    s.root->SetSizer(box);
    GetSizer()->Add(s.root, 0, wxEXPAND | wxALL, gap);
    m_sections.push_back(std::move(section));
}

std::vector<RoundAlert> SupervisionPanel::Tick() {
    std::vector<RoundAlert> alerts;
    Moment now;
    try {
        now = Now();
    } catch (const Error&) {
        return alerts; // the clock reads a time no record can hold; the frame says so on recording
    }
    const Engine& engine = m_session.GetEngine();
    for (auto& section : m_sections) {
        const ScheduleInfo info = engine.Schedule(m_session.State(), section->schedule, now);
        ShowSection(*section, info, now);
        if (const RoundInfo* round = info.Current(); round && m_session.State().status == SessionStatus::Active)
            alerts.push_back({section->schedule, round->number, round->status,
                              engine.GetProtocol().rounds[section->schedule].title});
    }
    if (m_relayout) Relayout();
    return alerts;
}

void SupervisionPanel::ShowError(Section& s, const wxString& text) {
    SetText(s.error, text, FromDIP(760));
    Relayout();
}

void SupervisionPanel::Relayout() {
    // Top down: a section keeps its size when only its content changed, so each is laid out.
    m_relayout = false;
    Layout();
    for (auto& section : m_sections) {
        section->root->Layout();
        section->form->Layout();
    }
    FitInside();
}

void SupervisionPanel::ShowSection(Section& s, const ScheduleInfo& info, Moment now) {
    const Protocol& protocol = m_session.GetEngine().GetProtocol();
    const RoundSchedule& schedule = protocol.rounds[s.schedule];
    const SessionState& state = m_session.State();
    const bool active = state.status == SessionStatus::Active && !m_session.Closed();
    const RoundInfo* current = active ? info.Current() : nullptr;
    const RoundInfo* next = info.NextUpcoming();
    wxString stateText;
    wxColour colour = kCalm;
    if (!info.anchored) {
        const Step* from = protocol.FindStep(schedule.from);
        stateText = wxString::Format(_("Starts when \"%s\" is recorded."), ToWx(from ? from->prompt : schedule.from));
    } else if (info.endedEarly) {
        stateText = wxString::Format(_("Ended early: %s (acknowledged by %s)."),
                                     ToWx(state.schedules[s.schedule].earlyReason),
                                     ToWx(state.schedules[s.schedule].earlySecondClinician));
    } else if (current) {
        const bool overdue = current->status == RoundStatus::Overdue;
        stateText = overdue ? wxString::Format(_("Round %llu OVERDUE: it was due at %s, grace until %s."),
                                               static_cast<unsigned long long>(current->number),
                                               LocalClock(current->dueUtcMs), LocalClock(current->dueUtcMs + schedule.graceMs))
                            : wxString::Format(_("Round %llu due at %s: record it now (grace until %s)."),
                                               static_cast<unsigned long long>(current->number),
                                               LocalClock(current->dueUtcMs), LocalClock(current->dueUtcMs + schedule.graceMs));
        colour = overdue ? kOverdue : kDue;
    } else if (!info.open) {
        stateText = _("Over: every round is closed.");
    } else {
        stateText = _("No round due now.");
    }
    const wxString countdown = next && info.open && active
                                   ? wxString::Format(_("Next: round %llu due at %s, in %s"),
                                                      static_cast<unsigned long long>(next->number),
                                                      LocalClock(next->dueUtcMs),
                                                      Countdown(next->dueElapsedMs - now.elapsedMs))
                                   : wxString();
    if (s.state->GetLabel() != stateText || s.countdown->GetLabel().empty() != countdown.empty()) m_relayout = true;
    if (s.state->GetLabel() != stateText) SetText(s.state, stateText);
    s.state->SetForegroundColour(colour);
    if (s.countdown->GetLabel() != countdown) SetText(s.countdown, countdown);

    // The form: rebuilt only when the round or its steps to record change, so typing survives the timer.
    std::vector<bool> shown;
    std::string key;
    if (current) {
        shown = m_session.GetEngine().RoundVisibility(state, s.schedule, current->number);
        key = std::to_string(current->number) + ":";
        for (std::size_t j = 0; j < shown.size(); ++j) {
            const bool taken = current->record && current->record->steps[j].taken;
            shown[j] = shown[j] && !taken;
            key += shown[j] ? '1' : '0';
        }
    }
    if (key != s.formKey) {
        s.formKey = key;
        RebuildForm(s, current, shown);
    } else if (!s.rows.empty()) {
        ShowNeededFields(s, now); // lateness moves with the clock
    }
    s.missable = current && current->status == RoundStatus::Overdue;
    s.endable = active && info.anchored && info.open && !current && !info.endedEarly;
    s.record->Enable(current != nullptr);
    s.miss->Enable(s.missable);
    s.early->Enable(s.endable);

    // The rounds so far, updated in place.
    if (s.list->GetItemCount() != static_cast<int>(info.rounds.size())) s.list->DeleteAllItems();
    for (std::size_t r = 0; r < info.rounds.size(); ++r) {
        const RoundInfo& round = info.rounds[r];
        std::vector<std::string> taken;
        std::vector<std::string> values;
        std::vector<std::string> notes;
        if (round.record) {
            for (std::size_t j = 0; j < round.record->steps.size(); ++j) {
                const ObservationRecord& o = round.record->steps[j];
                if (!o.taken) continue;
                const Step& step = schedule.steps[j];
                const std::string at = FromWx(LocalClock(o.takenUtcMs));
                if (std::find(taken.begin(), taken.end(), at) == taken.end()) taken.push_back(at);
                values.push_back(step.prompt + ": " + Joined(o.values, ", ") + (step.unit.empty() ? "" : " " + step.unit));
                if (!o.warning.empty()) notes.push_back(o.warning + " " + o.note);
                else if (!o.note.empty()) notes.push_back(o.note);
                if (!o.lateReason.empty()) notes.push_back("late: " + o.lateReason);
            }
            if (round.record->missed) notes.push_back("missed: " + round.record->missedReason);
        }
        const long row = static_cast<long>(r);
        if (row >= s.list->GetItemCount()) s.list->InsertItem(row, wxEmptyString);
        const wxString cells[] = {wxString::Format("%llu", static_cast<unsigned long long>(round.number)),
                                  LocalClock(round.dueUtcMs), ToWx(Joined(taken, ", ")), ToWx(Joined(values, "; ")),
                                  round.status == RoundStatus::Overdue ? wxString("OVERDUE") : ToWx(ToString(round.status)),
                                  ToWx(Joined(notes, "; "))};
        for (int c = kRoundColumn; c <= kNotesColumn; ++c)
            if (s.list->GetItemText(row, c) != cells[c]) s.list->SetItem(row, c, cells[c]);
        s.list->SetItemTextColour(row, round.status == RoundStatus::Overdue  ? kOverdue
                                       : round.status == RoundStatus::Due     ? kDue
                                       : round.status == RoundStatus::Missed  ? kOverdue
                                                                              : wxNullColour);
    }

    for (auto& [stepId, chart] : s.charts) {
        const auto j = schedule.StepIndex(stepId);
        std::vector<std::pair<std::uint64_t, std::string>> points;
        for (const auto& [number, record] : state.schedules[s.schedule].rounds)
            if (j && record.steps[*j].taken && !record.steps[*j].values.empty())
                points.emplace_back(number, record.steps[*j].values.front());
        const std::uint64_t last = info.rounds.empty() ? 1 : info.rounds.back().number;
        if (points.size() != chart->PointCount() || chart->PointCount() == 0) chart->SetPoints(std::move(points), last);
    }
}

void SupervisionPanel::RebuildForm(Section& s, const RoundInfo* round, const std::vector<bool>& shown) {
    const RoundSchedule& schedule = m_session.GetEngine().GetProtocol().rounds[s.schedule];
    const int gap = FromDIP(6);
    s.form->DestroyChildren();
    s.form->GetSizer()->Clear();
    s.rows.clear();
    s.taken = nullptr;
    s.late = nullptr;
    s.lateLabel = nullptr;
    s.formRound = round ? round->number : 0;
    SetText(s.error, wxEmptyString);
    m_relayout = true;
    if (!round) return;
    auto* grid = new wxFlexGridSizer(2, FromDIP(6), FromDIP(12));
    grid->AddGrowableCol(1);
    auto onChange = [this, &s](wxCommandEvent& e) {
        try {
            ShowNeededFields(s, Now());
        } catch (const Error&) {
        }
        e.Skip();
    };
    for (std::size_t j = 0; j < schedule.steps.size(); ++j) {
        if (!shown[j]) continue;
        const Step& step = schedule.steps[j];
        Row row;
        row.step = j;
        auto* prompt = Heading(s.form, wxEmptyString);
        SetText(prompt, ToWx(step.prompt), FromDIP(220));
        // The step's guideline statements under its prompt, as information (step_page.hpp).
        auto* left = new wxBoxSizer(wxVERTICAL);
        left->Add(prompt);
        for (std::size_t q = 0; q < step.quotes.size(); ++q) {
            auto* info = new wxStaticText(s.form, wxID_ANY, wxEmptyString);
            info->SetName(wxString::Format("%s: guideline statement %d", ToWx(step.id), static_cast<int>(q + 1)));
            info->SetForegroundColour(wxColour(0x1d, 0x4e, 0x89));
            SetText(info,
                    _("Guideline statement — information, not a target: ") + ToWx(step.quotes[q].text) + " (" +
                        QuoteGradingText(m_session.GetEngine().GetProtocol(), step.quotes[q].basis) + ")",
                    FromDIP(220));
            left->Add(info, 0, wxTOP, gap / 2);
        }
        grid->Add(left, 0, wxALIGN_TOP | wxTOP, gap);
        auto* cell = new wxBoxSizer(wxVERTICAL);
        row.controls = new AnswerControls(s.form, step, {}, true);
        row.controls->SetName(ToWx(schedule.id + ": " + step.id));
        for (auto type : {wxEVT_TEXT, wxEVT_RADIOBUTTON, wxEVT_CHECKBOX}) row.controls->Bind(type, onChange);
        cell->Add(row.controls, 0, wxEXPAND);
        row.noteLabel = new wxStaticText(s.form, wxID_ANY, _("Note (what was done):"));
        row.note = new wxTextCtrl(s.form, wxID_ANY);
        row.note->SetName(ToWx(step.id + ": note"));
        row.secondLabel = new wxStaticText(s.form, wxID_ANY, _("Second clinician's name:"));
        row.second = new wxTextCtrl(s.form, wxID_ANY);
        row.second->SetName(ToWx(step.id + ": second clinician"));
        for (wxWindow* w : std::initializer_list<wxWindow*>{row.noteLabel, row.note, row.secondLabel, row.second}) {
            cell->Add(w, 0, wxEXPAND | wxTOP, gap / 2);
            w->Hide();
        }
        grid->Add(cell, 0, wxEXPAND | wxTOP, gap);
        s.rows.push_back(row);
    }
    grid->Add(Heading(s.form, _("Taken at:")), 0, wxALIGN_CENTER_VERTICAL | wxTOP, gap);
    auto* takenRow = new wxBoxSizer(wxHORIZONTAL);
    s.taken = new wxTextCtrl(s.form, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(90, -1)));
    s.taken->SetName(ToWx(schedule.id + ": taken at"));
    s.taken->SetHint(_("now"));
    s.taken->Bind(wxEVT_TEXT, onChange);
    takenRow->Add(s.taken, 0, wxALIGN_CENTER_VERTICAL);
    takenRow->Add(new wxStaticText(s.form, wxID_ANY, _("empty: now; or the local time (HH:MM)")), 0,
                  wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
    grid->Add(takenRow, 0, wxTOP, gap);
    s.lateLabel = Heading(s.form, _("Reason for the late entry:"));
    s.late = new wxTextCtrl(s.form, wxID_ANY);
    s.late->SetName(ToWx(schedule.id + ": late reason"));
    grid->Add(s.lateLabel, 0, wxALIGN_CENTER_VERTICAL | wxTOP, gap);
    grid->Add(s.late, 0, wxEXPAND | wxTOP, gap);
    s.lateLabel->Hide();
    s.late->Hide();
    s.form->GetSizer()->Add(grid, 0, wxEXPAND);
    auto* hint = new wxStaticText(s.form, wxID_ANY,
                                  _("Values are recorded exactly as typed, never used in a calculation. Enter records "
                                    "the round; Tab moves between fields."));
    hint->Wrap(FromDIP(460));
    hint->SetForegroundColour(wxColour(0x66, 0x66, 0x66));
    s.form->GetSizer()->Add(hint, 0, wxTOP, gap);
    try {
        ShowNeededFields(s, Now());
    } catch (const Error&) {
    }
    m_relayout = true;
}

std::optional<Observation> SupervisionPanel::ObservationOf(const Section& s, const Row& row, Moment now,
                                                           wxString& error) const {
    const RoundSchedule& schedule = m_session.GetEngine().GetProtocol().rounds[s.schedule];
    const Step& step = schedule.steps[row.step];
    Values values = row.controls->GetValues();
    if (values.empty() || (values.size() == 1 && values.front().empty())) return std::nullopt; // not filled in
    Observation o;
    o.rounds = schedule.id;
    o.number = s.formRound;
    o.step = step.id;
    o.values = std::move(values);
    const wxString taken = s.taken->GetValue().Strip(wxString::both);
    if (!taken.empty() && taken.Lower() != "now") {
        o.takenUtcMs = LocalTimeOfDayUtcMs(taken, now.utcMs);
        if (!o.takenUtcMs) {
            error = wxString::Format(_("'%s' is no time of day: type the local time it was taken as HH:MM, or leave "
                                       "the field empty for now."),
                                     taken);
            return std::nullopt;
        }
    }
    if (row.note->IsShown()) o.note = FromWx(row.note->GetValue());
    if (row.second->IsShown()) o.secondClinician = FromWx(row.second->GetValue());
    if (s.late->IsShown()) o.lateReason = FromWx(s.late->GetValue());
    return o;
}

void SupervisionPanel::ShowNeededFields(Section& s, Moment now) {
    bool late = false;
    bool changed = false;
    for (Row& row : s.rows) {
        wxString error;
        auto o = ObservationOf(s, row, now, error);
        if (!o) continue;
        // The smallest set of the three the engine accepts (late reason, note, second clinician).
        std::optional<int> needed;
        for (int size = 0; size <= 3 && !needed; ++size)
            for (int set = 0; set < 8 && !needed; ++set) {
                if (__builtin_popcount(static_cast<unsigned>(set)) != size) continue;
                Observation probe = *o;
                probe.lateReason = set & 1 ? kProbeText : "";
                probe.note = set & 2 ? kProbeText : "";
                probe.secondClinician = set & 4 ? (m_session.GetActor().name == kProbeText ? "probe 2" : kProbeText) : "";
                if (m_session.GetEngine().Observe(m_session.State(), probe, m_session.GetActor(), now).Accepted()) needed = set;
            }
        if (!needed) {
            late = late || s.late->IsShown(); // refused for another reason (the value): keep what is shown
            continue;
        }
        late = late || (*needed & 1);
        const bool note = (*needed & 2) || (row.note->IsShown() && !row.note->IsEmpty());
        const bool second = (*needed & 4) != 0;
        changed = changed || row.note->IsShown() != note || row.second->IsShown() != second;
        row.noteLabel->Show(note);
        row.note->Show(note);
        row.secondLabel->Show(second);
        row.second->Show(second);
    }
    if (s.late && s.late->IsShown() != late) {
        changed = true;
        s.lateLabel->Show(late);
        s.late->Show(late);
    }
    if (changed) Relayout();
}

bool SupervisionPanel::FocusDueRound() {
    const auto alerts = Tick();
    if (alerts.empty()) return false;
    // The most urgent: an overdue round before a due one.
    const RoundAlert* first = &alerts.front();
    for (const auto& a : alerts)
        if (a.status == RoundStatus::Overdue) {
            first = &a;
            break;
        }
    Section& s = *m_sections[first->schedule];
    if (!s.rows.empty()) s.rows.front().controls->FocusFirst();
    else if (s.taken) s.taken->SetFocus();
    return true;
}

wxString SupervisionPanel::StateText(std::size_t i) const { return m_sections.at(i)->state->GetLabel(); }
wxString SupervisionPanel::CountdownText(std::size_t i) const { return m_sections.at(i)->countdown->GetLabel(); }
wxString SupervisionPanel::ErrorText(std::size_t i) const { return m_sections.at(i)->error->GetLabel(); }
std::uint64_t SupervisionPanel::FormRound(std::size_t i) const { return m_sections.at(i)->formRound; }
wxListCtrl* SupervisionPanel::Rounds(std::size_t i) const { return m_sections.at(i)->list; }

TrendChart* SupervisionPanel::Trend(std::size_t i, const std::string& step) const {
    for (const auto& [id, chart] : m_sections.at(i)->charts)
        if (id == step) return chart;
    return nullptr;
}

wxWindow* SupervisionPanel::Field(std::size_t i, const wxString& name) const {
    wxWindow* w = wxWindow::FindWindowByName(name, m_sections.at(i)->form);
    return w && w->IsShown() ? w : nullptr;
}

} // namespace kc::gui
