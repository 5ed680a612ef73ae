#include "test_broker.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace edgecut::test {

using Clock = std::chrono::steady_clock;

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "edgecut-mqtt-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  // mosquitto started as root drops to its own user: it must still read the files here.
  ::chmod(pattern.c_str(), 0755);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
  ::chmod(path.c_str(), 0644);
}

std::uint16_t freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t size = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error(std::string("cannot find a free port: ") + std::strerror(errno));
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

namespace {

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

// ---- Process ----

Process::Process(std::vector<std::string> argv, std::string stdoutFile, std::string stderrFile)
    : stdoutFile_(std::move(stdoutFile)), stderrFile_(std::move(stderrFile)) {
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const int out = ::open(stdoutFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err = ::open(stderrFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0 || err < 0) throw std::runtime_error("cannot create " + stdoutFile_ + " or " + stderrFile_);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(err);
  if (pid_ < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
}

Process::~Process() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!status_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else if (Clock::now() >= deadline) {
      return std::nullopt;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  return status_;
}

void Process::signal(int number) {
  if (!status_) ::kill(pid_, number);
}

// ---- TestBroker ----

TestBroker::TestBroker(std::string extraConfig, std::vector<std::pair<std::string, std::string>> files)
    : extraConfig_(std::move(extraConfig)) {
  for (const auto& [name, content] : files) writeFile(dir_.file(name), content);
  for (auto at = extraConfig_.find("@DIR@"); at != std::string::npos; at = extraConfig_.find("@DIR@")) {
    extraConfig_.replace(at, 5, dir_.path());
  }
  for (int attempt = 0; attempt < 10; ++attempt) {
    port_ = freePort();
    if (launch()) return;
  }
  throw std::runtime_error("mosquitto did not start; its log:\n" + log());
}

TestBroker::~TestBroker() { stop(); }

bool TestBroker::launch() {
  writeFile(dir_.file("mosquitto.conf"), "per_listener_settings false\n"
                                         "persistence false\n"
                                         "set_tcp_nodelay true\n"
                                         "log_dest stderr\n"
                                         "log_type error\nlog_type warning\nlog_type notice\n"
                                         "allow_anonymous true\n"
                                         "listener " + std::to_string(port_) + " 127.0.0.1\n" + extraConfig_);
  process_.emplace(std::vector<std::string>{EDGECUT_MOSQUITTO, "-c", dir_.file("mosquitto.conf")},
                   dir_.file("broker.out"), dir_.file("broker.log"));
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    if (accepts(port_)) return true;
    if (process_->wait(std::chrono::milliseconds(10))) {
      process_.reset();
      return false;
    }
  }
  throw std::runtime_error("mosquitto did not listen on its port within 10 s; its log:\n" + log());
}

void TestBroker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  if (!process_->wait(std::chrono::seconds(5))) process_->signal(SIGKILL);
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

void TestBroker::start() {
  // The port was just released; mosquitto binds with SO_REUSEADDR, but give it a few tries.
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (launch()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("mosquitto did not start again on port " + std::to_string(port_) + "; its log:\n" + log());
}

}  // namespace edgecut::test
