#pragma once
// The one durable-session environment of the tests: a fresh records folder, a manual clock,
// sequential ids, a null diagnostic log and the inline engine protocol (test_protocols.hpp).
// StartOrFail starts a session or fails the test with the engine's refusal.
#include <cstdint>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "kc/audit/records.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/ops/script.hpp"
#include "kc/ops/session.hpp"
#include "faulty_io.hpp"
#include "process.hpp"
#include "test_protocols.hpp"

namespace kc::test {

// 2026-11-25T...: the start of every test clock unless a test needs its own.
inline constexpr std::int64_t kTestEpochMs = 1'795'614'000'000;

// A scripted run's clock moved to each time its answers file gives (RunScript's AdvanceClock).
inline AdvanceClock AdvanceOn(ManualClock& clock) {
    return [&clock](std::int64_t utcMs) {
        clock.Advance(utcMs - clock.UtcMs());
        return true;
    };
}

inline std::unique_ptr<Session> StartOrFail(ProtocolPtr protocol, const StartRequest& request, SessionEnv env) {
    std::string refusal;
    auto session = Session::Start(std::move(protocol), request, env, refusal);
    INFO(refusal);
    REQUIRE(session);
    return session;
}

// `io` behaves as the real system calls until a test sets a fault on it (faulty_io.hpp).
struct SessionEnvFixture {
    explicit SessionEnvFixture(const std::string& idPrefix = "s", std::int64_t startUtcMs = kTestEpochMs,
                               std::int64_t stepMs = 1000)
        : clock(startUtcMs, stepMs), ids(idPrefix) {}

    TempDir dir;
    FaultyIo io;
    RecordsFolder records{dir.File("records"), io};
    ManualClock clock;
    SequentialIdGenerator ids;
    std::unique_ptr<DiagnosticLog> log = MakeNullDiagnosticLog();
    ProtocolPtr protocol = LoadInline(kEngineProtocol, dir.File("engine-test.yaml"));

    SessionEnv Env(AuditForwarder* forward = nullptr, const SigningKey* key = nullptr) {
        return {records, clock, ids, *log, forward, key};
    }
    std::unique_ptr<Session> Start(const Actor& actor = {"Dr A", "anesthesiologist"},
                                   const std::string& patient = "P-0042", const std::string& location = "Suite 1") {
        return StartOrFail(protocol, {actor, patient, location}, Env());
    }
};

} // namespace kc::test
