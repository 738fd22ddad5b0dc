// The one start gate both faces use: drafts ask first, retired protocols never start, an
// approved one only with its exact bytes pinned in the signed manifest.
#include <catch2/catch.hpp>

#include "kc/ops/start.hpp"
#include "kc/protocol/approval.hpp"
#include "process.hpp"
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
