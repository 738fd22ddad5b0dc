#pragma once
// SHA-256 through OpenSSL's EVP interface. Throws kc::Error only if OpenSSL itself fails.
#include <array>
#include <string>
#include <string_view>

namespace kc {

using Sha256Digest = std::array<unsigned char, 32>;

// The digest of `head` followed by `tail` (no copy to join them): the verify hot path hashes
// a line's bytes before its hash member plus the closing brace this way.
Sha256Digest Sha256Of(std::string_view head, std::string_view tail = {});

// Lower-case hex of a digest, and whether 64 hex characters spell exactly that digest.
std::string ToHex(const Sha256Digest& digest);
bool HexEquals(const Sha256Digest& digest, std::string_view hex);
// Whether `text` is written as a digest is: exactly 64 lower-case hex digits.
bool IsSha256Hex(std::string_view text);

std::string Sha256Hex(std::string_view bytes);

} // namespace kc
