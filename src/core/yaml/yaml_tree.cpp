#include "kc/yaml/yaml_tree.hpp"

#include <optional>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "indentation.hpp"
#include "kc/base/text.hpp"

namespace kc::yamltree {
namespace {

// Thrown from the event handler to stop yaml-cpp at the first structural refusal.
struct Abort {
    int line;
    int column;
    std::string rule;
    std::string message;
};

int Line(const YAML::Mark& m) { return m.is_null() ? 1 : m.line + 1; }
int Column(const YAML::Mark& m) { return m.is_null() ? 1 : m.column + 1; }

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(std::string_view bytes, const std::string& file, const Limits& limits, std::vector<Diagnostic>& out)
        : m_bytes(bytes), m_file(file), m_limits(limits), m_out(out) {}

    Node TakeRoot() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        CheckAnchor(mark, anchor);
        if (ByteAt(mark) == '!') Report(mark, "yaml-tag", "YAML tags ('!') are not allowed in a protocol");
        Add(MakeNode(Node::Type::Null, mark));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        Report(mark, "yaml-alias", "YAML aliases (*name) are not allowed in a protocol; write the value out");
        Node node = MakeNode(Node::Type::Null, mark);
        node.refused = true; // reported once, here; readers stay quiet about it
        Add(std::move(node));
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        CheckAnchor(mark, anchor);
        // yaml-cpp gives quoted and block scalars and the explicit non-specific tag "! text"
        // the same tag "!"; the byte at the mark tells them apart.
        const char first = ByteAt(mark);
        const bool explicitTag = !(tag == "?" || tag.empty() || (tag == "!" && first != '!'));
        if (explicitTag) Report(mark, "yaml-tag", fmt::format("YAML tags ('{}') are not allowed in a protocol", tag));
        const bool quoted = tag == "!" && (first == '"' || first == '\'');
        Node node = MakeNode(Node::Type::Scalar, mark);
        node.value = value;
        node.quoted = quoted;
        Add(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        Open(Node::Type::Sequence, mark, tag, anchor);
    }
    void OnSequenceEnd() override { Close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        Open(Node::Type::Map, mark, tag, anchor);
    }
    void OnMapEnd() override { Close(); }

private:
    Node MakeNode(Node::Type type, const YAML::Mark& mark) {
        if (++m_nodes > m_limits.maxNodes)
            throw Abort{Line(mark), Column(mark), "too-large",
                        fmt::format("the protocol has more than {} YAML nodes", m_limits.maxNodes)};
        Node node;
        node.type = type;
        node.line = Line(mark);
        node.column = Column(mark);
        return node;
    }

    void Open(Node::Type type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
        CheckAnchor(mark, anchor);
        if (tag != "?" && !tag.empty())
            Report(mark, "yaml-tag", fmt::format("YAML tags ('{}') are not allowed in a protocol", tag));
        if (static_cast<int>(m_stack.size()) >= m_limits.maxDepth)
            throw Abort{Line(mark), Column(mark), "too-deep",
                        fmt::format("nesting is deeper than {} levels", m_limits.maxDepth)};
        m_stack.push_back(MakeNode(type, mark));
    }

    void Close() {
        Node node = std::move(m_stack.back());
        m_stack.pop_back();
        if (node.IsMap()) {
            CheckKeys(node);
            // yaml-cpp marks an empty value ("key:") at the token after it, often on the
            // next line; the key is where an author looks.
            for (std::size_t i = 0; i + 1 < node.children.size(); i += 2)
                if (node.children[i + 1].IsNull() && !node.children[i + 1].refused) {
                    node.children[i + 1].line = node.children[i].line;
                    node.children[i + 1].column = node.children[i].column;
                }
        }
        Add(std::move(node));
    }

    void Add(Node node) {
        if (m_stack.empty()) {
            m_root = std::move(node);
            return;
        }
        m_stack.back().children.push_back(std::move(node));
    }

    void CheckKeys(const Node& map) {
        for (std::size_t i = 0; i < map.MapSize(); ++i) {
            const Node& key = map.Key(i);
            if (!key.IsScalar()) {
                ReportAt(key.line, key.column, "wrong-type", "a key must be plain text");
                continue;
            }
            for (std::size_t j = 0; j < i; ++j) {
                const Node& earlier = map.Key(j);
                if (earlier.IsScalar() && earlier.value == key.value) {
                    ReportAt(key.line, key.column, "duplicate-yaml-key",
                             fmt::format("key '{}' appears twice in this mapping (first at line {})",
                                         key.value, earlier.line));
                    break;
                }
            }
        }
    }

    void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor)
            Report(mark, "yaml-anchor", "YAML anchors (&name) are not allowed in a protocol");
    }

    char ByteAt(const YAML::Mark& mark) const {
        return mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < m_bytes.size()
                   ? m_bytes[static_cast<std::size_t>(mark.pos)]
                   : '\0';
    }

    void Report(const YAML::Mark& mark, const char* rule, std::string message) {
        ReportAt(Line(mark), Column(mark), rule, std::move(message));
    }

    void ReportAt(int line, int column, const char* rule, std::string message) {
        m_out.push_back(Diagnostic{m_file, line, column, Severity::Error, rule, std::move(message)});
    }

    std::string_view m_bytes;
    const std::string& m_file;
    const Limits& m_limits;
    std::vector<Diagnostic>& m_out;
    std::vector<Node> m_stack;
    Node m_root;
    std::size_t m_nodes = 0;
};

// Where the innermost flow collection ('[' or '{') still open at byte `end` starts. Only
// brackets that open a flow node count (after ':', '-', ',', another bracket or at the
// start of a line), so "Weight [kg]" inside plain text is not mistaken for one.
std::optional<std::pair<int, int>> UnclosedFlowBefore(std::string_view bytes, std::size_t end) {
    std::vector<std::pair<int, int>> open;
    int line = 1, column = 1;
    char quote = 0;
    bool comment = false;
    char lastSignificant = '\n';
    for (std::size_t i = 0; i < end && i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\n') {
            ++line;
            column = 1;
            comment = false;
            if (quote == 0) lastSignificant = '\n';
            continue;
        }
        if (comment) {
        } else if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;
                ++column;
            } else if (c == quote) {
                quote = 0;
                lastSignificant = 'x';
            }
        } else if (c == '#' && (i == 0 || bytes[i - 1] == ' ' || bytes[i - 1] == '\t')) {
            comment = true;
        } else if ((c == '"' || c == '\'') && std::string_view(":-,[{\n").find(lastSignificant) != std::string_view::npos) {
            quote = c;
        } else if ((c == '[' || c == '{') && std::string_view(":-,[{\n").find(lastSignificant) != std::string_view::npos) {
            open.emplace_back(line, column);
            lastSignificant = c;
        } else if ((c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
            lastSignificant = c;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            lastSignificant = c;
        }
        ++column;
    }
    if (open.empty()) return std::nullopt;
    return open.back();
}

bool OnlyWhitespaceOrComments(std::string_view bytes) {
    bool inComment = false;
    for (char c : bytes) {
        if (c == '\n') {
            inComment = false;
        } else if (!inComment) {
            if (c == '#') inComment = true;
            else if (c != ' ' && c != '\t' && c != '\r') return false;
        }
    }
    return true;
}

} // namespace

const Node* Node::Find(std::string_view key) const {
    if (!IsMap()) return nullptr;
    for (std::size_t i = 0; i < MapSize(); ++i)
        if (Key(i).IsScalar() && Key(i).value == key) return &Value(i);
    return nullptr;
}

const char* TypeName(Node::Type type) {
    switch (type) {
    case Node::Type::Null: return "nothing";
    case Node::Type::Scalar: return "text";
    case Node::Type::Sequence: return "a list";
    case Node::Type::Map: return "a mapping";
    }
    return "?";
}

ParseResult Parse(std::string_view bytes, const std::string& file, const Limits& limits) {
    ParseResult result;
    auto fail = [&](int line, int column, const char* rule, std::string message) {
        result.diagnostics.push_back(Diagnostic{file, line, column, Severity::Error, rule, std::move(message)});
        return std::move(result);
    };
    if (bytes.size() > limits.maxBytes)
        return fail(0, 0, "too-large",
                    fmt::format("file is {} bytes; a protocol may be at most {} bytes", bytes.size(), limits.maxBytes));
    if (const auto bad = FindInvalidText(bytes)) return fail(bad->line, bad->column, "invalid-utf8", bad->what);
    if (OnlyWhitespaceOrComments(bytes)) return fail(0, 0, "empty-file", "the file is empty");

    std::istringstream in{std::string(bytes)};
    TreeBuilder builder(bytes, file, limits, result.diagnostics);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder)) return fail(0, 0, "empty-file", "the file holds no YAML document");
        result.root = builder.TakeRoot();
        if (result.root.IsNull()) return fail(0, 0, "empty-file", "the file holds an empty YAML document");
        // A second document is refused; parse it only far enough to find where it starts.
        struct FirstMark final : YAML::EventHandler {
            int line = 0, column = 0;
            void OnDocumentStart(const YAML::Mark& m) override { line = Line(m), column = Column(m); }
            void OnDocumentEnd() override {}
            void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
            void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
            void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
            void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
            void OnSequenceEnd() override {}
            void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
            void OnMapEnd() override {}
        } second;
        try {
            if (parser.HandleNextDocument(second))
                return fail(second.line, second.column, "multiple-documents",
                            "a protocol file holds exactly one YAML document; found a second one");
        } catch (const YAML::Exception&) {
            return fail(0, 0, "multiple-documents", "a protocol file holds exactly one YAML document");
        }
    } catch (const Abort& abort) {
        return fail(abort.line, abort.column, abort.rule.c_str(), abort.message);
    } catch (const YAML::Exception& e) {
        const bool flow = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW;
        if (flow && !e.mark.is_null())
            if (const auto start = UnclosedFlowBefore(bytes, static_cast<std::size_t>(e.mark.pos)))
                return fail(start->first, start->second, "yaml-syntax",
                            fmt::format("this '{}' is never closed (the parser gave up at line {}, column {}: {})",
                                        e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW ? '[' : '{', Line(e.mark),
                                        Column(e.mark), e.msg));
        // The parser's words ("illegal map value", "end of map not found") name its state, not
        // the author's mistake: an indentation that lines up with nothing is said as such.
        if (!e.mark.is_null())
            if (auto explained = ExplainBlockError(bytes, Line(e.mark), Column(e.mark), e.msg))
                return fail(explained->line, explained->column, "yaml-syntax", std::move(explained->message));
        return fail(Line(e.mark), Column(e.mark), "yaml-syntax", e.msg);
    }
    result.ok = true;
    return result;
}

} // namespace kc::yamltree
