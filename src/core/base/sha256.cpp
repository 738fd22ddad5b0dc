#include "kc/base/sha256.hpp"

#include <algorithm>
#include <array>
#include <memory>

#include <openssl/evp.h>

#include "kc/base/error.hpp"

namespace kc {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string ToHex(const unsigned char* digest, unsigned int length) {
    std::string hex(length * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        hex[2 * i] = kHex[digest[i] >> 4];
        hex[2 * i + 1] = kHex[digest[i] & 0x0f];
    }
    return hex;
}

// OpenSSL 3 looks the algorithm up on every EVP_sha256() digest ("implicit fetch"), which
// costs more than hashing a 400-byte line. Fetch it once; it lives as long as the program.
const EVP_MD* FetchedSha256() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw Error("OpenSSL has no SHA-256");
    return md;
}

// One reusable context per thread, so the hot path allocates nothing.
EVP_MD_CTX* ThreadContext() {
    thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx) throw Error("OpenSSL could not allocate a digest context");
    return ctx.get();
}

} // namespace

Sha256Digest Sha256Of(std::string_view head, std::string_view tail) {
    EVP_MD_CTX* ctx = ThreadContext();
    Sha256Digest digest{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex2(ctx, FetchedSha256(), nullptr) != 1 || EVP_DigestUpdate(ctx, head.data(), head.size()) != 1 ||
        (!tail.empty() && EVP_DigestUpdate(ctx, tail.data(), tail.size()) != 1) ||
        EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1 || length != digest.size())
        throw Error("OpenSSL SHA-256 failed");
    return digest;
}

std::string ToHex(const Sha256Digest& digest) { return ToHex(digest.data(), static_cast<unsigned int>(digest.size())); }

bool HexEquals(const Sha256Digest& digest, std::string_view hex) {
    if (hex.size() != 2 * digest.size()) return false;
    for (std::size_t i = 0; i < digest.size(); ++i)
        if (hex[2 * i] != kHex[digest[i] >> 4] || hex[2 * i + 1] != kHex[digest[i] & 0x0f]) return false;
    return true;
}

bool IsSha256Hex(std::string_view text) {
    return text.size() == 2 * Sha256Digest{}.size() &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Sha256Hex(std::string_view bytes) { return ToHex(Sha256Of(bytes)); }

} // namespace kc
