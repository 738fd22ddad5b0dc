#pragma once
// Small text helpers shared by the validator, the trail and the renderers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc {

// Position of the first byte that is not valid UTF-8 (or is a control character other
// than tab, LF, CR), as 1-based line and column; nullopt when the text is clean.
struct TextPosition {
    int line = 1;
    int column = 1;
    std::string what;
};
std::optional<TextPosition> FindInvalidText(std::string_view bytes);

// Edit distance, for "did you mean" suggestions.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The closest candidate within a small distance, or empty.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

std::string HtmlEscape(std::string_view text);

// Reads a whole file; throws IoError naming the path, FileTooLargeError for a file larger than maxBytes.
std::string ReadFile(const std::string& path, std::size_t maxBytes);

} // namespace kc
