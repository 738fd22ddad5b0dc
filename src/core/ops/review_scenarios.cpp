#include "kc/ops/review_scenarios.hpp"

#include <filesystem>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "kc/base/text.hpp"
#include "kc/protocol/render.hpp"

namespace kc {
namespace {

// The protocol's scenarios, or why there are none to list.
struct Listed {
    bool present = false;
    std::string fileName;
    std::optional<ScenarioFile> file;
    std::size_t problems = 0;
};

Listed ListScenarios(const Protocol& protocol) {
    Listed listed;
    const std::string path = DefaultScenariosPath(protocol.path);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return listed;
    listed.present = true;
    listed.fileName = std::filesystem::path(path).filename().string();
    std::vector<Diagnostic> diagnostics;
    listed.file = LoadScenarios(path, &protocol, diagnostics);
    for (const auto& d : diagnostics) listed.problems += d.severity == Severity::Error ? 1 : 0;
    return listed;
}

std::string Expected(const ScenarioExpect& e, const std::function<std::string(const std::string&)>& code) {
    std::string out = e.outcome == RunOutcome::Stopped ? "hard stop at " + code(e.stop) : ToString(e.outcome);
    if (e.warnings.empty()) return out + "; no warning";
    std::string list;
    for (const auto& w : e.warnings) list += (list.empty() ? "" : ", ") + code(w);
    return out + "; warning" + (e.warnings.size() == 1 ? " at " : "s at ") + list;
}

// Markdown text in a table cell: the characters Markdown would read as syntax, escaped.
std::string MdCell(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out;
}

} // namespace

std::string ScenariosSectionMarkdown(const Protocol& protocol) {
    const Listed listed = ListScenarios(protocol);
    if (!listed.present) return {};
    std::string out = "\n## Scenarios\n\n";
    if (!listed.file)
        return out + fmt::format("The scenarios file `{}` cannot be read ({} problem{}): run `checklistctl test` on "
                                 "the protocol.\n",
                                 listed.fileName, listed.problems, listed.problems == 1 ? "" : "s");
    out += fmt::format("The protocol is tested against these scenarios (`{}`; `checklistctl test` runs them through "
                       "a session and checks each expected outcome).\n\n",
                       listed.fileName);
    out += "| Scenario | Title | Expected |\n|---|---|---|\n";
    const auto code = [](const std::string& id) { return "`" + id + "`"; };
    for (const auto& s : listed.file->scenarios)
        out += fmt::format("| `{}` | {} | {} |\n", s.id, MdCell(s.title), Expected(s.expect, code));
    return out;
}

std::string ScenariosSectionHtml(const Protocol& protocol) {
    const Listed listed = ListScenarios(protocol);
    if (!listed.present) return {};
    const auto h = [](const std::string& text) { return HtmlEscape(text); };
    std::string out = "<div class=\"keep\"><h2>Scenarios</h2>\n";
    if (!listed.file)
        return out + fmt::format("<p>The scenarios file <code>{}</code> cannot be read ({} problem{}): run "
                                 "<code>checklistctl test</code> on the protocol.</p></div>\n",
                                 h(listed.fileName), listed.problems, listed.problems == 1 ? "" : "s");
    out += fmt::format("<p>The protocol is tested against these scenarios (<code>{}</code>; <code>checklistctl "
                       "test</code> runs them through a session and checks each expected outcome).</p>\n",
                       h(listed.fileName));
    out += "<table>\n<tr><th>Scenario</th><th>Title</th><th>Expected</th></tr>\n";
    const auto code = [&h](const std::string& id) { return "<code>" + h(id) + "</code>"; };
    for (const auto& s : listed.file->scenarios)
        out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", h(s.id), h(s.title),
                           Expected(s.expect, code));
    return out + "</table></div>\n";
}

std::string RenderReviewMarkdown(const Protocol& protocol) {
    return RenderMarkdown(protocol) + ScenariosSectionMarkdown(protocol);
}

std::string RenderReviewHtml(const Protocol& protocol) {
    std::string html = RenderHtml(protocol);
    const std::string section = ScenariosSectionHtml(protocol);
    const auto end = html.rfind("</body>");
    if (!section.empty() && end != std::string::npos) html.insert(end, section);
    return html;
}

} // namespace kc
