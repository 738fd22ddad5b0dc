#pragma once
// The one rule for starting a session on a protocol, for both faces: a retired protocol never
// starts; a draft starts once the person confirms it (a scripted run confirms by running);
// an approved one only as approved, its exact bytes pinned in the manifest signed with the
// installation's key (kc/protocol/approval.hpp).
#include <memory>
#include <optional>
#include <string>

#include "kc/base/signing_key.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

enum class StartGate { Allowed, DraftNeedsConfirmation, Refused };

struct StartCheck {
    StartGate gate = StartGate::Refused;
    std::string message; // why it is refused, for a person; empty otherwise
    std::optional<Remedy> remedy; // what lifts the refusal (a new approval), said in `message`
};

// Never throws. Without a key, an approved protocol cannot be checked, so it is refused.
StartCheck CheckStart(const Protocol& protocol, const SigningKey* key);

struct StartResult {
    std::unique_ptr<Session> session; // null when refused
    StartGate gate = StartGate::Refused; // Allowed when the protocol passed the gate
    std::string refusal;              // why not: the gate's message or the engine's refusal
    std::optional<Remedy> remedy;     // the gate's remedy, said in `refusal`
};

// Checks the gate (with env.signingKey), then starts the durable session (Session::Start).
// A draft starts only with `draftConfirmed`; otherwise the result says DraftNeedsConfirmation.
// Throws as Session::Start does (IoError, AuditWriteError).
StartResult StartSession(ProtocolPtr protocol, const StartRequest& request, SessionEnv env, bool draftConfirmed);

} // namespace kc
