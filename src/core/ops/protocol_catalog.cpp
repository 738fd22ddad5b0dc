#include "kc/ops/protocol_catalog.hpp"

#include "kc/base/error.hpp"

namespace kc {

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

} // namespace kc
