// udp_roundtrip: the CALL→RESULT round trip on loopback UDP through the real runtime stack
// (base::Runtime and the udp transport's base side here, the echo mote program with its mote side
// and MoteHost in another process), against a plain C UDP ping-pong between two processes with datagrams of
// the same sizes, in the same run, in alternating batches so that both see the same machine load.
//
//   udp_roundtrip [--mote PATH] [--calls N] [--batches B] [--max-ratio R]
//
// Prints both medians and their ratio (the goal is 1.2 or less); with --max-ratio, exits 1 if the
// ratio is above R. --mote defaults to echo_mote beside this program.
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <edgecut/runtime/base_runtime.hpp>

#include "transport/udp/udp_transport.hpp"

#include "echo_glue.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Echo {
  EDGECUT_MOTE_CLASS("Echo")
};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

// A UDP socket bound to a free loopback port; `port` says which.
int boundSocket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address = loopback(0);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

int freePort() {
  int port = 0;
  ::close(boundSocket(port));
  return port;
}

bool portTaken(int port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address = loopback(port);
  const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 && errno == EADDRINUSE;
  ::close(fd);
  return taken;
}

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// The sizes of the frames the runtime exchanges for echo(v): a CALL from the base to mote 1 and
// its RESULT (sequence numbers of a few thousand take two varint bytes, as in the measured run).
std::pair<std::size_t, std::size_t> frameSizes(int value, std::uint32_t seq) {
  std::vector<std::uint8_t> buffer(256);
  edgecut::wire::Writer call(buffer);
  edgecut::wire::encodeCall(call, {seq, 0, 1}, echo_glue::kEcho, value);
  const std::size_t callBytes = call.size();
  edgecut::wire::Writer result(buffer);
  edgecut::wire::encodeResult(result, {seq, 1, 0}, value + 1);
  return {callBytes, result.size()};
}

}  // namespace

int main(int argc, char** argv) {
  std::string moteProgram = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "echo_mote").string();
  int calls = 2000;
  int batches = 10;
  double maxRatio = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--mote") moteProgram = argv[i + 1];
    else if (flag == "--calls") calls = std::atoi(argv[i + 1]);
    else if (flag == "--batches") batches = std::atoi(argv[i + 1]);
    else if (flag == "--max-ratio") maxRatio = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: udp_roundtrip [--mote PATH] [--calls N] [--batches B] [--max-ratio R]\n");
      return 2;
    }
  }
  if (calls < batches || batches < 1) {
    std::fprintf(stderr, "udp_roundtrip: --calls must be at least --batches (at least 1)\n");
    return 2;
  }
  const int perBatch = calls / batches;

  // ---- the runtime stack: a network file with free ports, the echo mote program ----
  const int basePort = freePort();
  const int motePort = freePort();
  const std::string networkFile =
      (std::filesystem::temp_directory_path() / ("udp_roundtrip." + std::to_string(::getpid()) + ".json")).string();
  std::ofstream(networkFile) << R"({"base": {"position": [0, 0], "address": "127.0.0.1:)" << basePort
                             << R"("}, "motes": [{"id": 1, "class": "Echo", "position": [1, 0], "address": "127.0.0.1:)"
                             << motePort << R"("}]})";
  const std::string nodeArg = "1";
  const char* moteArgv[] = {moteProgram.c_str(), "--transport", "udp", "--node", nodeArg.c_str(), "--network",
                            networkFile.c_str(), nullptr};
  pid_t mote = -1;
  if (posix_spawn(&mote, moteProgram.c_str(), nullptr, nullptr, const_cast<char* const*>(moteArgv), environ) != 0) {
    std::fprintf(stderr, "udp_roundtrip: cannot start %s\n", moteProgram.c_str());
    return 1;
  }
  const auto readyBy = Clock::now() + std::chrono::seconds(20);
  while (!portTaken(motePort) && Clock::now() < readyBy) std::this_thread::sleep_for(std::chrono::milliseconds(2));

  // ---- the plain C ping-pong: a forked echo process answering with the RESULT's size ----
  const auto [callBytes, resultBytes] = frameSizes(1000, 5000);
  int plainBasePort = 0, plainEchoPort = 0;
  const int plainBase = boundSocket(plainBasePort);
  const int plainEcho = boundSocket(plainEchoPort);
  const pid_t echo = ::fork();
  if (echo == 0) {
    std::vector<char> in(2048), out(resultBytes, 'r');
    const sockaddr_in back = loopback(plainBasePort);
    for (;;) {
      const ssize_t n = ::recv(plainEcho, in.data(), in.size(), 0);
      if (n <= 0) break;  // an empty datagram ends it
      ::sendto(plainEcho, out.data(), out.size(), 0, reinterpret_cast<const sockaddr*>(&back), sizeof back);
    }
    ::_exit(0);
  }
  ::close(plainEcho);
  const sockaddr_in echoAddress = loopback(plainEchoPort);
  std::vector<char> request(callBytes, 'c'), reply(2048);
  auto plainRoundTrip = [&] {
    ::sendto(plainBase, request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&echoAddress),
             sizeof echoAddress);
    return ::recv(plainBase, reply.data(), reply.size(), 0) == static_cast<ssize_t>(resultBytes);
  };

  int status = 0;
  try {
    edgecut::sim::Network network = edgecut::sim::loadNetwork(echo_glue::kProgram, networkFile);
    auto transport = std::make_unique<edgecut::transport::UdpBase>(network, std::nullopt);
    edgecut::base::Runtime runtime(echo_glue::kProgram, std::move(network), std::move(transport),
                                   edgecut::wire::RetryPolicy{});  // the defaults a base program runs with
    Echo target;  // binds mote 1, as generated base code does
    auto runtimeRoundTrip = [&](int value) {
      return edgecut::base::call<int>(target.edgecut_mote_, echo_glue::kEcho, value) == value + 1;
    };

    // Warm up both (the runtime's first call also says HELLO), then alternate batches.
    for (int i = 0; i < 200; ++i) {
      if (!runtimeRoundTrip(1000) || !plainRoundTrip()) throw std::runtime_error("a warm-up round trip failed");
    }
    std::vector<double> runtimeSamples, plainSamples;
    for (int b = 0; b < batches; ++b) {
      for (int i = 0; i < perBatch; ++i) {
        const auto start = Clock::now();
        if (!runtimeRoundTrip(1000)) throw std::runtime_error("echo answered wrong");
        runtimeSamples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
      for (int i = 0; i < perBatch; ++i) {
        const auto start = Clock::now();
        if (!plainRoundTrip()) throw std::runtime_error("the plain echo answered wrong");
        plainSamples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      }
    }
    const double runtimeMedian = median(runtimeSamples);
    const double plainMedian = median(plainSamples);
    const double ratio = runtimeMedian / plainMedian;
    std::printf("udp_roundtrip: CALL->RESULT on loopback UDP, %zu-byte CALL, %zu-byte RESULT, %d round trips each\n",
                callBytes, resultBytes, perBatch * batches);
    std::printf("  edgecut runtime (base::call, udp transport, mote host): median %.1f us\n", runtimeMedian);
    std::printf("  plain C UDP ping-pong, same sizes:                       median %.1f us\n", plainMedian);
    std::printf("  ratio %.2f (goal <= 1.2)\n", ratio);
    runtime.shutdown();
    if (maxRatio > 0 && ratio > maxRatio) {
      std::printf("udp_roundtrip: the ratio %.2f is above --max-ratio %.2f\n", ratio, maxRatio);
      status = 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "udp_roundtrip: %s\n", e.what());
    status = 1;
  }

  ::sendto(plainBase, "", 0, 0, reinterpret_cast<const sockaddr*>(&echoAddress), sizeof echoAddress);
  ::waitpid(echo, nullptr, 0);
  ::kill(mote, SIGTERM);
  ::waitpid(mote, nullptr, 0);
  std::filesystem::remove(networkFile);
  return status;
}
