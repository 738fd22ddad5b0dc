#pragma once
// The trail's line format (docs/audit-trail-format.md). A line is the canonical JSON of the
// event without its hash — keys sorted, no whitespace, UTF-8 unescaped — with
// ,"hash":"<sha256 of those canonical bytes>" appended before the closing brace.
#include <optional>
#include <string>
#include <string_view>

#include "kc/session/events.hpp"

namespace kc {

// The canonical bytes of an event (prevHash included, hash excluded). Text must be valid
// UTF-8 (the engine checks); throws kc::Error otherwise.
std::string CanonicalForm(const Event& event);

// The full line, without the trailing newline, and sets event.hash.
std::string EncodeLine(Event& event);

// Appends the hash member to canonical JSON bytes (an object): the line, and its hash.
std::string SealLine(std::string canonical, std::string& hash);

struct LineCheck {
    bool ok = false;
    std::string what;       // the problem, for a person
    std::string hash;       // the hash the line claims
};

// Framing and hash of one line (without its newline): the line must end with a hash
// member over exactly the bytes before it.
LineCheck CheckLine(std::string_view line);

// Decodes a line whose hash has been checked; nullopt and `error` when the JSON is not an
// event of a known type with the required fields.
std::optional<Event> DecodeLine(std::string_view line, std::string& error);

} // namespace kc
