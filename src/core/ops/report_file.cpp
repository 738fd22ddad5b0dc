#include "kc/ops/report_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kc/audit/records_layout.hpp"
#include "kc/base/error.hpp"

namespace kc {

mode_t RecordsFileMode(const std::string& source) {
    struct stat st {};
    if (::stat(source.c_str(), &st) != 0) return 0600;
    return static_cast<mode_t>(st.st_mode & 0666);
}

std::string PermissionSourceOfTrail(const std::string& trailPath) {
    const auto place = layout::PlaceOfTrail(trailPath);
    return place ? place->root : trailPath;
}

void WriteRecordsFile(const std::string& path, std::string_view bytes, mode_t mode, const std::string& what) {
    const auto fail = [&](int error) {
        return IoError(fmt::format("{}: cannot write the {}: {}", path, what, std::strerror(error)));
    };
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw fail(errno);
    // An existing file keeps its mode through open: set it, so a report written over an old
    // 0644 one is no more readable than the records.
    if (::fchmod(fd, mode) != 0) {
        const int error = errno;
        ::close(fd);
        throw fail(error);
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            throw fail(error);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw fail(errno);
}

void WriteReportFile(const Report& report, ReportFormat format, const ReportRenderOptions& options,
                     const std::string& path, mode_t mode) {
    WriteRecordsFile(path, RenderReport(report, format, options), mode, "report");
}

} // namespace kc
