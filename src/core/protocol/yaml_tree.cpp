#include "yaml_tree.hpp"

#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "kc/text.hpp"

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
    TreeBuilder(const std::string& file, const Limits& limits, std::vector<Diagnostic>& out)
        : m_file(file), m_limits(limits), m_out(out) {}

    Node TakeRoot() { return std::move(m_root); }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        CheckAnchor(mark, anchor);
        Add(MakeNode(Node::Type::Null, mark));
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        Report(mark, "yaml-alias", "YAML aliases (*name) are not allowed in a protocol; write the value out");
        Add(MakeNode(Node::Type::Null, mark));
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        CheckAnchor(mark, anchor);
        CheckTag(mark, tag);
        Node node = MakeNode(Node::Type::Scalar, mark);
        node.value = value;
        node.quoted = tag == "!";
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
        CheckTag(mark, tag);
        if (static_cast<int>(m_stack.size()) >= m_limits.maxDepth)
            throw Abort{Line(mark), Column(mark), "too-deep",
                        fmt::format("nesting is deeper than {} levels", m_limits.maxDepth)};
        m_stack.push_back(MakeNode(type, mark));
    }

    void Close() {
        Node node = std::move(m_stack.back());
        m_stack.pop_back();
        if (node.IsMap()) CheckKeys(node);
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

    void CheckTag(const YAML::Mark& mark, const std::string& tag) {
        if (tag != "?" && tag != "!" && !tag.empty())
            Report(mark, "yaml-tag", fmt::format("YAML tags ('{}') are not allowed in a protocol", tag));
    }

    void Report(const YAML::Mark& mark, const char* rule, std::string message) {
        ReportAt(Line(mark), Column(mark), rule, std::move(message));
    }

    void ReportAt(int line, int column, const char* rule, std::string message) {
        m_out.push_back(Diagnostic{m_file, line, column, Severity::Error, rule, std::move(message)});
    }

    const std::string& m_file;
    const Limits& m_limits;
    std::vector<Diagnostic>& m_out;
    std::vector<Node> m_stack;
    Node m_root;
    std::size_t m_nodes = 0;
};

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
    TreeBuilder builder(file, limits, result.diagnostics);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder)) return fail(0, 0, "empty-file", "the file holds no YAML document");
        result.root = builder.TakeRoot();
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
        return fail(Line(e.mark), Column(e.mark), "yaml-syntax", e.msg);
    }
    result.ok = true;
    return result;
}

} // namespace kc::yamltree
