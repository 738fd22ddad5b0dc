#pragma once
// The engine driven the way a session drives it, without I/O: each accepted decision's events
// are stamped, chained and folded into the state (engine and session view tests).
#include <catch2/catch.hpp>

#include "kc/audit/codec.hpp"
#include "kc/session/engine.hpp"
#include "test_protocols.hpp"

namespace kc::test {

// Applies a decision's events to the state the way a session would (stamped and chained).
struct Driver {
    Engine engine{test::LoadInline(test::kEngineProtocol)};
    SessionState state;
    std::vector<Event> log;

    Decision Do(Decision d) {
        if (!d.Accepted()) return d;
        for (const auto& body : d.events) {
            Event e;
            e.seq = state.lastSeq + 1;
            e.utcMs = 1'764'000'000'000 + static_cast<std::int64_t>(e.seq);
            e.sessionId = "s-1";
            e.actor = {"Dr A", "anesthesiologist"};
            e.body = body;
            e.prevHash = state.lastHash;
            EncodeLine(e);
            const auto error = engine.Apply(state, e);
            INFO(error);
            REQUIRE(error.empty());
            log.push_back(e);
        }
        return d;
    }
    void Start() {
        const Protocol& p = engine.GetProtocol();
        REQUIRE(Do(engine.Start({p.id, p.version, p.sha256, p.title}, {"Dr A", "anesthesiologist"}, "P-1", "Suite 1"))
                    .Accepted());
    }
    Decision Answer(const std::string& step, Values v) { return Do(engine.Answer(state, step, v, "")); }
    std::string Next() {
        const auto n = engine.NextStep(state);
        return n ? engine.GetProtocol().steps[*n].id : "";
    }
    StepStatus StatusOf(const std::string& step) { return engine.Status(state, *engine.GetProtocol().StepIndex(step)); }
};

} // namespace kc::test
