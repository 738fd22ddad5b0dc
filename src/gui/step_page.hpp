#pragma once
#include <utility>
#include <vector>
// The session window's step page: a step's phase, prompt, its guideline statements (quotes,
// each in an information box with its grading) and help, what is recorded for it,
// the answer controls when it takes an answer, a note, the refusal beside the step, the
// command buttons and the evidence card. It shows what a SessionView allows; the frame
// records.
#include <cstddef>
#include <functional>

#include <wx/panel.h>
#include <wx/scrolwin.h>

#include "kc/session/session_view.hpp"

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

class AnswerControls;
class EvidenceCard;

// The session window's command ids: one per command, shared by its menus and the buttons.
enum SessionCommandId {
    kIdSkip = wxID_HIGHEST + 100,
    kIdJustify,
    kIdAmend,
    kIdAbandon,
    kIdBack,
    kIdForward,
    kIdCurrent,
    kIdSaveRecord,
    kIdDueRound,
    kIdRecordRound,
    kIdMissRound,
    kIdEndEarly,
};

// A quote's grading line: "Cohen et al. 2018, section A3 · grade C · certainty low · provenance
// [summary]", "not given" where the reference gives no grade or certainty.
wxString QuoteGradingText(const Protocol& protocol, const Basis& basis);

// "Step 7 of 52 applicable" (the one count: among the steps that apply now), or "Not applicable".
wxString StepNumberText(const SessionView& view, std::size_t index);

// What the page's buttons ask of the frame.
struct StepCommands {
    std::function<void(int direction)> showAdjacent; // -1 back, +1 forward
    std::function<void()> record;
    std::function<void()> skip;
    std::function<void()> justify;
    std::function<void()> amend;
};

class StepPage : public wxPanel {
public:
    StepPage(wxWindow* parent, StepCommands commands);

    // Shows step `index` as `view` describes it. With `inputOpen` false (the session is closed
    // for input) no command is offered.
    // `amended` ("amended from no (wrong chart)") follows what is recorded.
    void ShowStep(const Protocol& protocol, const SessionState& state, const SessionView& view, std::size_t index,
                  bool inputOpen, const wxString& amended = {});
    // The keyboard focus where the person acts next: the answer controls, or the justify button.
    void FocusInput();

    // The message beside the step (a refusal, or why the session cannot go on).
    void SetError(const wxString& text);
    wxString ErrorText() const;
    wxString StateText() const; // what is recorded for the step, in words
    wxString HeaderText() const; // its phase and its number: "Eligibility · Step 2 of 7 applicable; ..."
    wxString Note() const;
    wxString QuotesText() const; // the guideline statements' boxes as shown, for tests
    wxWindow* Quotes() const { return m_quotes; }
    wxStaticText* Help() const { return m_help; }
    wxScrolledWindow* Body() const { return m_body; } // the step above the buttons
    AnswerControls* Controls() const { return m_controls; } // null unless the step takes an answer
    EvidenceCard* Evidence() const { return m_evidence; }

private:
    void ShowQuotes(const Protocol& protocol, const Step& step);
    // The width the page's texts wrap to: the column beside the evidence card as it is now,
    // at most 620 DIPs (a readable line). Wrapping to a fixed width wider than the column made
    // GTK wrap each line again and cut the last lines off.
    int TextWidth() const;
    void WrapTexts(); // each text from its unwrapped words, to TextWidth()
    wxString Unwrapped(const wxWindow* label) const; // a text as written, not as wrapped
    void LayoutBody(); // the quote boxes, the page, and the scrolled step's height

    StepCommands m_commands;
    wxScrolledWindow* m_body = nullptr; // the step above the buttons, scrolled when taller than the page
    wxStaticText* m_phaseLabel = nullptr;
    wxStaticText* m_prompt = nullptr;
    wxPanel* m_quotes = nullptr; // one information box per quote of the step
    wxStaticText* m_help = nullptr;
    wxStaticText* m_stateLabel = nullptr;
    wxStaticText* m_error = nullptr;
    wxPanel* m_answerArea = nullptr;
    AnswerControls* m_controls = nullptr;
    wxTextCtrl* m_note = nullptr;
    wxButton* m_recordButton = nullptr;
    wxButton* m_skipButton = nullptr;
    wxButton* m_justifyButton = nullptr;
    wxButton* m_amendButton = nullptr;
    EvidenceCard* m_evidence = nullptr;
    // The unwrapped texts (wxStaticText::Wrap rewrites a label), and the width they were wrapped to.
    std::vector<std::pair<wxStaticText*, wxString>> m_texts;
    int m_wrappedWidth = 0;
};

} // namespace kc::gui
