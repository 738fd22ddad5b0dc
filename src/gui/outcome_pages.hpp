#pragma once
// The session window's pages after the walk: the hard stop (why the session ended and what
// the trail holds up to it) and the finish page (the counts, then the attestation to sign).
#include <functional>
#include <string>

#include <wx/panel.h>

#include "kc/session/session_view.hpp"

class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

class HardStopPage : public wxPanel {
public:
    // `viewRecord` and `close` are the page's two buttons.
    HardStopPage(wxWindow* parent, std::function<void()> viewRecord, std::function<void()> close);

    // Shows the stop of a stopped session: its message, the step and answer, the last event,
    // the trail and its final hash.
    void ShowStop(const Protocol& protocol, const SessionState& state, const SessionView& view,
                  const std::string& trailPath);
    wxString DetailText() const;
    wxString DetailToolTip() const; // the UTC times the trail holds

private:
    wxStaticText* m_message = nullptr;
    wxStaticText* m_detail = nullptr;
};

class FinishPage : public wxPanel {
public:
    // The printed name starts as `operatorName`; `sign` gets the name and the meaning.
    FinishPage(wxWindow* parent, const std::string& operatorName,
               std::function<void(const std::string& name, const std::string& meaning)> sign);

    void ShowCounts(const FinishCounts& counts);
    wxString SummaryText() const;

private:
    wxStaticText* m_summary = nullptr;
    wxTextCtrl* m_name = nullptr;
    wxTextCtrl* m_meaning = nullptr;
};

} // namespace kc::gui
