#include "kc/audit/trail_reader.hpp"

#include <fmt/format.h>

#include "kc/audit/codec.hpp"
#include "kc/text.hpp"

namespace kc {

std::string TornMessage() { return "incomplete, not acknowledged (an interrupted write left a torn last line)"; }

TrailScan ScanTrail(std::string_view bytes) {
    TrailScan scan;
    std::size_t offset = 0;
    std::uint64_t expectedSeq = 1;
    std::string prevHash = kGenesisHash;
    std::string sessionId;
    while (offset < bytes.size()) {
        const int lineNo = ++scan.lines;
        const auto end = bytes.find('\n', offset);
        if (end == std::string_view::npos) {
            // Never acknowledged: the writer acknowledges a line only after its newline is durable.
            const auto tail = bytes.substr(offset);
            const bool zeros = tail.find_first_not_of('\0') == std::string_view::npos;
            scan.problem = TrailProblem{
                lineNo, zeros ? TornMessage() + "; the tail is zero-filled" : TornMessage(), true};
            return scan;
        }
        const std::string_view line = bytes.substr(offset, end - offset);
        auto fail = [&](std::string what) {
            scan.problem = TrailProblem{lineNo, std::move(what), false};
            return scan;
        };
        if (line.find('\0') != std::string_view::npos)
            return fail(end + 1 == bytes.size() ? "zero-filled line (storage lost this write)"
                                                : "line holds zero bytes (damaged storage or an edit)");
        if (line.empty()) return fail("empty line");
        const LineCheck check = CheckLine(line);
        if (!check.ok) return fail(check.what);
        std::string error;
        auto event = DecodeLine(line, error);
        if (!event) return fail(error);
        if (event->seq != expectedSeq) {
            if (event->seq + 1 == expectedSeq && event->hash == prevHash)
                return fail(fmt::format("duplicated line (sequence {} again)", event->seq));
            if (event->seq < expectedSeq)
                return fail(fmt::format("out of order: sequence {} after {} (reordered lines)", event->seq,
                                        expectedSeq - 1));
            return fail(fmt::format("sequence jumps from {} to {}: {} line(s) removed before this one", expectedSeq - 1,
                                    event->seq, event->seq - expectedSeq));
        }
        if (event->prevHash != prevHash)
            return fail("does not chain to the line before (a line was inserted, removed or replaced)");
        if (lineNo == 1 && !std::holds_alternative<ev::SessionStarted>(event->body))
            return fail("the trail does not begin with session_started");
        if (lineNo == 1) sessionId = event->sessionId;
        else if (event->sessionId != sessionId)
            return fail(fmt::format("line belongs to session '{}', not '{}' (lines from another trail)",
                                    event->sessionId, sessionId));
        prevHash = event->hash;
        ++expectedSeq;
        offset = end + 1;
        scan.intactBytes = offset;
        scan.events.push_back(std::move(*event));
    }
    // Created, then killed before the first line was durable: the session never started.
    if (scan.lines == 0)
        scan.problem = TrailProblem{1, "empty session file: the session never started (nothing was acknowledged)", true};
    return scan;
}

TrailScan ScanTrailFile(const std::string& path) {
    // A trail is bounded by its protocol's steps; 256 MiB is far beyond any real session.
    return ScanTrail(ReadFile(path, std::size_t{256} * 1024 * 1024));
}

} // namespace kc
