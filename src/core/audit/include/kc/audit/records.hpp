#pragma once
// The records folder: one trail per session, the ledger that lists them, and an archive of
// the protocol versions they ran on (docs/audit-trail-format.md; where each file is:
// kc/audit/records_layout.hpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/audit/chained_log.hpp"
#include "kc/audit/records_layout.hpp"
#include "kc/base/durable_file.hpp"
#include "kc/protocol/model.hpp"
#include "kc/session/events.hpp"

namespace kc {

class Clock;

enum class LedgerEntryType { Opened, Closed };

// "session_opened", "session_closed": the ledger's spelling.
const char* LedgerEntryTypeName(LedgerEntryType type);

struct LedgerEntry {
    std::uint64_t seq = 0;
    LedgerEntryType type = LedgerEntryType::Opened;
    std::string session;
    std::string file;       // relative to the records folder
    std::string firstHash;  // opened: hash of the session's first line
    std::string protocolSha256;
    std::optional<ManifestRef> manifest; // opened: the approval manifest its start was checked against
    std::uint64_t lastSeq = 0;  // closed
    std::string finalHash;      // closed
    std::string outcome;        // closed: completed, stopped, abandoned
    std::string repaired;       // set when recovery added it after a crash (why), shown by verify
    int line = 0;               // where it is in the ledger
};

// Who may read the records: their owner only (folders 0700, files 0600, the default), or also
// the owner's group, for a department's audit group (folders 0750, files 0640; set with
// `records: {group_readable: true}` in config.yaml). Never world-readable.
enum class RecordsSharing { OwnerOnly, Group };

class RecordsFolder {
public:
    // Creates the folder and its sub-folders when missing; with Group sharing an existing
    // owner-only folder is opened to the group (files already written keep their mode).
    // Throws IoError.
    explicit RecordsFolder(std::string root, SysIo& io = RealSysIo(),
                           RecordsSharing sharing = RecordsSharing::OwnerOnly);

    const std::string& Root() const { return m_root; }
    std::string LedgerPath() const { return layout::LedgerPath(m_root); }
    std::string SessionsDir() const { return layout::SessionsDir(m_root); }
    std::string SessionPath(const std::string& sessionId) const { return layout::TrailPath(m_root, sessionId); }
    std::string ProtocolArchivePath(const std::string& sha256) const {
        return layout::ProtocolArchivePath(m_root, sha256);
    }
    SysIo& Io() const { return m_io; }
    mode_t FileMode() const { return m_sharing == RecordsSharing::Group ? 0640 : 0600; }

    std::unique_ptr<DurableAppendFile> CreateSessionFile(const std::string& sessionId) const;
    std::unique_ptr<DurableAppendFile> OpenSessionFile(const std::string& sessionId) const;

    // Keeps the exact bytes of a protocol a session runs on (once per version). Throws IoError
    // (NotRegularFileError when something that is not a regular file holds the archive's name).
    void ArchiveProtocol(const Protocol& protocol) const;

    // Ids of the session files present, sorted: every name of a trail, whatever it is (a FIFO or a
    // folder under a trail's name is listed too, and reading it says what it is; it is never opened).
    std::vector<std::string> SessionIds() const;

    // Appends to the ledger under an exclusive lock, durably. Throws AuditWriteError.
    void LedgerOpened(const std::string& sessionId, const std::string& firstHash, const std::string& protocolSha256,
                      Clock& clock, const std::optional<ManifestRef>& manifest = std::nullopt) const;
    void LedgerClosed(const std::string& sessionId, std::uint64_t lastSeq, const std::string& finalHash,
                      const std::string& outcome, Clock& clock) const;

    // The ledger's entries as written, each complete line that decodes (no chain check:
    // verify does that, and recovery must still see an entry after a damaged line). Throws IoError.
    std::vector<LedgerEntry> ReadLedger() const;

    // Adds what a crash kept out of the ledger for the session whose trail begins with `first`
    // and ends (so far) with `last`: its opened entry (from the first line, with the approval
    // manifest it names) and, when `last` ends the session, its closed entry, each marked as a
    // repair so that verify shows it. Refuses (throws Error) when the ledger's chain is damaged,
    // and will not create a ledger for a folder that holds other sessions. Returns what it
    // added, for a person ("" when nothing was missing).
    std::string RepairLedger(const Event& first, const Event& last, Clock& clock) const;

    // Throws AuditWriteError when a new session could not be listed (a torn ledger tail), so
    // that no trail is created that the ledger cannot list; NotRegularFileError when the ledger's
    // name holds a FIFO, a device or a folder (it is not opened).
    void CheckLedgerWritable() const;

private:
    // The entries of an intact ledger; throws Error when its chain is broken or its tail torn.
    std::vector<LedgerEntry> RequireIntactLedger() const;

    RecordsSharing m_sharing = RecordsSharing::OwnerOnly;
    std::string m_root;
    SysIo& m_io;
};

// The outcome the ledger records for an event that ends a session ("completed", "abandoned",
// "stopped"); null for any other event.
const char* EndingOutcome(const EventBody& body);

// Reads a ledger line's fields (hash already checked); false and `error` if malformed.
bool DecodeLedgerLine(std::string_view line, LedgerEntry& entry, std::string& prevHash, std::string& error);

// The ledger's entries up to the first break of its chain (framing and hash, fields, seq,
// prev), each with its line, and that break (chain.problem; none when intact).
struct LedgerScan {
    std::vector<LedgerEntry> entries;
    ChainScan chain;
};
LedgerScan ScanLedger(std::string_view bytes);

// The exact protocol a trail ran on (by the SHA-256 its session_started line names): from
// the archive of the records folder the trail sits in (RECORDS/sessions/<id>.jsonl), else
// from the protocol folders given. Null when none has those bytes. Never throws.
ProtocolPtr FindTrailProtocol(const std::string& trailPath, const std::string& sha256,
                              const std::vector<std::string>& protocolDirs);

} // namespace kc
