#pragma once
// Shared by the benchmarks: a generated protocol of N yes/no steps (valid, draft), a SysIo
// that skips fdatasync/fsync, and a records folder generated through the real Session path.
#include <string>

#include <fmt/format.h>

#include "kc/base/durable_file.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/base/error.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/session.hpp"

namespace kc::bench {

inline std::string GeneratedProtocol(int steps) {
    std::string text = "format: 1\nid: bench\ntitle: Benchmark\nversion: 1.0.0\nstatus: draft\n"
                       "last_reviewed: 2026-11-25\nsources: [{id: s, citation: Bench}]\nphases:\n"
                       "  - id: p\n    title: P\n    basis: {local_policy: {}}\n    steps:\n";
    for (int i = 0; i < steps; ++i) text += fmt::format("      - {{id: s{}, prompt: Step {}, kind: yes-no}}\n", i, i);
    return text;
}

// Real writes, no syncs: only for generating benchmark input, never for records.
class NoSyncIo final : public SysIo {
public:
    int Fdatasync(int) override { return 0; }
    int Fsync(int) override { return 0; }
};

// Writes `sessions` sessions of `perSession` events each (session_started, perSession - 3
// yes/no answers, attested, session_completed) into `dir` through Session: engine, codec,
// hash chain, ledger, checkpoints and protocol archive, with only the syncs skipped. The
// folder verifies intact. Throws kc::Error when a session is refused.
inline void GenerateRecords(const std::string& dir, int sessions, int perSession) {
    const int steps = perSession - 3;
    const auto loaded = ParseProtocol(GeneratedProtocol(steps), "bench.yaml");
    if (!loaded.Ok()) throw Error("the generated protocol does not validate");
    NoSyncIo io;
    RecordsFolder records(dir, io);
    ManualClock clock(1'764'000'000'000, 7);
    RandomIdGenerator ids;
    auto log = MakeNullDiagnosticLog();
    for (int n = 0; n < sessions; ++n) {
        std::string refusal;
        auto session = Session::Start(loaded.protocol, {{"Dr Bench Marker", "anesthesiologist"},
                                                        "P-" + std::to_string(100000 + n), "Infusion suite 2"},
                                      {records, clock, ids, *log}, refusal);
        if (!session) throw Error("session refused: " + refusal);
        for (int i = 0; i < steps; ++i) session->Answer("s" + std::to_string(i), {(i + n) % 3 ? "yes" : "no"});
        session->Attest("Dr Bench Marker", "I performed and checked this session");
        if (!session->Complete().Accepted()) throw Error(fmt::format("session {} could not complete", n));
    }
}

} // namespace kc::bench
