#include <filesystem>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "kc/ops/review_scenarios.hpp"
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
        CHECK(test::ReadAll(doc.string()) == RenderReviewMarkdown(*loaded.protocol)); // with its scenarios
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

TEST_CASE("the review copy shows each schedule with its timing, steps, limits, codes and notes", "[review-copy][rounds]") {
    const auto loaded = LoadProtocolFile(std::string(KC_TEST_DATA_DIR) + "/protocols/valid/rounds.yaml");
    REQUIRE(loaded.Ok());
    const Protocol& p = *loaded.protocol;
    const std::string md = RenderMarkdown(p);
    const std::string html = RenderHtml(p);
    for (const bool isHtml : {false, true}) {
        const std::string& text = isHtml ? html : md;
        INFO(text);
        // The HTML writes an apostrophe as &#39;.
        const auto has = [&](std::string needle) {
            for (std::size_t at; isHtml && (at = needle.find('\'')) != std::string::npos;) needle.replace(at, 1, "&#39;");
            return text.find(needle) != std::string::npos;
        };
        for (const auto& rounds : p.rounds) {
            CHECK(text.find(rounds.title) != std::string::npos);
            CHECK(text.find(rounds.id) != std::string::npos);
            for (const auto& step : rounds.steps) CHECK(text.find(step.id) != std::string::npos);
        }
        CHECK(has("Every quarter hour while the infusion runs.")); // description
        CHECK(has("every 15 min"));
        CHECK(has("grace 5 min"));
        CHECK(has("every 30 min"));
        CHECK(has("grace 0 min"));
        CHECK(has("for 2 h after"));
        CHECK(has("Department standing order 12")); // the schedule's basis
        // Limits: the department's (local policy), warning and stop, with the unit.
        CHECK(has("below 50 or above 120 /min"));
        CHECK(has("below 40 or above 150.5 /min"));
        CHECK(has("below 94 %"));
        CHECK(has("above 9 NRS points"));
        CHECK(has("the department's limits, local policy"));
        CHECK(has("the department's stop criteria, local policy"));
        CHECK(has("Stop the infusion and call the anaesthetist."));
        CHECK(has("a second clinician's acknowledgement"));
        // Codes and the required note (on a top-level step too).
        CHECK(has("LOINC 8867-4 (Heart rate)"));
        CHECK(has("SNOMED CT 22298006"));
        CHECK(has("SNOMED CT 386661006 (Fever)"));
        CHECK(has("LOINC 59408-5"));
        CHECK(has("needs a note"));
    }
    // Each schedule comes after its phase's steps and before the next phase.
    CHECK(md.find("infusion-stopped") < md.find("infusion-observations"));
    CHECK(md.find("infusion-observations") < md.find("3. Recovery"));
    CHECK(html.find("until <span class=\"id\">infusion-stopped</span>") != std::string::npos);
    CHECK(md.find("until `infusion-stopped`") != std::string::npos);
    CHECK(md.find("from `infusion-started`") != std::string::npos);
    // The outline shows them too.
    const std::string outline = RenderOutline(p);
    CHECK(outline.find("rounds infusion-observations") != std::string::npos);
    CHECK(outline.find("obs-heart-rate") != std::string::npos);
    CHECK(outline.find("limits: below 50 or above 120") != std::string::npos);
    CHECK(outline.find("codes: LOINC 8867-4") != std::string::npos);
}

namespace {

// The declarations of the style sheet's rules whose selector list names `selector` (".keep", "h2").
std::vector<std::string> RulesFor(const std::string& html, const std::string& selector) {
    const std::size_t from = html.find("<style>"), to = html.find("</style>");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    const std::string css = html.substr(from + 7, to - from - 7);
    std::vector<std::string> found;
    for (std::size_t at = 0, open; (open = css.find('{', at)) != std::string::npos;) {
        const std::size_t close = css.find('}', open);
        std::string selectors = css.substr(at, open - at);
        if (const auto media = selectors.rfind('{'); media != std::string::npos) selectors = selectors.substr(media + 1);
        if (const auto media = selectors.find("@media"); media != std::string::npos) {
            at = open + 1; // the block of a media query: its rules follow
            continue;
        }
        std::size_t start = 0;
        for (std::size_t comma; start <= selectors.size(); start = comma + 1) {
            comma = selectors.find(',', start);
            if (comma == std::string::npos) comma = selectors.size();
            std::string one = selectors.substr(start, comma - start);
            one.erase(0, one.find_first_not_of(" \n\t"));
            one.erase(one.find_last_not_of(" \n\t") + 1);
            if (one == selector) found.push_back(css.substr(open + 1, close - open - 1));
        }
        at = close + 1;
    }
    return found;
}

bool AnyRuleHas(const std::vector<std::string>& rules, const std::string& declaration) {
    for (const auto& rule : rules)
        if (rule.find(declaration) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("no heading of the review copy is left alone at the bottom of a printed page", "[review-copy]") {
    const std::vector<std::string> files = {std::string(KC_PROTOCOL_DIR).append("/example-minimal.yaml"),
                                            std::string(KC_TEST_DATA_DIR).append("/protocols/valid/rounds.yaml")};
    for (const std::string& file : files) {
        const auto loaded = LoadProtocolFile(file);
        REQUIRE(loaded.Ok());
        const std::string html = RenderHtml(*loaded.protocol);
        const std::string body = html.substr(html.find("<body>"));
        INFO(file);
        // Each heading level the copy uses is kept with what follows it, by both spellings of the rule.
        for (int level = 1; level <= 6; ++level) {
            const std::string tag = fmt::format("h{}", level);
            if (body.find(fmt::format("<{}>", tag)) == std::string::npos) continue;
            INFO(tag);
            const auto rules = RulesFor(html, tag);
            CHECK(AnyRuleHas(rules, "break-after: avoid"));
            CHECK(AnyRuleHas(rules, "page-break-after: avoid"));
        }
        // And each heading opens a block that does not break inside: the heading and its first
        // block (a phase and its first step, a schedule and its first step, a step and its rules).
        const auto keep = RulesFor(html, ".keep");
        CHECK(AnyRuleHas(keep, "break-inside: avoid"));
        CHECK(AnyRuleHas(keep, "page-break-inside: avoid"));
        std::size_t headings = 0;
        for (std::size_t at = 0; (at = body.find("<h", at)) != std::string::npos; ++at) {
            if (!std::isdigit(static_cast<unsigned char>(body[at + 2]))) continue;
            ++headings;
            const std::string before = body.substr(0, at);
            const bool inKeep = before.size() >= 18 && before.compare(before.size() - 18, 18, "<div class=\"keep\">") == 0;
            const bool inStep = before.size() >= 18 && before.compare(before.size() - 18, 18, "<div class=\"step\">") == 0;
            INFO(body.substr(at, 80));
            CHECK((inKeep || inStep || body.compare(at, 4, "<h1>") == 0));
        }
        CHECK(headings > 3);
    }
}
