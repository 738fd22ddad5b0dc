#pragma once
// Reads a trail and checks its chain line by line: framing and hash, sequence, link to the
// line before, session id. Stops at the first broken place; an incomplete last line (a
// write cut short by a crash, or a zero-filled tail) is told apart as "torn".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/session/events.hpp"

namespace kc {

struct TrailProblem {
    int line = 0;        // 1-based
    std::string what;
    bool torn = false;   // only an incomplete, never acknowledged last line
};

struct TrailScan {
    std::vector<Event> events;          // the intact events before any problem
    std::optional<TrailProblem> problem;
    std::size_t intactBytes = 0;        // length of the intact prefix (whole lines)
    int lines = 0;                      // lines seen, torn tail included
};

TrailScan ScanTrail(std::string_view bytes);

// Reads the file (throws IoError) and scans it.
TrailScan ScanTrailFile(const std::string& path);

std::string TornMessage();

} // namespace kc
