#include "indentation.hpp"

#include <vector>

#include <fmt/format.h>

namespace kc::yamltree {
namespace {

// One line as the block structure sees it: how far it is indented, whether it is a list
// item, and the key it starts (if any).
struct LineShape {
    int indent = 0;            // leading spaces
    bool blank = true;         // empty or only a comment
    bool item = false;         // starts with "- "
    int keyColumn = -1;        // spaces before the key, when the line starts one
    std::string key;
    bool opensBlock = false;   // "key:" or "-" with nothing after it: deeper lines belong to it
    bool blockScalar = false;  // "key: |" or "key: >": deeper lines are text
    int valueColumn = -1;      // spaces before the key's value on this line
};

std::vector<std::string_view> SplitLines(std::string_view bytes) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= bytes.size();) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos) end = bytes.size();
        std::string_view line = bytes.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

bool IsKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

LineShape Shape(std::string_view line) {
    LineShape s;
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    s.indent = static_cast<int>(i);
    if (i == line.size() || line[i] == '#') return s;
    s.blank = false;
    if (line[i] == '-' && (i + 1 == line.size() || line[i + 1] == ' ')) {
        s.item = true;
        ++i;
        while (i < line.size() && line[i] == ' ') ++i;
        if (i == line.size() || line[i] == '#') {
            s.opensBlock = true;
            return s;
        }
    }
    std::size_t k = i;
    while (k < line.size() && IsKeyChar(line[k])) ++k;
    if (k == i || k >= line.size() || line[k] != ':' || (k + 1 < line.size() && line[k + 1] != ' ')) return s;
    s.keyColumn = static_cast<int>(i);
    s.key = std::string(line.substr(i, k - i));
    std::size_t v = k + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    if (v == line.size() || line[v] == '#') s.opensBlock = true;
    else {
        s.valueColumn = static_cast<int>(v);
        s.blockScalar = line[v] == '|' || line[v] == '>';
    }
    return s;
}

// An open mapping (keys at `column`) or list (dashes at `column`), and the line that shows it.
struct Level {
    int column;
    bool list;
    int line;
    std::string key; // the last key seen in a mapping
};

std::string Spaces(int n) { return n == 1 ? "1 space" : fmt::format("{} spaces", n); }

// Net count of [ and { left open on a line, outside quotes and comments (a rough count:
// lines inside a flow collection are no block structure).
int FlowDepthChange(std::string_view line) {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            if (i == 0 || std::string_view(" :[{,-").find(line[i - 1]) != std::string_view::npos) quote = c;
        } else if (c == '#' && (i == 0 || line[i - 1] == ' ')) {
            break;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return depth;
}

} // namespace

std::optional<Explained> ExplainBlockError(std::string_view bytes, int line, int column,
                                           std::string_view parserMessage) {
    const auto lines = SplitLines(bytes);
    if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return std::nullopt;
    const std::string_view text = lines[static_cast<std::size_t>(line - 1)];

    if (parserMessage.find("illegal tab") != std::string_view::npos) {
        const std::size_t tab = text.find('\t');
        if (tab == std::string_view::npos) return std::nullopt;
        return Explained{line, static_cast<int>(tab) + 1,
                         "this line is indented with a tab; YAML indents with spaces only: replace the tab with "
                         "spaces"};
    }
    const bool mapValue = parserMessage == "illegal map value";
    const bool endOfBlock = parserMessage == "end of map not found" || parserMessage == "end of sequence not found" ||
                            parserMessage == "illegal block entry";
    if (!mapValue && !endOfBlock) return std::nullopt;

    const LineShape here = Shape(text);
    if (here.blank) return std::nullopt;
    // "title: Eligibility: screening": a second ": " in a plain value.
    if (mapValue && here.valueColumn >= 0 && column - 1 > here.valueColumn && text[static_cast<std::size_t>(here.valueColumn)] != '"' &&
        text[static_cast<std::size_t>(here.valueColumn)] != '\'') {
        const std::string value(text.substr(static_cast<std::size_t>(here.valueColumn)));
        return Explained{line, here.valueColumn + 1,
                         fmt::format("the value of '{}' holds ': ', which YAML reads as the start of another key; "
                                     "put the value in quotes: {}: \"{}\"",
                                     here.key, here.key, value)};
    }

    // The mappings and lists open just before this line, from the outermost in.
    std::vector<Level> open;
    LineShape previous;
    int previousLine = 0;
    int scalarIndent = -1; // inside a block scalar opened by a key at this indentation
    int flowDepth = 0;
    for (int n = 1; n < line; ++n) {
        const std::string_view l = lines[static_cast<std::size_t>(n - 1)];
        const LineShape s = Shape(l);
        if (scalarIndent >= 0) {
            if (s.blank || s.indent > scalarIndent) continue;
            scalarIndent = -1;
        }
        if (s.blank) continue;
        const bool inFlow = flowDepth > 0;
        flowDepth += FlowDepthChange(l);
        if (flowDepth < 0) flowDepth = 0;
        if (inFlow) continue;
        if (!s.item && s.keyColumn < 0) continue; // text continued from a line above
        const int at = s.item ? s.indent : s.keyColumn;
        while (!open.empty() && (open.back().column > at || (!s.item && open.back().list && open.back().column == at)))
            open.pop_back();
        if (s.item) {
            if (open.empty() || !open.back().list || open.back().column != at) open.push_back({at, true, n, ""});
            else open.back().line = n;
            if (s.keyColumn >= 0) open.push_back({s.keyColumn, false, n, s.key});
        } else if (!open.empty() && !open.back().list && open.back().column == at) {
            open.back().line = n;
            open.back().key = s.key;
        } else {
            open.push_back({at, false, n, s.key});
        }
        if (s.blockScalar) scalarIndent = s.keyColumn;
        previous = s;
        previousLine = n;
    }
    if (previousLine == 0) return std::nullopt;

    const int m = here.item ? here.indent : (here.keyColumn >= 0 ? here.keyColumn : here.indent);
    const int previousAt = previous.item && previous.keyColumn < 0 ? previous.indent
                           : previous.keyColumn >= 0              ? previous.keyColumn
                                                                  : previous.indent;
    if (previous.opensBlock && m > previousAt) return std::nullopt; // nested under the key above: fine
    const auto fits = [&](const Level& level) {
        return level.column == m && (here.item ? level.list || previous.opensBlock : !level.list);
    };
    for (const auto& level : open)
        if (fits(level)) return std::nullopt; // it lines up: something else is wrong

    const std::string what = here.item            ? (here.keyColumn >= 0 ? fmt::format("the list item '- {}'", here.key)
                                                                         : std::string("this list item"))
                             : here.keyColumn >= 0 ? fmt::format("'{}'", here.key)
                                                   : std::string("this line");
    std::string relation;
    if (m > previousAt && !previous.opensBlock && previous.keyColumn >= 0)
        relation = fmt::format("more than '{}' on line {}, which has its value on that line, so nothing can be "
                               "indented under it",
                               previous.key, previousLine);
    else
        for (const auto& level : open)
            if (level.column == m && level.list && !here.item)
                relation = fmt::format("as far as the list items above it (line {}), but it is no list item",
                                       level.line);
    if (relation.empty()) relation = "which lines up with nothing above it";

    // What it could line up with: the nearest level of its kind on either side.
    const Level* inner = nullptr;
    const Level* outer = nullptr;
    for (const auto& level : open) {
        if (level.list != here.item) continue;
        if (level.column > m && (inner == nullptr || level.column < inner->column)) inner = &level;
        if (level.column < m && (outer == nullptr || level.column > outer->column)) outer = &level;
    }
    const auto describe = [&](const Level& level) {
        return level.list ? fmt::format("{} like the list item on line {}", Spaces(level.column), level.line)
                          : fmt::format("{} like '{}' on line {}", Spaces(level.column), level.key, level.line);
    };
    std::string choices;
    if (inner != nullptr) choices = describe(*inner);
    if (outer != nullptr) {
        if (!choices.empty()) choices += ", or ";
        choices += describe(*outer);
    }
    std::string message = fmt::format("bad indentation: {} is indented {}, {}", what, Spaces(m), relation);
    if (!choices.empty()) message += "; indent it " + choices;
    return Explained{line, m + 1, message};
}

} // namespace kc::yamltree
