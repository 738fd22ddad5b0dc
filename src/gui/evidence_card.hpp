#pragma once
// The evidence card beside every step: where the step comes from — the guideline's source
// (its full citation, journal and year included), section, grade, certainty and provenance
// exactly as the protocol quotes them, or the department's local policy — and, for a chosen
// option with its own basis (an indication), that option's strength of evidence; the step's
// guideline statements (quotes) with their grading; and "About this evidence": who developed
// the guideline, its date and review status, who translated it into this protocol, when the
// protocol was last reviewed against the project's evidence reference and its path. The text is
// never cut: it wraps inside the card's fixed width and scrolls, in a read-only text that the
// keyboard reaches with Tab (and a screen reader reads).
#include <wx/panel.h>

#include "kc/protocol/model.hpp"

class wxTextCtrl;

namespace kc::gui {

class EvidenceCard : public wxPanel {
public:
    explicit EvidenceCard(wxWindow* parent);
    void Show(const Protocol& protocol, const Step& step, const Option* chosen = nullptr);
    wxString Text() const; // everything shown, for tests

private:
    void AddBasis(const Protocol& protocol, const Basis& basis, const wxString& heading);
    void AddGuidelineRows(const Protocol& protocol, const Basis& basis);
    void AddQuote(const Protocol& protocol, const Quote& quote);
    void AddAbout(const Protocol& protocol, const Step& step, const Option* chosen);
    void Heading(const wxString& text, const wxColour& colour);
    void Row(const wxString& label, const wxString& value);

    wxTextCtrl* m_view = nullptr;
};

} // namespace kc::gui
