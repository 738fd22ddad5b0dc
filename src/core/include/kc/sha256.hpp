#pragma once
// SHA-256 through OpenSSL's EVP interface. Throws kc::Error only if OpenSSL itself fails.
#include <memory>
#include <string>
#include <string_view>

namespace kc {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void Update(std::string_view bytes);
    std::string FinishHex(); // lower-case hex; the object is reset for reuse

private:
    struct Ctx;
    std::unique_ptr<Ctx> m_ctx;
};

std::string Sha256Hex(std::string_view bytes);

} // namespace kc
