#pragma once
// Where the CLI looks for the bundled protocols when not told: the source tree's folder
// when run from a build, the installed data folder otherwise.
#include <filesystem>
#include <string>
#include <vector>

#include "kc/version.hpp"

namespace kc::cli {

inline std::vector<std::string> DefaultProtocolDirs() {
    std::error_code ec;
    if (std::filesystem::is_directory(kSourceProtocolDir, ec)) return {kSourceProtocolDir};
    return {kInstalledProtocolDir};
}

} // namespace kc::cli
