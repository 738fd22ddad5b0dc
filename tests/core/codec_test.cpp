#include <catch2/catch.hpp>

#include "kc/audit/codec.hpp"
#include "kc/error.hpp"
#include "kc/session/clock.hpp"
#include "kc/sha256.hpp"

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
