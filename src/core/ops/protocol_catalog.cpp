#include "kc/ops/protocol_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"
#include "kc/protocol/checks.hpp"

namespace kc {
namespace {

constexpr const char* kLastProtocolFile = "last-protocol";

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

std::vector<CatalogEntry> LoadCatalog(const std::vector<std::string>& folders) {
    std::vector<CatalogEntry> entries;
    for (const auto& folder : folders) {
        std::vector<std::string> files;
        try {
            files = ListProtocolFiles(folder);
        } catch (const IoError& e) {
            CatalogEntry entry{folder, {}};
            entry.result.diagnostics.push_back(Diagnostic{folder, 0, 0, Severity::Error, "io-error", e.what()});
            entries.push_back(std::move(entry));
            continue;
        }
        for (const auto& file : files) entries.push_back({file, LoadProtocolFile(file)});
    }
    return entries;
}

std::optional<std::string> ChangedOnDisk(const CatalogEntry& entry) {
    if (!entry.result.protocol) return std::nullopt;
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(entry.path, ec)))
        return fmt::format("{} is no longer on disk", entry.path);
    try {
        // The whole file, as the loader reads it: a change of one byte is a change.
        if (Sha256Hex(ReadFile(entry.path, kMaxProtocolBytes)) == entry.result.protocol->sha256) return std::nullopt;
        return fmt::format("{} was changed on disk since the library was read", entry.path);
    } catch (const IoError& e) {
        return fmt::format("{} can no longer be read: {}", entry.path, e.what());
    }
}

bool IsDemonstration(const Protocol& protocol) {
    const std::string title = Lower(protocol.title);
    return title.find("demonstration") != std::string::npos || title.find("not for clinical use") != std::string::npos;
}

std::string LastProtocolId(const std::string& stateDir) {
    if (stateDir.empty()) return {};
    try {
        std::string id = ReadFile(stateDir + "/" + kLastProtocolFile, 256);
        while (!id.empty() && (id.back() == '\n' || id.back() == '\r')) id.pop_back();
        return IsId(id) ? id : std::string();
    } catch (const IoError&) {
        return {}; // none remembered, or not readable: the window chooses as if none were
    }
}

void RememberLastProtocol(const std::string& stateDir, const std::string& protocolId) {
    if (stateDir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(stateDir, ec);
    if (ec) throw IoError(fmt::format("{}: cannot create the folder: {}", stateDir, ec.message()));
    ReplaceFileDurably(stateDir + "/" + kLastProtocolFile, protocolId + "\n");
}

} // namespace kc
