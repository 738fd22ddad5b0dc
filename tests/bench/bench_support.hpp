#pragma once
// Shared by the benchmarks: a generated protocol of N yes/no steps (valid, draft), a SysIo
// that skips fdatasync/fsync, and a records folder generated through the real Session path.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// A generated protocol of N steps with a condition on every step but the first: kinds mixed
// (yes-no, yes-no-na, single- and multiple-choice), some optional, some with a hard stop on
// one answer. Each condition names 7 to 9 of the 40 steps before it: "any of" or "all of"
// them, or any/all groups of two or three, some negated. It is built true for one answer of
// each step it names (an answer that does not stop), so the protocol is valid. The same N
// gives the same bytes.
inline std::string GeneratedConditionalProtocol(int steps) {
    struct Gen {
        std::uint64_t state = 20261201;
        unsigned Next(unsigned n) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<unsigned>(state >> 33) % n;
        }
    } rng;
    struct Shape {
        std::vector<std::string> values; // the step's answers
        std::vector<std::string> open;   // those that do not stop the session
    };
    std::vector<Shape> shapes;
    std::string text = "format: 1\nid: bench-conditions\ntitle: Benchmark with conditions\nversion: 1.0.0\n"
                       "status: draft\nlast_reviewed: 2026-12-01\nsources: [{id: s, citation: Bench}]\nphases:\n"
                       "  - id: p\n    title: P\n    basis: {local_policy: {}}\n    steps:\n";
    for (int i = 0; i < steps; ++i) {
        Shape shape;
        std::string kind, extra;
        switch (rng.Next(20)) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
            kind = "yes-no";
            shape.values = {"yes", "no"};
            break;
        case 8: case 9: case 10: case 11: case 12: case 13:
            kind = "yes-no-na";
            shape.values = {"yes", "no", "not-applicable"};
            break;
        case 14: case 15: case 16: case 17:
            kind = "single-choice";
            shape.values = {"a", "b", "c"};
            extra = ", options: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]";
            break;
        default:
            kind = "multiple-choice";
            shape.values = {"a", "b", "c", "d"};
            extra = ", options: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}, {id: d, label: D}]";
        }
        shape.open = shape.values;
        if (rng.Next(6) == 0) { // a hard stop on one answer
            const auto stop = rng.Next(static_cast<unsigned>(shape.values.size()));
            extra += fmt::format(", hard_stop: {{answers: [\"{}\"], message: Stop}}", shape.values[stop]);
            shape.open.erase(shape.open.begin() + stop);
        }
        if (rng.Next(5) == 0) extra += ", required: false";
        std::string when;
        if (i > 0) {
            // The steps named, each with the answer (or, for multiple choice, the one
            // selection among possibly more) that makes the condition true.
            std::vector<std::pair<int, std::string>> named;
            const int window = std::min(i, 40);
            const int count = std::min(window, 7 + static_cast<int>(rng.Next(3)));
            while (static_cast<int>(named.size()) < count) {
                const int s = i - 1 - static_cast<int>(rng.Next(static_cast<unsigned>(window)));
                if (std::any_of(named.begin(), named.end(), [&](const auto& n) { return n.first == s; })) continue;
                const auto& open = shapes[static_cast<std::size_t>(s)].open;
                named.emplace_back(s, open[rng.Next(static_cast<unsigned>(open.size()))]);
            }
            std::size_t next = 0;
            // A leaf over the next named step whose value is `truth` under the witness.
            auto leaf = [&](bool truth) {
                const auto& [s, witness] = named[next++ % named.size()];
                const auto& values = shapes[static_cast<std::size_t>(s)].values;
                std::string other = witness;
                for (const auto& v : values)
                    if (v != witness) other = v;
                const auto equals = [&](const std::string& v) {
                    return fmt::format("{{equals: {{step: s{}, value: \"{}\"}}}}", s, v);
                };
                const bool negate = rng.Next(3) == 0;
                if (truth) return negate ? fmt::format("{{not: {}}}", equals(other)) : equals(witness);
                return negate ? fmt::format("{{not: {}}}", equals(witness)) : equals(other);
            };
            // A group of leaves, `truth` under the witness: all true, or any with one true.
            auto group = [&](bool truth, int size) {
                const bool all = rng.Next(2) == 0;
                const auto pick = static_cast<int>(rng.Next(static_cast<unsigned>(size)));
                std::vector<std::string> items;
                for (int k = 0; k < size; ++k) {
                    const bool t = all ? (truth || k != pick) : (truth && k == pick);
                    items.push_back(leaf(t));
                }
                return fmt::format("{{{}: [{}]}}", all ? "all" : "any", fmt::join(items, ", "));
            };
            std::vector<std::string> items;
            const auto style = rng.Next(4);
            bool all = style != 0 && style != 3;
            if (style < 3) { // "any of" / "all of these findings": one leaf per named step
                const auto pick = rng.Next(static_cast<unsigned>(named.size()));
                for (std::size_t k = 0; k < named.size(); ++k) items.push_back(leaf(all || k == pick));
            } else { // groups of two or three leaves, and single leaves
                const int groups = 1 + static_cast<int>(rng.Next(3));
                all = rng.Next(2) == 0;
                const auto pick = static_cast<int>(rng.Next(static_cast<unsigned>(groups)));
                for (int g = 0; g < groups; ++g) {
                    const bool t = all || g == pick;
                    items.push_back(rng.Next(3) == 0 ? leaf(t) : group(t, 2 + static_cast<int>(rng.Next(2))));
                }
            }
            when = fmt::format(", when: {{{}: [{}]}}", all ? "all" : "any", fmt::join(items, ", "));
        }
        text += fmt::format("      - {{id: s{}, prompt: P, kind: {}{}{}}}\n", i, kind, extra, when);
        shapes.push_back(std::move(shape));
    }
    return text;
}

// A generated protocol of N optional yes-no-na steps in which every step from the ninth is
// shown only when the eight steps before it are all "not-applicable": the shape on which the
// reachability check that tried every combination of answers was slowest (issue 13).
inline std::string GeneratedAllOfEightProtocol(int steps) {
    std::string text = "format: 1\nid: bench-all-of-8\ntitle: Benchmark, all of eight\nversion: 1.0.0\n"
                       "status: draft\nlast_reviewed: 2026-12-01\nsources: [{id: s, citation: Bench}]\nphases:\n"
                       "  - id: p\n    title: P\n    basis: {local_policy: {}}\n    steps:\n";
    for (int i = 0; i < steps; ++i) {
        std::vector<std::string> items;
        for (int k = i - 8; k >= 0 && k < i; ++k)
            items.push_back(fmt::format("{{equals: {{step: s{}, value: not-applicable}}}}", k));
        text += fmt::format("      - {{id: s{}, prompt: P, kind: yes-no-na{}}}\n", i,
                            items.empty() ? ", required: false" : fmt::format(", when: {{all: [{}]}}", fmt::join(items, ", ")));
    }
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
