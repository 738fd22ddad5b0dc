#pragma once
// Where things are in a records folder (docs/audit-trail-format.md), as pure functions of
// paths: nothing is created, listed or read. Every part of the code that names a file of a
// records folder asks here.
//
//   RECORDS/ledger.jsonl                         hash-chained list of session files and final hashes
//   RECORDS/checkpoints.jsonl                    signed checkpoints of closed sessions
//   RECORDS/sessions/<session-id>.jsonl          one trail per session
//   RECORDS/sessions/<session-id>.jsonl.torn-<stamp>  bytes recover moved out of a trail
//   RECORDS/sessions/<session-id>.lock           held by the session's one writer while it is open
//   RECORDS/protocols/<sha256>.yaml              the exact bytes of every protocol a session used
//
// The ledger names a trail by its path relative to the folder, "sessions/<session-id>.jsonl":
// its key.
#include <optional>
#include <string>
#include <string_view>

namespace kc::layout {

std::string LedgerPath(std::string_view root);
std::string CheckpointsPath(std::string_view root);
std::string SessionsDir(std::string_view root);
std::string ProtocolsDir(std::string_view root);
std::string TrailPath(std::string_view root, std::string_view sessionId);
std::string ProtocolArchivePath(std::string_view root, std::string_view sha256);

// "sessions/<session-id>.jsonl", and back to the file: RECORDS/<key>.
std::string TrailKey(std::string_view sessionId);
std::string PathOfKey(std::string_view root, std::string_view key);

// The key of a trail file by its name (sessions/<file name>), and the session id in a key.
std::string KeyOfTrail(std::string_view trailPath);
std::string SessionIdOfKey(std::string_view key);

// A trail file inside a records folder's sessions/: the folder and the file's key; nullopt
// for a file anywhere else.
struct TrailPlace {
    std::string root;
    std::string key;
};
std::optional<TrailPlace> PlaceOfTrail(std::string_view trailPath);

// A session id as the ids are made (IdGenerator): 1 to 64 lower-case letters, digits and '-',
// not starting with '-'. A session is named by its id only, never by a path.
bool IsSessionId(std::string_view id);

// The lock file of a trail's one writer (beside it: <session-id>.lock).
std::string WriterLockPath(std::string_view trailPath);

// By file name: a trail (<session-id>.jsonl), the session id it names, and a quarantine file.
bool IsTrailName(std::string_view fileName);
std::string SessionIdOfTrailName(std::string_view fileName);
bool IsQuarantineName(std::string_view fileName);
// Where recover keeps the bytes it moved out of `path`, for a compact UTC stamp (YYYYMMDDTHHMMSS.mmmZ).
std::string QuarantinePath(std::string_view path, std::string_view stamp);

// The SHA-256 an archive file's name records (<sha256>.yaml); "" for any other name.
std::string ShaOfArchiveName(std::string_view fileName);

// The folder's ledger or checkpoints, by the path's file name.
bool IsLedgerFile(std::string_view path);
bool IsCheckpointsFile(std::string_view path);

} // namespace kc::layout
