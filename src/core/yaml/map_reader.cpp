#include "kc/yaml/map_reader.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "kc/base/text.hpp"

namespace kc::loader {

void Checker::Error(int line, int column, std::string_view rule, std::string message) {
    if (rule.rfind("missing-", 0) == 0 && std::find(m_explained.begin(), m_explained.end(), line) != m_explained.end())
        return;
    m_out.push_back(Diagnostic{m_file, line, column, Severity::Error, std::string(rule), std::move(message)});
}

void Checker::Explained(int line) {
    m_explained.push_back(line);
    std::erase_if(m_out, [&](const Diagnostic& d) {
        return d.line == line && d.file == m_file && d.rule.rfind("missing-", 0) == 0;
    });
}

bool CheckDoseKey(Checker& checker, const Node& key) {
    // Keys a dose calculator, a weight field or an expression language would need. The
    // format has none of them; naming the reason helps an author more than "unknown key".
    static constexpr std::array<std::string_view, 30> kDoseKeys = {
        "dose", "doses", "dosage", "weight", "body_weight", "bodyweight", "weight_kg", "mass",
        "rate", "infusion_rate", "mg_per_kg", "mg_kg", "per_kg", "formula", "calculate",
        "calculation", "compute", "expression", "expr", "eval", "script", "multiply", "divide",
        "add", "subtract", "sum", "product", "times", "plus", "minus"};
    static constexpr std::array<std::string_view, 10> kComparisonKeys = {
        "gt", "lt", "ge", "le", "gte", "lte", "greater_than", "less_than", "min", "max"};
    if (!key.IsScalar()) return false;
    std::string lower = key.value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::replace(lower.begin(), lower.end(), '-', '_');
    if (std::find(kDoseKeys.begin(), kDoseKeys.end(), lower) != kDoseKeys.end()) {
        checker.Error(key, "dose-calculation",
                      fmt::format("'{}' looks like a dose calculation; a protocol never takes a weight, "
                                  "rate or dose and never computes one (state dose limits as step text "
                                  "for a clinician to confirm)",
                                  key.value));
        return true;
    }
    if (std::find(kComparisonKeys.begin(), kComparisonKeys.end(), lower) != kComparisonKeys.end()) {
        checker.Error(key, "dose-calculation",
                      fmt::format("'{}' is arithmetic; conditions only compare answers for equality "
                                  "(equals, any, all, not)",
                                  key.value));
        return true;
    }
    return false;
}

MapReader::MapReader(Checker& checker, const Node& node, std::string_view what,
                     std::initializer_list<std::string_view> keys)
    : m_checker(checker), m_node(node), m_what(what) {
    if (node.refused) return; // already reported where it was refused
    if (!node.IsMap()) {
        checker.Error(node, "wrong-type",
                      fmt::format("{} must be a mapping, not {}", m_what, yamltree::TypeName(node.type)));
        return;
    }
    m_valid = true;
    const std::vector<std::string> known(keys.begin(), keys.end());
    const Node* leftEmpty = nullptr; // a key whose lines were not indented under it
    for (std::size_t i = 0; i < node.MapSize(); ++i) {
        const Node& key = node.Key(i);
        if (!key.IsScalar()) continue; // reported by the tree builder
        if (std::find(known.begin(), known.end(), key.value) != known.end()) continue;
        if (CheckDoseKey(checker, key)) continue;
        if (leftEmpty != nullptr) continue; // the rest of the lines meant for it: said once, below
        // "basis:" left empty and "guideline:" under it not indented: one mistake of
        // indentation, said once (the empty key's own complaints are its consequences).
        if (i > 0 && node.Value(i - 1).IsNull() && node.Key(i - 1).IsScalar() && node.Key(i - 1).column == key.column &&
            node.Key(i - 1).line < key.line) {
            const Node& empty = node.Key(i - 1);
            checker.Error(key, "unknown-key",
                          fmt::format("unknown key '{}' in {}: it is indented as far as '{}' on line {}, which is "
                                      "left empty; to put '{}' inside '{}', indent it (and the lines under it) "
                                      "further than '{}'",
                                      key.value, m_what, empty.value, empty.line, key.value, empty.value,
                                      empty.value));
            checker.Explained(empty.line);
            leftEmpty = &empty;
            continue;
        }
        // "message:" of a hard_stop dedented into the step: it probably belongs to the mapping above.
        const std::string suggestion = ClosestMatch(key.value, known);
        if (suggestion.empty() && i > 0 && node.Value(i - 1).IsMap() && node.Value(i - 1).MapSize() > 0 &&
            node.Key(i - 1).IsScalar() && node.Value(i - 1).column > key.column &&
            node.Value(i - 1).line > node.Key(i - 1).line) { // a block mapping, on the lines under its key
            const Node& above = node.Value(i - 1);
            checker.Error(key, "unknown-key",
                          fmt::format("unknown key '{}' in {}; if it belongs to '{}' (line {}), indent it like "
                                      "'{}' on line {}",
                                      key.value, m_what, node.Key(i - 1).value, node.Key(i - 1).line,
                                      above.Key(above.MapSize() - 1).value, above.Key(above.MapSize() - 1).line));
            checker.Explained(above.line);
            continue;
        }
        if (!suggestion.empty()) m_misspelt.push_back(suggestion);
        checker.Error(key, "unknown-key",
                      suggestion.empty()
                          ? fmt::format("unknown key '{}' in {}", key.value, m_what)
                          : fmt::format("unknown key '{}' in {}; did you mean '{}'?", key.value, m_what,
                                        suggestion));
    }
}

bool MapReader::Misspelt(std::string_view key) const {
    return std::find(m_misspelt.begin(), m_misspelt.end(), key) != m_misspelt.end();
}

void MapReader::Missing(std::string_view key) {
    if (Misspelt(key)) return;
    m_checker.Error(m_node, "missing-key", fmt::format("{} is missing required key '{}'", m_what, key));
}

std::optional<std::string> MapReader::Text(std::string_view key, bool required) {
    const Node* value = Get(key);
    if (value != nullptr && value->refused) return std::nullopt;
    if (value == nullptr || (value->IsNull() && required)) {
        if (required && m_valid) {
            if (value == nullptr) Missing(key);
            else m_checker.Error(*value, "missing-key", fmt::format("'{}' in {} has no value", key, m_what));
        }
        return std::nullopt;
    }
    if (value->IsNull()) return std::nullopt;
    if (!value->IsScalar()) {
        m_checker.Error(*value, "wrong-type",
                        fmt::format("'{}' in {} must be text, not {}", key, m_what, yamltree::TypeName(value->type)));
        return std::nullopt;
    }
    if (value->value.find("${") != std::string::npos || value->value.find("{{") != std::string::npos) {
        m_checker.Error(*value, "dose-calculation",
                        fmt::format("'{}' holds a template or expression; protocol text is shown as written "
                                    "and never evaluated",
                                    key));
        return std::nullopt;
    }
    if (required && value->value.find_first_not_of(" \t\r\n") == std::string::npos) {
        m_checker.Error(*value, "missing-key", fmt::format("'{}' in {} is empty", key, m_what));
        return std::nullopt;
    }
    return value->value;
}

bool MapReader::Bool(std::string_view key, bool defaultValue) {
    const Node* value = Get(key);
    if (value == nullptr || value->IsNull() || value->refused) return defaultValue;
    if (value->IsScalar() && !value->quoted && (value->value == "true" || value->value == "false"))
        return value->value == "true";
    // YAML 1.2 (the format's) has two booleans; yes/no/on/off and capitals are text.
    std::string hint;
    if (value->IsScalar()) {
        std::string lower = value->value;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const bool yes = lower == "true" || lower == "yes" || lower == "y" || lower == "on";
        const bool no = lower == "false" || lower == "no" || lower == "n" || lower == "off";
        if (value->quoted && (lower == "true" || lower == "false"))
            hint = fmt::format("; write {} without quotes", lower);
        else if (yes || no)
            hint = fmt::format("; '{}' is text in YAML 1.2, not a boolean: write {}", value->value, yes ? "true" : "false");
    }
    m_checker.Error(*value, "wrong-type", fmt::format("'{}' in {} must be true or false{}", key, m_what, hint));
    return defaultValue;
}

const Node* MapReader::List(std::string_view key, bool required) {
    const Node* value = Get(key);
    if (value != nullptr && value->refused) return nullptr;
    if (value == nullptr || value->IsNull()) {
        if (required && m_valid) Missing(key);
        return nullptr;
    }
    if (!value->IsSequence()) {
        m_checker.Error(*value, "wrong-type",
                        fmt::format("'{}' in {} must be a list, not {}", key, m_what, yamltree::TypeName(value->type)));
        return nullptr;
    }
    if (required && value->children.empty()) {
        m_checker.Error(*value, "empty-list", fmt::format("'{}' in {} must not be empty", key, m_what));
        return nullptr;
    }
    return value;
}

const Node* MapReader::Map(std::string_view key, bool required) {
    const Node* value = Get(key);
    if (value != nullptr && value->refused) return nullptr;
    if (value == nullptr || value->IsNull()) {
        if (required && m_valid) Missing(key);
        return nullptr;
    }
    if (!value->IsMap()) {
        m_checker.Error(*value, "wrong-type",
                        fmt::format("'{}' in {} must be a mapping, not {}", key, m_what, yamltree::TypeName(value->type)));
        return nullptr;
    }
    return value;
}

} // namespace kc::loader
