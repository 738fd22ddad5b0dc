#pragma once
// The protocols found in the configured folders: each either loaded (and validated) or
// failed with its diagnostics: what the start window lists.
#include <optional>
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

// Whether the file behind a loaded entry still holds the bytes that were loaded: nullopt
// when it does, else what changed, in a sentence naming the file ("PATH was changed on disk
// since the library was read", "PATH is no longer on disk"). Reads the file; never throws.
std::optional<std::string> ChangedOnDisk(const CatalogEntry& entry);

// A protocol that shows the format and is not for clinical use: its title says so
// ("demonstration" or "not for clinical use", in any case).
bool IsDemonstration(const Protocol& protocol);

// The id of the protocol a session last started on, remembered in `stateDir` (the app's data
// folder): empty when none is remembered or the file cannot be read. Never throws.
std::string LastProtocolId(const std::string& stateDir);
// Remembers it (written durably: the old file or the new one, never a part). Throws IoError;
// a caller starting a session reports it and goes on.
void RememberLastProtocol(const std::string& stateDir, const std::string& protocolId);

} // namespace kc
