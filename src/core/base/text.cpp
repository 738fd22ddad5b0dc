#include "kc/base/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"

namespace kc {

namespace {

// One step of a UTF-8 decoder: the code point at bytes[at] and its length, or what is wrong
// (well-formed per RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
enum class Utf8Error { None, BadByte, Truncated, BadSequence };
struct Utf8Step {
    char32_t codePoint = 0;
    std::size_t length = 1; // 1 for a byte that is wrong
    Utf8Error error = Utf8Error::None;
};

Utf8Step DecodeUtf8(std::string_view bytes, std::size_t at) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    const unsigned char c = byte(at);
    if (c < 0x80) return {c, 1, Utf8Error::None};
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    char32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3;
        cp = c & 0x0f;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4;
        cp = c & 0x07;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        return {c, 1, Utf8Error::BadByte};
    }
    for (std::size_t k = 1; k < length; ++k) {
        if (at + k >= bytes.size()) return {c, 1, Utf8Error::Truncated};
        const unsigned char b = byte(at + k);
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xbf)) return {c, 1, Utf8Error::BadSequence};
        cp = (cp << 6) | (b & 0x3f);
    }
    return {cp, length, Utf8Error::None};
}

bool IsC1(char32_t cp) { return cp >= 0x80 && cp <= 0x9f; }

// Embeddings, overrides and isolates: they reorder the text that follows them.
const char* BidiFormattingName(char32_t cp) {
    switch (cp) {
    case 0x202a: return "left-to-right embedding";
    case 0x202b: return "right-to-left embedding";
    case 0x202c: return "pop directional formatting";
    case 0x202d: return "left-to-right override";
    case 0x202e: return "right-to-left override";
    case 0x2066: return "left-to-right isolate";
    case 0x2067: return "right-to-left isolate";
    case 0x2068: return "first strong isolate";
    case 0x2069: return "pop directional isolate";
    default: return nullptr;
    }
}

// Invisible marks that change the direction of the characters around them, and the Unicode
// line breaks: not in a name, which must read the same everywhere.
const char* LineOnlyName(char32_t cp) {
    switch (cp) {
    case 0x200e: return "left-to-right mark";
    case 0x200f: return "right-to-left mark";
    case 0x061c: return "Arabic letter mark";
    case 0x2028: return "line separator";
    case 0x2029: return "paragraph separator";
    default: return nullptr;
    }
}

// What a terminal acts on, or what reorders or hides what it shows.
bool ShownEscaped(char32_t cp) {
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || IsC1(cp) || BidiFormattingName(cp) != nullptr ||
           LineOnlyName(cp) != nullptr;
}

// Why `cp` is refused under `rules`, or empty.
std::string Refusal(char32_t cp, TextRules rules) {
    if (cp < 0x20 || cp == 0x7f) {
        const bool lineBreakOrTab = cp == '\t' || cp == '\n' || cp == '\r';
        if (lineBreakOrTab && rules != TextRules::Line) return {};
        const char* name = cp == '\t' ? " (tab)" : cp == '\n' || cp == '\r' ? " (a line break)" : "";
        return fmt::format("control character 0x{:02x}{} is not allowed", static_cast<unsigned>(cp), name);
    }
    if (rules == TextRules::File) return {};
    if (IsC1(cp)) return fmt::format("control character U+{:04X} is not allowed", static_cast<unsigned>(cp));
    if (const char* name = BidiFormattingName(cp))
        return fmt::format("bidirectional control U+{:04X} ({}) is not allowed: it changes the order in which the "
                           "text is shown",
                           static_cast<unsigned>(cp), name);
    if (rules == TextRules::Line)
        if (const char* name = LineOnlyName(cp))
            return fmt::format("invisible character U+{:04X} ({}) is not allowed here", static_cast<unsigned>(cp), name);
    return {};
}

} // namespace

std::optional<TextPosition> FindInvalidText(std::string_view bytes, TextRules rules) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < bytes.size();) {
        const Utf8Step step = DecodeUtf8(bytes, i);
        switch (step.error) {
        case Utf8Error::None: break;
        case Utf8Error::BadByte:
            return TextPosition{line, column, fmt::format("invalid UTF-8 byte 0x{:02x}", static_cast<unsigned>(step.codePoint))};
        case Utf8Error::Truncated: return TextPosition{line, column, "truncated UTF-8 sequence"};
        case Utf8Error::BadSequence: return TextPosition{line, column, "invalid UTF-8 sequence"};
        }
        if (std::string why = Refusal(step.codePoint, rules); !why.empty())
            return TextPosition{line, column, std::move(why)};
        if (step.codePoint == '\n') {
            ++line;
            column = 1;
        } else {
            column += static_cast<int>(step.length); // byte columns, as yaml-cpp counts them
        }
        i += step.length;
    }
    return std::nullopt;
}

std::string EscapeControls(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const Utf8Step step = DecodeUtf8(bytes, i);
        const bool wrong = step.error != Utf8Error::None;
        if (wrong || step.codePoint < 0x20 || step.codePoint == 0x7f) {
            if (!wrong && (step.codePoint == '\t' || step.codePoint == '\n')) {
                out += bytes[i];
            } else {
                out += fmt::format("\\x{:02x}", static_cast<unsigned char>(bytes[i]));
            }
        } else if (ShownEscaped(step.codePoint)) {
            out += fmt::format("\\u{{{:x}}}", static_cast<unsigned>(step.codePoint));
        } else {
            out.append(bytes.substr(i, step.length));
        }
        i += step.length;
    }
    return out;
}

std::size_t IncompleteUtf8Tail(std::string_view bytes) {
    // Look back over at most three bytes for the start of a sequence that runs past the end
    // and whose bytes so far are well-formed.
    for (std::size_t back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const std::size_t at = bytes.size() - back;
        const auto c = static_cast<unsigned char>(bytes[at]);
        if (c < 0x80) return 0;
        if (c < 0xc0) continue; // a continuation byte: its start is further back
        const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (length <= back) return 0; // complete (or not a start at all)
        return DecodeUtf8(bytes, at).error == Utf8Error::Truncated ? back : 0;
    }
    return 0;
}

// Optimal string alignment distance: a swap of two neighbours counts as one edit, the
// commonest typo in a key ("stpes").
std::size_t EditDistance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    return at(n, m);
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
    const auto lower = [](std::string_view text) {
        std::string out(text);
        for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    for (const auto& candidate : candidates)
        if (candidate != word && lower(candidate) == lower(word)) return candidate;
    // Allow about one edit per three letters, so short words are not matched to anything.
    const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
    std::string best;
    std::size_t bestDistance = allowed + 1;
    for (const auto& candidate : candidates) {
        const auto distance = EditDistance(word, candidate);
        if (distance < bestDistance && distance < word.size()) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string match = ClosestMatch(word, candidates);
    return match.empty() ? std::string() : "; did you mean '" + match + "'?";
}

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Utf8Step step = DecodeUtf8(text, i);
        if (step.error != Utf8Error::None || !Refusal(step.codePoint, TextRules::Paragraph).empty()) {
            // HTML cannot hold it (a control) or a browser would reorder the text after it
            // (bidirectional formatting): shown as the terminal shows it.
            out += EscapeControls(text.substr(i, step.length));
        } else {
            switch (text[i]) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.append(text.substr(i, step.length));
            }
        }
        i += step.length;
    }
    return out;
}

std::string ReadFile(const std::string& path, std::size_t maxBytes) {
    // Plain open/fstat/read: the verifier reads every session file, and an ifstream costs
    // more than a small file's bytes. A FIFO, a device or a folder is refused, never read.
    const int fd = OpenRegularFile(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(path, fmt::format("cannot read: {}", std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw IoError(path, fmt::format("cannot read: {}", std::strerror(errno)));
    if (static_cast<std::size_t>(info.st_size) > maxBytes)
        throw FileTooLargeError(
            path, fmt::format("file is {} bytes, larger than the limit of {} bytes", info.st_size, maxBytes));
    // One byte more than the limit, so that a file that grew between fstat and read is refused.
    std::string bytes(static_cast<std::size_t>(info.st_size) + 1, '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(path, fmt::format("cannot read: {}", std::strerror(errno)));
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got > static_cast<std::size_t>(info.st_size))
        throw FileTooLargeError(path, fmt::format("file grew while it was read, or is larger than {} bytes", maxBytes));
    bytes.resize(got);
    return bytes;
}

} // namespace kc
