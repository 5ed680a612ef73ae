// Test fixtures for the mqtt transport: Debian's mosquitto on a free loopback port with a
// temporary configuration (no persistence), and child processes with their output in files.
#ifndef EDGECUT_TEST_UNIT_RUNTIME_MQTT_TEST_BROKER_HPP
#define EDGECUT_TEST_UNIT_RUNTIME_MQTT_TEST_BROKER_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <sys/types.h>
#include <vector>

namespace edgecut::test {

// A fresh temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& text);

// A loopback TCP port that nothing listens on right now.
std::uint16_t freePort();

// A child process, its stdout and stderr in files.
class Process {
 public:
  Process(std::vector<std::string> argv, std::string stdoutFile, std::string stderrFile);
  // Kills the process (SIGKILL) if it still runs.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // The exit status (128 + N when killed by signal N); nothing if it still runs at `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  void signal(int number);
  std::string out() const { return readFile(stdoutFile_); }
  std::string err() const { return readFile(stderrFile_); }

 private:
  pid_t pid_ = -1;
  std::string stdoutFile_;
  std::string stderrFile_;
  std::optional<int> status_;
};

// mosquitto (EDGECUT_MOSQUITTO) listening on 127.0.0.1, anonymous clients allowed, no persistence.
class TestBroker {
 public:
  // `extraConfig` goes into the listener's section (e.g. psk_hint, psk_file), with @DIR@ standing
  // for dir(); `files` (name, content) are written to dir() first.
  explicit TestBroker(std::string extraConfig = "",
                      std::vector<std::pair<std::string, std::string>> files = {});
  ~TestBroker();
  TestBroker(const TestBroker&) = delete;
  TestBroker& operator=(const TestBroker&) = delete;

  std::uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const TempDir& dir() const { return dir_; }
  std::string log() const { return readFile(dir_.file("broker.log")); }

  void stop();   // SIGTERM, and waits for it to exit
  void start();  // again, on the same port

 private:
  bool launch();  // false if the broker exited at once (its port was taken)

  TempDir dir_;
  std::string extraConfig_;
  std::uint16_t port_ = 0;
  std::optional<Process> process_;
};

}  // namespace edgecut::test

#endif  // EDGECUT_TEST_UNIT_RUNTIME_MQTT_TEST_BROKER_HPP
