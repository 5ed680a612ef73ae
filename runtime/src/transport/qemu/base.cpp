// The qemu transport's base side (qemu_transport.hpp): the QEMU processes, their lines, and the
// part of each mote's world that the base side plays.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "edgecut/runtime/sim/json_cbor.hpp"
#include "qemu_transport.hpp"

namespace edgecut::transport {

namespace {

// How long a QEMU may take to open its UART's socket.
constexpr auto kStartTimeout = std::chrono::seconds(10);

std::uint32_t readU32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
         static_cast<std::uint32_t>(bytes[at + 2]) << 16 | static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}
std::uint64_t readU64(std::span<const std::uint8_t> bytes, std::size_t at) {
  return readU32(bytes, at) | static_cast<std::uint64_t>(readU32(bytes, at + 4)) << 32;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// How `pid` ended, if it has: "exited with status 1".
std::optional<std::string> ended(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) != pid) return std::nullopt;
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return fmt::format("was killed by signal {}", WTERMSIG(status));
}

// Starts `argv`, its stdout (the firmware's semihosted printf) on this program's stderr, where
// mote output goes on every transport. Throws naming the command if it cannot be run.
pid_t spawn(const std::vector<std::string>& argv) {
  int failure[2];
  if (::pipe2(failure, O_CLOEXEC) != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", joined(argv), std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(fmt::format("cannot start {}: {}", joined(argv), std::strerror(errno)));
  if (pid == 0) {
    ::close(failure[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // dies with the base program, whatever kills it
    const int devNull = ::open("/dev/null", O_RDONLY);
    if (devNull >= 0) ::dup2(devNull, 0);
    ::dup2(2, 1);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t n = ::write(failure[1], &error, sizeof error);
    ::_exit(127);
  }
  ::close(failure[1]);
  int error = 0;
  const ssize_t n = ::read(failure[0], &error, sizeof error);
  ::close(failure[0]);
  if (n == sizeof error) {
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error(fmt::format("cannot run {}: {}", joined(argv), std::strerror(error)));
  }
  return pid;
}

}  // namespace

QemuBase::QemuBase(const ProgramInfo& program, const sim::Network& network, const std::string& qemu,
                   const std::string& firmware)
    : program_(program) {
  if (::access(firmware.c_str(), R_OK) != 0)
    throw std::runtime_error(fmt::format("cannot read the firmware {}: {}; build it (the target NAME_mote_firmware), "
                                         "or name it with --firmware FILE",
                                         firmware, std::strerror(errno)));
  char pattern[] = "/tmp/edgecut-qemu-XXXXXX";
  if (::mkdtemp(pattern) == nullptr)
    throw std::runtime_error(fmt::format("cannot make a directory for QEMU's sockets: {}", std::strerror(errno)));
  directory_ = pattern;
  try {
    for (const sim::MoteSpec& spec : network.motes()) {
      Mote& mote = motes_.emplace_back();
      mote.id = spec.id;
      for (const auto& [name, source] : spec.sensors) mote.sensors.emplace(name, sim::SensorSource(source));
      const std::string socket = fmt::format("{}/mote-{}.sock", directory_, spec.id);
      const std::vector<std::string> argv{qemu, "-M", "mps2-an386", "-nographic", "-monitor", "none",
                                          "-semihosting-config", "enable=on,target=native",
                                          "-serial", fmt::format("unix:{},server=on,wait=off", socket),
                                          "-kernel", firmware};
      mote.command = joined(argv);
      mote.pid = spawn(argv);
    }
    // Connect once each QEMU has made its socket; one that exits first has said why on stderr.
    for (Mote& mote : motes_) {
      const std::string socket = fmt::format("{}/mote-{}.sock", directory_, mote.id);
      const auto deadline = Clock::now() + kStartTimeout;
      for (;;) {
        if (const auto how = ended(mote.pid)) {
          mote.pid = -1;
          throw std::runtime_error(fmt::format("QEMU for mote {} {} before its UART came up: {}", mote.id, *how,
                                               mote.command));
        }
        if (std::filesystem::exists(socket)) {
          try {
            // Firmware sends nothing longer than a frame it can hold.
            mote.link = std::make_unique<serial::Link>(serial::Link::open(socket, serial::kFirmwareFrameBytes));
            break;
          } catch (const serial::SerialError&) {
            // Not listening yet.
          }
        }
        if (Clock::now() > deadline)
          throw std::runtime_error(fmt::format("QEMU for mote {} did not open its UART in {} s: {}", mote.id,
                                               kStartTimeout.count(), mote.command));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  } catch (...) {
    stopAll();
    throw;
  }
}

QemuBase::~QemuBase() { stopAll(); }

void QemuBase::stopAll() {
  for (Mote& mote : motes_) {
    mote.link.reset();
    if (mote.pid > 0) ::kill(mote.pid, SIGTERM);
  }
  for (Mote& mote : motes_) {
    if (mote.pid <= 0) continue;
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (!ended(mote.pid)) {
      if (Clock::now() > deadline) {
        ::kill(mote.pid, SIGKILL);
        ::waitpid(mote.pid, nullptr, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    mote.pid = -1;
  }
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    directory_.clear();
  }
}

std::string QemuBase::describe() const {
  return fmt::format("{} QEMU mote{} (mps2-an386)", motes_.size(), motes_.size() == 1 ? "" : "s");
}

QemuBase::Mote* QemuBase::find(NodeId id) {
  for (Mote& mote : motes_)
    if (mote.id == id && mote.link) return &mote;
  return nullptr;
}

std::uint64_t QemuBase::dropped() const {
  std::uint64_t total = unexpected_;
  for (const Mote& mote : motes_)
    if (mote.link) total += mote.link->dropped().total();
  return total;
}

// A frame for a node no QEMU runs is lost, as on a radio.
bool QemuBase::send(NodeId to, std::span<const std::uint8_t> frame) {
  Mote* mote = find(to);
  if (mote == nullptr) return true;
  if (mote->link->send(serial::code(serial::Kind::frame), frame)) return true;
  whyClosed_ = fmt::format("the UART of mote {}'s QEMU closed", to);
  return false;
}

bool QemuBase::sendControl(NodeId to, std::span<const std::uint8_t> message) {
  Mote* mote = find(to);
  return mote != nullptr && mote->link->send(serial::code(serial::Kind::control), message);
}

QemuBase::Handled QemuBase::handle(Mote& mote, std::uint8_t kind, std::vector<std::uint8_t>& payload) {
  switch (static_cast<serial::Kind>(kind)) {
    case serial::Kind::frame:
      return Handled::frame;
    case serial::Kind::control:
      return Handled::control;
    case serial::Kind::sensorRead: {
      // The next sample of the mote's own source, as the simulator's mote host reads it.
      std::array<std::uint8_t, 1024> buffer;
      wire::Writer sample(buffer);
      const char* name = payload.size() == 8 ? sim::nameOf(program_.sensors, readU32(payload, 4)) : nullptr;
      const auto source = name != nullptr ? mote.sensors.find(std::string_view(name)) : mote.sensors.end();
      if (source != mote.sensors.end()) sim::writeJson(sample, source->second.next());
      // No sample (an empty one) makes the firmware's read fail with a fault that names it.
      mote.link->send(serial::code(serial::Kind::sample), sample.ok() ? sample.written() : std::span<const std::uint8_t>{});
      return Handled::consumed;
    }
    case serial::Kind::actuatorWrite: {
      nlohmann::json value;
      const char* name = payload.size() > 8 ? sim::nameOf(program_.actuators, readU32(payload, 4)) : nullptr;
      if (name != nullptr && sim::readJson(std::span(payload).subspan(8), value)) {
        stats_.actuatorWrites.push_back({mote.id, name, std::move(value)});
      } else {
        ++unexpected_;
      }
      return Handled::consumed;
    }
    case serial::Kind::moteStats:
      if (payload.size() == 24) {
        stats_.operations[mote.id] += readU64(payload, 0);
        stats_.malformedFrames += readU64(payload, 8);
        stats_.duplicateRequests += readU64(payload, 16);
        mote.stopped = true;
      } else {
        ++unexpected_;
      }
      return Handled::consumed;
    default:
      ++unexpected_;
      return Handled::consumed;
  }
}

Transport::Event QemuBase::next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point> deadline) {
  for (;;) {
    // What the lines already delivered, one mote after the other.
    for (std::size_t i = 0; i < motes_.size(); ++i) {
      Mote& mote = motes_[(nextToPoll_ + i) % motes_.size()];
      if (!mote.link) continue;
      std::uint8_t kind = 0;
      while (mote.link->takeBuffered(kind, frame)) {
        const Handled handled = handle(mote, kind, frame);
        if (handled == Handled::consumed) continue;
        nextToPoll_ = (nextToPoll_ + i + 1) % motes_.size();
        return handled == Handled::frame ? Event::frame : Event::control;
      }
    }
    int timeoutMs = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return Event::timeout;
      timeoutMs = static_cast<int>(std::min<std::int64_t>(left.count(), 1 << 30));
    }
    std::vector<pollfd> waiting;
    for (const Mote& mote : motes_)
      if (mote.link) waiting.push_back({mote.link->fd(), POLLIN, 0});
    if (waiting.empty()) {
      whyClosed_ = "every QEMU's UART closed";
      return Event::closed;
    }
    const int ready = ::poll(waiting.data(), waiting.size(), timeoutMs);
    if (ready < 0 && errno != EINTR) {
      whyClosed_ = fmt::format("waiting for the QEMUs failed: {}", std::strerror(errno));
      return Event::closed;
    }
    if (ready <= 0) continue;
    std::size_t at = 0;
    for (Mote& mote : motes_) {
      if (!mote.link) continue;
      const pollfd& polled = waiting[at++];
      if ((polled.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      if (!mote.link->readAvailable()) {
        // A QEMU that goes before its shutdown is a mote that died: its frames stop, as on a
        // radio; say why once. After its stats it is just done.
        const auto how = mote.pid > 0 ? ended(mote.pid) : std::nullopt;
        if (how) mote.pid = -1;
        if (!mote.stopped)
          std::fprintf(stderr, "edgecut: mote %u's QEMU closed its UART%s\n", static_cast<unsigned>(mote.id),
                       how ? fmt::format(" ({})", *how).c_str() : "");
        mote.link.reset();
      }
    }
  }
}

sim::HostStats QemuBase::collectStats(Clock::time_point deadline, const std::set<NodeId>&) {
  for (Mote& mote : motes_)
    if (mote.link && !mote.link->send(serial::code(serial::Kind::shutdown), {})) mote.link.reset();
  std::vector<std::uint8_t> payload;
  auto waiting = [&] {
    for (const Mote& mote : motes_)
      if (mote.link && !mote.stopped) return true;
    return false;
  };
  while (waiting()) {
    const Event event = next(payload, deadline);  // late frames and control messages are dropped
    if (event == Event::timeout || event == Event::closed) break;
  }
  sim::HostStats stats = stats_;
  for (const Mote& mote : motes_) {
    if (mote.stopped) continue;
    stats.lostMotes.insert(mote.id);
    stats.whyLost = "its QEMU did not report the firmware's stats";
  }
  if (stats.lostMotes.size() == motes_.size() && !motes_.empty())
    throw std::runtime_error(fmt::format("no QEMU reported its firmware's stats: {}", motes_.front().command));
  stats.malformedFrames += dropped();
  return stats;
}

}  // namespace edgecut::transport
