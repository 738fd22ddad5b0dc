#pragma once
// The one exception root of the core. Content problems in protocols are never thrown:
// they are collected as Diagnostics. Engine rule outcomes are results, not exceptions.
#include <optional>
#include <stdexcept>
#include <string>

#include "kc/base/remedy.hpp"

namespace kc {

// An error may name what a person can do about it (GetRemedy()); what() then says it in
// plain words, never as a command of one face.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    Error(const std::string& what, Remedy remedy) : std::runtime_error(what), m_remedy(std::move(remedy)) {}
    // what() is before + words + after, where `words` say `remedy` in plain words.
    Error(const std::string& before, std::string_view words, std::string_view after, Remedy remedy)
        : std::runtime_error(before + std::string(words) + std::string(after)),
          m_remedy(SaidAt(std::move(remedy), before.size(), words.size())) {}

    const std::optional<Remedy>& GetRemedy() const { return m_remedy; }

private:
    std::optional<Remedy> m_remedy;
};

// A file could not be read, written, created or synced. what() names the path and the cause;
// Detail() is the cause alone when it was given apart ("PATH: detail"), else what().
class IoError : public Error {
public:
    using Error::Error;
    IoError(const std::string& path, const std::string& detail)
        : Error(path + ": " + detail), m_detail(detail) {}

    std::string Detail() const { return m_detail ? *m_detail : what(); }

private:
    std::optional<std::string> m_detail;
};

// A file is larger than the reader accepts (ReadFile's limit).
class FileTooLargeError : public IoError {
public:
    using IoError::IoError;
};

// A path that must be a regular file is something else (a FIFO, a socket, a device, a folder,
// or a symbolic link to one): it is not opened for reading, so nothing blocks on it.
class NotRegularFileError : public IoError {
public:
    using IoError::IoError;
};

// The audit trail could not make an event durable. The session that raised it is closed
// for input; everything written before stays valid.
class AuditWriteError : public IoError {
public:
    using IoError::IoError;
};

// The trail holds the event durably (it is acknowledged), but a file that lists it could not be
// written after it: the ledger's entry or the signed checkpoint of the session's end is behind.
// Nothing is lost; recover (or resume) adds what is missing, marked as a repair. Never an
// AuditWriteError: saying "not recorded" here would be false.
class LedgerBehindError : public Error {
public:
    using Error::Error;
};

// The computer's clock reads a time the records cannot hold (before 1970 or after 2262):
// nothing was written.
class ClockRangeError : public Error {
public:
    using Error::Error;
};

// A caller broke a documented precondition (a programming error, not bad input).
class UsageError : public Error {
public:
    using Error::Error;
};

// Text for any exception, for the faces' last-resort handlers.
std::string DescribeException(const std::exception_ptr& error);

} // namespace kc
