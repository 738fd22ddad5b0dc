#pragma once
// A session's rounds of observations as an auditor counts them (the report, the audit window):
// per schedule, the rounds due, done on time, done late, missed and left open at a moment, the
// longest gap between observations and the observation period achieved. Computed from the
// folded state and Engine::Schedule; never reads a clock. Never throws.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kc/session/engine.hpp"

namespace kc {

struct ScheduleSummary {
    std::string id;
    std::string title;
    bool anchored = false; // its `from` time point is recorded: its rounds have begun
    // Rounds due by the moment: each one done (on time or late), missed, or open (due or
    // overdue and not yet done or closed). due == onTime + late + missed + open.
    std::size_t due = 0, onTime = 0, late = 0, missed = 0, open = 0;
    // The longest time between the schedule's start and its first observation, or between the
    // taken times of two consecutive observations (any step); nullopt: nothing observed.
    std::optional<std::int64_t> longestGapMs;
    // Schedules with a `for` period: the period the protocol states, and the part achieved:
    // from the start to the last observation taken, or to the early end when it ended early,
    // at most the stated period.
    std::optional<std::int64_t> periodMs;
    std::optional<std::int64_t> achievedMs;
    bool endedEarly = false;
    std::string earlyReason;
    std::string earlySecondClinician;
};

// A session's rounds: every schedule of its protocol in order, their sums, and the longest gap
// over all its observations together (of every schedule, from the earliest schedule start;
// nullopt: nothing observed).
struct RoundsSummary {
    std::vector<ScheduleSummary> schedules;
    std::size_t due = 0, onTime = 0, late = 0, missed = 0, open = 0;
    std::optional<std::int64_t> longestGapMs;
    bool Any() const { return due > 0 || longestGapMs.has_value(); }
};

// The session's rounds at `at` (ReportMoment).
RoundsSummary SummariseRounds(const Engine& engine, const SessionState& state, Moment at);

// The moment a report judges a session's rounds at: an ended session at its last event (its
// end), an open one at `nowUtcMs` (the report's now, injected), its session time running on by
// the wall clock's gap since its last event; a `nowUtcMs` before that last event: the last event.
Moment ReportMoment(const SessionState& state, std::int64_t nowUtcMs);

// "15 min", "1 h", "1 h 5 min", "45 s", "2 min 30 s": a duration for a person.
std::string DurationForPerson(std::int64_t ms);

} // namespace kc
