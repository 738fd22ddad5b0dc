// libFuzzer target: a protocol's bytes through the loader and validator, and, when it
// loads, through every rendering. Content problems must come back as diagnostics only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kc/protocol/loader.hpp"
#include "kc/protocol/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const kc::LoadResult result = kc::ParseProtocol(bytes, "fuzz.yaml");
    if (result.Ok()) {
        // A loaded protocol is one the app will show: its renderings must not fail either.
        (void)kc::RenderOutline(*result.protocol);
        (void)kc::RenderMarkdown(*result.protocol);
        (void)kc::RenderHtml(*result.protocol);
    }
    return 0;
}
