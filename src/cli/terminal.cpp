#include "terminal.hpp"

#include <iostream>
#include <string>

#include <unistd.h>

#include "kc/base/error.hpp"
#include "kc/base/text.hpp"

namespace kc::cli {
namespace {

// Holds what is written until a flush (or 4 KiB), then passes it on escaped. The start of a
// UTF-8 sequence split across two writes waits for the rest, so that it is judged whole.
class EscapingBuffer final : public std::streambuf {
public:
    explicit EscapingBuffer(std::streambuf* target) : m_target(target) {}
    ~EscapingBuffer() override {
        Emit(true);
        m_target->pubsync();
    }

    std::streambuf* Target() const { return m_target; }

    // Passes on everything held (the end of the output: a held byte is shown as it is).
    bool Emit(bool all) {
        const std::size_t hold = all ? 0 : IncompleteUtf8Tail(m_pending);
        const std::string shown = EscapeControls(std::string_view(m_pending).substr(0, m_pending.size() - hold));
        m_pending.erase(0, m_pending.size() - hold);
        const auto size = static_cast<std::streamsize>(shown.size());
        if (m_target->sputn(shown.data(), size) != size) m_failed = true;
        return !m_failed;
    }

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        m_pending.push_back(traits_type::to_char_type(c));
        if (m_pending.size() >= kChunk && !Emit(false)) return traits_type::eof();
        return c;
    }

    std::streamsize xsputn(const char* data, std::streamsize size) override {
        m_pending.append(data, static_cast<std::size_t>(size));
        if (m_pending.size() >= kChunk && !Emit(false)) return 0;
        return size;
    }

    int sync() override {
        const bool emitted = Emit(false);
        return emitted && m_target->pubsync() == 0 ? 0 : -1;
    }

private:
    static constexpr std::size_t kChunk = 4096;
    std::streambuf* m_target;
    std::string m_pending;
    bool m_failed = false;
};

} // namespace

EscapedOutput::EscapedOutput()
    : m_out(std::make_unique<EscapingBuffer>(std::cout.rdbuf())),
      m_err(std::make_unique<EscapingBuffer>(std::cerr.rdbuf())) {
    m_originalOut = std::cout.rdbuf(m_out.get());
    m_originalErr = std::cerr.rdbuf(m_err.get());
}

EscapedOutput::~EscapedOutput() {
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(m_originalOut);
    std::cerr.rdbuf(m_originalErr);
    // The buffers' own destructors pass on a last incomplete sequence, escaped byte by byte.
}

void PrintDocument(std::string_view bytes) {
    auto* escaping = dynamic_cast<EscapingBuffer*>(std::cout.rdbuf());
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    std::cout.flush(); // what was printed before comes first
    if (escaping == nullptr || terminal) {
        std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        std::cout.flush();
        if (!std::cout) throw IoError("standard output: write failed");
        return;
    }
    std::streambuf* raw = escaping->Target();
    const auto size = static_cast<std::streamsize>(bytes.size());
    if (raw->sputn(bytes.data(), size) != size || raw->pubsync() != 0)
        throw IoError("standard output: write failed");
}

} // namespace kc::cli
