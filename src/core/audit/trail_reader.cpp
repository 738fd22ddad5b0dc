#include "kc/audit/trail_reader.hpp"

#include <fmt/format.h>

#include "kc/audit/chained_log.hpp"
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

// A trail line's own checks before its hash: zero bytes (lost or overwritten storage) and
// emptiness are named as such.
std::optional<Event> DecodeTrailLine(std::string_view line, std::string& error) {
    if (line.find('\0') != std::string_view::npos) {
        error = line.find_first_not_of('\0') == std::string_view::npos
                    ? "zero-filled line (storage lost this write, or it was overwritten)"
                    : "line holds zero bytes (damaged storage or an edit)";
        return std::nullopt;
    }
    if (line.empty()) {
        error = "empty line";
        return std::nullopt;
    }
    const LineCheck check = CheckLine(line);
    if (!check.ok) {
        error = check.what;
        return std::nullopt;
    }
    return DecodeLine(line, error);
}

// Tells the kinds of damage apart when a sequence breaks: a copy of an earlier line, lines
// moved, lines gone.
std::string DiagnoseSequence(std::string_view bytes, const ChainProblem& p, const std::vector<Event>& events,
                             const std::string& hash) {
    for (std::size_t k = 0; k < events.size(); ++k)
        if (events[k].hash == hash) return fmt::format("duplicate of line {} (sequence {} again)", k + 1, p.seq);
    if (p.seq < p.expected)
        return fmt::format("out of order: sequence {} after {} (reordered lines)", p.seq, p.expected - 1);
    if (const int later = FindSeqLater(bytes, p.next, p.expected, p.line); later > 0)
        return fmt::format("out of order: sequence {} where {} was expected, which comes later at line {} (reordered "
                           "lines)",
                           p.seq, p.expected, later);
    return fmt::format("sequence jumps from {} to {}: {} line(s) removed before this one", p.expected - 1, p.seq,
                       p.seq - p.expected);
}

} // namespace

std::string TornMessage() { return "incomplete, not acknowledged (an interrupted write left a torn last line)"; }

TrailScan ScanTrail(std::string_view bytes) {
    TrailScan scan;
    std::string sessionId;
    // Each line goes straight into scan.events (the verify path's hot loop: no second move);
    // the one a check refuses is taken out again below.
    const ChainScan chain = ScanChain(
        bytes,
        [&](std::string_view line, ChainLink& link, std::string& error) {
            auto event = DecodeTrailLine(line, error);
            if (!event) return false;
            const Event& e = scan.events.emplace_back(std::move(*event));
            link = {e.seq, e.prevHash, e.hash};
            return true;
        },
        [&](int lineNo) {
            const Event& e = scan.events.back();
            if (lineNo == 1 && !std::holds_alternative<ev::SessionStarted>(e.body))
                return std::string("the trail does not begin with session_started");
            if (lineNo == 1) sessionId = e.sessionId;
            else if (e.sessionId != sessionId)
                return fmt::format("line belongs to session '{}', not '{}' (lines from another trail)", e.sessionId,
                                   sessionId);
            return std::string();
        });
    scan.lines = chain.lines;
    scan.intactBytes = chain.intactBytes;
    std::optional<Event> refused;
    if (const auto& p = chain.problem; p && p->kind != ChainBreak::Torn && p->kind != ChainBreak::Unread) {
        refused = std::move(scan.events.back());
        scan.events.pop_back();
    }
    if (const auto& p = chain.problem) {
        switch (p->kind) {
        case ChainBreak::Torn: {
            // Never acknowledged: the writer acknowledges a line only after its newline is durable.
            const bool zeros = bytes.substr(p->offset).find_first_not_of('\0') == std::string_view::npos;
            scan.problem = TrailProblem{p->line, zeros ? TornMessage() + "; the tail is zero-filled" : TornMessage(), true};
            break;
        }
        case ChainBreak::Sequence:
            scan.problem = TrailProblem{p->line, DiagnoseSequence(bytes, *p, scan.events, refused->hash), false};
            break;
        case ChainBreak::Link:
            scan.problem =
                TrailProblem{p->line, "does not chain to the line before (a line was inserted, removed or replaced)", false};
            break;
        case ChainBreak::Unread:
        case ChainBreak::Refused: scan.problem = TrailProblem{p->line, p->what, false}; break;
        }
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
