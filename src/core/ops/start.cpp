#include "kc/ops/start.hpp"

#include "kc/protocol/approval.hpp"

namespace kc {

StartCheck CheckStart(const Protocol& protocol, const SigningKey* key) {
    if (protocol.status == ProtocolStatus::Draft) return {StartGate::DraftNeedsConfirmation, {}, {}};
    if (key == nullptr) return {StartGate::Refused, "no installation key is available to check its approval", {}};
    // Refuses a retired protocol too, with its own message.
    const ApprovalCheck approval = CheckApproval(protocol, key->Public());
    if (!approval.mayStart) return {StartGate::Refused, approval.message, approval.remedy};
    return {StartGate::Allowed, {}, {}};
}

StartResult StartSession(ProtocolPtr protocol, const StartRequest& request, SessionEnv env, bool draftConfirmed) {
    StartResult result;
    const StartCheck check = CheckStart(*protocol, env.signingKey);
    result.gate = check.gate;
    if (check.gate == StartGate::Refused) {
        result.refusal = check.message;
        result.remedy = check.remedy;
        return result;
    }
    if (check.gate == StartGate::DraftNeedsConfirmation && !draftConfirmed) return result;
    result.gate = StartGate::Allowed;
    result.session = Session::Start(std::move(protocol), request, env, result.refusal);
    return result;
}

} // namespace kc
