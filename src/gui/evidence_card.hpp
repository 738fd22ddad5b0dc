#pragma once
// The evidence card beside every step: where the step comes from — the guideline's source,
// section, grade, certainty and provenance exactly as the protocol quotes them, or the
// department's local policy — and, for a chosen option with its own basis (an indication),
// that option's strength of evidence.
#include <wx/panel.h>

#include "kc/protocol/model.hpp"

class wxStaticText;
class wxSizer;

namespace kc::gui {

class EvidenceCard : public wxPanel {
public:
    explicit EvidenceCard(wxWindow* parent);
    void Show(const Protocol& protocol, const Step& step, const Option* chosen = nullptr);
    wxString Text() const; // everything shown, for tests and screen readers

private:
    void AddBasis(const Protocol& protocol, const Basis& basis, const wxString& heading);
    void Row(const wxString& label, const wxString& value);

    wxSizer* m_body = nullptr;
    wxString m_text;
};

} // namespace kc::gui
