#pragma once
// The session window's supervision tab: for each schedule of rounds in the protocol, the
// current round (due or overdue) with a form for its shown steps, a countdown to the next
// round, the rounds so far (due, taken, values, status) and a trend of each measurement.
// What is shown comes from Engine::Schedule at Session::Now(); what the form needs beyond a
// value (a note, a late reason, a second clinician) is what the engine would refuse without.
// Nothing is written except through the `record` command the frame gives.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <wx/scrolwin.h>

#include "kc/ops/session.hpp"

class wxButton;
class wxListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace kc::gui {

class AnswerControls;
class Prompter;
class TrendChart;

// Records a decision through the frame (durable write, status bar); a refusal is given to
// `refused`. True when it was recorded.
using RecordCommand =
    std::function<bool(const std::function<Decision()>& command, const std::function<void(const wxString&)>& refused)>;

// A round that asks for attention now.
struct RoundAlert {
    std::size_t schedule = 0;
    std::uint64_t number = 0;
    RoundStatus status = RoundStatus::Due; // Due or Overdue
    std::string title;
};

class SupervisionPanel : public wxScrolledWindow {
public:
    SupervisionPanel(wxWindow* parent, Session& session, Prompter& prompter, RecordCommand record,
                     std::function<void()> recorded);
    ~SupervisionPanel() override;

    // Reads the clocks once and shows each schedule as it stands: statuses, countdowns, and a
    // new form when the current round changed. Writes nothing. Returns the rounds due or overdue.
    std::vector<RoundAlert> Tick();

    // The commands, as the buttons and menus give them. `schedule` nullopt: the one holding the
    // keyboard focus, else the first one the command applies to.
    void RecordRound(std::optional<std::size_t> schedule = std::nullopt);
    void MissRound(std::optional<std::size_t> schedule = std::nullopt);
    void EndEarly(std::optional<std::size_t> schedule = std::nullopt);
    // Moves the focus to the first field of the most urgent due round's form; false when none is due.
    bool FocusDueRound();

    // What the person sees, for tests and the screenshot script.
    wxString StateText(std::size_t schedule) const;
    wxString CountdownText(std::size_t schedule) const;
    wxString ErrorText(std::size_t schedule) const;
    std::uint64_t FormRound(std::size_t schedule) const; // 0: no round to record
    wxListCtrl* Rounds(std::size_t schedule) const;
    TrendChart* Trend(std::size_t schedule, const std::string& step) const;
    // A field of the form by its accessible name (null when not shown).
    wxWindow* Field(std::size_t schedule, const wxString& name) const;

private:
    struct Row;
    struct Section;
    void BuildSection(std::size_t i);
    void ShowSection(Section& section, const ScheduleInfo& info, Moment now);
    void RebuildForm(Section& section, const RoundInfo* round, const std::vector<bool>& shown);
    // Asks the engine which of the note, late reason and second clinician each filled step
    // needs at `now` (the smallest set it accepts), and shows exactly those fields.
    void ShowNeededFields(Section& section, Moment now);
    std::optional<Observation> ObservationOf(const Section& section, const Row& row, Moment now, wxString& error) const;
    Section* Target(std::optional<std::size_t> schedule, const std::function<bool(const Section&)>& applies);
    Moment Now() const;
    void Relayout();
    void ShowError(Section& section, const wxString& text);

    Session& m_session;
    Prompter& m_prompter;
    RecordCommand m_record;
    std::function<void()> m_recorded;
    std::vector<std::unique_ptr<Section>> m_sections;
    bool m_relayout = true; // a label or a form changed size: lay the tab out again
};

} // namespace kc::gui
