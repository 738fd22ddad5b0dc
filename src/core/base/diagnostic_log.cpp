#include "kc/base/diagnostic_log.hpp"

#include <filesystem>

#include <spdlog/logger.h>
#include <spdlog/sinks/rotating_file_sink.h>

#include "kc/base/error.hpp"

namespace kc {
namespace {

class FileLog final : public DiagnosticLog {
public:
    explicit FileLog(const std::string& folder) {
        std::error_code ec;
        std::filesystem::create_directories(folder, ec);
        try {
            auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(folder + "/ketamine-checklist.log",
                                                                               1024 * 1024, 3);
            m_logger = std::make_shared<spdlog::logger>("diagnostic", std::move(sink));
            m_logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%P] %v");
            m_logger->flush_on(spdlog::level::info);
        } catch (const spdlog::spdlog_ex& e) {
            throw IoError(std::string("cannot open the diagnostic log in ") + folder + ": " + e.what());
        }
    }
    void Info(const std::string& message) override { m_logger->info(message); }
    void Error(const std::string& message) override { m_logger->error(message); }

private:
    std::shared_ptr<spdlog::logger> m_logger;
};

class NullLog final : public DiagnosticLog {
public:
    void Info(const std::string&) override {}
    void Error(const std::string&) override {}
};

} // namespace

std::unique_ptr<DiagnosticLog> MakeFileDiagnosticLog(const std::string& folder) {
    return std::make_unique<FileLog>(folder);
}

std::unique_ptr<DiagnosticLog> MakeNullDiagnosticLog() { return std::make_unique<NullLog>(); }

} // namespace kc
