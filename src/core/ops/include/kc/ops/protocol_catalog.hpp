#pragma once
// The protocols found in the configured folders: each either loaded (and validated) or
// failed with its diagnostics: what the start window lists.
#include <string>
#include <vector>

#include "kc/protocol/loader.hpp"

namespace kc {

struct CatalogEntry {
    std::string path;
    LoadResult result;
};

// Loads every protocol file in `folders`; an unreadable folder becomes an entry with an
// io-error diagnostic, so nothing fails silently.
std::vector<CatalogEntry> LoadCatalog(const std::vector<std::string>& folders);

} // namespace kc
