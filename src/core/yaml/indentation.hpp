#pragma once
// What an author did wrong when yaml-cpp gives up on a block: said in the words of the file
// (which line is indented how far, and what it could line up with) instead of the parser's.
#include <optional>
#include <string>
#include <string_view>

namespace kc::yamltree {

struct Explained {
    int line = 0;   // 1-based
    int column = 0; // 1-based: the first character of the line at fault
    std::string message;
};

// `line` (1-based) is where yaml-cpp stopped and `parserMessage` what it said. Returns the
// explanation when the line's indentation lines up with nothing above it (too far right or
// left), a tab in the indentation, or a plain value holding ": "; nullopt for anything else.
std::optional<Explained> ExplainBlockError(std::string_view bytes, int line, int column,
                                           std::string_view parserMessage);

} // namespace kc::yamltree
