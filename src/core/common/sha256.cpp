#include "kc/sha256.hpp"

#include <array>

#include <openssl/evp.h>

#include "kc/error.hpp"

namespace kc {
namespace {

std::string ToHex(const unsigned char* digest, unsigned int length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(length * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        hex[2 * i] = kHex[digest[i] >> 4];
        hex[2 * i + 1] = kHex[digest[i] & 0x0f];
    }
    return hex;
}

} // namespace

struct Sha256::Ctx {
    EVP_MD_CTX* ctx = nullptr;
    ~Ctx() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_ctx(std::make_unique<Ctx>()) {
    m_ctx->ctx = EVP_MD_CTX_new();
    if (m_ctx->ctx == nullptr || EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr) != 1)
        throw Error("OpenSSL could not start a SHA-256 digest");
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
    if (EVP_DigestUpdate(m_ctx->ctx, bytes.data(), bytes.size()) != 1)
        throw Error("OpenSSL SHA-256 update failed");
}

std::string Sha256::FinishHex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_ctx->ctx, digest.data(), &length) != 1 ||
        EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr) != 1)
        throw Error("OpenSSL SHA-256 final failed");
    return ToHex(digest.data(), length);
}

std::string Sha256Hex(std::string_view bytes) {
    // One-shot EVP_Digest avoids allocating a context per call on the hot verify path.
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw Error("OpenSSL SHA-256 failed");
    return ToHex(digest.data(), length);
}

} // namespace kc
