#pragma once
// Where the CLI looks for the bundled protocols when not told: beside an installed
// executable (PREFIX/bin -> PREFIX/share/ketamine-checklist/protocols), then the source
// tree's folder when run from a build, then the folder the build was configured to install.
#include <filesystem>
#include <string>
#include <vector>

#include "kc/version.hpp"

namespace kc::cli {

inline std::vector<std::string> DefaultProtocolDirs() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "ketamine-checklist" / "protocols";
        if (fs::is_directory(installed, ec)) return {installed.string()};
    }
    if (fs::is_directory(kSourceProtocolDir, ec)) return {kSourceProtocolDir};
    return {kInstalledProtocolDir};
}

} // namespace kc::cli
