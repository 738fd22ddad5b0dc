#include "evidence_card.hpp"

#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>

#include "label.hpp"
#include "wx_string.hpp"

namespace kc::gui {

EvidenceCard::EvidenceCard(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("Evidence card");
    auto* box = new wxStaticBoxSizer(wxVERTICAL, this, _("Evidence"));
    m_body = new wxBoxSizer(wxVERTICAL);
    box->Add(m_body, 1, wxEXPAND | wxALL, FromDIP(6));
    SetSizer(box);
}

void EvidenceCard::Row(const wxString& label, const wxString& value) {
    auto* parent = static_cast<wxStaticBoxSizer*>(GetSizer())->GetStaticBox();
    auto* title = new wxStaticText(parent, wxID_ANY, label);
    title->SetFont(title->GetFont().Bold());
    FitToFont(title);
    auto* text = new wxStaticText(parent, wxID_ANY, value);
    text->Wrap(FromDIP(260));
    m_body->Add(title, 0, wxTOP, FromDIP(6));
    m_body->Add(text, 0, wxLEFT, FromDIP(8));
    m_text += label + ": " + value + "\n";
}

void EvidenceCard::AddBasis(const Protocol& p, const Basis& b, const wxString& heading) {
    auto* parent = static_cast<wxStaticBoxSizer*>(GetSizer())->GetStaticBox();
    auto* head = new wxStaticText(parent, wxID_ANY, heading);
    head->SetFont(head->GetFont().Bold().Larger());
    FitToFont(head);
    head->SetForegroundColour(b.kind == Basis::Kind::Guideline ? wxColour(0x1d, 0x4e, 0x89) : wxColour(0x7a, 0x4b, 0x00));
    m_body->Add(head, 0, wxTOP, FromDIP(8));
    m_text += heading + "\n";
    if (b.kind == Basis::Kind::LocalPolicy) {
        Row(_("Basis"), _("Local policy — the department's own rule"));
        if (!b.citation.empty()) Row(_("Citation"), ToWx(b.citation));
        if (!b.covers.empty()) Row(_("Guideline question"), ToWx(b.covers));
        if (!b.note.empty()) Row(_("Note"), ToWx(b.note));
        return;
    }
    const Source* source = p.FindSource(b.source);
    Row(_("Basis"), _("Guideline"));
    Row(_("Source"), source ? ToWx(source->citation.substr(0, 140) + (source->citation.size() > 140 ? "…" : ""))
                            : ToWx(b.source));
    Row(_("Section"), ToWx(b.section));
    Row(_("Grade"), b.grade.empty() ? _("not given") : ToWx(b.grade));
    Row(_("Certainty"), b.certainty.empty() ? _("not given") : ToWx(b.certainty));
    Row(_("Provenance"), ToWx(b.provenance));
    if (!b.gradeNote.empty()) Row(_("Grade note"), ToWx(b.gradeNote));
}

void EvidenceCard::Show(const Protocol& protocol, const Step& step, const Option* chosen) {
    Freeze();
    m_body->Clear(true);
    m_text.clear();
    AddBasis(protocol, step.basis, _("This step"));
    if (chosen && chosen->basis) AddBasis(protocol, *chosen->basis, ToWx(chosen->label));
    Layout();
    Thaw();
    SetHelpText(m_text);
}

wxString EvidenceCard::Text() const { return m_text; }

} // namespace kc::gui
