#include "kc/audit/records_layout.hpp"

#include <filesystem>

namespace kc::layout {
namespace {

constexpr std::string_view kLedger = "ledger.jsonl";
constexpr std::string_view kCheckpoints = "checkpoints.jsonl";
constexpr std::string_view kSessions = "sessions";
constexpr std::string_view kProtocols = "protocols";
constexpr std::string_view kTrailExtension = ".jsonl";
constexpr std::string_view kQuarantineMark = ".jsonl.torn-";
constexpr std::string_view kProtocolExtension = ".yaml";
constexpr std::string_view kLockExtension = ".lock";

std::string Join(std::string_view a, std::string_view b) {
    std::string path;
    path.reserve(a.size() + 1 + b.size());
    path.append(a);
    if (path.empty() || path.back() != '/') path.push_back('/'); // "records/" as typed: no "records//"
    return path.append(b);
}

std::string_view FileName(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool EndsWith(std::string_view text, std::string_view end) {
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

} // namespace

std::string LedgerPath(std::string_view root) { return Join(root, kLedger); }
std::string CheckpointsPath(std::string_view root) { return Join(root, kCheckpoints); }
std::string SessionsDir(std::string_view root) { return Join(root, kSessions); }
std::string ProtocolsDir(std::string_view root) { return Join(root, kProtocols); }

std::string TrailPath(std::string_view root, std::string_view sessionId) { return PathOfKey(root, TrailKey(sessionId)); }

std::string ProtocolArchivePath(std::string_view root, std::string_view sha256) {
    return Join(ProtocolsDir(root), std::string(sha256).append(kProtocolExtension));
}

std::string TrailKey(std::string_view sessionId) {
    return Join(kSessions, std::string(sessionId).append(kTrailExtension));
}

std::string PathOfKey(std::string_view root, std::string_view key) { return Join(root, key); }

std::string KeyOfTrail(std::string_view trailPath) { return Join(kSessions, FileName(trailPath)); }

std::string SessionIdOfKey(std::string_view key) { return std::filesystem::path(key).stem().string(); }

bool IsSessionId(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() == '-') return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string WriterLockPath(std::string_view trailPath) {
    std::string path(trailPath);
    if (EndsWith(path, kTrailExtension)) path.resize(path.size() - kTrailExtension.size());
    return path.append(kLockExtension);
}

std::optional<TrailPlace> PlaceOfTrail(std::string_view trailPath) {
    const std::filesystem::path path(trailPath);
    if (path.parent_path().filename() != kSessions) return std::nullopt;
    // "sessions/ID.jsonl" sits in the current folder (not the file system's root).
    const std::string root = path.parent_path().parent_path().string();
    return TrailPlace{root.empty() ? "." : root, KeyOfTrail(trailPath)};
}

bool IsTrailName(std::string_view fileName) {
    return fileName.size() > kTrailExtension.size() && EndsWith(fileName, kTrailExtension);
}

std::string SessionIdOfTrailName(std::string_view fileName) {
    return std::string(fileName.substr(0, fileName.size() - kTrailExtension.size()));
}

bool IsQuarantineName(std::string_view fileName) { return fileName.find(kQuarantineMark) != std::string_view::npos; }

std::string QuarantinePath(std::string_view path, std::string_view stamp) {
    return std::string(path).append(".torn-").append(stamp);
}

std::string ShaOfArchiveName(std::string_view fileName) {
    const std::filesystem::path name(fileName);
    return name.extension() == kProtocolExtension ? name.stem().string() : std::string();
}

bool IsLedgerFile(std::string_view path) { return FileName(path) == kLedger; }
bool IsCheckpointsFile(std::string_view path) { return FileName(path) == kCheckpoints; }

} // namespace kc::layout
