#include "step_page.hpp"

#include <algorithm>

#include <wx/button.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "answer_controls.hpp"
#include "evidence_card.hpp"
#include "kc/protocol/render.hpp"
#include "label.hpp"
#include "wx_string.hpp"

namespace kc::gui {

StepPage::StepPage(wxWindow* parent, StepCommands commands) : wxPanel(parent), m_commands(std::move(commands)) {
    // The children are created in reading order: that is the keyboard's tab order.
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* main = new wxBoxSizer(wxVERTICAL);
    // The step itself scrolls when it is taller than the page (a step with several guideline
    // statements and a long help); the buttons stay in view below it.
    m_body = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL);
    m_body->SetName("Step");
    m_body->SetScrollRate(0, FromDIP(10));
    auto* body = new wxBoxSizer(wxVERTICAL);
    m_phaseLabel = Label(m_body, wxEmptyString, false, 0.95);
    m_phaseLabel->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
    m_prompt = Label(m_body, wxEmptyString, true, 1.35);
    m_prompt->SetName("Step prompt");
    m_quotes = new wxPanel(m_body);
    m_quotes->SetName("Guideline statements");
    m_quotes->SetSizer(new wxBoxSizer(wxVERTICAL));
    m_help = new wxStaticText(m_body, wxID_ANY, wxEmptyString);
    m_stateLabel = Label(m_body, wxEmptyString, true);
    m_answerArea = new wxPanel(m_body);
    m_answerArea->SetSizer(new wxBoxSizer(wxVERTICAL));
    auto* noteRow = new wxBoxSizer(wxHORIZONTAL);
    noteRow->Add(new wxStaticText(m_body, wxID_ANY, _("N&ote (optional):")), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    m_note = new wxTextCtrl(m_body, wxID_ANY);
    m_note->SetName("Note");
    noteRow->Add(m_note, 1);
    m_error = Label(m_body, wxEmptyString, true);
    m_error->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* back = new wxButton(this, kIdBack, _("◀ &Back"));
    m_recordButton = new wxButton(this, wxID_OK, _("&Record answer"));
    m_recordButton->SetDefault();
    m_skipButton = new wxButton(this, kIdSkip, _("S&kip (optional)"));
    m_justifyButton = new wxButton(this, kIdJustify, _("&Justify warning…"));
    m_amendButton = new wxButton(this, kIdAmend, _("A&mend…"));
    auto* forward = new wxButton(this, kIdForward, _("&Forward ▶"));
    for (auto* b : {back, m_recordButton, m_skipButton, m_justifyButton, m_amendButton, forward})
        buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.showAdjacent(-1); });
    forward->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.showAdjacent(+1); });
    m_recordButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.record(); });
    m_skipButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.skip(); });
    m_justifyButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.justify(); });
    m_amendButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { m_commands.amend(); });
    const int gap = FromDIP(10);
    body->Add(m_phaseLabel, 0, wxLEFT | wxRIGHT, gap);
    body->Add(m_prompt, 0, wxALL | wxEXPAND, gap);
    body->Add(m_quotes, 0, wxLEFT | wxRIGHT | wxEXPAND, gap);
    body->Add(m_help, 0, wxLEFT | wxRIGHT | wxBOTTOM | wxEXPAND, gap);
    body->Add(m_stateLabel, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    body->Add(m_answerArea, 0, wxLEFT | wxRIGHT | wxEXPAND, gap * 2);
    body->Add(noteRow, 0, wxALL | wxEXPAND, gap);
    body->Add(m_error, 0, wxLEFT | wxRIGHT, gap);
    m_body->SetSizer(body);
    main->Add(m_body, 1, wxEXPAND);
    main->Add(new wxStaticLine(this), 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    main->Add(buttons, 0, wxALL, gap);
    m_evidence = new EvidenceCard(this);
    columns->Add(main, 1, wxEXPAND);
    columns->Add(m_evidence, 0, wxEXPAND | wxALL, gap); // a fixed width (evidence_card.hpp)
    SetSizer(columns);
    // A wider or narrower window wraps the texts again to the column they now have.
    Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        if (TextWidth() != m_wrappedWidth) CallAfter([this] {
                WrapTexts();
                LayoutBody();
            });
    });
}

int StepPage::TextWidth() const {
    const int gap = FromDIP(10);
    const int card = std::max(m_evidence->GetSize().x, m_evidence->GetBestSize().x);
    // The column: the page less the card and the margins around both (and the quote boxes' padding).
    const int column = GetClientSize().x - card - 4 * gap - FromDIP(16);
    return column >= FromDIP(240) ? std::min(column, FromDIP(620)) : FromDIP(620);
}

void StepPage::WrapTexts() {
    m_wrappedWidth = TextWidth();
    for (auto& [label, text] : m_texts) {
        label->SetLabel(text);
        label->Wrap(m_wrappedWidth);
    }
}

wxString StepNumberText(const SessionView& view, std::size_t index) {
    if (const auto number = view.Position(index))
        return wxString::Format(_("Step %d of %d applicable"), *number, view.Progress().shown);
    return _("Not applicable");
}

namespace {

// What is recorded for the step, in words; empty for the step being answered now.
wxString RecordedText(const Step& step, const StepRecord& record, const StepView& view, bool current, bool ended) {
    const wxString recorded = _("Recorded: ") + ToWx(view.answer);
    switch (view.status) {
    case StepStatus::Pending:
        if (ended) return _("Not reached: the session ended before this step.");
        return current ? wxString() : _("Not answered yet.");
    case StepStatus::Answered: return recorded;
    case StepStatus::Skipped: return _("Skipped (optional).");
    case StepStatus::NotApplicable: return _("Not applicable: shown only when ") + ToWx(DescribeCondition(*step.when)) + ".";
    case StepStatus::AwaitingJustification:
        return recorded + _(" — WARNING: ") + ToWx(step.warning->message) +
               _(" A written justification is needed to continue.");
    case StepStatus::Justified:
        return recorded + _(" — warning justified: ") + ToWx(record.justification);
    case StepStatus::Stopped: return recorded + _(" — HARD STOP");
    }
    return wxString();
}

} // namespace

void StepPage::ShowStep(const Protocol& protocol, const SessionState& state, const SessionView& view,
                        std::size_t index, bool inputOpen, const wxString& amended) {
    const Step& step = protocol.steps[index];
    const StepView& shown = view.At(index);
    const StepRecord& record = state.steps[index];
    const bool current = shown.takesAnswer && inputOpen;
    const SessionProgress& count = view.Progress();
    m_phaseLabel->SetLabel(wxString::Format(_("%s · %s; %d in the protocol, %d not applicable"),
                                            ToWx(protocol.phases[step.phase].title), StepNumberText(view, index),
                                            count.total, count.notApplicable));
    m_texts.clear();
    m_texts.emplace_back(m_prompt, ToWx(step.prompt));
    ShowQuotes(protocol, step);
    m_texts.emplace_back(m_help, ToWx(step.help));
    m_texts.emplace_back(m_error, wxString());
    m_texts.emplace_back(m_stateLabel, RecordedText(step, record, shown, current, state.Ended()) +
                                           (amended.empty() ? wxString() : " — " + amended));
    WrapTexts();
    m_stateLabel->SetForegroundColour(
        shown.status == StepStatus::AwaitingJustification || shown.status == StepStatus::Stopped
            ? wxColour(0xa0, 0x00, 0x00)
            : wxColour(0x1d, 0x5e, 0x20));

    m_answerArea->DestroyChildren();
    m_controls = nullptr;
    if (current) {
        m_controls = new AnswerControls(m_answerArea, step);
        m_controls->OnSelect([this, &protocol, &step](const std::string& value) {
            m_evidence->Show(protocol, step, step.FindOption(value));
        });
        m_answerArea->GetSizer()->Add(m_controls, 0, wxEXPAND);
    }
    m_note->ChangeValue(wxEmptyString);
    m_note->Enable(current);
    m_recordButton->Enable(current);
    m_skipButton->Show(shown.takesSkip && inputOpen);
    m_justifyButton->Show(shown.takesJustification && inputOpen);
    m_amendButton->Show(shown.mayAmend && inputOpen);
    const Option* chosen = record.answered && !record.values.empty() ? step.FindOption(record.values.front()) : nullptr;
    m_evidence->Show(protocol, step, chosen);
    LayoutBody();
    m_body->Scroll(0, 0); // a new step is read from its top
}

void StepPage::LayoutBody() {
    // Each quote box lays out its wrapped lines first, then the page, then the scrolled step
    // learns how tall it now is.
    for (wxWindow* box : m_quotes->GetChildren()) box->Layout();
    m_quotes->Layout();
    Layout();
    m_body->FitInside();
    m_body->Layout();
}

void StepPage::FocusInput() {
    if (m_controls) m_controls->FocusFirst();
    else if (m_justifyButton->IsShown()) m_justifyButton->SetFocus();
}

void StepPage::SetError(const wxString& text) {
    for (auto& [label, unwrapped] : m_texts)
        if (label == m_error) unwrapped = text;
    m_error->SetLabel(text);
    m_error->Wrap(TextWidth());
    LayoutBody();
    if (!text.empty()) {
        // The reason is read where it is: scroll down until its last line is in view.
        int unitX = 0, unitY = 0;
        m_body->GetScrollPixelsPerUnit(&unitX, &unitY);
        const wxPoint at = m_body->CalcUnscrolledPosition(m_error->GetPosition());
        const int bottom = at.y + m_error->GetSize().y - m_body->GetClientSize().y;
        if (unitY > 0 && bottom > m_body->GetViewStart().y * unitY) m_body->Scroll(-1, (bottom + unitY - 1) / unitY);
    }
}

wxString StepPage::Unwrapped(const wxWindow* label) const {
    for (const auto& [wrapped, text] : m_texts)
        if (wrapped == label) return text;
    return label->GetLabel();
}

wxString StepPage::ErrorText() const { return Unwrapped(m_error); }

wxString StepPage::HeaderText() const { return m_phaseLabel->GetLabel(); }

wxString StepPage::StateText() const { return Unwrapped(m_stateLabel); }

wxString StepPage::Note() const { return m_note->GetValue(); }

wxString QuoteGradingText(const Protocol& protocol, const Basis& basis) {
    const Source* source = protocol.FindSource(basis.source);
    wxString line = wxString::Format(_("%s, section %s · grade %s · certainty %s · provenance [%s]"),
                                     ToWx(source ? ShortSourceName(*source) : basis.source), ToWx(basis.section),
                                     basis.grade.empty() ? _("not given") : ToWx(basis.grade),
                                     basis.certainty.empty() ? _("not given") : ToWx(basis.certainty),
                                     ToWx(basis.provenance));
    if (!basis.gradeNote.empty()) line += " (" + ToWx(basis.gradeNote) + ")";
    return line;
}

// Each quote in a box of its own, tinted like the evidence card's guideline heading: a
// heading that says it is information and not a target, the statement, and its grading.
// Sizes are in DIPs, so the box reads the same at 2x.
void StepPage::ShowQuotes(const Protocol& protocol, const Step& step) {
    wxSizer* sizer = m_quotes->GetSizer();
    sizer->Clear(true);
    const int pad = FromDIP(8);
    const wxColour ink(0x11, 0x11, 0x11);
    for (const Quote& quote : step.quotes) {
        auto* box = new wxPanel(m_quotes);
        box->SetName("Guideline statement");
        box->SetBackgroundColour(wxColour(0xe8, 0xf0, 0xfa));
        auto* inner = new wxBoxSizer(wxVERTICAL);
        auto* heading = Label(box, _("Guideline statement — information, not a target"), true);
        heading->SetForegroundColour(wxColour(0x1d, 0x4e, 0x89));
        auto* text = new wxStaticText(box, wxID_ANY, ToWx(quote.text));
        text->SetForegroundColour(ink);
        m_texts.emplace_back(text, ToWx(quote.text));
        auto* grading = new wxStaticText(box, wxID_ANY, QuoteGradingText(protocol, quote.basis));
        grading->SetForegroundColour(ink);
        m_texts.emplace_back(grading, QuoteGradingText(protocol, quote.basis));
        inner->Add(heading, 0, wxLEFT | wxRIGHT | wxTOP, pad);
        inner->Add(text, 0, wxLEFT | wxRIGHT | wxTOP | wxEXPAND, pad);
        inner->Add(grading, 0, wxALL | wxEXPAND, pad);
        box->SetSizer(inner);
        FitToFont(heading);
        sizer->Add(box, 0, wxEXPAND | wxBOTTOM, FromDIP(6));
    }
    m_quotes->Show(!step.quotes.empty());
}

wxString StepPage::QuotesText() const {
    wxString out;
    for (wxWindow* box : m_quotes->GetChildren())
        for (wxWindow* label : box->GetChildren()) out += Unwrapped(label) + "\n";
    return out;
}

} // namespace kc::gui
