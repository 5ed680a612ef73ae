// The sim transport's base side (sim_transport.hpp): the mote host as a child process.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "sim_transport.hpp"

namespace edgecut::transport {

namespace {
// This process's environment, and glibc's malloc asked to back its heap with transparent huge
// pages (unless the user's GLIBC_TUNABLES says otherwise). A mote host of thousands of motes
// makes tens of megabytes of small objects, and its runs touch a few of each mote's: with 4 KiB
// pages, start-up went to page faults and the runs to TLB misses. Side by side on 10,000 motes
// (test/bench/sim_scale/README.md): start-up and a simulated day both took less.
std::vector<std::string> moteHostEnvironment() {
  constexpr std::string_view kTunables = "GLIBC_TUNABLES=";
  constexpr std::string_view kHugePages = "glibc.malloc.hugetlb=1";
  std::vector<std::string> environment;
  bool tuned = false;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    std::string entry = *variable;
    if (entry.starts_with(kTunables)) {
      tuned = true;
      if (entry.find("glibc.malloc.hugetlb") == std::string::npos)
        entry += fmt::format("{}{}", entry.size() > kTunables.size() ? ":" : "", kHugePages);
    }
    environment.push_back(std::move(entry));
  }
  if (!tuned) environment.push_back(fmt::format("{}{}", kTunables, kHugePages));
  return environment;
}
}  // namespace

SimBase::SimBase(const std::string& moteExecutable, std::optional<wire::RetryPolicy> moteRetry,
                 const std::string& keyFile, const std::string& networkFile)
    : executable_(moteExecutable) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error(fmt::format("cannot create the link to the mote host: {}", std::strerror(errno)));
  }
  const int ours = fds[0];
  const int theirs = fds[1];
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> arguments{executable_, "--sim-fd", std::to_string(theirs)};
  if (moteRetry) {
    arguments.insert(arguments.end(),
                     {"--timeout-ms", std::to_string(std::max<long long>(1, moteRetry->deadline.count())),
                      "--retries", std::to_string(moteRetry->retries), "--retry-ms",
                      std::to_string(std::max<long long>(1, moteRetry->firstWait.count()))});
  }
  if (!keyFile.empty()) arguments.insert(arguments.end(), {"--key-file", keyFile});
  if (!networkFile.empty()) arguments.insert(arguments.end(), {"--network", networkFile});
  std::vector<const char*> childArgv;
  for (const std::string& argument : arguments) childArgv.push_back(argument.c_str());
  childArgv.push_back(nullptr);
  const std::string execFailed = fmt::format("edgecut: error: cannot run the mote host {}\n", executable_);
  const std::vector<std::string> environment = moteHostEnvironment();
  std::vector<const char*> childEnvironment;
  for (const std::string& variable : environment) childEnvironment.push_back(variable.c_str());
  childEnvironment.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) {
    const int error = errno;
    ::close(ours);
    ::close(theirs);
    throw std::runtime_error(fmt::format("cannot start the mote host {}: {}", executable_, std::strerror(error)));
  }
  if (pid_ == 0) {
    // The child keeps its end of the link across exec, and nothing else of ours.
    ::fcntl(theirs, F_SETFD, 0);
    ::execve(childArgv[0], const_cast<char* const*>(childArgv.data()),
             const_cast<char* const*>(childEnvironment.data()));
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, execFailed.data(), execFailed.size());
    ::_exit(127);
  }
  ::close(theirs);
  channel_ = std::make_unique<sim::RecordChannel>(ours);
}

SimBase::~SimBase() {
  if (pid_ > 0) {
    // Not shut down (an error ended the run early): closing the link makes the host stop; give it
    // a moment, then make sure it does.
    channel_.reset();
    if (!reap(Clock::now() + std::chrono::milliseconds(500))) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
}

std::string SimBase::describe() const {
  return fmt::format("the mote host {} (pid {})", executable_, pid_);
}

std::optional<SimBase::Ending> SimBase::reap(Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || (done < 0 && errno != EINTR)) {
      const bool reaped = done == pid_;
      pid_ = -1;
      if (reaped && WIFEXITED(status)) {
        return Ending{WEXITSTATUS(status) == 0, fmt::format("exited with status {}", WEXITSTATUS(status))};
      }
      if (reaped && WIFSIGNALED(status)) {
        return Ending{false, fmt::format("was killed by signal {} ({})", WTERMSIG(status),
                                         ::strsignal(WTERMSIG(status)))};
      }
      return Ending{false, "ended"};
    }
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void SimBase::linkBroke(const char* what) {
  const auto ending = pid_ > 0 ? reap(Clock::now() + std::chrono::seconds(1)) : std::nullopt;
  whyClosed_ = fmt::format("the mote host {} {}{}", executable_, what, ending ? fmt::format(" ({})", ending->text) : "");
}

// Every frame goes to the one mote host, which hosts every destination.
bool SimBase::send(NodeId, std::span<const std::uint8_t> frame) {
  if (channel_->send(sim::RecordKind::frame, frame)) return true;
  linkBroke("stopped accepting frames");
  return false;
}

bool SimBase::flush() {
  if (channel_->flush()) return true;
  linkBroke("stopped accepting records");
  return false;
}

// Control messages go to the one mote host too, on the link, never through the medium.
bool SimBase::sendControl(NodeId, std::span<const std::uint8_t> message) {
  if (channel_->send(sim::RecordKind::control, message)) return true;
  linkBroke("stopped accepting records");
  return false;
}

Transport::Event SimBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    sim::Record record;
    switch (channel_->receive(record, deadline)) {
      case sim::RecordChannel::Outcome::record:
        if (record.kind == static_cast<std::uint8_t>(sim::RecordKind::frame)) {
          frame = std::move(record.payload);
          return Event::frame;
        }
        if (record.kind == static_cast<std::uint8_t>(sim::RecordKind::control)) {
          frame = std::move(record.payload);
          return Event::control;
        }
        ++dropped_;  // stats come only after a shutdown; anything else is garbage
        break;
      case sim::RecordChannel::Outcome::timeout:
        return Event::timeout;
      case sim::RecordChannel::Outcome::closed:
        linkBroke("closed the link");
        return Event::closed;
      case sim::RecordChannel::Outcome::broken:
        linkBroke("sent a corrupt record");
        return Event::closed;
    }
  }
}

sim::HostStats SimBase::collectStats(Clock::time_point deadline, const std::set<NodeId>&) {
  auto broke = [&](const char* what) {
    linkBroke(what);
    return std::runtime_error(whyClosed_);
  };
  if (!channel_->send(sim::RecordKind::shutdown, {})) throw broke("stopped accepting records");
  for (;;) {
    sim::Record record;
    switch (channel_->receive(record, deadline)) {
      case sim::RecordChannel::Outcome::record:
        break;
      case sim::RecordChannel::Outcome::timeout:
        throw std::runtime_error(fmt::format("{} did not report its stats in time", describe()));
      case sim::RecordChannel::Outcome::closed:
        throw broke("closed the link before reporting its stats");
      case sim::RecordChannel::Outcome::broken:
        throw broke("sent a corrupt record");
    }
    // A late reply, or a late answer to a control message.
    if (record.kind == static_cast<std::uint8_t>(sim::RecordKind::frame) ||
        record.kind == static_cast<std::uint8_t>(sim::RecordKind::control))
      continue;
    if (record.kind != static_cast<std::uint8_t>(sim::RecordKind::stats)) {
      ++dropped_;
      continue;
    }
    const auto json = nlohmann::json::parse(record.payload.begin(), record.payload.end(), nullptr, false);
    if (json.is_discarded()) throw std::runtime_error(fmt::format("{} sent stats that are not JSON", describe()));
    sim::HostStats stats;
    stats = sim::hostStatsFromJson(json);
    const std::string host = describe();
    const auto ending = reap(deadline);
    if (!ending) throw std::runtime_error(fmt::format("{} did not exit after its shutdown", host));
    if (!ending->clean) throw std::runtime_error(fmt::format("{} {} after its shutdown", host, ending->text));
    return stats;
  }
}

}  // namespace edgecut::transport
