#include "kc/base/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/base/error.hpp"

namespace kc {

std::optional<TextPosition> FindInvalidText(std::string_view bytes) {
    int line = 1;
    int column = 1;
    std::size_t i = 0;
    const auto n = bytes.size();
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
    while (i < n) {
        const unsigned char c = at(i);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return TextPosition{line, column, fmt::format("control character 0x{:02x} is not allowed", c)};
            if (c == 0x7f) return TextPosition{line, column, "control character 0x7f is not allowed"};
            if (c == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
            ++i;
            continue;
        }
        // Well-formed UTF-8 per RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF.
        std::size_t length = 0;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0) lo = 0xa0;
            if (c == 0xed) hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0) lo = 0x90;
            if (c == 0xf4) hi = 0x8f;
        } else {
            return TextPosition{line, column, fmt::format("invalid UTF-8 byte 0x{:02x}", c)};
        }
        if (i + length > n) return TextPosition{line, column, "truncated UTF-8 sequence"};
        for (std::size_t k = 1; k < length; ++k) {
            const unsigned char b = at(i + k);
            const unsigned char min = k == 1 ? lo : 0x80;
            const unsigned char max = k == 1 ? hi : 0xbf;
            if (b < min || b > max) return TextPosition{line, column, "invalid UTF-8 sequence"};
        }
        i += length;
        column += static_cast<int>(length); // byte columns, as yaml-cpp counts them
    }
    return std::nullopt;
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

std::string HtmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string ReadFile(const std::string& path, std::size_t maxBytes) {
    // Plain open/fstat/read: the verifier reads every session file, and an ifstream costs
    // more than a small file's bytes.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError(path, fmt::format("cannot read: {}", std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw IoError(path, fmt::format("cannot read: {}", std::strerror(errno)));
    if (S_ISDIR(info.st_mode)) throw IoError(path, "is a folder, not a file");
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
