#pragma once
// Ed25519 keys for signed checkpoints (docs/audit-trail-format.md, section 9), through
// OpenSSL 3's EVP interface. The installation key lives in a key folder (0700) as an
// unencrypted PKCS#8 PEM file (0600, created with O_EXCL, never chmod'ed); its key id is the
// SHA-256 of the public key's DER SubjectPublicKeyInfo, in hex.
#include <memory>
#include <string>
#include <string_view>

#include "kc/base/durable_file.hpp"

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace kc {

// A public key that checks signatures. Copies share the key.
class PublicKey {
public:
    // Reads an Ed25519 public key (PEM "PUBLIC KEY"). Throws Error when it is not one;
    // `source` names where the text came from, for the message.
    static PublicKey FromPem(const std::string& pem, const std::string& source);
    static PublicKey FromPemFile(const std::string& path); // also throws IoError

    // True only when `signature` (64 raw bytes) is this key's Ed25519 signature of `message`.
    bool Verify(std::string_view message, std::string_view signature) const;
    const std::string& KeyId() const { return m_keyId; }
    std::string Pem() const;

private:
    friend class SigningKey;
    explicit PublicKey(std::shared_ptr<evp_pkey_st> key);
    std::shared_ptr<evp_pkey_st> m_key;
    std::string m_keyId;
};

// The installation's private key. Throws Error if OpenSSL fails to sign.
class SigningKey {
public:
    // The key in `keyDir`, created on first use: the folder (and missing parents) with mode
    // 0700, the key written to a temporary name opened O_CREAT|O_EXCL 0600, synced, then
    // linked to its name (so two processes starting at once end up with the same key).
    // Refuses a key file that others may read. Throws IoError.
    static SigningKey LoadOrCreate(const std::string& keyDir, SysIo& io = RealSysIo());

    // 64 bytes: Ed25519 over `message` (EVP_DigestSign with no digest).
    std::string Sign(std::string_view message) const;
    const PublicKey& Public() const { return m_public; }
    const std::string& KeyId() const { return m_public.KeyId(); }
    const std::string& Path() const { return m_path; }

private:
    SigningKey(std::shared_ptr<evp_pkey_st> key, std::string path);
    std::shared_ptr<evp_pkey_st> m_key;
    PublicKey m_public;
    std::string m_path;
};

inline constexpr const char* kPrivateKeyFileName = "installation-ed25519.pem";

// Standard base64 with padding (RFC 4648), as the checkpoint's signature is written.
std::string Base64Encode(std::string_view bytes);
// False when `text` is not canonical padded base64.
bool Base64Decode(std::string_view text, std::string& bytes);

} // namespace kc
