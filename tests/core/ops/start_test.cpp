// The one start gate both faces use: drafts ask first, retired protocols never start, an
// approved one only with its exact bytes pinned in the signed manifest.
#include <catch2/catch.hpp>

#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/report/timeline.hpp"
#include "kc/ops/start.hpp"
#include "kc/protocol/approval.hpp"
#include "process.hpp"
#include "rechain.hpp"
#include "session_env.hpp"

using namespace kc;

namespace {

struct Gate : test::SessionEnvFixture {
    SigningKey key = SigningKey::LoadOrCreate(dir.File("keys"));
    std::string path = dir.File("gate-test.yaml");
    StartRequest request{{"Dr A", "anesthesiologist"}, "P-0042", "Suite 1"};

    ProtocolPtr Write(const std::string& status, const std::string& extra = "") {
        return test::WriteEngineProtocol(path, status, extra);
    }
};

} // namespace

TEST_CASE("start gate: a draft starts only once confirmed", "[start]") {
    Gate g;
    const ProtocolPtr draft = g.Write("draft");
    CHECK(CheckStart(*draft, &g.key).gate == StartGate::DraftNeedsConfirmation);
    CHECK(CheckStart(*draft, nullptr).gate == StartGate::DraftNeedsConfirmation);

    StartResult asked = StartSession(draft, g.request, g.Env(nullptr, &g.key), false);
    CHECK_FALSE(asked.session);
    CHECK(asked.gate == StartGate::DraftNeedsConfirmation);
    CHECK(g.records.SessionIds().empty()); // nothing written before the person confirms

    StartResult started = StartSession(draft, g.request, g.Env(nullptr, &g.key), true);
    REQUIRE(started.session);
    CHECK(started.gate == StartGate::Allowed);
    CHECK(g.records.SessionIds().size() == 1);
}

TEST_CASE("start gate: approved only as approved, retired never", "[start]") {
    Gate g;
    ProtocolPtr approved = g.Write("approved");
    StartCheck check = CheckStart(*approved, &g.key);
    CHECK(check.gate == StartGate::Refused);
    CHECK(check.message.find("no signed approval manifest") != std::string::npos);
    CHECK(CheckStart(*approved, nullptr).message == "no installation key is available to check its approval");

    ApproveProtocol(*approved, "Dr P. Author", g.key, test::kTestEpochMs);
    CHECK(CheckStart(*approved, &g.key).gate == StartGate::Allowed);
    CHECK(CheckStart(*approved, nullptr).gate == StartGate::Refused); // cannot be checked without the key
    StartResult started = StartSession(approved, g.request, g.Env(nullptr, &g.key), false);
    REQUIRE(started.session); // an approved protocol needs no confirmation

    approved = g.Write("approved", "# edited after approval\n");
    StartResult refused = StartSession(approved, g.request, g.Env(nullptr, &g.key), true);
    CHECK_FALSE(refused.session);
    CHECK(refused.gate == StartGate::Refused);
    CHECK(refused.refusal.find("has changed since it was approved by Dr P. Author") != std::string::npos);

    const ProtocolPtr retired = g.Write("retired");
    check = CheckStart(*retired, &g.key);
    CHECK(check.gate == StartGate::Refused);
    CHECK(check.message.find("is retired") != std::string::npos);
    CHECK(g.records.SessionIds().size() == 1); // only the approved start wrote anything
}

TEST_CASE("start gate: the engine's refusal comes back, nothing written", "[start]") {
    Gate g;
    StartRequest noPatient = g.request;
    noPatient.patientRef.clear();
    StartResult result = StartSession(g.Write("draft"), noPatient, g.Env(nullptr, &g.key), true);
    CHECK_FALSE(result.session);
    CHECK_FALSE(result.refusal.empty());
    CHECK(g.records.SessionIds().empty());
}

TEST_CASE("start gate: the manifest a session started under is recorded, and an older copy put back is refused",
          "[start][approval]") {
    Gate g;
    const ProtocolPtr first = g.Write("approved");
    ApproveProtocol(*first, "Dr P. Author", g.key, test::kTestEpochMs);
    const std::string manifest = ApprovalManifestPath(first->path);
    const std::string firstManifest = test::ReadAll(manifest);
    const ProtocolPtr reviewed = g.Write("approved", "# reviewed change\n");
    ApproveProtocol(*reviewed, "Dr P. Author", g.key, test::kTestEpochMs + 1000);

    StartResult started = StartSession(reviewed, g.request, g.Env(nullptr, &g.key), false);
    REQUIRE(started.session);
    const auto trail = ScanTrailFile(started.session->TrailPath());
    const auto& line1 = std::get<ev::SessionStarted>(trail.events.front().body);
    REQUIRE(line1.manifest);
    CHECK(line1.manifest->sequence == 2);
    CHECK(line1.manifest->id == CheckApproval(*reviewed, g.key.Public()).manifestId);
    const auto ledger = g.records.ReadLedger();
    REQUIRE(ledger.size() == 1);
    CHECK(ledger.front().manifest == line1.manifest);
    CHECK(BuildTimeline(trail.events, reviewed.get()).front().what.find("approved in approvals.json sequence 2") !=
          std::string::npos);
    started.session.reset();

    // The first bytes and the first manifest put back: validly signed, and pinning those bytes.
    test::WriteAll(first->path, first->bytes);
    test::WriteAll(manifest, firstManifest);
    const ProtocolPtr back = test::LoadInline(test::ReadAll(first->path), first->path);
    CHECK(CheckStart(*back, &g.key).gate == StartGate::Allowed); // the manifest alone cannot tell
    const StartCheck check = CheckStart(*back, &g.key, {}, &g.records);
    CHECK(check.gate == StartGate::Refused);
    CHECK(check.message.find("approvals.json sequence 1 is older than sequence 2 recorded at ledger line 1 (" +
                             g.records.LedgerPath() + ")") != std::string::npos);
    const StartResult refused = StartSession(back, g.request, g.Env(nullptr, &g.key), true);
    CHECK_FALSE(refused.session);
    CHECK(refused.refusal == check.message);
    CHECK(g.records.SessionIds().size() == 1);
    CHECK(VerifyPaths({g.records.Root()}, {}).Intact());
}

TEST_CASE("start gate: require_approved refuses a draft, and without it a draft says it is one and what was approved",
          "[start][approval]") {
    Gate g;
    const ProtocolPtr approved = g.Write("approved");
    ApproveProtocol(*approved, "Dr P. Author", g.key, test::kTestEpochMs);
    const ProtocolPtr draft = g.Write("draft", "# nobody reviewed this\n");
    const ProtocolsConfig strict{true};

    StartCheck check = CheckStart(*draft, &g.key, strict, &g.records);
    CHECK(check.gate == StartGate::Refused);
    CHECK(check.message.find("engine-test 1.0.0 is a draft; this department's settings") != std::string::npos);
    CHECK(check.message.find("require_approved") != std::string::npos);
    CHECK(check.message.find("approved bytes were sha256 " + approved->sha256.substr(0, 12)) != std::string::npos);
    CHECK_FALSE(StartSession(draft, g.request, g.Env(nullptr, &g.key), true, strict).session);
    CHECK(g.records.SessionIds().empty());

    check = CheckStart(*draft, &g.key);
    CHECK(check.gate == StartGate::DraftNeedsConfirmation);
    CHECK(check.warning.find("engine-test 1.0.0 is a draft, not approved for clinical use") != std::string::npos);
    CHECK(check.warning.find("approved bytes were sha256 " + approved->sha256.substr(0, 12) +
                             "; this file differs and is marked draft") != std::string::npos);
    CHECK(check.priorApproval.find("approved by Dr P. Author") != std::string::npos);
    StartResult started = StartSession(draft, g.request, g.Env(nullptr, &g.key), true);
    REQUIRE(started.session);
    CHECK(started.warning == check.warning);
    CHECK_FALSE(std::get<ev::SessionStarted>(started.session->Events().front().body).manifest); // drafts name none
    started.session.reset();

    // Approved as it is: starts under the setting too; retired never.
    const ProtocolPtr asApproved = g.Write("approved");
    CHECK(CheckStart(*asApproved, &g.key, strict, &g.records).gate == StartGate::Allowed);
    CHECK(CheckStart(*g.Write("retired"), &g.key, strict).gate == StartGate::Refused);
}

TEST_CASE("verify reports a session started under an older approval manifest than one before it", "[start][verify]") {
    Gate g;
    const auto start = [&](std::optional<ManifestRef> manifest) {
        StartRequest r = g.request;
        r.manifest = std::move(manifest);
        return test::StartOrFail(g.protocol, r, g.Env())->TrailPath();
    };
    start(ManifestRef{"m-1", 5});
    start(std::nullopt);             // a draft
    start(ManifestRef{"m-2", 1});    // another folder's manifest
    start(ManifestRef{"m-1", 5});    // the same again
    const std::string older = start(ManifestRef{"m-1", 3});
    start(ManifestRef{"m-1", 6});
    VerifyReport report = VerifyPaths({g.records.Root()}, {});
    REQUIRE(report.findings.size() == 1);
    const FileFinding& f = report.findings.front();
    CHECK(f.kind == FindingKind::ManifestRollback);
    CHECK(f.file == older);
    CHECK(f.line == 1);
    CHECK(f.what.find("started under approvals.json sequence 3, older than sequence 5") != std::string::npos);
    CHECK(f.what.find("(ledger line 4)") != std::string::npos);
    CHECK_FALSE(VerifySessionTrail(older, {}).Intact()); // and replay of that trail says so

    // The ledger's record re-sealed to agree with the rollback's victim: the trail disagrees.
    test::Rechain(g.records.LedgerPath(), [](std::vector<nlohmann::json>& lines) {
        lines[0]["payload"]["manifest"]["sequence"] = 2;
    });
    report = VerifyPaths({g.records.Root()}, {});
    bool mismatch = false;
    for (const auto& x : report.findings)
        mismatch |= x.kind == FindingKind::ManifestMismatch && x.what.find("but the ledger recorded approvals.json "
                                                                           "sequence 2") != std::string::npos;
    CHECK(mismatch);
}

TEST_CASE("start gate: a manifest from before sequence numbers is refused once sessions recorded numbered ones",
          "[start][approval]") {
    Gate g;
    const ProtocolPtr p = g.Write("approved");
    test::WriteUnnumberedManifest(*p, g.key);
    StartResult started = StartSession(p, g.request, g.Env(nullptr, &g.key), false);
    REQUIRE(started.session); // nothing numbered was recorded yet: it approves, and no manifest is recorded
    CHECK_FALSE(std::get<ev::SessionStarted>(started.session->Events().front().body).manifest);
    started.session.reset();
    ApproveProtocol(*p, "Dr P. Author", g.key, test::kTestEpochMs); // numbered now
    REQUIRE(StartSession(p, g.request, g.Env(nullptr, &g.key), false).session);
    test::WriteUnnumberedManifest(*p, g.key); // the old file put back
    const StartCheck check = CheckStart(*p, &g.key, {}, &g.records);
    CHECK(check.gate == StartGate::Refused);
    CHECK(check.message.find("has no sequence number") != std::string::npos);
    CHECK(check.message.find("(ledger line 2 of " + g.records.LedgerPath() + ")") != std::string::npos);
}
