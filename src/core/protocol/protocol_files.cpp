// Protocol files and folders: reading one file (capped), listing a folder's protocols, and
// loading the valid ones. The parsing itself is loader.cpp's.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "kc/base/error.hpp"
#include "kc/base/text.hpp"
#include "kc/protocol/loader.hpp"

namespace kc {

LoadResult LoadProtocolFile(const std::string& path) {
    std::string bytes;
    try {
        bytes = ReadFile(path, kMaxProtocolBytes);
    } catch (const FileTooLargeError& e) {
        LoadResult result;
        result.diagnostics.push_back(Diagnostic{path, 0, 0, Severity::Error, "too-large", e.what()});
        return result;
    } catch (const IoError& e) {
        LoadResult result;
        result.diagnostics.push_back(Diagnostic{path, 0, 0, Severity::Error, "io-error", e.what()});
        return result;
    }
    return ParseProtocol(bytes, path);
}

std::vector<std::string> ListProtocolFiles(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw IoError(fmt::format("{}: no such file or folder", path));
    if (!fs::is_directory(status)) return {path};
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        const auto ext = entry.path().extension();
        const auto name = entry.path().filename().string();
        const bool answers = name.find(".answers.") != std::string::npos; // scripted-run inputs
        // A protocol's scenarios (<stem>.scenarios.yaml): `checklistctl test` runs them.
        const bool scenarios = name.size() > 15 && name.ends_with(".scenarios.yaml");
        // A FIFO, device or folder under a protocol's name is listed too: loading it says what
        // it is (never opening it), so the library names it instead of leaving it out unseen.
        if ((ext == ".yaml" || ext == ".yml") && !answers && !scenarios) files.push_back(entry.path().string());
    }
    if (ec) throw IoError(fmt::format("{}: cannot list folder: {}", path, ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<ProtocolPtr> LoadValidProtocols(const std::vector<std::string>& paths) {
    std::vector<ProtocolPtr> protocols;
    for (const auto& path : paths) {
        std::vector<std::string> files;
        try {
            files = ListProtocolFiles(path);
        } catch (const IoError&) {
            continue;
        }
        for (const auto& file : files)
            if (auto loaded = LoadProtocolFile(file); loaded.Ok()) protocols.push_back(loaded.protocol);
    }
    return protocols;
}

} // namespace kc
