// Rounds as an auditor counts them. Everything comes from Engine::Schedule at one moment, so a
// report says of each round exactly what the session said (or would say at that moment).
#include "kc/report/rounds_summary.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace kc {
namespace {

// Taken times (session time) of every observation of one schedule, in order.
std::vector<std::int64_t> TakenTimes(const ScheduleRecord& record) {
    std::vector<std::int64_t> times;
    for (const auto& [number, round] : record.rounds)
        for (const ObservationRecord& o : round.steps)
            if (o.taken) times.push_back(o.takenElapsedMs);
    std::sort(times.begin(), times.end());
    return times;
}

// The longest of: start to the first time, and each time to the next.
std::optional<std::int64_t> LongestGap(std::int64_t start, const std::vector<std::int64_t>& sortedTimes) {
    if (sortedTimes.empty()) return std::nullopt;
    std::int64_t longest = sortedTimes.front() - start, previous = sortedTimes.front();
    for (const std::int64_t t : sortedTimes) {
        longest = std::max(longest, t - previous);
        previous = t;
    }
    return longest;
}

void Count(const RoundInfo& round, Moment at, ScheduleSummary& s) {
    switch (round.status) {
    case RoundStatus::OnTime: ++s.onTime; break;
    case RoundStatus::Late: ++s.late; break;
    case RoundStatus::Missed: ++s.missed; break;
    case RoundStatus::Due:
    case RoundStatus::Overdue:
        // Open for entry from its grace before the due time; it is due once that time has come.
        if (round.dueElapsedMs > at.elapsedMs) return;
        ++s.open;
        break;
    case RoundStatus::Upcoming: return;
    }
    ++s.due;
}

} // namespace

Moment ReportMoment(const SessionState& state, std::int64_t nowUtcMs) {
    const Moment last{state.lastUtcMs, state.lastElapsedMs};
    if (state.Ended() || nowUtcMs <= state.lastUtcMs) return last;
    return {nowUtcMs, state.lastElapsedMs + (nowUtcMs - state.lastUtcMs)};
}

RoundsSummary SummariseRounds(const Engine& engine, const SessionState& state, Moment at) {
    RoundsSummary out;
    const Protocol& p = engine.GetProtocol();
    std::vector<std::int64_t> allTimes;
    std::optional<std::int64_t> earliestStart;
    for (std::size_t i = 0; i < p.rounds.size(); ++i) {
        const RoundSchedule& schedule = p.rounds[i];
        ScheduleSummary s;
        s.id = schedule.id;
        s.title = schedule.title;
        if (schedule.until.empty()) s.periodMs = schedule.forMs;
        const ScheduleInfo info = engine.Schedule(state, i, at);
        s.anchored = info.anchored;
        if (info.anchored && i < state.schedules.size()) {
            const ScheduleRecord& record = state.schedules[i];
            for (const RoundInfo& round : info.rounds) Count(round, at, s);
            const std::vector<std::int64_t> times = TakenTimes(record);
            s.longestGapMs = LongestGap(info.anchorElapsedMs, times);
            s.endedEarly = record.endedEarly;
            s.earlyReason = record.earlyReason;
            s.earlySecondClinician = record.earlySecondClinician;
            if (s.periodMs) {
                std::int64_t reached = record.endedEarly ? record.endedEarlyElapsedMs
                                       : times.empty()   ? info.anchorElapsedMs
                                                         : times.back();
                s.achievedMs = std::clamp<std::int64_t>(reached - info.anchorElapsedMs, 0, *s.periodMs);
            }
            allTimes.insert(allTimes.end(), times.begin(), times.end());
            earliestStart = std::min(earliestStart.value_or(info.anchorElapsedMs), info.anchorElapsedMs);
        }
        out.due += s.due;
        out.onTime += s.onTime;
        out.late += s.late;
        out.missed += s.missed;
        out.open += s.open;
        out.schedules.push_back(std::move(s));
    }
    std::sort(allTimes.begin(), allTimes.end());
    if (earliestStart) out.longestGapMs = LongestGap(*earliestStart, allTimes);
    return out;
}

std::string DurationForPerson(std::int64_t ms) {
    const std::int64_t seconds = ms / 1000, minutes = seconds / 60, hours = minutes / 60;
    std::string out;
    if (hours > 0) out = fmt::format("{} h", hours);
    if (minutes % 60 > 0) out += fmt::format("{}{} min", out.empty() ? "" : " ", minutes % 60);
    if (seconds % 60 > 0 || out.empty()) out += fmt::format("{}{} s", out.empty() ? "" : " ", seconds % 60);
    return out;
}

} // namespace kc
