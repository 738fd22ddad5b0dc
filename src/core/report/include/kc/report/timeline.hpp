#pragma once
// A session's events as a timeline for a person to read (checklistctl replay, the audit
// window): time, elapsed, actor, what happened, old -> new values and reasons.
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc {

struct TimelineRow {
    std::uint64_t seq = 0;
    std::string time;    // UTC, ISO 8601 with ms
    std::string elapsed; // "+12.345 s"
    std::string actor;   // "Dr A (anesthesiologist)"
    std::string what;    // one line
};

// `protocol` may be null (then prompts are not shown).
std::vector<TimelineRow> BuildTimeline(const std::vector<Event>& events, const Protocol* protocol);

// A plain-text rendering: a header with the session, operator and protocol, then one row
// per event and the final hash.
std::string RenderTimelineText(const std::vector<Event>& events, const Protocol* protocol);

// The rounds of observations in order, as of the trail's last event: for each schedule its
// interval, then each round with its due time, status, when its observations were taken and
// recorded, and the late or missed reason. Empty when the protocol has no rounds, or the
// events do not replay under it.
std::string RenderRoundsText(const std::vector<Event>& events, const Protocol& protocol);

} // namespace kc
