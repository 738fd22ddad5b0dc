#pragma once
// Where the CLI looks for the bundled protocols when not told: beside an installed
// executable (PREFIX/bin -> PREFIX/share/ketamine-checklist/protocols), then the source
// tree's folder when run from a build, then the folder the build was configured to install.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kc/ops/app_config.hpp"
#include "kc/base/version.hpp"

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

// The installation key's folder when --key-dir is not given: $XDG_DATA_HOME/ketamine-checklist/keys
// (~/.local/share/ketamine-checklist/keys), beside the app's default records folder and never
// inside a records folder, which is copied and handed to auditors. Empty when neither
// XDG_DATA_HOME nor HOME is set.
inline std::string DefaultKeyDir() {
    const std::string data = DefaultDataDir(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
    return data.empty() ? std::string() : data + "/keys";
}

} // namespace kc::cli
