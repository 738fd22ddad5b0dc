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

} // namespace kc
