#pragma once
// Runs a program for a test and captures what it printed and how it exited.
#include <string>
#include <vector>

namespace kc::test {

struct ProcessResult {
    int exitCode = -1; // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
    bool timedOut = false; // killed (SIGKILL) because it ran past its time
};

// argv[0] is the program path; stdin is /dev/null unless `input` is given.
ProcessResult Run(const std::vector<std::string>& argv, const std::string& input = {});

// Run with a guard: a program still running after `seconds` is killed and reported as timed
// out (for a test of something that could block forever, such as reading a FIFO).
ProcessResult RunWithin(int seconds, const std::vector<std::string>& argv, const std::string& input = {});

// Runs the program on a pseudo-terminal, as a person at a terminal starts it: stdin, stdout and
// stderr are the terminal (what it prints is in `out`, as the screen gets it; nothing is typed).
// Killed after `seconds`.
ProcessResult RunOnTerminal(const std::vector<std::string>& argv, int seconds = 30);

// Starts the program, reads its stdout, and once it has printed `afterLines` lines waits
// `thenMicros` more and sends SIGKILL (unless it ended first). Returns what it printed.
ProcessResult RunAndKill(const std::vector<std::string>& argv, int afterLines, long thenMicros);

// What a test puts where a regular file is expected: each kind of file that is not one.
enum class SpecialFile { Fifo, Socket, Folder, LinkToFifo, LinkToDevice };
inline const std::vector<SpecialFile> kSpecialFiles = {SpecialFile::Fifo, SpecialFile::Socket, SpecialFile::Folder,
                                                      SpecialFile::LinkToFifo, SpecialFile::LinkToDevice};
// Makes one at `path` (nothing may be there; a link's FIFO is made beside it as PATH.target).
// Returns the words a message names it with ("a FIFO", "is a folder", ...).
std::string MakeSpecialFile(const std::string& path, SpecialFile kind);
const char* SpecialFileName(SpecialFile kind); // for a test's section names

// Ends the test program (SIGALRM) if it is still running after `seconds`: a test of something
// that could block forever (a FIFO opened for reading) fails instead of hanging.
class Watchdog {
public:
    explicit Watchdog(unsigned seconds);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;
};

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& Path() const { return m_path; }
    std::string File(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

std::string ReadAll(const std::string& path);
void WriteAll(const std::string& path, const std::string& bytes);
// The lines of `text` (a last line without '\n' too), each without its '\n', or each ending
// in '\n' with `withNewline` (so that joining them rebuilds a file that ends in one).
std::vector<std::string> SplitLines(const std::string& text, bool withNewline = false);

} // namespace kc::test
