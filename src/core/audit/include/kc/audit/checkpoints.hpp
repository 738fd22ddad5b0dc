#pragma once
// Signed checkpoints (docs/audit-trail-format.md, section 9): when a session closes, one line
// in RECORDS/checkpoints.jsonl pins its last seq and hash, chains to the checkpoint before it
// (over all checkpoints of the folder) and carries an Ed25519 signature of its canonical
// bytes by the installation key.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kc {

class Clock;
class RecordsFolder;
class SigningKey;

struct Checkpoint {
    std::uint64_t seq = 0;      // 1, 2, 3, ... over the folder
    std::string sessionId;
    std::uint64_t lastSeq = 0;  // the session's last line
    std::string lastHash;
    std::string prev;           // the previous checkpoint's hash, or 64 zeros
    std::string time;           // YYYY-MM-DDTHH:MM:SS.mmmZ
    std::string keyId;          // SHA-256 of the signer's DER public key
    std::string repaired;       // set when recovery added it after a crash (why)
    std::string signature;      // 64 raw bytes
    std::string canonical;      // the signed bytes: the line without its signature member
    std::string hash;           // SHA-256 of `canonical`: the next checkpoint's prev
    int line = 0;
};

// One line (without its newline): framing, fields, canonical form. False and `error` if not.
bool DecodeCheckpointLine(std::string_view line, Checkpoint& checkpoint, std::string& error);

// The checkpoints of a file's bytes up to the first break (framing, seq, prev); signatures
// are not checked here. `problemLine` is 0 when the whole file is intact.
struct CheckpointScan {
    std::vector<Checkpoint> checkpoints;
    int problemLine = 0;
    std::string problem;
    bool torn = false; // the problem is an incomplete last line only
};
CheckpointScan ScanCheckpoints(std::string_view bytes);

// Signs and appends a checkpoint under an exclusive flock, with write + fdatasync. Throws
// AuditWriteError (also when the file's last line is incomplete or damaged).
Checkpoint AppendCheckpoint(const RecordsFolder& records, const SigningKey& key, const std::string& sessionId,
                            std::uint64_t lastSeq, const std::string& lastHash, Clock& clock,
                            const std::string& repaired = {});

// After a crash between a session's ledger close and its checkpoint: signs the missing
// checkpoint, marked as a repair, but only when the ledger closes the session exactly where
// the trail ends. Returns what it added, for a person ("" when nothing). Throws Error when
// checkpoints.jsonl is damaged.
std::string RepairCheckpoint(const RecordsFolder& records, const SigningKey& key, const std::string& sessionId,
                             std::uint64_t lastSeq, const std::string& lastHash, Clock& clock);

inline constexpr const char* kCheckpointRepair =
    "added by recovery: a crash fell between the session's close and its checkpoint; it vouches for the trail as "
    "recovery found it, not as it was at the close";

} // namespace kc
