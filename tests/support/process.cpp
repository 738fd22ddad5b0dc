#include "process.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kc::test {

namespace {

ProcessResult RunGuarded(const std::vector<std::string>& argv, const std::string& input, int seconds);

} // namespace

ProcessResult Run(const std::vector<std::string>& argv, const std::string& input) {
    return RunGuarded(argv, input, 0);
}

ProcessResult RunWithin(int seconds, const std::vector<std::string>& argv, const std::string& input) {
    return RunGuarded(argv, input, seconds);
}

namespace {

// Waits for `pid` and records how it ended.
void Reap(pid_t pid, ProcessResult& result) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
}

// `seconds` 0: no time limit.
ProcessResult RunGuarded(const std::vector<std::string>& argv, const std::string& input, int seconds) {
    int outPipe[2], errPipe[2], inPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0 || pipe2(inPipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2);
    for (int fd : {outPipe[0], outPipe[1], errPipe[0], errPipe[1], inPipe[0], inPipe[1]})
        posix_spawn_file_actions_addclose(&actions, fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    close(errPipe[1]);
    close(inPipe[0]);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
    if (!input.empty()) {
        std::size_t written = 0;
        while (written < input.size()) {
            const auto n = write(inPipe[1], input.data() + written, input.size() - written);
            if (n <= 0) break;
            written += static_cast<std::size_t>(n);
        }
    }
    close(inPipe[1]);
    ProcessResult result;
    std::array<pollfd, 2> fds{{{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}}};
    int open = 2;
    std::array<char, 65536> buffer{};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (open > 0) {
        int wait = -1;
        if (seconds > 0 && !result.timedOut) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                kill(pid, SIGKILL); // its pipes close when it dies
                result.timedOut = true;
            } else {
                wait = static_cast<int>(left.count());
            }
        }
        const int ready = poll(fds.data(), fds.size(), wait);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const auto n = read(fds[i].fd, buffer.data(), buffer.size());
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
                continue;
            }
            (i == 0 ? result.out : result.err).append(buffer.data(), static_cast<std::size_t>(n));
        }
    }
    Reap(pid, result);
    return result;
}

} // namespace

ProcessResult RunOnTerminal(const std::vector<std::string>& argv, int seconds) {
    int master = -1;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) throw std::runtime_error(std::string("forkpty failed: ") + std::strerror(errno));
    if (pid == 0) {
        execv(args[0], args.data());
        _exit(127);
    }
    ProcessResult result;
    std::array<char, 4096> buffer{};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 && !result.timedOut) {
            kill(pid, SIGKILL);
            result.timedOut = true;
        }
        pollfd fd{master, POLLIN, 0};
        const int ready = poll(&fd, 1, result.timedOut ? 1000 : static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR) break;
        if (ready == 0) {
            if (result.timedOut) break;
            continue;
        }
        const auto n = read(master, buffer.data(), buffer.size());
        if (n <= 0) break; // EIO once the program has closed the terminal
        result.out.append(buffer.data(), static_cast<std::size_t>(n));
    }
    close(master);
    Reap(pid, result);
    return result;
}

ProcessResult RunAndKill(const std::vector<std::string>& argv, int afterLines, long thenMicros) {
    int outPipe[2];
    if (pipe(outPipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, outPipe[0]);
    posix_spawn_file_actions_addclose(&actions, outPipe[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    if (rc != 0) throw std::runtime_error(std::string("cannot start ") + argv[0]);
    ProcessResult result;
    std::array<char, 4096> buffer{};
    bool killed = false;
    bool armed = afterLines <= 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(thenMicros);
    for (;;) {
        if (!armed && std::count(result.out.begin(), result.out.end(), '\n') >= afterLines) {
            armed = true;
            deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(thenMicros);
        }
        const auto left = armed ? std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now())
                                : std::chrono::microseconds(1'000'000);
        if (!killed && armed && left.count() <= 0) {
            kill(pid, SIGKILL);
            killed = true;
        }
        pollfd fd{outPipe[0], POLLIN, 0};
        const long micros = std::max<long>(0, static_cast<long>(left.count()));
        timespec timeout{micros / 1000000, (micros % 1000000) * 1000};
        const int ready = ppoll(&fd, 1, killed ? nullptr : &timeout, nullptr);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        const auto n = read(outPipe[0], buffer.data(), buffer.size());
        if (n <= 0) break; // the child is gone (or closed stdout)
        result.out.append(buffer.data(), static_cast<std::size_t>(n));
    }
    close(outPipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    return result;
}

std::string MakeSpecialFile(const std::string& path, SpecialFile kind) {
    auto fail = [&](const char* what) {
        throw std::runtime_error(std::string(what) + " " + path + ": " + std::strerror(errno));
    };
    switch (kind) {
    case SpecialFile::Fifo:
        if (mkfifo(path.c_str(), 0600) != 0) fail("mkfifo");
        return "not a regular file (a FIFO)";
    case SpecialFile::Socket: {
        const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (fd < 0 || path.size() >= sizeof address.sun_path) fail("socket");
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        const int rc = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        close(fd); // the socket file stays, with nothing listening
        if (rc != 0) fail("bind");
        return "not a regular file (a socket)";
    }
    case SpecialFile::Folder:
        if (mkdir(path.c_str(), 0700) != 0) fail("mkdir");
        return "is a folder, not a file";
    case SpecialFile::LinkToFifo:
        if (mkfifo((path + ".target").c_str(), 0600) != 0) fail("mkfifo");
        if (symlink((path + ".target").c_str(), path.c_str()) != 0) fail("symlink");
        return "not a regular file (a symbolic link to a FIFO)";
    case SpecialFile::LinkToDevice:
        if (symlink("/dev/zero", path.c_str()) != 0) fail("symlink");
        return "not a regular file (a symbolic link to a character device)";
    }
    return {};
}

const char* SpecialFileName(SpecialFile kind) {
    switch (kind) {
    case SpecialFile::Fifo: return "FIFO";
    case SpecialFile::Socket: return "socket";
    case SpecialFile::Folder: return "folder";
    case SpecialFile::LinkToFifo: return "symbolic link to a FIFO";
    case SpecialFile::LinkToDevice: return "symbolic link to /dev/zero";
    }
    return "?";
}

Watchdog::Watchdog(unsigned seconds) {
    std::signal(SIGALRM, SIG_DFL); // the default action ends the program: ctest reports the test failed
    alarm(seconds);
}

Watchdog::~Watchdog() { alarm(0); }

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kc-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::string> SplitLines(const std::string& text, bool withNewline) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(withNewline ? line + "\n" : line);
    return lines;
}

} // namespace kc::test
