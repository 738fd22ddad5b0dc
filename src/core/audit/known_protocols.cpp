#include "kc/audit/known_protocols.hpp"

#include "kc/audit/records_layout.hpp"
#include "kc/protocol/loader.hpp"

namespace kc {

KnownProtocols::KnownProtocols(std::vector<std::string> protocolDirs) : m_dirs(std::move(protocolDirs)) {}

KnownProtocols::KnownProtocols(const std::vector<ProtocolPtr>& known) : m_dirsLoaded(true) {
    for (const auto& protocol : known)
        if (protocol) m_bySha.emplace(protocol->sha256, protocol);
}

ProtocolPtr KnownProtocols::Find(const std::string& sha256, const std::string& recordsRoot) {
    if (auto it = m_bySha.find(sha256); it != m_bySha.end()) return it->second;
    if (!recordsRoot.empty()) {
        // An archived file is trusted only for the bytes its name promises.
        const auto archived = LoadProtocolFile(layout::ProtocolArchivePath(recordsRoot, sha256));
        if (archived.Ok() && archived.protocol->sha256 == sha256) return m_bySha[sha256] = archived.protocol;
    }
    if (!m_dirsLoaded) {
        m_dirsLoaded = true;
        for (const auto& protocol : LoadValidProtocols(m_dirs)) m_bySha.emplace(protocol->sha256, protocol);
        if (auto it = m_bySha.find(sha256); it != m_bySha.end()) return it->second;
    }
    return nullptr;
}

} // namespace kc
