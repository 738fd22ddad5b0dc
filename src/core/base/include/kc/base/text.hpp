#pragma once
// Small text helpers shared by the validator, the trail and the renderers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc {

// What a text may hold, beyond being well-formed UTF-8 (RFC 3629):
//   File       a protocol or settings file: no C0 control but tab, LF and CR, no DEL.
//   Paragraph  text a person enters over lines (a note, a reason, a justification): as File,
//              and no C1 control (U+0080-U+009F) and no bidirectional embedding, override or
//              isolate (U+202A-U+202E, U+2066-U+2069), which reorder what is shown.
//   Line       a name, role, location or patient reference: as Paragraph, and no C0 control
//              at all (no tab or line break), no bidirectional mark (U+200E, U+200F, U+061C)
//              and no line or paragraph separator (U+2028, U+2029): it reads the same
//              everywhere it is shown, and two names that look alike are the same bytes.
enum class TextRules { File, Paragraph, Line };

// Position of the first byte the rules refuse, as 1-based line and byte column, with what is
// wrong; nullopt when the text is clean.
struct TextPosition {
    int line = 1;
    int column = 1;
    std::string what;
};
std::optional<TextPosition> FindInvalidText(std::string_view bytes, TextRules rules = TextRules::File);

// The text with everything a terminal acts on, or that reorders or hides what it shows, written
// as visible text: C0 controls but tab and LF, and DEL, as \x1b; each byte that is not UTF-8 as
// \xff; C1 controls, bidirectional formatting and marks, and U+2028/U+2029 as \u{202e}.
// Everything else (a backslash too) is kept as it is.
std::string EscapeControls(std::string_view bytes);

// How many bytes at the end of `bytes` begin a UTF-8 sequence that more bytes could still
// complete (0 to 3): what a stream holds back before escaping its next chunk.
std::size_t IncompleteUtf8Tail(std::string_view bytes);

// Edit distance, for "did you mean" suggestions.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The closest candidate within a small distance (a candidate differing only in letter case
// first: "Yes" for "yes", "c" for "C"), or empty.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);
// "; did you mean 'yes'?" for ClosestMatch's answer, or empty when there is none.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Text for HTML: markup characters as entities, and what no person could have entered as text
// (controls, bytes that are not UTF-8, bidirectional formatting: what TextRules::Paragraph
// refuses) shown as EscapeControls shows it, so a browser neither drops nor reorders it.
std::string HtmlEscape(std::string_view text);

// Reads a whole regular file; throws IoError naming the path, FileTooLargeError for a file larger
// than maxBytes, NotRegularFileError for a FIFO, socket, device or folder (none is opened for reading).
std::string ReadFile(const std::string& path, std::size_t maxBytes);

} // namespace kc
