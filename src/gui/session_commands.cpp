// The session window's commands, as the clinician gives them: record an answer (asking first
// when it would end the session), skip, justify a warning (asked again with what was typed),
// amend (saying when an earlier step becomes due), abandon, sign and complete. Each is decided
// by the engine through RecordDecision (session_frame.cpp), which says what was written.
#include <wx/app.h>

#include "answer_controls.hpp"
#include "dialogs.hpp"
#include "prompter.hpp"
#include "session_frame.hpp"
#include "step_page.hpp"
#include "wording.hpp"
#include "wx_string.hpp"

namespace kc::gui {

bool SessionFrame::ConfirmStop(const Decision& wouldBe) { return ConfirmSessionEnd(m_context.prompter, this, wouldBe); }

wxString SessionFrame::StepStateText() const { return m_stepPage->StateText(); }

void SessionFrame::RecordAnswer() {
    if (!Controls() || !m_shown || CurrentPage() != Page::Step) return;
    const std::size_t index = *m_shown;
    const std::string stepId = m_session->GetEngine().GetProtocol().steps[index].id;
    if (const wxString error = Controls()->InputError(); !error.empty()) {
        m_stepPage->SetError(error);
        wxBell();
        return;
    }
    const Values values = Controls()->GetValues();
    const std::string note = FromWx(m_stepPage->Note());
    if (!ConfirmStop(m_session->GetEngine().Answer(m_session->State(), stepId, values, note, DecisionMoment()))) return;
    if (!RecordDecision([&] { return m_session->Answer(stepId, values, note); })) return;
    if (m_view.At(index).status == StepStatus::AwaitingJustification) {
        ShowStep(index);
        JustifyWarning();
        return;
    }
    ShowOutcomePage();
    if (CurrentPage() == Page::Step) ShowCurrent();
}

void SessionFrame::SkipStep() {
    if (!m_shown) return;
    const std::string stepId = m_session->GetEngine().GetProtocol().steps[*m_shown].id;
    if (RecordDecision([&] { return m_session->Skip(stepId, FromWx(m_stepPage->Note())); })) {
        ShowOutcomePage();
        if (CurrentPage() == Page::Step) ShowCurrent();
    }
}

void SessionFrame::JustifyWarning() {
    const auto next = m_view.Next();
    if (!next || !m_view.At(*next).takesJustification) return;
    const Step& step = m_session->GetEngine().GetProtocol().steps[*next];
    ShowStep(*next);
    // A refused justification is asked again with what was typed and why it was refused.
    JustificationInput typed;
    wxString problem;
    for (;;) {
        const auto input = m_context.prompter.Justify(this, step, m_session->GetActor().name, typed, problem);
        if (!input) {
            m_stepPage->SetError(!problem.empty() ? problem
                                                  : _("The session cannot continue past this warning without a "
                                                      "written justification. You can also amend the answer."));
            return;
        }
        wxString refusal;
        if (RecordDecision([&] { return m_session->Justify(step.id, input->text, input->secondClinician); },
                           [&](const wxString& why) { refusal = why; })) {
            ShowOutcomePage();
            if (CurrentPage() == Page::Step) ShowCurrent();
            return;
        }
        if (refusal.empty()) return; // not written: RecordDecision said so
        typed = *input;
        problem = Sentence(refusal) + ".";
    }
}

void SessionFrame::AmendShown() {
    if (const wxString why = AmendUnavailable(); !why.empty()) {
        // No dialog whose answer could not be recorded.
        wxBell();
        m_context.prompter.Error(this, _("Cannot amend"), why);
        return;
    }
    const std::size_t index = *m_shown;
    const Step& step = m_session->GetEngine().GetProtocol().steps[index];
    const auto input = m_context.prompter.Amend(this, step, m_session->State().steps[index].values, m_view.At(index).answer);
    if (!input) return;
    if (!ConfirmStop(m_session->GetEngine().Amend(m_session->State(), step.id, input->values, input->reason,
                                                  DecisionMoment())))
        return;
    const auto nextBefore = m_view.Next();
    if (!RecordDecision([&] { return m_session->Amend(step.id, input->values, input->reason); })) return;
    ShowOutcomePage();
    if (CurrentPage() != Page::Step) return;
    // A condition that holds now can make a step due before the one the person was on.
    const auto next = m_view.Next();
    const Protocol& p = m_session->GetEngine().GetProtocol();
    if (next && *next != index && nextBefore && *next < *nextBefore &&
        m_context.prompter.Confirm(
            this, _("An earlier step is now due"),
            wxString::Format(_("The amendment makes \"%s\" apply. It comes before the step you were on (\"%s\") and "
                               "is answered next.\n\nGo to it now?"),
                             ToWx(p.steps[*next].prompt), ToWx(p.steps[*nextBefore].prompt)))) {
        ShowStep(*next);
        return;
    }
    ShowStep(index);
}

wxString SessionFrame::AmendedText(std::size_t index) const {
    const StepStatus status = m_view.At(index).status;
    if (status == StepStatus::Pending || status == StepStatus::NotApplicable) return wxString();
    const Step& step = m_session->GetEngine().GetProtocol().steps[index];
    const auto& events = m_session->Events();
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (const auto* amended = std::get_if<ev::AnswerAmended>(&it->body); amended && amended->step == step.id)
            return wxString::Format(_("amended from %s (%s)"),
                                    amended->oldValues.empty() ? _("skipped") : ToWx(DescribeValues(step, amended->oldValues)),
                                    ToWx(amended->reason));
    return wxString();
}

void SessionFrame::Abandon() {
    if (m_session->State().status != SessionStatus::Active) return;
    const auto reason = m_context.prompter.AbandonReason(this);
    if (reason && RecordDecision([&] { return m_session->Abandon(*reason); })) ShowOutcomePage();
}

void SessionFrame::SignAndComplete(const std::string& name, const std::string& meaning) {
    if (!RecordDecision([&] { return m_session->Attest(name, meaning); })) {
        m_context.prompter.Error(this, _("Cannot sign"), ErrorText());
        return;
    }
    if (RecordDecision([&] { return m_session->Complete(); })) ShowOutcomePage();
}

} // namespace kc::gui
