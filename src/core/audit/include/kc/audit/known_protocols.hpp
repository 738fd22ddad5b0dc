#pragma once
// The protocol versions a session may have run on, found by the SHA-256 of their bytes: a
// records folder's archive (RECORDS/protocols/<sha256>.yaml) first, then protocol folders,
// each loaded at most once. The one lookup that verify, export, replay and the audit window use.
#include <map>
#include <string>
#include <vector>

#include "kc/protocol/model.hpp"

namespace kc {

class KnownProtocols {
public:
    // The protocol folders are read on the first lookup the archive cannot answer.
    explicit KnownProtocols(std::vector<std::string> protocolDirs);
    // These versions only: no folder is read (recordsRoot is still searched when given).
    explicit KnownProtocols(const std::vector<ProtocolPtr>& known);

    // The protocol with exactly those bytes, from recordsRoot's archive (when given) or the
    // protocol folders; null when none has them. Never throws.
    ProtocolPtr Find(const std::string& sha256, const std::string& recordsRoot = {});

private:
    std::vector<std::string> m_dirs;
    bool m_dirsLoaded = false;
    std::map<std::string, ProtocolPtr> m_bySha;
};

} // namespace kc
