#include "kc/audit/trail_reader.hpp"

#include <fmt/format.h>

#include "kc/audit/codec.hpp"
#include "kc/base/text.hpp"

namespace kc {

namespace {

// The line number at or after `offset` whose event has sequence `seq`, or 0. Only used to
// name the damage once a break is found, so it may parse the rest of the file.
int FindSeqLater(std::string_view bytes, std::size_t offset, std::uint64_t seq, int lineNo) {
    while (offset < bytes.size()) {
        ++lineNo;
        const auto end = bytes.find('\n', offset);
        const auto line = bytes.substr(offset, end == std::string_view::npos ? std::string_view::npos : end - offset);
        std::string error;
        if (const auto e = DecodeLine(line, error); e && e->seq == seq) return lineNo;
        if (end == std::string_view::npos) break;
        offset = end + 1;
    }
    return 0;
}

} // namespace

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
            return fail(line.find_first_not_of('\0') == std::string_view::npos
                            ? "zero-filled line (storage lost this write, or it was overwritten)"
                            : "line holds zero bytes (damaged storage or an edit)");
        if (line.empty()) return fail("empty line");
        const LineCheck check = CheckLine(line);
        if (!check.ok) return fail(check.what);
        std::string error;
        auto event = DecodeLine(line, error);
        if (!event) return fail(error);
        if (event->seq != expectedSeq) {
            // Tell the kinds of damage apart: a copy of an earlier line, lines moved, lines gone.
            for (std::size_t k = 0; k < scan.events.size(); ++k)
                if (scan.events[k].hash == event->hash)
                    return fail(fmt::format("duplicate of line {} (sequence {} again)", k + 1, event->seq));
            if (event->seq < expectedSeq)
                return fail(fmt::format("out of order: sequence {} after {} (reordered lines)", event->seq,
                                        expectedSeq - 1));
            if (const int later = FindSeqLater(bytes, end + 1, expectedSeq, lineNo); later > 0)
                return fail(fmt::format("out of order: sequence {} where {} was expected, which comes later at "
                                        "line {} (reordered lines)",
                                        event->seq, expectedSeq, later));
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
        scan.problem = TrailProblem{0, "empty session file: the session never started (nothing was acknowledged)", true};
    return scan;
}

TrailScan ScanTrailFile(const std::string& path) {
    // A trail is bounded by its protocol's steps; 256 MiB is far beyond any real session.
    return ScanTrail(ReadFile(path, std::size_t{256} * 1024 * 1024));
}

} // namespace kc
