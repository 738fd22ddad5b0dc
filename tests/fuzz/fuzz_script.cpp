// libFuzzer target: an answers file's bytes through the script loader. Malformed input must
// come back as diagnostics only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kc/ops/script.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::vector<kc::Diagnostic> diagnostics;
    (void)kc::ParseScript(bytes, "fuzz.answers.yaml", diagnostics);
    return 0;
}
