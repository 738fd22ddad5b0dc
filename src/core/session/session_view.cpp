#include "kc/session/session_view.hpp"

namespace kc {

SessionView::SessionView(const Engine& engine, const SessionState& state) {
    // Statuses has no meaning before session_started (the state has no steps yet).
    if (state.status == SessionStatus::NotStarted) return;
    const Protocol& protocol = engine.GetProtocol();
    // One walk: the next step is the first shown step still pending or waiting for its
    // justification, which is what NextStep returns from the same walk.
    const std::vector<StepStatus> statuses = engine.Statuses(state);
    m_steps.resize(statuses.size());
    m_positions.assign(statuses.size(), 0);
    m_progress.total = static_cast<int>(statuses.size());
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        const StepStatus status = statuses[i];
        if (!m_next && (status == StepStatus::Pending || status == StepStatus::AwaitingJustification)) m_next = i;
        StepView& view = m_steps[i];
        const StepRecord& record = state.steps[i];
        view.status = status;
        view.mayAmend = MayAmend(state, status);
        // Justify's precondition: a stopped or abandoned session can leave a warning waiting.
        view.takesJustification =
            state.status == SessionStatus::Active && status == StepStatus::AwaitingJustification;
        view.answer = record.skipped ? "skipped" : record.answered ? DescribeValues(protocol.steps[i], record.values) : "";
        if (status == StepStatus::NotApplicable) ++m_progress.notApplicable;
        if (status != StepStatus::NotApplicable) {
            m_positions[i] = ++m_progress.shown;
            if (status != StepStatus::Pending && status != StepStatus::AwaitingJustification) ++m_progress.done;
        }
        m_finish.answered += status == StepStatus::Answered || status == StepStatus::Justified;
        m_finish.skipped += status == StepStatus::Skipped;
        m_finish.notApplicable += status == StepStatus::NotApplicable;
        m_finish.justified += status == StepStatus::Justified;
        m_finish.amendments += record.amendments;
    }
    // Engine::Answer's and Skip's preconditions, in their order: active, the next step, no
    // answer yet (and, to skip, not required).
    if (m_next && state.status == SessionStatus::Active && !state.steps[*m_next].answered) {
        m_steps[*m_next].takesAnswer = true;
        m_steps[*m_next].takesSkip = !protocol.steps[*m_next].required;
    }
}

std::optional<int> SessionView::Position(std::size_t step) const {
    if (step >= m_positions.size() || m_positions[step] == 0) return std::nullopt;
    return m_positions[step];
}

std::string DescribeValues(const Step& step, const Values& values) {
    std::string out;
    for (const auto& v : values) {
        const Option* o = step.FindOption(v);
        out += (out.empty() ? "" : ", ") + (o ? o->label : v == kNotApplicable ? std::string("not applicable") : v);
    }
    if (!step.unit.empty() && !values.empty()) out += " " + step.unit;
    return out;
}

} // namespace kc
