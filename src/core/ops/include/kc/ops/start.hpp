#pragma once
// The one rule for starting a session on a protocol, for both faces: a retired protocol never
// starts; a draft starts once the person confirms it (a scripted run confirms by running),
// unless the department's settings allow only approved protocols; an approved one only as
// approved, its exact bytes pinned in the manifest signed with the installation's key
// (kc/protocol/approval.hpp), and only when that manifest is not older than one the records
// folder's ledger shows sessions were started under (an older copy put back).
#include <memory>
#include <optional>
#include <string>

#include "kc/audit/records.hpp"
#include "kc/base/signing_key.hpp"
#include "kc/ops/app_config.hpp"
#include "kc/ops/session.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

enum class StartGate { Allowed, DraftNeedsConfirmation, Refused };

struct StartCheck {
    StartGate gate = StartGate::Refused;
    std::string message; // why it is refused, for a person; empty otherwise
    std::optional<Remedy> remedy; // what lifts the refusal (a new approval), said in `message`
    // A draft that may start: that it is a draft, and `priorApproval` when its id and version
    // were approved with other bytes (both for a person; the CLI prints them as a warning).
    std::string warning = {};
    std::string priorApproval = {};
    // An approved protocol that may start: the manifest it was checked against, to be recorded.
    std::optional<ManifestRef> manifest = std::nullopt;
};

// Never throws. Without a key, an approved protocol cannot be checked, so it is refused (and a
// draft's earlier approval cannot be looked up). With `records`, a manifest whose sequence
// number is below the highest its ledger recorded for it is refused as a rollback.
StartCheck CheckStart(const Protocol& protocol, const SigningKey* key, const ProtocolsConfig& policy = {},
                      const RecordsFolder* records = nullptr);

struct StartResult {
    std::unique_ptr<Session> session; // null when refused
    StartGate gate = StartGate::Refused; // Allowed when the protocol passed the gate
    std::string refusal;              // why not: the gate's message or the engine's refusal
    std::optional<Remedy> remedy;     // the gate's remedy, said in `refusal`
    std::string warning;              // the gate's warning for a draft (StartCheck::warning)
};

// Checks the gate (with env.signingKey, `policy` and env.records), then starts the durable
// session (Session::Start), recording the manifest the protocol was checked against. A draft
// starts only with `draftConfirmed`; otherwise the result says DraftNeedsConfirmation.
// Throws as Session::Start does (IoError, AuditWriteError).
StartResult StartSession(ProtocolPtr protocol, StartRequest request, SessionEnv env, bool draftConfirmed,
                         const ProtocolsConfig& policy = {});

} // namespace kc
