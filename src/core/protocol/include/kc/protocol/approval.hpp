#pragma once
// Approved protocols are pinned by hash in a signed manifest beside them
// (<protocol folder>/approvals.json, docs/protocol-format.md "Approval"): a session may start
// on a protocol whose status is `approved` only when the manifest, signed with the
// installation's Ed25519 key, lists its id, version and the SHA-256 of its exact bytes. An
// edit after approval is refused until an author reviews it and approves it again. The
// manifest has an id (fixed when it is first written) and a sequence number, one more on
// every approval and signed with it, so that an older copy put back can be told (the start
// gate compares it with the sequences the records folder's ledger recorded).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kc/base/remedy.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

struct Approval {
    std::string id;
    std::string version;
    std::string sha256;
    std::string approvedBy;
    std::string time; // UTC, ISO 8601 with ms
};

// The manifest's path for a protocol file: approvals.json in the same folder.
std::string ApprovalManifestPath(const std::string& protocolPath);

// Adds (or replaces, for the same id and version) the protocol's approval, numbers the manifest
// one more than before and signs it again. Throws IoError when the manifest cannot be read or
// written, and Error when the existing one is not a valid manifest signed with this key (it is
// never silently replaced).
Approval ApproveProtocol(const Protocol& protocol, const std::string& approvedBy, const SigningKey& key,
                         std::int64_t utcMs);

struct ApprovalCheck {
    bool mayStart = false;
    std::string message; // why not, for a person; empty when it may start
    std::optional<Remedy> remedy; // Approve the protocol file, when a new approval would let it start
    // An approved protocol that may start: the manifest that pins it (its id and sequence
    // number; both empty and 0 for a manifest written before manifests were numbered).
    std::string manifestPath = {};
    std::string manifestId = {};
    std::uint64_t manifestSequence = 0;
    // A draft whose id and version the manifest approved with other bytes: who approved which
    // bytes, and that this file differs and is marked draft. Empty otherwise.
    std::string priorApproval = {};
};

// Drafts may start (the faces ask to confirm), retired ones may not; an approved protocol
// only when the signed manifest pins exactly its bytes. Never throws.
ApprovalCheck CheckApproval(const Protocol& protocol, const PublicKey& key);

} // namespace kc
