// Generates a records folder for the verify benchmark through the real code path (Session:
// engine, codec, hash chain, ledger, protocol archive), with fdatasync/fsync skipped so a
// million events take seconds, not hours. The result verifies intact.
//
//   bench_make_records --dir DIR [--sessions N] [--events-per-session M]   (defaults 20000 x 50)
//   bench_make_records --protocol FILE --steps N [--conditions mixed|all-of-8]
//                                                   writes the generated N-step protocol only;
//                                                   with --conditions, one with a condition on
//                                                   every step (bench_support.hpp)
//
// Each session: session_started, M-3 yes/no answers, attested, session_completed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "bench_support.hpp"
#include "kc/audit/records.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/session.hpp"

int main(int argc, char** argv) {
    int sessions = 20000;
    int perSession = 50;
    std::string dir, protocolFile;
    int protocolSteps = 2000;
    std::string conditions;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--conditions") == 0) conditions = argv[++i];
        else if (std::strcmp(argv[i], "--sessions") == 0) sessions = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--events-per-session") == 0) perSession = std::max(4, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--dir") == 0) dir = argv[++i];
        else if (std::strcmp(argv[i], "--protocol") == 0) protocolFile = argv[++i];
        else if (std::strcmp(argv[i], "--steps") == 0) protocolSteps = std::max(1, std::atoi(argv[++i]));
    }
    if (!protocolFile.empty()) {
        std::ofstream out(protocolFile, std::ios::binary | std::ios::trunc);
        if (conditions == "mixed") out << kc::bench::GeneratedConditionalProtocol(protocolSteps);
        else if (conditions == "all-of-8") out << kc::bench::GeneratedAllOfEightProtocol(protocolSteps);
        else if (conditions.empty()) out << kc::bench::GeneratedProtocol(protocolSteps);
        else {
            std::fprintf(stderr, "--conditions takes mixed or all-of-8, not '%s'\n", conditions.c_str());
            return 2;
        }
        return out ? 0 : 1;
    }
    if (dir.empty()) {
        std::fprintf(stderr, "usage: bench_make_records --dir DIR [--sessions N] [--events-per-session M]\n");
        return 2;
    }
    const auto begin = std::chrono::steady_clock::now();
    try {
        kc::bench::GenerateRecords(dir, sessions, perSession);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::printf("%d sessions x %d events = %lld events in %s (%.1f s)\n", sessions, perSession,
                static_cast<long long>(sessions) * perSession, dir.c_str(), seconds);
    return 0;
}
