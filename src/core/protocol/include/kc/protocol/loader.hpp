#pragma once
// Loads and validates a protocol from untrusted bytes. Never throws for content problems:
// every problem found is returned, together, as a diagnostic with its line and column.
#include <string>
#include <string_view>
#include <vector>

#include "kc/base/diagnostic.hpp"
#include "kc/protocol/model.hpp"

namespace kc {

inline constexpr std::size_t kMaxProtocolBytes = 1024 * 1024;

struct LoadResult {
    ProtocolPtr protocol; // null when any error was found
    std::vector<Diagnostic> diagnostics;
    bool Ok() const { return protocol != nullptr; }
};

// `displayPath` is the name used in diagnostics (and kept as Protocol::path).
LoadResult ParseProtocol(std::string_view bytes, const std::string& displayPath);

// Reads the file (at most kMaxProtocolBytes) and parses it; an unreadable file is a
// diagnostic with rule "io-error", not an exception.
LoadResult LoadProtocolFile(const std::string& path);

// The .yaml protocol files in a folder (not recursive), sorted by name, with anything else under
// such a name (a FIFO, a folder: LoadProtocolFile then says what it is); a file path is
// returned as is. Throws IoError when the path does not exist.
std::vector<std::string> ListProtocolFiles(const std::string& path);

// Every valid protocol in these folders (or files), in order; folders that cannot be listed
// and files that do not load are skipped (callers look protocols up by hash). Never throws.
std::vector<ProtocolPtr> LoadValidProtocols(const std::vector<std::string>& paths);

} // namespace kc
