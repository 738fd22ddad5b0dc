#include "kc/protocol/approval.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/file_lock.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kManifestFormat = 1;

// What the signature covers: the manifest without its signature member, as compact JSON
// with sorted keys (nlohmann's object order), so the bytes signed are the bytes checked.
std::string SignedBytes(json manifest) {
    manifest.erase("signature");
    return manifest.dump();
}

struct Manifest {
    std::vector<Approval> approvals;
    std::string keyId;
    std::string id;          // empty: written before manifests were numbered
    std::uint64_t sequence = 0;
};

// A manifest's id, fixed when it is first written: its key, its folder and the time, hashed.
std::string NewManifestId(const SigningKey& key, const std::string& path, std::int64_t utcMs) {
    std::error_code ec;
    const std::string where = fs::absolute(path, ec).lexically_normal().string();
    return Sha256Hex(key.KeyId() + "\n" + where + "\n" + FormatUtcMs(utcMs)).substr(0, 32);
}

// Reads and checks a manifest: its shape, and its signature with `key`. Returns nullopt with
// `why` set when it is not a valid manifest signed with that key.
std::optional<Manifest> ReadManifest(const std::string& path, const PublicKey& key, std::string& why) {
    // Read as every file is (a FIFO or a device is refused, never waited on), and capped: a
    // manifest lists a department's protocols, never megabytes of them.
    std::string text;
    try {
        text = ReadFile(path, std::size_t{4} << 20);
    } catch (const IoError& e) {
        why = e.what();
        return std::nullopt;
    }
    const json j = json::parse(text, nullptr, false);
    const auto str = [](const json& o, const char* k) { return o.contains(k) && o[k].is_string(); };
    if (j.is_discarded() || !j.is_object() || j.value("format", 0) != kManifestFormat || !j.contains("approvals") ||
        !j["approvals"].is_array() || !str(j, "key_id") || !str(j, "signature")) {
        why = fmt::format("{}: not an approval manifest (format {})", path, kManifestFormat);
        return std::nullopt;
    }
    Manifest m;
    m.keyId = j["key_id"].get<std::string>();
    // Numbered since sequence numbers came; an older manifest has neither member (id "", sequence 0).
    if (j.contains("manifest_id") || j.contains("sequence")) {
        if (!str(j, "manifest_id") || !j.contains("sequence") || !j["sequence"].is_number_unsigned()) {
            why = fmt::format("{}: not an approval manifest (its manifest_id or sequence is missing or of the wrong type)",
                              path);
            return std::nullopt;
        }
        m.id = j["manifest_id"].get<std::string>();
        m.sequence = j["sequence"].get<std::uint64_t>();
    }
    std::string signature;
    if (m.keyId != key.KeyId()) {
        why = fmt::format("{}: signed with another key (key id {}), not this installation's ({})", path,
                          m.keyId.substr(0, 16), key.KeyId().substr(0, 16));
        return std::nullopt;
    }
    if (!Base64Decode(j["signature"].get<std::string>(), signature) || !key.Verify(SignedBytes(j), signature)) {
        why = fmt::format("{}: the signature does not verify: the manifest was changed after it was signed", path);
        return std::nullopt;
    }
    for (const auto& a : j["approvals"]) {
        if (!a.is_object() || !str(a, "id") || !str(a, "version") || !str(a, "sha256") || !str(a, "approved_by") ||
            !str(a, "time")) {
            why = fmt::format("{}: an approval entry lacks id, version, sha256, approved_by or time", path);
            return std::nullopt;
        }
        m.approvals.push_back({a["id"], a["version"], a["sha256"], a["approved_by"], a["time"]});
    }
    return m;
}

void WriteDurably(const std::string& path, const std::string& bytes) { ReplaceFileDurably(path, bytes, 0644); }

} // namespace

std::string ApprovalManifestPath(const std::string& protocolPath) {
    const fs::path folder = fs::path(protocolPath).parent_path();
    return ((folder.empty() ? fs::path(".") : folder) / "approvals.json").string();
}

Approval ApproveProtocol(const Protocol& protocol, const std::string& approvedBy, const SigningKey& key,
                         std::int64_t utcMs) {
    const std::string path = ApprovalManifestPath(protocol.path);
    // One approval at a time, across processes and hosts: the manifest is read, changed and
    // written under its lock, so that no approval overwrites another.
    const auto lock = FileLock::Acquire(path + ".lock", {ThisHostName(), ::getpid(), "approving", FormatUtcMs(utcMs)},
                                        FileLock::Wait::Yes, 0600, nullptr);
    Manifest manifest;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        std::string why;
        auto existing = ReadManifest(path, key.Public(), why);
        if (!existing) throw Error(why + "; it is not replaced (move it aside to start a new one)");
        manifest = std::move(*existing);
    }
    const Approval approval{protocol.id, protocol.version, protocol.sha256, approvedBy, FormatUtcMs(utcMs)};
    std::erase_if(manifest.approvals,
                  [&](const Approval& a) { return a.id == protocol.id && a.version == protocol.version; });
    manifest.approvals.push_back(approval);
    std::sort(manifest.approvals.begin(), manifest.approvals.end(), [](const Approval& a, const Approval& b) {
        return std::tie(a.id, a.version) < std::tie(b.id, b.version);
    });
    // Every approval numbers the manifest one more, under the same signature.
    if (manifest.id.empty()) manifest.id = NewManifestId(key, path, utcMs);
    ++manifest.sequence;
    json j{{"format", kManifestFormat}, {"key_id", key.KeyId()},         {"manifest_id", manifest.id},
           {"sequence", manifest.sequence}, {"approvals", json::array()}};
    for (const auto& a : manifest.approvals)
        j["approvals"].push_back(
            {{"id", a.id}, {"version", a.version}, {"sha256", a.sha256}, {"approved_by", a.approvedBy}, {"time", a.time}});
    j["signature"] = Base64Encode(key.Sign(SignedBytes(j)));
    WriteDurably(path, j.dump(2) + "\n");
    return approval;
}

namespace {

// A draft whose id and version the manifest beside it approved with other bytes: says so.
std::string PriorApproval(const Protocol& protocol, const PublicKey& key) {
    const std::string path = ApprovalManifestPath(protocol.path);
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    std::string why;
    const auto manifest = ReadManifest(path, key, why);
    if (!manifest) return {};
    for (const auto& a : manifest->approvals)
        if (a.id == protocol.id && a.version == protocol.version && a.sha256 != protocol.sha256)
            return fmt::format("{} {} was approved by {} on {} ({}); approved bytes were sha256 {}; this file differs "
                               "and is marked draft",
                               a.id, a.version, a.approvedBy, a.time.substr(0, 10), path, a.sha256.substr(0, 12));
    return {};
}

} // namespace

ApprovalCheck CheckApproval(const Protocol& protocol, const PublicKey& key) {
    if (protocol.status == ProtocolStatus::Draft) {
        ApprovalCheck draft;
        draft.mayStart = true;
        draft.priorApproval = PriorApproval(protocol, key);
        return draft;
    }
    const std::string name = fmt::format("{} {}", protocol.id, protocol.version);
    if (protocol.status == ProtocolStatus::Retired)
        return {false, fmt::format("{} is retired: no new session may start on it.", name), {}};
    const std::string path = ApprovalManifestPath(protocol.path);
    // Each refusal below is lifted by a new approval after review.
    const auto reapprove = [&](const std::string& why) {
        ApprovalCheck check;
        Remedy remedy{RemedyKind::Approve, protocol.path};
        check.message = SayRemedy(why + ".", " A protocol author reviews the file and approves it again.", "", remedy);
        check.remedy = std::move(remedy);
        return check;
    };
    std::error_code ec;
    if (!fs::exists(path, ec))
        return reapprove(
            fmt::format("{} is marked approved, but its folder has no signed approval manifest ({})", name, path));
    std::string why;
    const auto manifest = ReadManifest(path, key, why);
    if (!manifest) return reapprove(fmt::format("{} cannot be checked against its approval: {}", name, why));
    for (const auto& a : manifest->approvals) {
        if (a.id != protocol.id || a.version != protocol.version) continue;
        if (a.sha256 == protocol.sha256) {
            ApprovalCheck approved;
            approved.mayStart = true;
            approved.manifestPath = path;
            approved.manifestId = manifest->id;
            approved.manifestSequence = manifest->sequence;
            return approved;
        }
        return reapprove(fmt::format("{} has changed since it was approved by {} on {}: its bytes no longer match "
                                     "the approved ones (sha256 {} approved, {} now)",
                                     name, a.approvedBy, a.time.substr(0, 10), a.sha256.substr(0, 12),
                                     protocol.sha256.substr(0, 12)));
    }
    return reapprove(fmt::format("{} is marked approved, but {} does not list this version", name, path));
}

} // namespace kc
