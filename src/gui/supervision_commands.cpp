// The supervision panel's commands on a round: record it, close it as missed, end the
// schedule early. Each goes through the Session, and says in the section what was refused.
#include "prompter.hpp"
#include "supervision_section.hpp"
#include "wx_string.hpp"

namespace kc::gui {

SupervisionPanel::Section* SupervisionPanel::Target(std::optional<std::size_t> schedule,
                                                    const std::function<bool(const Section&)>& applies) {
    if (schedule) return *schedule < m_sections.size() ? m_sections[*schedule].get() : nullptr;
    for (wxWindow* w = FindFocus(); w; w = w->GetParent())
        for (auto& s : m_sections)
            if (w == s->root) return s.get();
    for (auto& s : m_sections)
        if (applies(*s)) return s.get();
    return m_sections.empty() ? nullptr : m_sections.front().get();
}

void SupervisionPanel::RecordRound(std::optional<std::size_t> schedule) {
    Section* s = Target(schedule, [](const Section& x) { return x.formRound != 0; });
    if (!s) return;
    auto refused = [this, s](const wxString& why) { ShowError(*s, why); };
    if (s->formRound == 0 || m_session.Closed()) {
        refused(_("No round is due: there is nothing to record now."));
        return;
    }
    bool any = false;
    bool recorded = false;
    for (const Row& row : s->rows) {
        wxString error;
        Moment now;
        try {
            now = Now();
        } catch (const Error& e) {
            refused(ToWx(e.what()));
            break;
        }
        const auto o = ObservationOf(*s, row, now, error);
        if (!error.empty()) {
            refused(error);
            break;
        }
        if (!o) continue;
        any = true;
        // A value beyond a stop limit ends the session: asked first, as on the step page.
        const Decision wouldBe = m_session.GetEngine().Observe(m_session.State(), *o, m_session.GetActor(), now);
        if (!ConfirmSessionEnd(m_prompter, this, wouldBe)) break;
        if (!m_record([&] { return m_session.Observe(*o); }, refused)) {
            try {
                ShowNeededFields(*s, Now());
            } catch (const Error&) {
            }
            break;
        }
        recorded = true;
        if (m_session.State().status != SessionStatus::Active) break; // a stop limit
    }
    if (!any && s->error->GetLabel().empty()) refused(_("Nothing to record: fill in at least one observation."));
    if (recorded) {
        const wxString message = s->error->GetLabel();
        Tick();
        if (!message.empty()) refused(message); // what stopped the rest of the round stays in view
        m_recorded();
    }
}

void SupervisionPanel::MissRound(std::optional<std::size_t> schedule) {
    Section* s = Target(schedule, [](const Section& x) { return x.missable; });
    if (!s) return;
    if (s->formRound == 0) {
        ShowError(*s, _("No round is overdue: there is nothing to close as missed."));
        wxBell();
        return;
    }
    const RoundSchedule& r = m_session.GetEngine().GetProtocol().rounds[s->schedule];
    const std::uint64_t number = s->formRound;
    const auto reason = m_prompter.Reason(
        this, wxString::Format(_("Close round %llu as missed"), static_cast<unsigned long long>(number)),
        wxString::Format(_("Round %llu of \"%s\" is closed as missed: no observation can be recorded in it afterwards. "
                           "Why was it missed?"),
                         static_cast<unsigned long long>(number), ToWx(r.title)));
    if (!reason) return;
    auto refused = [this, s](const wxString& why) { ShowError(*s, why); };
    if (m_record([&] { return m_session.MissRound(r.id, number, *reason); }, refused)) {
        Tick();
        m_recorded();
    }
}

void SupervisionPanel::EndEarly(std::optional<std::size_t> schedule) {
    Section* s = Target(schedule, [](const Section& x) { return x.endable; });
    if (!s) return;
    const RoundSchedule& r = m_session.GetEngine().GetProtocol().rounds[s->schedule];
    const auto input = m_prompter.EndObservationEarly(this, ToWx(r.title), m_session.GetActor().name);
    if (!input) return;
    auto refused = [this, s](const wxString& why) { ShowError(*s, why); };
    if (m_record([&] { return m_session.EndObservationEarly(r.id, input->text, input->secondClinician); }, refused)) {
        Tick();
        m_recorded();
    }
}

} // namespace kc::gui
