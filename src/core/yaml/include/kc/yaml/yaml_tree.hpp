#pragma once
// A YAML document as a tree of marked nodes, built from yaml-cpp's event parser so that
// every node keeps its line and column, duplicate keys stay visible, and anchors, aliases,
// tags, deep nesting and multiple documents are refused while parsing (never a crash or a hang).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kc/base/diagnostic.hpp"

namespace kc::yamltree {

struct Node {
    enum class Type { Null, Scalar, Sequence, Map };
    Type type = Type::Null;
    int line = 0;   // 1-based
    int column = 0; // 1-based
    std::string value;          // scalars only
    bool quoted = false;        // scalar was written in quotes
    bool refused = false;       // stands in for something already reported (an alias)
    std::vector<Node> children; // sequence items; for maps keys and values alternate

    std::size_t MapSize() const { return children.size() / 2; }
    const Node& Key(std::size_t i) const { return children[2 * i]; }
    const Node& Value(std::size_t i) const { return children[2 * i + 1]; }
    const Node* Find(std::string_view key) const; // first entry with that scalar key
    bool IsNull() const { return type == Type::Null; }
    bool IsScalar() const { return type == Type::Scalar; }
    bool IsMap() const { return type == Type::Map; }
    bool IsSequence() const { return type == Type::Sequence; }
};

struct Limits {
    std::size_t maxBytes = 1024 * 1024;
    int maxDepth = 32;
    std::size_t maxNodes = 200000;
};

struct ParseResult {
    Node root;
    bool ok = false; // false: diagnostics explain why there is no usable tree
    std::vector<Diagnostic> diagnostics;
};

// Parses one YAML document. Problems are returned as diagnostics against `file`.
ParseResult Parse(std::string_view bytes, const std::string& file, const Limits& limits = {});

const char* TypeName(Node::Type type);

} // namespace kc::yamltree
