#pragma once
// The parts of the format for supervision in time: a step's standard codes and the department's
// limits, and a round schedule's timing (its durations and its anchors). Private to the loader.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"
#include "kc/yaml/map_reader.hpp"

namespace kc::loader {

// A step's `codes`: {system, code, display} items; reports invalid-code and duplicate-code.
std::vector<Code> ReadCodes(Checker& checker, const Node& list);

// A measurement's `limits`; reports invalid-limits and missing-message. Null when unusable.
std::optional<Limits> ReadLimits(Checker& checker, const Node& node);

// Where a schedule names things checked once every step is read.
struct RoundSite {
    SourcePos id, from, until;
};

// A schedule's from/until/for/every/grace into `rounds`: durations and the choice of until or
// for are checked here (invalid-duration, invalid-period), the anchors by CheckRoundAnchors.
RoundSite ReadRoundTiming(Checker& checker, MapReader& r, RoundSchedule& rounds);

// Once every step is read: each schedule's id is no step's id (duplicate-id); `from` names a
// time-point step before the schedule and `until` one after `from` in the walk (unknown-reference,
// kind-mismatch, invalid-anchor). `sites` runs parallel to protocol.rounds.
void CheckRoundAnchors(Checker& checker, const Protocol& protocol, const std::vector<RoundSite>& sites,
                       const std::set<std::string>& unreliable);

// The schedule whose steps include `stepId`, or null.
const RoundSchedule* RoundsOwning(const Protocol& protocol, const std::string& stepId);

} // namespace kc::loader
