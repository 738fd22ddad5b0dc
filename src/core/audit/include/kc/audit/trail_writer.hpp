#pragma once
// Writes trail lines through a dedicated, synchronous spdlog logger (not registered, not
// async) whose sink makes each batch durable before the call returns. Throws
// AuditWriteError on any write or sync failure; after one, every further write throws.
#include <memory>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace kc {

class DurableAppendFile;

class TrailWriter {
public:
    explicit TrailWriter(std::unique_ptr<DurableAppendFile> file);
    ~TrailWriter();
    TrailWriter(const TrailWriter&) = delete;
    TrailWriter& operator=(const TrailWriter&) = delete;

    // Appends the lines (each without its newline) in one durable write.
    void Write(const std::vector<std::string>& lines);

    const std::string& Path() const;

private:
    std::unique_ptr<DurableAppendFile> m_file;
    std::shared_ptr<spdlog::logger> m_logger;
    std::string m_batch;
};

} // namespace kc
