// The session window's side of supervision in rounds: the Supervision tab, the due round one
// key away, and each round that falls due announced in the status bar, the navigator, the
// bell and (in the background) a desktop notification. The rounds themselves are the
// supervision panel's (supervision_panel.hpp); nothing here writes.
#include <wx/app.h>
#include <wx/notebook.h>
#include <wx/notifmsg.h>
#include <wx/statusbr.h>
#include <wx/treectrl.h>

#include "session_frame.hpp"
#include "supervision_panel.hpp"
#include "wx_string.hpp"

namespace kc::gui {
namespace {

const wxColour kOverdueColour(0xa0, 0x00, 0x00);
const wxColour kDueColour(0x8a, 0x52, 0x00);

// "Round 2 of Observations during the infusion due" / "... OVERDUE".
wxString AlertText(const RoundAlert& alert) {
    return wxString::Format(alert.status == RoundStatus::Overdue ? _("Round %llu of %s OVERDUE") : _("Round %llu of %s due"),
                            static_cast<unsigned long long>(alert.number), ToWx(alert.title));
}

} // namespace

bool SessionFrame::SupervisionShown() const { return m_tabs && m_tabs->GetSelection() == 1; }

void SessionFrame::ShowSupervision() {
    if (m_tabs && m_tabs->GetSelection() != 1) m_tabs->SetSelection(1);
}

void SessionFrame::OpenDueRound() {
    if (!m_supervision) return;
    ShowSupervision();
    if (!m_supervision->FocusDueRound()) {
        m_supervision->SetFocus();
        wxBell();
    }
}

void SessionFrame::AfterObservation() {
    Tick();
    if (m_session->State().status != SessionStatus::Active) {
        if (m_tabs) m_tabs->SetSelection(0);
        ShowOutcomePage();
    }
}

void SessionFrame::Tick() {
    if (!m_supervision) return;
    const auto alerts = m_supervision->Tick();
    const Protocol& p = m_session->GetEngine().GetProtocol();
    const RoundAlert* urgent = nullptr;
    for (const auto& alert : alerts)
        if (!urgent || (alert.status == RoundStatus::Overdue && urgent->status != RoundStatus::Overdue)) urgent = &alert;
    SetStatusText(urgent ? AlertText(*urgent) : wxString(), kRoundsField);
    // The colour says it too: amber while due, red once overdue.
    wxStatusBar* bar = GetStatusBar();
    const int level = !urgent ? 0 : urgent->status == RoundStatus::Overdue ? 2 : 1;
    if (level != m_barLevel) {
        m_barLevel = level;
        bar->SetBackgroundColour(level == 0 ? wxNullColour : level == 2 ? kOverdueColour : kDueColour);
        bar->SetForegroundColour(level == 0 ? wxNullColour : *wxWHITE);
        bar->Refresh();
    }
    for (std::size_t r = 0; r < m_roundItems.size(); ++r) {
        if (!m_roundItems[r].IsOk()) continue;
        const RoundAlert* mine = nullptr;
        for (const auto& alert : alerts)
            if (alert.schedule == r) mine = &alert;
        m_navigator->SetItemText(m_roundItems[r], wxString::FromUTF8(mine ? (mine->status == RoundStatus::Overdue ? "⚠  " : "◉  ") : "◷  ") +
                                                      (mine ? AlertText(*mine) : ToWx(p.rounds[r].title)));
        m_navigator->SetItemTextColour(m_roundItems[r], !mine                                   ? wxNullColour
                                                        : mine->status == RoundStatus::Overdue ? kOverdueColour
                                                                                               : kDueColour);
        m_navigator->SetItemBold(m_roundItems[r], mine != nullptr);
    }
    for (const auto& alert : alerts) Announce(alert);
}

void SessionFrame::Announce(const RoundAlert& alert) {
    auto& seen = alert.status == RoundStatus::Overdue ? m_announcedOverdue : m_announced;
    if (!seen.insert({alert.schedule, alert.number}).second) return;
    if (alert.status == RoundStatus::Overdue) m_announced.insert({alert.schedule, alert.number});
    ++m_announcements;
    wxBell();
    if (!wxTheApp->IsActive()) {
        // In the background: the desktop says it (the system's notifications where there are any).
        // Kept until the next one, so that it stays on the desktop after this call.
        m_notification = std::make_unique<wxNotificationMessage>(
            AlertText(alert), _("Open the session window and press Ctrl+R to record it."), this,
            alert.status == RoundStatus::Overdue ? wxICON_WARNING : wxICON_INFORMATION);
        m_notification->Show(wxNotificationMessage::Timeout_Auto);
    }
}

} // namespace kc::gui
