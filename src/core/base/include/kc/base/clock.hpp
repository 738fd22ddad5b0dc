#pragma once
// Injected time and ids, so the engine and the trail are deterministic under test.
#include <cstdint>
#include <string>
#include <string_view>

namespace kc {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t UtcMs() = 0;       // milliseconds since the Unix epoch, UTC
    virtual std::int64_t MonotonicMs() = 0; // never goes back; origin unspecified
};

class SystemClock final : public Clock {
public:
    std::int64_t UtcMs() override;
    std::int64_t MonotonicMs() override;
};

// A clock that moves only when told (tests, scripted runs with --fixed-time).
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t utcMs = 1'764'000'000'000, std::int64_t stepMs = 0)
        : m_utc(utcMs), m_step(stepMs) {}
    std::int64_t UtcMs() override {
        const auto now = m_utc;
        m_utc += m_step;
        return now;
    }
    std::int64_t MonotonicMs() override { return m_utc - m_origin; }
    void Advance(std::int64_t ms) { m_utc += ms; }

private:
    std::int64_t m_utc;
    std::int64_t m_step;
    std::int64_t m_origin = m_utc;
};

class IdGenerator {
public:
    virtual ~IdGenerator() = default;
    virtual std::string NewSessionId() = 0; // lower-case letters, digits and '-' only
};

// 128 random bits from OpenSSL, as a UUID-shaped string (version 4).
class RandomIdGenerator final : public IdGenerator {
public:
    std::string NewSessionId() override;
};

// "prefix-0001", "prefix-0002", ... for tests.
class SequentialIdGenerator final : public IdGenerator {
public:
    explicit SequentialIdGenerator(std::string prefix = "session") : m_prefix(std::move(prefix)) {}
    std::string NewSessionId() override;

private:
    std::string m_prefix;
    int m_next = 1;
};

// "2026-11-25T13:40:00.123Z"; and back: -1 unless the text is exactly that form, with a
// real date (no 30 February, no hour 24, no leap second) from the year 1970 on.
std::string FormatUtcMs(std::int64_t utcMs);
std::int64_t ParseUtcMs(std::string_view text);

// The times a record can hold: 1970-01-01T00:00:00.000Z to 2262-04-11T23:47:16.854Z, the last
// millisecond a 64-bit nanosecond clock (std::chrono, spdlog) reaches.
constexpr std::int64_t kLatestUtcMs = 9'223'372'036'854;
constexpr bool RecordableUtcMs(std::int64_t utcMs) { return utcMs >= 0 && utcMs <= kLatestUtcMs; }

// Why a record cannot hold this reading of the clock, for a person ("" when it can).
std::string ClockOutOfRange(std::int64_t utcMs);

// The clock's reading when a record can hold it; else throws ClockRangeError (ClockOutOfRange).
std::int64_t RecordableNow(Clock& clock);

} // namespace kc
