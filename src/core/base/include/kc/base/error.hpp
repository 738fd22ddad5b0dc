#pragma once
// The one exception root of the core. Content problems in protocols are never thrown:
// they are collected as Diagnostics. Engine rule outcomes are results, not exceptions.
#include <stdexcept>
#include <string>

namespace kc {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file could not be read, written, created or synced. what() names the path and the cause.
class IoError : public Error {
public:
    using Error::Error;
};

// The audit trail could not make an event durable. The session that raised it is closed
// for input; everything written before stays valid.
class AuditWriteError : public IoError {
public:
    using IoError::IoError;
};

// A caller broke a documented precondition (a programming error, not bad input).
class UsageError : public Error {
public:
    using Error::Error;
};

// Text for any exception, for the faces' last-resort handlers.
std::string DescribeException(const std::exception_ptr& error);

} // namespace kc
