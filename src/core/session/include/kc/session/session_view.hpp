#pragma once
// A read-only snapshot of a session for the faces, computed once per decision from the engine
// and the state: each step's status and what may be done to it, the step to answer now,
// progress, the finish counts and the recorded answers as a person reads them. A value: it
// does not follow the state, so build a new one after each recorded decision. Never throws.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "kc/session/engine.hpp"

namespace kc {

// One step as the faces show it. "Takes" means the engine's command would accept it now,
// before the values, note, justification or reason are checked.
struct StepView {
    StepStatus status = StepStatus::Pending;
    bool takesAnswer = false; // Answer: the session is active, this is the next step, unanswered
    bool takesSkip = false;   // Skip: ... and the step is optional
    bool takesJustification = false; // Justify: the session is active and the step's warning waits
    bool mayAmend = false;    // Amend: MayAmend (engine.hpp)
    std::string answer;       // what is recorded: option labels with the unit, "skipped", or empty
};

// The one count the faces show: the steps that apply (their condition holds) and how many of
// them are done, beside the protocol's total and the steps that do not apply now. Which steps
// apply follows the answers, so `shown` moves as they are given; `total` does not.
struct SessionProgress {
    int shown = 0; // applicable
    int done = 0;  // applicable, neither pending nor waiting for a justification
    int total = 0; // the protocol's steps
    int notApplicable = 0; // total - shown
};

// What the finish page counts before the person signs.
struct FinishCounts {
    int answered = 0; // answered or justified
    int skipped = 0;
    int notApplicable = 0;
    int justified = 0;
    int amendments = 0; // over all steps
};

class SessionView {
public:
    SessionView(const Engine& engine, const SessionState& state);

    // Indexed like Protocol::steps; empty before the session started.
    const std::vector<StepView>& Steps() const { return m_steps; }
    const StepView& At(std::size_t step) const { return m_steps.at(step); }
    // The step to answer now (or justify); nullopt when every shown step is done (NextStep).
    std::optional<std::size_t> Next() const { return m_next; }
    const SessionProgress& Progress() const { return m_progress; }
    // The step's number among the applicable steps (1-based, as "step 7 of 52 applicable");
    // nullopt for a step that does not apply.
    std::optional<int> Position(std::size_t step) const;
    const FinishCounts& Finish() const { return m_finish; }

private:
    std::vector<StepView> m_steps;
    std::optional<std::size_t> m_next;
    std::vector<int> m_positions; // 0: not applicable
    SessionProgress m_progress;
    FinishCounts m_finish;
};

// Recorded values as a person reads them: each option's label ("not applicable" for the N/A
// answer, the value itself otherwise), comma-separated, followed by the step's unit if any.
std::string DescribeValues(const Step& step, const Values& values);

} // namespace kc
