#include "kc/base/signing_key.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kc/base/durable_file.hpp"
#include "kc/base/error.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace kc {
namespace fs = std::filesystem;

namespace {

using KeyPtr = std::shared_ptr<EVP_PKEY>;
constexpr std::size_t kSignatureBytes = 64;
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

KeyPtr Own(EVP_PKEY* key) { return KeyPtr(key, EVP_PKEY_free); }

// OpenSSL's last error, for a message; also clears the queue.
std::string OpenSslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    return text.data();
}

struct Bio {
    BIO* bio;
    explicit Bio(BIO* b) : bio(b) {
        if (bio == nullptr) throw Error("OpenSSL could not allocate a memory buffer");
    }
    ~Bio() { BIO_free(bio); }
    Bio(const Bio&) = delete;
    Bio& operator=(const Bio&) = delete;
    std::string Text() const {
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
    }
};

// Never ask a terminal for a pass phrase: the installation key is not encrypted.
int NoPassword(char*, int, int, void*) { return 0; }

bool IsEd25519(const EVP_PKEY* key) { return key != nullptr && EVP_PKEY_get_id(key) == EVP_PKEY_ED25519; }

std::string PublicDer(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    const int size = i2d_PUBKEY(key, &der);
    if (size <= 0) throw Error("OpenSSL could not encode the public key: " + OpenSslError());
    std::string bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return bytes;
}

// The folder and any missing parents, each created 0700; an existing folder keeps its mode.
void MakeFolders(const std::string& dir) {
    fs::path partial;
    for (const auto& part : fs::path(dir)) {
        partial /= part;
        std::error_code ec;
        if (partial.empty() || fs::is_directory(partial, ec)) continue;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
            throw IoError(fmt::format("{}: cannot create the key folder: {}", partial.string(), std::strerror(errno)));
    }
}

KeyPtr ReadPrivateKey(const std::string& path) {
    const int fd = OpenRegularFile(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW); // a FIFO is refused, not waited on
    if (fd < 0) {
        if (errno == ENOENT) return nullptr;
        throw IoError(fmt::format("{}: cannot open the signing key: {}", path, std::strerror(errno)));
    }
    // The mode is checked and the bytes read through the same descriptor.
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw IoError(fmt::format("{}: cannot stat the signing key: {}", path, std::strerror(errno)));
    // Like ssh: a private key others can read is not a secret any more.
    if ((st.st_mode & 077) != 0)
        throw IoError(fmt::format("{}: the signing key's mode is {:04o}; others may read it, so it is refused (it "
                                  "must be 0600 and owned by this account)",
                                  path, st.st_mode & 07777));
    if (!S_ISREG(st.st_mode) || st.st_size > static_cast<off_t>(kMaxKeyFileBytes))
        throw IoError(fmt::format("{}: the signing key is not a small regular file", path));
    std::string pem(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < pem.size()) {
        const ssize_t n = ::read(fd, pem.data() + got, pem.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw IoError(fmt::format("{}: cannot read the signing key: {}", path, std::strerror(errno)));
        got += static_cast<std::size_t>(n);
    }
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    KeyPtr key = Own(PEM_read_bio_PrivateKey(bio.bio, nullptr, NoPassword, nullptr));
    if (!key) throw IoError(fmt::format("{}: not a readable PEM private key: {}", path, OpenSslError()));
    if (!IsEd25519(key.get())) throw IoError(fmt::format("{}: the signing key is not an Ed25519 key", path));
    return key;
}

// The public half of a key pair, as a key of its own.
KeyPtr PublicPart(EVP_PKEY* key) {
    const std::string der = PublicDer(key);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    KeyPtr pub = Own(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!pub) throw Error("OpenSSL could not read back the public key: " + OpenSslError());
    return pub;
}

KeyPtr GenerateKey() {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    EVP_PKEY* raw = nullptr;
    const bool ok = ctx != nullptr && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &raw) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) throw Error("OpenSSL could not generate an Ed25519 key: " + OpenSslError());
    return Own(raw);
}

} // namespace

PublicKey::PublicKey(std::shared_ptr<evp_pkey_st> key) : m_key(std::move(key)), m_keyId(Sha256Hex(PublicDer(m_key.get()))) {}

PublicKey PublicKey::FromPem(const std::string& pem, const std::string& source) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    KeyPtr key = Own(PEM_read_bio_PUBKEY(bio.bio, nullptr, NoPassword, nullptr));
    if (!key) throw Error(fmt::format("{}: not a PEM public key ({})", source, OpenSslError()));
    if (!IsEd25519(key.get())) throw Error(fmt::format("{}: not an Ed25519 public key", source));
    return PublicKey(std::move(key));
}

PublicKey PublicKey::FromPemFile(const std::string& path) { return FromPem(ReadFile(path, kMaxKeyFileBytes), path); }

bool PublicKey::Verify(std::string_view message, std::string_view signature) const {
    if (signature.size() != kSignatureBytes) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr) throw Error("OpenSSL could not allocate a verification context");
    // Ed25519 hashes the message itself: no digest is given, and the whole message is passed at once.
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, m_key.get()) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

std::string PublicKey::Pem() const {
    Bio bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PUBKEY(bio.bio, m_key.get()) != 1) throw Error("OpenSSL could not write the public key");
    return bio.Text();
}

SigningKey::SigningKey(std::shared_ptr<evp_pkey_st> key, std::string path)
    : m_key(std::move(key)), m_public(PublicPart(m_key.get())), m_path(std::move(path)) {}

SigningKey SigningKey::LoadOrCreate(const std::string& keyDir, SysIo& io) {
    MakeFolders(keyDir);
    const std::string path = (fs::path(keyDir) / kPrivateKeyFileName).string();
    if (KeyPtr existing = ReadPrivateKey(path)) return SigningKey(std::move(existing), path);

    KeyPtr key = GenerateKey();
    Bio bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw Error("OpenSSL could not write the private key: " + OpenSslError());
    // Written whole under a temporary name (created 0600 with O_EXCL: never readable by
    // others, not even for a moment), synced, then linked to its name: link() refuses an
    // existing name, so a second process creating a key at the same moment loses cleanly
    // and uses the winner's.
    const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
    ::unlink(temp.c_str()); // a leftover of a crashed process with this pid
    {
        DurableAppendFile file(temp, DurableAppendFile::Mode::CreateNew, io, 0600);
        file.Append(bio.Text());
    }
    const int linked = ::link(temp.c_str(), path.c_str());
    const int error = errno;
    ::unlink(temp.c_str());
    if (linked != 0 && error != EEXIST)
        throw IoError(fmt::format("{}: cannot store the signing key: {}", path, std::strerror(error)));
    SyncFolder(keyDir, io);
    if (linked != 0) {
        if (KeyPtr theirs = ReadPrivateKey(path)) return SigningKey(std::move(theirs), path);
        throw IoError(fmt::format("{}: the signing key vanished while it was created", path));
    }
    return SigningKey(std::move(key), path);
}

std::string SigningKey::Sign(std::string_view message) const {
    std::string signature(kSignatureBytes, '\0');
    std::size_t size = signature.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr) throw Error("OpenSSL could not allocate a signing context");
    const bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, m_key.get()) == 1 &&
                    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                                   reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || size != kSignatureBytes) throw Error("OpenSSL could not sign: " + OpenSslError());
    return signature;
}

namespace {
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
    const char* at = std::strchr(kBase64, c);
    return c != '\0' && at != nullptr ? static_cast<int>(at - kBase64) : -1;
}
} // namespace

std::string Base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        unsigned value = 0;
        for (std::size_t k = 0; k < 3; ++k)
            value = (value << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k)
            out.push_back(k <= n ? kBase64[(value >> (18 - 6 * k)) & 0x3f] : '=');
    }
    return out;
}

bool Base64Decode(std::string_view text, std::string& bytes) {
    bytes.clear();
    if (text.size() % 4 != 0) return false;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::size_t pad = 0;
        unsigned value = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            int v = 0;
            if (c == '=' && last && k >= 2) {
                ++pad;
            } else if (pad > 0 || (v = Base64Value(c)) < 0) {
                return false;
            }
            value = (value << 6) | static_cast<unsigned>(v);
        }
        for (std::size_t k = 0; k < 3 - pad; ++k) bytes.push_back(static_cast<char>((value >> (16 - 8 * k)) & 0xff));
    }
    // Canonical: re-encoding gives the same text (no stray bits in the padding).
    return Base64Encode(bytes) == text;
}

} // namespace kc
