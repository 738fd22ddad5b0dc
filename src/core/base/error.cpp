#include "kc/base/error.hpp"

namespace kc {

std::string DescribeException(const std::exception_ptr& error) {
    try {
        if (error) std::rethrow_exception(error);
        return "no error";
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown error occurred";
    }
}

} // namespace kc
