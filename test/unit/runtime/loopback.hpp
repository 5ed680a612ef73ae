// What the loopback tests (udp_e2e.cpp, udp_bounds.cpp; udp_test.cpp its ports) share: checks that
// count their failures, programs run as child processes, and free loopback UDP ports.
#ifndef EDGECUT_TEST_UNIT_RUNTIME_LOOPBACK_HPP
#define EDGECUT_TEST_UNIT_RUNTIME_LOOPBACK_HPP

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace edgecut::test::loopback {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

inline int failures = 0;

inline void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    fmt::print(stderr, "FAILED: {}\n", what);
  } else {
    fmt::print("ok: {}\n", what);
  }
}

inline std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Process {
 public:
  Process(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start " + args[0]);
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // The exit status (128 + signal if killed), or nothing if it is still running at `deadline`.
  std::optional<int> wait(Clock::time_point deadline) {
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (Clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void signal(int number) { ::kill(pid_, number); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

struct Run {
  int status = -1;
  std::string out, err;
  double seconds = 0;
};

inline Run runToEnd(const std::vector<std::string>& args, const fs::path& work, const std::string& name) {
  const auto start = Clock::now();
  Process process(args, work / (name + ".stdout"), work / (name + ".stderr"));
  Run run;
  run.status = process.wait(start + std::chrono::seconds(120)).value_or(-1);
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.out = readFile(work / (name + ".stdout"));
  run.err = readFile(work / (name + ".stderr"));
  return run;
}

// A free loopback UDP port: the kernel picks one; it is released for the node that will bind it.
inline int freePort() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Whether some process has bound the loopback UDP `port` (our bind fails).
inline bool bound(int port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno == EADDRINUSE;
  ::close(fd);
  return taken;
}

inline void sendDatagram(int port, const std::vector<std::uint8_t>& bytes) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::close(fd);
}

// Whether every port in `ports` is bound by some process by `deadline` (the programs started).
inline bool allBound(const std::vector<int>& ports, Clock::time_point deadline) {
  for (;;) {
    bool ready = true;
    for (const int port : ports) ready = ready && bound(port);
    if (ready) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// The sim's trace grouped by mote, each mote's writes in order: what udp reports (motes share no
// clock, so that is the order udp can know).
inline nlohmann::json groupedByMote(const nlohmann::json& writes) {
  std::vector<nlohmann::json> sorted(writes.begin(), writes.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.at("node").get<int>() < b.at("node").get<int>();
  });
  return nlohmann::json(sorted);
}

inline std::string loopback(int port) { return fmt::format("127.0.0.1:{}", port); }

}  // namespace edgecut::test::loopback

#endif  // EDGECUT_TEST_UNIT_RUNTIME_LOOPBACK_HPP
