#pragma once
// Shared by the benchmarks: a generated protocol of N yes/no steps (valid, draft) and a
// SysIo that skips fdatasync/fsync, for generating large records folders quickly.
#include <string>

#include <fmt/format.h>

#include "kc/audit/durable_file.hpp"

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

} // namespace kc::bench
