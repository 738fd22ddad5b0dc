#include "outcome_pages.hpp"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "kc/base/clock.hpp"
#include "label.hpp"
#include "local_time.hpp"
#include "wx_string.hpp"

namespace kc::gui {

HardStopPage::HardStopPage(wxWindow* parent, std::function<void()> viewRecord, std::function<void()> close)
    : wxPanel(parent) {
    SetName("Hard stop");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* title = Label(this, _("Hard stop — the session has ended"), true, 1.6);
    title->SetForegroundColour(wxColour(0xa0, 0x00, 0x00));
    m_message = Label(this, wxEmptyString, true, 1.15);
    m_detail = new wxStaticText(this, wxID_ANY, wxEmptyString);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    auto* view = new wxButton(this, wxID_ANY, _("&View and print the record"));
    auto* closeButton = new wxButton(this, wxID_CLOSE, _("&Close"));
    view->Bind(wxEVT_BUTTON, [viewRecord = std::move(viewRecord)](wxCommandEvent&) { viewRecord(); });
    closeButton->Bind(wxEVT_BUTTON, [close = std::move(close)](wxCommandEvent&) { close(); });
    buttons->Add(view, 0, wxRIGHT, FromDIP(8));
    buttons->Add(closeButton);
    const int gap = FromDIP(16);
    sizer->Add(title, 0, wxALL, gap);
    sizer->Add(m_message, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(m_detail, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(buttons, 0, wxALL, gap);
    SetSizer(sizer);
}

void HardStopPage::ShowStop(const Protocol& protocol, const SessionState& state, const SessionView& view,
                            const std::string& trailPath) {
    const Step* step = protocol.FindStep(state.stopStep);
    const auto index = protocol.StepIndex(state.stopStep);
    m_message->SetLabel(ToWx(state.stopMessage));
    m_message->Wrap(FromDIP(700));
    m_detail->SetLabel(wxString::Format(
        _("Step: %s\nAnswer: %s\n\nWhat is recorded: the answer and this hard stop, up to event %llu of the audit "
          "trail, at %s (local time).\nTrail: %s\nFinal hash: %s\n\nNo further answers can be recorded in this session."),
        ToWx(step ? step->prompt : state.stopStep), ToWx(index ? view.At(*index).answer : ""),
        static_cast<unsigned long long>(state.lastSeq), LocalDateTime(state.endedUtcMs), ToWx(trailPath),
        ToWx(state.lastHash)));
    m_detail->Wrap(FromDIP(760));
    m_detail->SetToolTip(wxString::Format(_("The trail records the stop at %s"), UtcText(state.endedUtcMs)));
}

wxString HardStopPage::DetailText() const { return m_detail->GetLabel(); }

wxString HardStopPage::DetailToolTip() const { return m_detail->GetToolTipText(); }

FinishPage::FinishPage(wxWindow* parent, const std::string& operatorName,
                       std::function<void(const std::string& name, const std::string& meaning)> sign)
    : wxPanel(parent) {
    SetName("Finish");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    const int gap = FromDIP(14);
    sizer->Add(Label(this, _("Every step is done"), true, 1.4), 0, wxALL, gap);
    m_summary = new wxStaticText(this, wxID_ANY, wxEmptyString);
    sizer->Add(m_summary, 0, wxLEFT | wxRIGHT | wxBOTTOM, gap);
    sizer->Add(Label(this, _("Attestation"), true, 1.1), 0, wxLEFT | wxRIGHT, gap);
    auto* grid = new wxFlexGridSizer(2, FromDIP(8), FromDIP(8));
    grid->AddGrowableCol(1);
    m_name = new wxTextCtrl(this, wxID_ANY, ToWx(operatorName));
    m_name->SetName("Printed name");
    m_meaning = new wxTextCtrl(this, wxID_ANY,
                               _("I confirm that this checklist was completed as recorded and that the answers "
                                 "are accurate."),
                               wxDefaultPosition, FromDIP(wxSize(-1, 60)), wxTE_MULTILINE);
    m_meaning->SetName("Meaning of the signature");
    grid->Add(new wxStaticText(this, wxID_ANY, _("Printed &name:")), 0, wxALIGN_CENTER_VERTICAL);
    grid->Add(m_name, 1, wxEXPAND);
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Meaning:")), 0, wxALIGN_TOP);
    grid->Add(m_meaning, 1, wxEXPAND);
    sizer->Add(grid, 0, wxALL | wxEXPAND, gap);
    sizer->Add(new wxStaticText(this, wxID_ANY, _("The time is taken from the clock when you sign.")), 0,
               wxLEFT | wxRIGHT, gap);
    auto* signButton = new wxButton(this, wxID_ANY, _("&Sign and complete"));
    signButton->SetName("Sign and complete");
    signButton->Bind(wxEVT_BUTTON, [this, sign = std::move(sign)](wxCommandEvent&) {
        sign(FromWx(m_name->GetValue()), FromWx(m_meaning->GetValue()));
    });
    sizer->Add(signButton, 0, wxALL, gap);
    SetSizer(sizer);
}

void FinishPage::ShowCounts(const FinishCounts& counts) {
    // Each count in its own plural form ("1 step", "2 steps"), as the translations give them.
    const auto count = [](const wxString& form, int n) { return wxString::Format(form, n); };
    const auto n = [](int value) { return static_cast<unsigned>(value); };
    const FinishCounts& c = counts;
    m_summary->SetLabel(
        count(wxPLURAL("%d step answered", "%d steps answered", n(c.answered)), c.answered) + ", " +
        count(wxPLURAL("%d optional step skipped", "%d optional steps skipped", n(c.skipped)), c.skipped) + ", " +
        count(wxPLURAL("%d step not applicable by condition", "%d steps not applicable by condition",
                       n(c.notApplicable)),
              c.notApplicable) +
        ".\n" + count(wxPLURAL("%d warning justified", "%d warnings justified", n(c.justified)), c.justified) + ", " +
        count(wxPLURAL("%d amendment", "%d amendments", n(c.amendments)), c.amendments) +
        _(". Review any step in the list on the left before you sign."));
}

wxString FinishPage::SummaryText() const { return m_summary->GetLabel(); }

} // namespace kc::gui
