#include "kc/audit/trail_writer.hpp"

#include <spdlog/details/null_mutex.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"

namespace kc {
namespace {

// The sink writes the message bytes as given (the codec already made them canonical) and
// returns only once they are durable. One session writes from one thread: no mutex.
class DurableSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
public:
    explicit DurableSink(DurableAppendFile& file) : m_file(file) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        m_file.Append(std::string_view(msg.payload.data(), msg.payload.size()));
    }
    void flush_() override {} // every message is already durable

private:
    DurableAppendFile& m_file;
};

} // namespace

TrailWriter::TrailWriter(std::unique_ptr<DurableAppendFile> file) : m_file(std::move(file)) {
    m_logger = std::make_shared<spdlog::logger>("audit-trail", std::make_shared<DurableSink>(*m_file));
    m_logger->set_level(spdlog::level::info);
    m_logger->flush_on(spdlog::level::off);
    // spdlog catches what a sink throws and hands it to the error handler inside its catch
    // block; rethrowing there lets the AuditWriteError reach the engine unchanged.
    m_logger->set_error_handler([](const std::string&) { throw; });
}

TrailWriter::~TrailWriter() = default;

void TrailWriter::Write(const std::vector<std::string>& lines) {
    m_batch.clear();
    for (const auto& line : lines) m_batch.append(line).push_back('\n');
    m_logger->log(spdlog::level::info, spdlog::string_view_t(m_batch.data(), m_batch.size()));
    if (m_file->Failed()) throw AuditWriteError(m_file->Failure()); // never report success after a failure
}

const std::string& TrailWriter::Path() const { return m_file->Path(); }

} // namespace kc
