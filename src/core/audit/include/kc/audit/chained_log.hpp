#pragma once
// The one primitive under the three hash-chained JSONL files (trail, ledger, checkpoints,
// docs/audit-trail-format.md): each line names its sequence number (1, 2, 3 ...) and the hash
// of the line before (64 zeros for the first), and ends in '\n' only once it is durable.
//   ReadChainTail  the last complete line of an open file, for an appender's chain head
//   AppendChained  one line under an exclusive flock: read the head, seal the line, write, fdatasync
//   ForEachLine    the complete lines of a file's bytes, and where a torn last line starts
//   ScanChain      ForEachLine plus the chain: sequence and link checked, first break named
// What a line holds is the caller's: it decodes each line and may refuse it; ScanTrail adds
// its diagnosis of a broken sequence (duplicate, reordered, removed) on top.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"
#include "kc/session/events.hpp"

namespace kc {

// How one chained file is named in the errors of an append ("the ledger", "ledger", ...).
struct ChainNames {
    std::string_view file;      // "the ledger": cannot open / lock <file>
    std::string_view lastLine;  // "the ledger's last line": <lastLine> is incomplete / damaged
    std::string_view end;       // "the ledger's end": cannot read <end>
    std::string_view entry;     // "ledger": <entry> write failed
    std::string_view tornAfter; // said after the remedy of a torn last line (" before starting sessions")
};

// The last complete line of an open file (empty for an empty file), and whether the file
// ends cleanly with '\n'. Throws AuditWriteError.
struct ChainTail {
    std::string lastLine;
    bool clean = true;
};
ChainTail ReadChainTail(int fd, const std::string& path, const ChainNames& names);

// The refusal to append after a torn last line: recover it first. Throws nothing.
AuditWriteError TornTailError(const std::string& path, const ChainNames& names);

// An open chained file under its exclusive flock, the lock every appender and recover take:
// on the file that is at `path` when the lock is held (a file recover moved away while this
// one waited is let go, and the one now at `path` locked instead). Closing releases it.
class LockedChainFile {
public:
    // Opens (with O_CREAT and `mode` when `create`) and locks, waiting for the holder. Throws
    // AuditWriteError; IoError for a file that is not a regular file.
    LockedChainFile(const std::string& path, const ChainNames& names, SysIo& io, bool create, mode_t mode = 0600);
    ~LockedChainFile();
    LockedChainFile(const LockedChainFile&) = delete;
    LockedChainFile& operator=(const LockedChainFile&) = delete;
    int Fd() const { return m_fd; }
    bool Created() const { return m_created; }

private:
    SysIo& m_io;
    int m_fd = -1;
    bool m_created = false;
};

// The head an append chains to: the last line's seq and hash (0 and 64 zeros for an empty file).
struct ChainHead {
    std::uint64_t seq = 0;
    std::string hash = kGenesisHash;
};

struct ChainAppend {
    std::string path;
    mode_t mode = 0600;        // for a new file
    std::string folder;        // synced when the file is created
    ChainNames names;
    // The head from the last complete line; false and `error` when it cannot be read.
    std::function<bool(const std::string& lastLine, ChainHead& head, std::string& error)> readHead;
    // The bytes of the next line, without its '\n', chained to `head`.
    std::function<std::string(const ChainHead& head)> nextLine;
};

// Appends one line under an exclusive flock (one writer at a time; the head is read under the
// lock), with a write loop and fdatasync. Refuses after a torn or damaged last line. Throws
// AuditWriteError.
void AppendChained(const ChainAppend& append, SysIo& io);

// Calls line(text, lineNo, offset, next) for each complete line of `bytes` (numbered from 1,
// `next` where the following line starts) until it returns false. Returns where a torn last
// line (one without '\n') starts, or nullopt when there is none or `line` stopped first.
template <class Line>
std::optional<std::size_t> ForEachLine(std::string_view bytes, Line&& line) {
    std::size_t offset = 0;
    int lineNo = 0;
    while (offset < bytes.size()) {
        const auto end = bytes.find('\n', offset);
        if (end == std::string_view::npos) return offset;
        if (!line(bytes.substr(offset, end - offset), ++lineNo, offset, end + 1)) return std::nullopt;
        offset = end + 1;
    }
    return std::nullopt;
}

// What one line says of its place in the chain, as its reader decoded it (views into the
// caller's decoded line, valid until the next line is decoded).
struct ChainLink {
    std::uint64_t seq = 0;
    std::string_view prev;
    std::string_view hash;
};

enum class ChainBreak {
    Torn,     // an incomplete last line (no '\n'): never acknowledged
    Unread,   // the reader refused the line (framing, hash, fields): `what`
    Sequence, // seq is not the one expected: `seq`, `expected`
    Link,     // prev is not the hash of the line before
    Refused,  // the caller's own check after the link refused it: `what`
};

struct ChainProblem {
    int line = 0;
    ChainBreak kind = ChainBreak::Unread;
    std::string what;
    std::uint64_t seq = 0;
    std::uint64_t expected = 0;
    std::size_t offset = 0; // where the line starts
    std::size_t next = 0;   // where the line after it starts (a Torn line: the end)
};

struct ChainScan {
    int lines = 0;               // lines seen, a torn last one included
    std::size_t intactBytes = 0; // the whole lines before the first problem
    std::optional<ChainProblem> problem;
};

// Checks each complete line in turn: decode(text, link, error) reads it (false: Unread with
// `error`), then its seq must be one more than the line before and its prev that line's hash,
// then accept(lineNo) may keep it or refuse it (a non-empty reason). Stops at the first problem.
template <class Decode, class Accept>
ChainScan ScanChain(std::string_view bytes, Decode&& decode, Accept&& accept) {
    ChainScan scan;
    std::uint64_t expected = 1;
    std::string prev = kGenesisHash;
    std::string error;
    const auto torn = ForEachLine(bytes, [&](std::string_view text, int lineNo, std::size_t offset, std::size_t next) {
        scan.lines = lineNo;
        const auto fail = [&](ChainBreak kind, std::string what, std::uint64_t seq = 0) {
            scan.problem = ChainProblem{lineNo, kind, std::move(what), seq, expected, offset, next};
            return false;
        };
        ChainLink link;
        error.clear();
        if (!decode(text, link, error)) return fail(ChainBreak::Unread, error);
        if (link.seq != expected) return fail(ChainBreak::Sequence, {}, link.seq);
        if (link.prev != prev) return fail(ChainBreak::Link, {});
        prev.assign(link.hash);
        if (std::string why = accept(lineNo); !why.empty()) return fail(ChainBreak::Refused, std::move(why));
        ++expected;
        scan.intactBytes = next;
        return true;
    });
    if (torn) {
        ++scan.lines;
        scan.problem = ChainProblem{scan.lines, ChainBreak::Torn, {}, 0, expected, *torn, bytes.size()};
    }
    return scan;
}

} // namespace kc
