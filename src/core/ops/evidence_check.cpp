#include "kc/ops/evidence_check.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace kc {

namespace fs = std::filesystem;

std::optional<std::string> FindEvidenceReference(const std::string& protocolPath, const std::string& reference) {
    if (reference.empty()) return std::nullopt;
    std::error_code ec;
    fs::path folder = fs::absolute(fs::path(protocolPath), ec).parent_path();
    if (ec) return std::nullopt;
    // Up from the protocol's folder; the repository's root (.git, a folder or a worktree's file)
    // is the last folder a repository path can be relative to.
    for (int depth = 0; depth < 64 && !folder.empty(); ++depth) {
        const fs::path candidate = folder / fs::path(reference);
        if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
        if (fs::exists(folder / ".git", ec)) break;
        const fs::path parent = folder.parent_path();
        if (parent == folder) break;
        folder = parent;
    }
    return std::nullopt;
}

std::optional<Diagnostic> CheckEvidenceReference(const Protocol& protocol, const std::string& protocolPath) {
    if (protocol.evidenceReference.empty() || FindEvidenceReference(protocolPath, protocol.evidenceReference))
        return std::nullopt;
    Diagnostic d;
    d.file = protocolPath;
    d.line = protocol.evidenceReferencePos.line;
    d.column = protocol.evidenceReferencePos.column;
    d.severity = Severity::Warning;
    d.rule = "evidence-not-found";
    d.message = fmt::format("evidence reference '{}' is not found in the protocol's folder or any folder above it up "
                            "to the repository root; give its path from the repository root (such as "
                            "docs/evidence/asra-2018-ketamine.md) and keep the file in the repository",
                            protocol.evidenceReference);
    return d;
}

} // namespace kc
