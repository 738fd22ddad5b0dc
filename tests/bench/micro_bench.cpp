// Micro-benchmarks (Google Benchmark), each beside the floor it is measured against:
//   codec: encode / check / decode one trail line     vs  SHA-256 of the same bytes
//   verify: ScanTrail over a 50-event trail in memory  vs  SHA-256 of the same bytes
//           the whole verifier over folders of 100, 300 and 1,000 sessions (events/s, one core)
//   protocol: load + validate (ParseProtocol)          vs  bare YAML::Load of the same bytes
//             (the shipped protocols, generated ones of 100, 500 and 2,000 steps, and two of
//             2,000 steps with a condition on every step: mixed, and "all of the eight before")
// After the usual table it prints each figure beside its reference with the ratio.
// Prints figures; never passes or fails on time. Takes the usual --benchmark_* flags.
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "bench_support.hpp"
#include "kc/audit/codec.hpp"
#include "kc/audit/records.hpp"
#include "kc/audit/trail_reader.hpp"
#include "kc/audit/verifier.hpp"
#include "kc/base/diagnostic_log.hpp"
#include "kc/protocol/loader.hpp"
#include "kc/ops/session.hpp"
#include "kc/base/sha256.hpp"
#include "kc/base/text.hpp"

namespace {

namespace fs = std::filesystem;

// A real 50-event trail (start, 47 answers, attestation, completion), written through Session.
std::string MakeTrail() {
    const auto dir = fs::temp_directory_path() / ("kc-micro-" + std::to_string(::getpid()));
    kc::bench::GenerateRecords(dir.string(), 1, 50);
    std::string trail;
    for (const auto& entry : fs::directory_iterator(dir / "sessions"))
        trail = kc::ReadFile(entry.path().string(), std::size_t{1} << 30);
    fs::remove_all(dir);
    return trail;
}

const std::string& Trail() {
    static const std::string trail = MakeTrail();
    return trail;
}

// A typical answer line (the trail's second line) and the event it decodes to.
std::string AnswerLine() {
    const auto& t = Trail();
    const auto first = t.find('\n') + 1;
    return t.substr(first, t.find('\n', first) - first);
}

void Bytes(benchmark::State& state, std::size_t bytes, std::size_t items = 1) {
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items));
}

void Sha256OfLine(benchmark::State& state) {
    const std::string line = AnswerLine();
    for (auto _ : state) benchmark::DoNotOptimize(kc::Sha256Hex(line));
    Bytes(state, line.size());
}

void EncodeLine(benchmark::State& state) {
    const std::string line = AnswerLine();
    std::string error;
    const kc::Event event = *kc::DecodeLine(line, error);
    for (auto _ : state) {
        kc::Event e = event;
        benchmark::DoNotOptimize(kc::EncodeLine(e));
    }
    Bytes(state, line.size());
}

void CheckLine(benchmark::State& state) {
    const std::string line = AnswerLine();
    for (auto _ : state) benchmark::DoNotOptimize(kc::CheckLine(line));
    Bytes(state, line.size());
}

void DecodeLine(benchmark::State& state) {
    const std::string line = AnswerLine();
    std::string error;
    for (auto _ : state) benchmark::DoNotOptimize(kc::DecodeLine(line, error));
    Bytes(state, line.size());
}

void ScanTrail(benchmark::State& state) {
    const std::string& trail = Trail();
    std::size_t events = 0;
    for (auto _ : state) {
        const auto scan = kc::ScanTrail(trail);
        events = scan.events.size();
        benchmark::DoNotOptimize(scan);
    }
    Bytes(state, trail.size(), events);
}

void Sha256OfTrail(benchmark::State& state) {
    const std::string& trail = Trail();
    for (auto _ : state) benchmark::DoNotOptimize(kc::Sha256Hex(trail));
    Bytes(state, trail.size(), 50);
}

// The whole verifier (files read, lines checked and decoded, every session replayed through
// the engine, ledger and checkpoints) over a generated folder, in this process: CPU time per
// event on one core, without process start-up. The folder is written once per size.
void VerifyFolder(benchmark::State& state) {
    const int sessions = static_cast<int>(state.range(0));
    const auto dir = fs::temp_directory_path() / fmt::format("kc-micro-folder-{}-{}", ::getpid(), sessions);
    kc::bench::GenerateRecords(dir.string(), sessions, 50);
    std::size_t events = 0, bytes = 0;
    for (auto _ : state) {
        const auto report = kc::VerifyPaths({dir.string()}, {});
        if (!report.Intact()) state.SkipWithError("generated folder does not verify intact");
        events = report.events;
        bytes = report.bytes;
    }
    fs::remove_all(dir);
    Bytes(state, bytes, events);
}

void ProtocolLoad(benchmark::State& state, const std::string& bytes) {
    for (auto _ : state) {
        auto result = kc::ParseProtocol(bytes, "bench.yaml");
        if (!result.Ok()) state.SkipWithError("protocol does not validate");
        benchmark::DoNotOptimize(result);
    }
    Bytes(state, bytes.size());
}

void YamlLoad(benchmark::State& state, const std::string& bytes) {
    for (auto _ : state) benchmark::DoNotOptimize(YAML::Load(bytes));
    Bytes(state, bytes.size());
}

// Keeps every run's CPU time per iteration (ns) so that pairs can be printed side by side.
class PairReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const auto& run : runs)
            if (!run.error_occurred && run.run_type == Run::RT_Iteration)
                m_ns[run.benchmark_name()] =
                    run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) * 1e9;
    }
    void Pair(const std::string& figure, const std::string& reference, const char* target, double limit) {
        const auto f = m_ns.find(figure), r = m_ns.find(reference);
        if (f == m_ns.end() || r == m_ns.end()) return;
        const double ratio = f->second / r->second;
        std::printf("%-52s %12.1f %12.1f %8.2fx  %s%s\n", figure.c_str(), f->second / 1e3, r->second / 1e3, ratio,
                    target, limit > 0 && ratio > limit ? "  MISSED" : "");
    }

private:
    std::map<std::string, double> m_ns;
};

} // namespace

int main(int argc, char** argv) {
    std::vector<std::pair<std::string, std::string>> protocols; // name, bytes
    for (const auto& file : kc::ListProtocolFiles(KC_PROTOCOL_DIR))
        protocols.emplace_back(fs::path(file).stem().string(), kc::ReadFile(file, kc::kMaxProtocolBytes));
    for (int steps : {100, 500, 2000})
        protocols.emplace_back("generated-" + std::to_string(steps) + "-steps", kc::bench::GeneratedProtocol(steps));
    protocols.emplace_back("generated-2000-steps-conditions", kc::bench::GeneratedConditionalProtocol(2000));
    protocols.emplace_back("generated-2000-steps-all-of-8", kc::bench::GeneratedAllOfEightProtocol(2000));

    benchmark::RegisterBenchmark("codec/sha256_of_line", Sha256OfLine);
    benchmark::RegisterBenchmark("codec/encode_line", EncodeLine);
    benchmark::RegisterBenchmark("codec/check_line", CheckLine);
    benchmark::RegisterBenchmark("codec/decode_line", DecodeLine);
    benchmark::RegisterBenchmark("verify/sha256_of_trail_50_events", Sha256OfTrail);
    benchmark::RegisterBenchmark("verify/scan_trail_50_events", ScanTrail);
    benchmark::RegisterBenchmark("verify/folder_sessions_x50_events", VerifyFolder)
        ->Arg(100)
        ->Arg(300)
        ->Arg(1000)
        ->Unit(benchmark::kMillisecond);
    for (const auto& [name, bytes] : protocols) {
        benchmark::RegisterBenchmark(("protocol/" + name + "/yaml_load").c_str(), YamlLoad, bytes)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("protocol/" + name + "/load_validate").c_str(), ProtocolLoad, bytes)
            ->Unit(benchmark::kMicrosecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    PairReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);

    std::printf("\n%-52s %12s %12s %9s\n", "figure beside its reference (CPU time)", "figure us", "ref. us", "ratio");
    reporter.Pair("codec/encode_line", "codec/sha256_of_line", "encode vs SHA-256 of the line", 0);
    reporter.Pair("codec/check_line", "codec/sha256_of_line", "check vs SHA-256 of the line", 0);
    reporter.Pair("codec/decode_line", "codec/sha256_of_line", "decode vs SHA-256 of the line", 0);
    reporter.Pair("verify/scan_trail_50_events", "verify/sha256_of_trail_50_events",
                  "scan (hash + decode each line) vs one SHA-256 of the whole trail", 0);
    for (const auto& [name, bytes] : protocols)
        reporter.Pair("protocol/" + name + "/load_validate", "protocol/" + name + "/yaml_load",
                      "vs YAML::Load (target: within 1.5x)", 1.5);
    benchmark::Shutdown();
    return 0;
}
