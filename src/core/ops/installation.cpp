#include "kc/ops/installation.hpp"

#include "kc/base/error.hpp"

namespace kc {
namespace {

std::string OrDefault(const std::string& given, const std::string& dataDir, const char* sub, const char* what) {
    if (!given.empty()) return given;
    if (dataDir.empty())
        throw UsageError(std::string("no ") + what + " folder: neither XDG_DATA_HOME nor HOME is set");
    return dataDir + "/" + sub;
}

} // namespace

std::unique_ptr<Installation> OpenInstallation(const AppConfig& config, const InstallationRequest& request) {
    auto in = std::make_unique<Installation>();
    in->recordsDir = OrDefault(request.recordsDir, request.dataDir, "records", "records");
    in->keyDir = OrDefault(request.keyDir, request.dataDir, "keys", "key");
    in->records = std::make_unique<RecordsFolder>(
        in->recordsDir, RealSysIo(), config.records.groupReadable ? RecordsSharing::Group : RecordsSharing::OwnerOnly);
    if (!request.logDir.empty()) {
        in->ownLog = MakeFileDiagnosticLog(request.logDir);
        in->log = in->ownLog.get();
    } else if (config.forward.syslog && request.consoleLog != nullptr) {
        in->log = request.consoleLog; // forwarding problems still reach a person
    } else {
        in->ownLog = MakeNullDiagnosticLog();
        in->log = in->ownLog.get();
    }
    if (config.forward.syslog) in->forwarder = MakeSyslogForwarder(config.forward, *in->log);
    in->key = SigningKey::LoadOrCreate(in->keyDir); // signs each closed session's checkpoint
    return in;
}

} // namespace kc
