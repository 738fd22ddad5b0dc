#include <filesystem>

#include <catch2/catch.hpp>

#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"
#include "process.hpp"

using namespace kc;
namespace fs = std::filesystem;

TEST_CASE("review copies in docs/protocols are up to date", "[review-copy]") {
    const auto files = ListProtocolFiles(KC_PROTOCOL_DIR);
    REQUIRE_FALSE(files.empty());
    for (const auto& file : files) {
        const auto loaded = LoadProtocolFile(file);
        REQUIRE(loaded.Ok());
        const fs::path doc = fs::path(KC_SOURCE_DIR) / "docs" / "protocols" / (loaded.protocol->id + ".md");
        INFO(doc.string() << " is missing or out of date: run tools/update-protocol-docs.sh");
        REQUIRE(fs::exists(doc));
        CHECK(test::ReadAll(doc.string()) == RenderMarkdown(*loaded.protocol));
    }
}

TEST_CASE("the review copy shows every step with its basis and rules", "[review-copy]") {
    const auto loaded = LoadProtocolFile(std::string(KC_PROTOCOL_DIR) + "/example-minimal.yaml");
    REQUIRE(loaded.Ok());
    const Protocol& p = *loaded.protocol;
    for (const std::string& text : {RenderMarkdown(p), RenderHtml(p)}) {
        for (const auto& step : p.steps) CHECK(text.find(step.id) != std::string::npos);
        CHECK(text.find("Hard stop") != std::string::npos);
        CHECK(text.find("second clinician") != std::string::npos);
        CHECK(text.find("grade B") != std::string::npos);
        CHECK(text.find("provenance [summary; wording confirmed]") != std::string::npos);
        CHECK(text.find("10.1097/AAP.0000000000000808") != std::string::npos);
        CHECK(text.find(p.sha256) != std::string::npos);
        CHECK(text.find("Shown only when") != std::string::npos);
    }
    const std::string html = RenderHtml(p);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("http://") == std::string::npos); // self-contained: nothing fetched
    CHECK(html.find("Patient&#39;s") == std::string::npos);
    CHECK(html.find("patient&#39;s hepatic status") != std::string::npos); // text is escaped
}
