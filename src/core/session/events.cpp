#include "kc/session/events.hpp"

#include <iterator>

namespace kc {

const char* EventTypeName(const EventBody& body) {
    static constexpr const char* kNames[] = {
        "session_started", "session_resumed", "step_answered", "step_skipped", "warning_raised", "warning_justified",
        "answer_amended", "answer_superseded", "hard_stopped", "attested", "session_completed", "session_abandoned",
        "observation_recorded", "round_missed", "observation_ended_early"};
    static_assert(std::size(kNames) == std::variant_size_v<EventBody>);
    return kNames[body.index()];
}

} // namespace kc
