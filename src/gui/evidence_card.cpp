#include "evidence_card.hpp"

#include <algorithm>
#include <vector>

#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/textctrl.h>

#include "kc/protocol/render.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

// The card's width in DIPs: the same on every step, whatever the basis holds.
constexpr int kCardWidth = 320;

} // namespace

EvidenceCard::EvidenceCard(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("Evidence card");
    auto* box = new wxStaticBoxSizer(wxVERTICAL, this, _("Evidence"));
    // Read only, wrapped at word boundaries, scrolled vertically when long: nothing is cut.
    m_view = new wxTextCtrl(box->GetStaticBox(), wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                            wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxTE_WORDWRAP);
    m_view->SetName("Evidence for this step");
    m_view->SetToolTip(_("Where this step comes from. Tab reaches it; the arrow keys scroll it."));
    box->Add(m_view, 1, wxEXPAND | wxALL, FromDIP(4));
    SetSizer(box);
    const wxSize fixed(FromDIP(kCardWidth), -1);
    SetMinSize(fixed);
    SetMaxSize(fixed);
    m_view->SetMinSize(wxSize(FromDIP(kCardWidth - 20), FromDIP(120)));
}

void EvidenceCard::Heading(const wxString& text, const wxColour& colour) {
    wxFont font = m_view->GetFont().Bold().Larger();
    if (!m_view->IsEmpty()) m_view->AppendText("\n");
    m_view->SetDefaultStyle(wxTextAttr(colour, wxNullColour, font));
    m_view->AppendText(text + "\n");
}

void EvidenceCard::Row(const wxString& label, const wxString& value) {
    m_view->SetDefaultStyle(wxTextAttr(GetForegroundColour(), wxNullColour, m_view->GetFont().Bold()));
    m_view->AppendText(label + ": ");
    m_view->SetDefaultStyle(wxTextAttr(GetForegroundColour(), wxNullColour, m_view->GetFont()));
    m_view->AppendText(value + "\n");
}

void EvidenceCard::AddBasis(const Protocol& p, const Basis& b, const wxString& heading) {
    Heading(heading, b.kind == Basis::Kind::Guideline ? wxColour(0x1d, 0x4e, 0x89) : wxColour(0x7a, 0x4b, 0x00));
    if (b.kind == Basis::Kind::LocalPolicy) {
        Row(_("Basis"), _("Local policy — the department's own rule"));
        if (!b.citation.empty()) Row(_("Citation"), ToWx(b.citation));
        if (!b.covers.empty()) Row(_("Guideline question"), ToWx(b.covers));
        if (!b.note.empty()) Row(_("Note"), ToWx(b.note));
        return;
    }
    Row(_("Basis"), _("Guideline"));
    AddGuidelineRows(p, b);
}

void EvidenceCard::AddGuidelineRows(const Protocol& p, const Basis& b) {
    // The whole citation: authors, title, then the journal and year it ends with.
    if (const Source* source = p.FindSource(b.source)) {
        Row(_("Source"), ToWx(source->citation));
        if (!source->doi.empty()) Row(_("DOI"), ToWx(source->doi));
        if (!source->pmid.empty()) Row(_("PMID"), ToWx(source->pmid));
    } else {
        Row(_("Source"), ToWx(b.source));
    }
    Row(_("Section"), ToWx(b.section));
    Row(_("Grade"), b.grade.empty() ? _("not given") : ToWx(b.grade));
    Row(_("Certainty"), b.certainty.empty() ? _("not given") : ToWx(b.certainty));
    Row(_("Provenance"), ToWx(b.provenance));
    if (!b.gradeNote.empty()) Row(_("Grade note"), ToWx(b.gradeNote));
}

void EvidenceCard::AddQuote(const Protocol& p, const Quote& quote) {
    Heading(_("Guideline statement — information, not a target"), wxColour(0x1d, 0x4e, 0x89));
    Row(_("Statement"), ToWx(quote.text));
    AddGuidelineRows(p, quote.basis);
}

// Who stands behind the evidence: for each guideline source the step names, who developed it,
// its date and its own review status; then who translated it into this protocol, when the
// protocol was last reviewed against the project's evidence reference, and where that is.
void EvidenceCard::AddAbout(const Protocol& p, const Step& step, const Option* chosen) {
    std::vector<const Source*> sources;
    const auto use = [&](const Basis& b) {
        if (b.kind != Basis::Kind::Guideline) return;
        const Source* source = p.FindSource(b.source);
        if (source && std::find(sources.begin(), sources.end(), source) == sources.end()) sources.push_back(source);
    };
    use(step.basis);
    for (const Quote& q : step.quotes) use(q.basis);
    if (chosen && chosen->basis) use(*chosen->basis);
    Heading(_("About this evidence"), GetForegroundColour());
    const wxString notGiven = _("not given in the protocol");
    for (const Source* source : sources) {
        const wxString name = ToWx(ShortSourceName(*source));
        Row(wxString::Format(_("%s developed by"), name), source->developedBy.empty() ? notGiven : ToWx(source->developedBy));
        Row(wxString::Format(_("%s published"), name), source->published.empty() ? notGiven : ToWx(source->published));
        Row(wxString::Format(_("%s review status"), name),
            source->reviewStatus.empty() ? notGiven : ToWx(source->reviewStatus));
    }
    Row(_("Translated into this protocol by"), p.translatedBy.empty() ? notGiven : ToWx(p.translatedBy));
    Row(_("Protocol last reviewed against the reference"), ToWx(p.lastReviewed));
    Row(_("Evidence reference"), p.evidenceReference.empty() ? notGiven : ToWx(p.evidenceReference));
}

void EvidenceCard::Show(const Protocol& protocol, const Step& step, const Option* chosen) {

    m_view->Clear();
    AddBasis(protocol, step.basis, _("This step"));
    for (const Quote& quote : step.quotes) AddQuote(protocol, quote);
    if (chosen && chosen->basis) AddBasis(protocol, *chosen->basis, ToWx(chosen->label));
    AddAbout(protocol, step, chosen);
    m_view->SetDefaultStyle(wxTextAttr());
    m_view->ShowPosition(0);

    SetHelpText(m_view->GetValue());
}

wxString EvidenceCard::Text() const { return m_view->GetValue(); }

} // namespace kc::gui
