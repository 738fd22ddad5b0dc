#pragma once
// Reading trail and ledger lines on the verify path (internal to kc::core). Lines are read
// with simdjson, a validating parser several times faster than building an nlohmann tree;
// nlohmann still writes them (codec.cpp, records.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <simdjson.h>

#include "kc/session/events.hpp"

namespace kc::json_fields {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Canonical JSON has each object's keys once, in byte order (EncodeLine writes them so):
// anything else was not written by us, whatever its hash says.
inline bool CanonicalKeys(const object& o) {
    std::string_view previous;
    bool first = true;
    for (const auto field : o) {
        if (!first && !(previous < field.key)) return false;
        previous = field.key;
        first = false;
    }
    return true;
}

// Reads one object's fields, with a message naming the first that is absent or of the
// wrong type.
struct Fields {
    object o;
    std::string& error;
    const char* where; // "payload", "actor", ...

    void Fail(std::string what) const {
        if (error.empty()) error = std::move(what);
    }
    std::string Text(const char* key, bool required = true) const {
        element e;
        if (o.at_key(key).get(e) != simdjson::SUCCESS) {
            if (required) Fail(fmt::format("{} has no '{}'", where, key));
            return {};
        }
        std::string_view text;
        if (e.get_string().get(text) != simdjson::SUCCESS) {
            Fail(fmt::format("{} field '{}' is not text", where, key));
            return {};
        }
        return std::string(text);
    }
    Values List(const char* key) const {
        array list;
        if (o.at_key(key).get_array().get(list) != simdjson::SUCCESS) {
            Fail(fmt::format("{} has no list '{}'", where, key));
            return {};
        }
        Values values;
        values.reserve(list.size());
        for (const auto v : list) {
            std::string_view text;
            if (v.get_string().get(text) != simdjson::SUCCESS) {
                Fail(fmt::format("{} list '{}' holds a non-text value", where, key));
                return {};
            }
            values.emplace_back(text);
        }
        return values;
    }
    // A whole number of 0 or more: a fraction, 1e300 or a negative number is refused, never cast.
    std::uint64_t Count(const char* key) const {
        std::uint64_t count = 0;
        if (o.at_key(key).get_uint64().get(count) != simdjson::SUCCESS)
            Fail(fmt::format("{} field '{}' is missing or of the wrong type: not a whole number of 0 or more", where, key));
        return count;
    }
    bool Flag(const char* key) const {
        bool flag = false;
        if (o.at_key(key).get_bool().get(flag) != simdjson::SUCCESS) Fail(fmt::format("{} has no true/false '{}'", where, key));
        return flag;
    }
    object Object(const char* key) const {
        element e;
        object inner;
        if (o.at_key(key).get(e) != simdjson::SUCCESS) Fail(fmt::format("{} has no '{}'", where, key));
        else if (e.get_object().get(inner) != simdjson::SUCCESS) Fail(fmt::format("{} field '{}' is not an object", where, key));
        else if (!CanonicalKeys(inner)) Fail(fmt::format("{} '{}' repeats a key or has its keys out of order", where, key));
        return inner;
    }
};

// A payload's optional "manifest": {"id": text, "sequence": whole number}: the approval
// manifest a session's start was checked against. Absent in lines written before it was
// recorded, and for drafts.
inline std::optional<ManifestRef> OptionalManifest(const Fields& payload) {
    element e;
    if (payload.o.at_key("manifest").get(e) != simdjson::SUCCESS) return std::nullopt;
    const Fields m{payload.Object("manifest"), payload.error, "payload manifest"};
    if (!payload.error.empty()) return std::nullopt;
    ManifestRef ref{m.Text("id"), m.Count("sequence")};
    if (!payload.error.empty()) return std::nullopt;
    return ref;
}

// One parser per thread: it keeps its buffers, so reading a line allocates only the values
// copied out of it. The object is valid until the thread's next Parse.
inline bool ParseObject(std::string_view line, object& out) {
    thread_local simdjson::dom::parser parser;
    return parser.parse(line.data(), line.size()).get_object().get(out) == simdjson::SUCCESS;
}

} // namespace kc::json_fields
