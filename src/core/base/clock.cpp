#include "kc/base/clock.hpp"

#include <array>
#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "kc/base/error.hpp"

namespace kc {

std::int64_t SystemClock::UtcMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t SystemClock::MonotonicMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string RandomIdGenerator::NewSessionId() {
    std::array<unsigned char, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw Error("OpenSSL could not generate random bytes");
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    return fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                       b[15]);
}

std::string SequentialIdGenerator::NewSessionId() { return fmt::format("{}-{:04}", m_prefix, m_next++); }

std::string FormatUtcMs(std::int64_t utcMs) {
    const std::time_t seconds = static_cast<std::time_t>(utcMs / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, utcMs % 1000);
}

std::int64_t ParseUtcMs(std::string_view text) {
    // Fixed positions and digits only: sscanf would take " 7" or "+7", timegm would turn
    // 30 February into 2 March. This runs once per trail line on the verify path.
    static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (text.size() != kShape.size()) return -1;
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return -1;
    }
    auto number = [&](std::size_t at, std::size_t digits) {
        int value = 0;
        for (std::size_t i = at; i < at + digits; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2), ms = number(20, 3);
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1970 || year > 2262 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap) ||
        hour > 23 || minute > 59 || second > 59)
        return -1;
    // Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
    const int y = year - (month <= 2);
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    const std::int64_t utcMs = ((days * 24 + hour) * 60 + minute) * std::int64_t{60000} + second * 1000 + ms;
    return RecordableUtcMs(utcMs) ? utcMs : -1;
}

std::string ClockOutOfRange(std::int64_t utcMs) {
    if (RecordableUtcMs(utcMs)) return "";
    // gmtime_r takes any 64-bit second; the year says how far off the clock is.
    const std::time_t seconds = static_cast<std::time_t>(utcMs / 1000 - (utcMs % 1000 < 0));
    std::tm tm{};
    const bool known = gmtime_r(&seconds, &tm) != nullptr;
    return fmt::format("this computer's clock reads {}, outside the times a record can hold (1970 to 2262); nothing "
                       "was written. Set the clock right, then try again",
                       known ? fmt::format("the year {}", static_cast<long long>(tm.tm_year) + 1900)
                             : fmt::format("{} ms from 1970", utcMs));
}

std::int64_t RecordableNow(Clock& clock) {
    const std::int64_t now = clock.UtcMs();
    if (const std::string why = ClockOutOfRange(now); !why.empty()) throw ClockRangeError(why);
    return now;
}

} // namespace kc
