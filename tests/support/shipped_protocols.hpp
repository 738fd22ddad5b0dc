#pragma once
// The protocols shipped in protocols/, loaded as the app loads them, for the tests that check
// their content against the guideline reference and the evidence file.
#include <string>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"

namespace kc::test {

inline ProtocolPtr ShippedProtocol(const std::string& id) {
    const auto result = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/" + id + ".yaml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(FormatDiagnostic(d));
    REQUIRE(result.Ok());
    return result.protocol;
}

} // namespace kc::test
