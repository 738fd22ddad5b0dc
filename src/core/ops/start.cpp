#include "kc/ops/start.hpp"

#include <fmt/format.h>

#include "kc/base/error.hpp"
#include "kc/protocol/approval.hpp"

namespace kc {
namespace {

// Why a manifest that pins the protocol must not be used: it is older than one the ledger
// shows sessions were started under (an older, validly signed copy put back, which may
// approve bytes replaced since). Empty when it may.
std::string RolledBack(const ApprovalCheck& approval, const RecordsFolder& records) {
    std::vector<LedgerEntry> entries;
    try {
        entries = records.ReadLedger();
    } catch (const IoError& e) {
        return fmt::format("{} cannot be checked against the records folder's ledger: {}", approval.manifestPath,
                           e.what());
    }
    std::uint64_t highest = 0;
    int highestLine = 0, numberedLine = 0;
    for (const auto& e : entries) {
        if (e.type != LedgerEntryType::Opened || !e.manifest) continue;
        numberedLine = e.line;
        if (e.manifest->id == approval.manifestId && e.manifest->sequence >= highest) {
            highest = e.manifest->sequence;
            highestLine = e.line;
        }
    }
    if (approval.manifestId.empty()) {
        if (numberedLine == 0) return {};
        return fmt::format("{} has no sequence number (it was written before approval manifests were numbered), but "
                           "sessions in this records folder were started under numbered ones (ledger line {} of {}): "
                           "an older copy may have been put back. An author reviews the protocols and approves them "
                           "again, which numbers the manifest",
                           approval.manifestPath, numberedLine, records.LedgerPath());
    }
    if (highestLine == 0 || approval.manifestSequence >= highest) return {};
    return fmt::format("approvals.json sequence {} is older than sequence {} recorded at ledger line {} ({}): {} is an "
                       "older copy of the approval manifest put back, and it may approve bytes that were replaced "
                       "since. Put back the newest approvals.json, or, if it is lost, move this one aside and have "
                       "the protocols approved again after review",
                       approval.manifestSequence, highest, highestLine, records.LedgerPath(), approval.manifestPath);
}

} // namespace

StartCheck CheckStart(const Protocol& protocol, const SigningKey* key, const ProtocolsConfig& policy,
                      const RecordsFolder* records) {
    const std::string name = fmt::format("{} {}", protocol.id, protocol.version);
    if (protocol.status == ProtocolStatus::Draft) {
        StartCheck check;
        if (key != nullptr) check.priorApproval = CheckApproval(protocol, key->Public()).priorApproval;
        const std::string prior = check.priorApproval.empty() ? "" : "; " + check.priorApproval;
        if (policy.requireApproved) {
            check.message = fmt::format("{} is a draft; this department's settings (protocols: {{require_approved: "
                                        "true}} in config.yaml) start only protocols approved as they are{}",
                                        name, prior);
            return check;
        }
        check.gate = StartGate::DraftNeedsConfirmation;
        check.warning = fmt::format("{} is a draft, not approved for clinical use by your department{}", name, prior);
        return check;
    }
    if (key == nullptr) return {StartGate::Refused, "no installation key is available to check its approval", {}};
    // Refuses a retired protocol too, with its own message.
    const ApprovalCheck approval = CheckApproval(protocol, key->Public());
    if (!approval.mayStart) return {StartGate::Refused, approval.message, approval.remedy};
    if (records != nullptr)
        if (std::string why = RolledBack(approval, *records); !why.empty()) return {StartGate::Refused, why, {}};
    StartCheck allowed{StartGate::Allowed, {}, {}};
    if (!approval.manifestId.empty()) allowed.manifest = ManifestRef{approval.manifestId, approval.manifestSequence};
    return allowed;
}

StartResult StartSession(ProtocolPtr protocol, StartRequest request, SessionEnv env, bool draftConfirmed,
                         const ProtocolsConfig& policy) {
    StartResult result;
    const StartCheck check = CheckStart(*protocol, env.signingKey, policy, &env.records);
    result.gate = check.gate;
    result.warning = check.warning;
    if (check.gate == StartGate::Refused) {
        result.refusal = check.message;
        result.remedy = check.remedy;
        return result;
    }
    if (check.gate == StartGate::DraftNeedsConfirmation && !draftConfirmed) return result;
    result.gate = StartGate::Allowed;
    request.manifest = check.manifest; // recorded in session_started and the ledger
    result.session = Session::Start(std::move(protocol), request, env, result.refusal);
    return result;
}

} // namespace kc
