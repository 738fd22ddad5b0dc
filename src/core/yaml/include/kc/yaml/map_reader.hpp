#pragma once
// Collects diagnostics against one file and reads marked YAML maps with the format's rules
// for keys and types (unknown keys with a suggestion, wrong types, dose-arithmetic keys).
// Used by the protocol loader, the settings file and the answers files; private to the core.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kc/base/diagnostic.hpp"
#include "kc/yaml/yaml_tree.hpp"

namespace kc::loader {

using yamltree::Node;

class Checker {
public:
    explicit Checker(std::string file) : m_file(std::move(file)) {}

    void Error(int line, int column, std::string_view rule, std::string message);
    void Error(const Node& at, std::string_view rule, std::string message) {
        Error(at.line, at.column, rule, std::move(message));
    }
    void Error(SourcePos at, std::string_view rule, std::string message) {
        Error(at.line, at.column, rule, std::move(message));
    }
    // One mistake, one message: after this, errors on `line` (a key left empty because the
    // lines meant for it were not indented under it) are consequences and are not reported.
    void Explained(int line);
    std::vector<Diagnostic>& Diagnostics() { return m_out; }
    const std::string& File() const { return m_file; }

private:
    std::string m_file;
    std::vector<Diagnostic> m_out;
    std::vector<int> m_explained;
};

inline SourcePos PosOf(const Node& node) { return {node.line, node.column}; }

// A mapping read against a fixed set of keys. Construction reports a non-mapping,
// unknown keys (with a suggestion) and keys that look like dose arithmetic.
class MapReader {
public:
    MapReader(Checker& checker, const Node& node, std::string_view what,
              std::initializer_list<std::string_view> keys);

    bool Valid() const { return m_valid; }
    const Node& Self() const { return m_node; }
    const Node* Get(std::string_view key) const { return m_valid ? m_node.Find(key) : nullptr; }
    // The node of a key already read (by Text, List, Map...) for a message's place: never
    // null; the mapping's own node when the key is absent.
    const Node& At(std::string_view key) const {
        const Node* found = Get(key);
        return found != nullptr ? *found : m_node;
    }

    // Text value; reports missing-key when required and absent, wrong-type when not text.
    std::optional<std::string> Text(std::string_view key, bool required);
    // Boolean written as true/false.
    bool Bool(std::string_view key, bool defaultValue);
    // A list (optionally non-empty); null when absent or of the wrong type.
    const Node* List(std::string_view key, bool required);
    // A mapping; null when absent or of the wrong type.
    const Node* Map(std::string_view key, bool required);
    // Reports a missing key, unless an unknown key here was already said to be its misspelling.
    void Missing(std::string_view key);
    // True when an unknown key of this mapping was reported as a misspelling of `key`: its
    // absence is the same mistake and is not reported again.
    bool Misspelt(std::string_view key) const;

private:
    Checker& m_checker;
    const Node& m_node;
    std::string m_what;
    bool m_valid = false;
    std::vector<std::string> m_misspelt; // known keys an unknown key was taken for
};

// Reports a dose-calculation key; returns true when `key` is one.
bool CheckDoseKey(Checker& checker, const Node& key);

} // namespace kc::loader
