#pragma once
// Session windows in GUI tests: the example protocol, a session started and shown in a window,
// and the id of the step the window shows.
#include <string>

#include <catch2/catch.hpp>

#include "app_context.hpp"
#include "kc/protocol/loader.hpp"
#include "session_frame.hpp"

namespace kc::test {

inline ProtocolPtr ExampleProtocol() {
    auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    return loaded.protocol;
}

// A session on `protocol` for `patientRef`, started by Dr A in Suite 1, in a shown window.
inline gui::SessionFrame* OpenSessionFrame(const gui::AppContext& context, ProtocolPtr protocol,
                                           const std::string& patientRef) {
    std::string refusal;
    auto session =
        Session::Start(std::move(protocol), {{"Dr A", "anesthesiologist"}, patientRef, "Suite 1"}, context.Env(), refusal);
    INFO(refusal);
    REQUIRE(session);
    auto* frame = new gui::SessionFrame(context, std::move(session));
    frame->Show();
    return frame;
}

inline std::string ShownStepId(gui::SessionFrame* frame) {
    REQUIRE(frame->ShownStep());
    return frame->GetSession().GetEngine().GetProtocol().steps[*frame->ShownStep()].id;
}

} // namespace kc::test
