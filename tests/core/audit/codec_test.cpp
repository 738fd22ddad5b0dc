#include <catch2/catch.hpp>

#include "kc/audit/codec.hpp"
#include "kc/base/error.hpp"
#include "kc/base/clock.hpp"
#include "kc/base/sha256.hpp"

using namespace kc;

namespace {

Event Sample() {
    Event e;
    e.seq = 7;
    e.utcMs = 1'795'614'000'123; // 2026-11-25T13:40:00.123Z
    e.elapsedMs = 4200;
    e.sessionId = "s-1";
    e.actor = {"Dr Émile Ø", "anesthesiologist"};
    e.body = ev::StepAnswered{"hepatic", {"moderate"}, "", "note with \"quotes\", a\ttab and ≥"};
    e.prevHash = std::string(64, 'a');
    return e;
}

} // namespace

TEST_CASE("a line is its canonical form with the hash of those bytes appended", "[codec]") {
    Event e = Sample();
    const std::string canonical = CanonicalForm(e);
    const std::string line = EncodeLine(e);
    CHECK(e.hash == Sha256Hex(canonical));
    CHECK(line == canonical.substr(0, canonical.size() - 1) + ",\"hash\":\"" + e.hash + "\"}");
    // Written out by hand from the documented rules: keys sorted, no whitespace, UTF-8 as is.
    const std::string expected =
        R"({"actor":{"name":"Dr Émile Ø","role":"anesthesiologist"},"elapsed_ms":4200,)"
        R"("payload":{"note":"note with \"quotes\", a\ttab and ≥","step":"hepatic","values":["moderate"]},)"
        R"("prev":")" + std::string(64, 'a') + R"(","seq":7,"session":"s-1","time":"2026-11-25T13:40:00.123Z",)"
        R"("type":"step_answered"})";
    CHECK(canonical == expected);
    CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("CheckLine accepts an intact line and rejects any changed byte", "[codec]") {
    Event e = Sample();
    const std::string line = EncodeLine(e);
    CHECK(CheckLine(line).ok);
    for (std::size_t i = 0; i < line.size(); i += 7) {
        std::string damaged = line;
        damaged[i] = damaged[i] == 'x' ? 'y' : 'x';
        INFO("byte " << i);
        CHECK_FALSE(CheckLine(damaged).ok);
    }
    CHECK_FALSE(CheckLine(line.substr(0, line.size() - 1)).ok);
    CHECK_FALSE(CheckLine("").ok);
}

TEST_CASE("DecodeLine gives back every event type", "[codec]") {
    const std::vector<EventBody> bodies = {
        ev::SessionStarted{{"p", "1.0.0", std::string(64, 'b'), "Title"}, "P-1", "Suite"},
        ev::SessionResumed{"resumed"},
        ev::StepAnswered{"a", {"x", "y"}, "/min", "n"},
        ev::StepSkipped{"b", "not needed"},
        ev::WarningRaised{"c", "careful", true},
        ev::WarningJustified{"c", "because", "Dr B"},
        ev::AnswerAmended{"a", {"x"}, {"y"}, "typo"},
        ev::AnswerSuperseded{"d", {"yes"}, "a"},
        ev::HardStopped{"e", {"yes"}, "stop"},
        ev::Attested{"Dr A", "I confirm"},
        ev::SessionCompleted{},
        ev::SessionAbandoned{"patient left"}};
    for (const auto& body : bodies) {
        Event e = Sample();
        e.body = body;
        const std::string line = EncodeLine(e);
        std::string error;
        const auto decoded = DecodeLine(line, error);
        INFO(line << "\n" << error);
        REQUIRE(decoded);
        CHECK(decoded->body == body);
        CHECK(decoded->seq == e.seq);
        CHECK(decoded->utcMs == e.utcMs);
        CHECK(decoded->actor == e.actor);
        CHECK(decoded->hash == e.hash);
    }
}

TEST_CASE("DecodeLine explains what is wrong with a malformed event", "[codec]") {
    std::string error;
    CHECK_FALSE(DecodeLine("[1,2]", error));
    CHECK(error == "line is not a JSON object");
    CHECK_FALSE(DecodeLine(R"({"seq":1})", error));
    Event e = Sample();
    std::string line = EncodeLine(e);
    line.replace(line.find("step_answered"), 13, "step_answerxd");
    CHECK_FALSE(DecodeLine(line, error));
    CHECK(error == "unknown event type 'step_answerxd'");
}

TEST_CASE("text that is not valid UTF-8 is refused, never written", "[codec]") {
    Event e = Sample();
    e.body = ev::StepAnswered{"a", {"\xff"}, "", ""};
    CHECK_THROWS_AS(EncodeLine(e), Error);
}

TEST_CASE("UTC times format and parse with milliseconds", "[codec]") {
    CHECK(FormatUtcMs(0) == "1970-01-01T00:00:00.000Z");
    CHECK(ParseUtcMs("2026-11-25T13:40:00.123Z") == 1'795'614'000'123);
    CHECK(FormatUtcMs(1'795'614'000'123) == "2026-11-25T13:40:00.123Z");
    CHECK(ParseUtcMs("2026-11-25 13:40:00") == -1);
}

TEST_CASE("DecodeLine refuses JSON that EncodeLine would never write", "[codec]") {
    Event e = Sample();
    const std::string line = EncodeLine(e);
    std::string error;
    REQUIRE(DecodeLine(line, error));
    auto refused = [&](std::string changed) {
        INFO(changed);
        std::string why;
        CHECK_FALSE(DecodeLine(changed, why));
        return why;
    };
    // Top-level fields moved, repeated or renamed.
    std::string moved = line;
    moved.replace(moved.find(R"("elapsed_ms":4200,)"), 18, "");
    moved.insert(moved.find(R"("seq":7)"), R"("elapsed_ms":4200,)");
    CHECK(refused(moved).find("nine trail fields, once each, in canonical order") != std::string::npos);
    std::string repeated = line;
    repeated.replace(repeated.find(R"("elapsed_ms":4200)"), 17, R"("actor":{"name":"X","role":"Y"})");
    CHECK(refused(repeated).find("nine trail fields") != std::string::npos);
    // A payload or actor key repeated (a parser that keeps the last one would read "yes").
    std::string payload = line;
    payload.replace(payload.find(R"("step":"hepatic")"), 16, R"("step":"hepatic","step":"other")");
    CHECK(refused(payload) == "actor and payload are objects with each key once, in canonical order");
    std::string actor = line;
    actor.replace(actor.find(R"({"name")"), 7, R"({"role":"x","name")");
    CHECK(refused(actor) == "actor and payload are objects with each key once, in canonical order");
    // Counts that are not whole numbers of the right sign.
    for (const char* seq : {"7.0", "-7", "1e300", "\"7\""}) {
        std::string changed = line;
        changed.replace(changed.find(R"("seq":7)") + 6, 1, seq);
        CHECK(refused(changed).find("seq and elapsed_ms are whole numbers") != std::string::npos);
    }
    std::string huge = line; // beyond 64 bits: simdjson refuses the whole line
    huge.replace(huge.find(R"("seq":7)") + 6, 1, "18446744073709551616");
    CHECK_FALSE(refused(huge).empty());
    std::string time = line;
    time.replace(time.find("2026-11-25T"), 10, "2026-02-30");
    CHECK(refused(time) == "time is not written YYYY-MM-DDTHH:MM:SS.mmmZ");
}

TEST_CASE("UTC times parse only in the exact form, with a real date", "[codec]") {
    CHECK(ParseUtcMs("1970-01-01T00:00:00.000Z") == 0);
    CHECK(ParseUtcMs("2024-02-29T23:59:59.999Z") == 1'709'251'199'999);
    CHECK(ParseUtcMs("2000-03-01T00:00:00.000Z") == 951'868'800'000);
    // Each round-trips through FormatUtcMs, across months, leap years and centuries.
    for (std::int64_t ms = 0; ms < 4'102'444'800'000; ms += 86'399'999'937)
        CHECK(ParseUtcMs(FormatUtcMs(ms)) == ms);
    for (const char* bad : {"2026-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z",
                            "2026-13-01T00:00:00.000Z", "2026-00-01T00:00:00.000Z", "2026-11-00T00:00:00.000Z",
                            "2026-11-25T24:00:00.000Z", "2026-11-25T13:60:00.000Z", "2026-11-25T13:40:60.000Z",
                            "2026-11-25T13:40:00.123", "2026-11-25T 3:40:00.123Z", "2026-11-25T+3:40:00.123Z",
                            "1969-12-31T23:59:59.999Z", "2026-11-25T13:40:00.123Z ", "2026-11-25t13:40:00.123Z"})
        CHECK(ParseUtcMs(bad) == -1);
}

TEST_CASE("session_started records the approval manifest when there is one, and reads without it", "[codec]") {
    Event e = Sample();
    e.seq = 1;
    e.body = ev::SessionStarted{{"p", "1.0.0", std::string(64, 'b'), "Title"}, "P-1", "Suite", ManifestRef{"m1", 5}};
    const std::string line = EncodeLine(e);
    CHECK(line.find(R"("manifest":{"id":"m1","sequence":5},"patient_ref":"P-1")") != std::string::npos);
    std::string error;
    auto decoded = DecodeLine(line, error);
    INFO(error);
    REQUIRE(decoded);
    CHECK(std::get<ev::SessionStarted>(decoded->body).manifest == ManifestRef{"m1", 5});
    // Without one (a draft, or a trail from before), the payload has no such member.
    e.body = ev::SessionStarted{{"p", "1.0.0", std::string(64, 'b'), "Title"}, "P-1", "Suite"};
    const std::string older = EncodeLine(e);
    CHECK(older.find("manifest") == std::string::npos);
    decoded = DecodeLine(older, error);
    REQUIRE(decoded);
    CHECK_FALSE(std::get<ev::SessionStarted>(decoded->body).manifest);
    // A manifest of the wrong shape is refused, not read as absent.
    std::string bad = line;
    bad.replace(bad.find(R"("sequence":5)"), 12, R"("sequence":"5")");
    CHECK_FALSE(DecodeLine(bad, error));
    CHECK(error.find("sequence") != std::string::npos);
}
