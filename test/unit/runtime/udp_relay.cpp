// A lossy loopback UDP relay for tests: every datagram that arrives on a listening port is
// forwarded to that port's target through a sim::FaultyQueue (runtime faults.hpp), so that udp
// sees the faults the sim's --faults gives, from the same spec and seed:
//
//   udp_relay --forward LISTEN_PORT=TARGET_PORT ... [--faults loss=0.2,duplicate=0.05,delay=0-5ms,reorder=0.1,seed=7]
//             [--capture FILE]
//
// With --capture, every datagram that arrives is also written to FILE as it arrives, one line
// each, "LISTEN_PORT HEX": what an eavesdropper on the radio records, for a test to replay.
//
// Each route has its own queue (seeded with the spec's seed plus the route's index), so what one
// node's traffic draws does not depend on another's timing. It prints what the faults did when
// SIGTERM or SIGINT stops it.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "edgecut/runtime/faults.hpp"

namespace {

using edgecut::sim::FaultyQueue;
using Clock = FaultyQueue::Clock;

volatile sig_atomic_t stop = 0;
void requestStop(int) { stop = 1; }

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

[[noreturn]] void usage(const std::string& why) {
  fmt::print(stderr, "udp_relay: {}\nusage: udp_relay --forward LISTEN=TARGET ... [--faults SPEC] [--capture FILE]\n", why);
  std::exit(2);
}

struct Route {
  int port = 0;  // the one it listens on
  int listen = -1;
  sockaddr_in target{};
  FaultyQueue queue;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::pair<int, int>> forwards;
  edgecut::sim::FaultSpec faults;
  std::FILE* capture = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--forward") {
      int listen = 0, target = 0;
      if (std::sscanf(value.c_str(), "%d=%d", &listen, &target) != 2) usage("--forward " + value + ": not LISTEN=TARGET");
      forwards.emplace_back(listen, target);
    } else if (flag == "--faults") {
      try {
        faults = edgecut::sim::parseFaults(value);
      } catch (const edgecut::sim::FaultSpecError& e) {
        usage(fmt::format("--faults: {}", e.what()));
      }
    } else if (flag == "--capture") {
      capture = std::fopen(value.c_str(), "w");
      if (capture == nullptr) usage("--capture " + value + ": cannot write it");
    } else {
      usage("unknown option " + flag);
    }
  }
  if (forwards.empty()) usage("nothing to forward");

  std::vector<Route> routes;
  for (std::size_t r = 0; r < forwards.size(); ++r) {
    edgecut::sim::FaultSpec spec = faults;
    spec.seed = faults.seed + r;
    Route route{forwards[r].first, -1, loopback(forwards[r].second), FaultyQueue(spec)};
    route.listen = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    const sockaddr_in address = loopback(forwards[r].first);
    if (::bind(route.listen, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      usage(fmt::format("cannot listen on port {}", forwards[r].first));
    }
    routes.push_back(std::move(route));
  }
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);

  const int out = ::socket(AF_INET, SOCK_DGRAM, 0);
  std::vector<pollfd> fds;
  for (const Route& route : routes) fds.push_back({route.listen, POLLIN, 0});
  std::vector<std::uint8_t> buffer(65536);
  while (!stop) {
    // Sleep until a datagram arrives or the next held one is due (at most 10 ms).
    auto now = Clock::now();
    auto wake = now + std::chrono::milliseconds(10);
    for (const Route& route : routes) {
      if (auto next = route.queue.nextRelease()) wake = std::min(wake, *next);
    }
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(std::max(wake - now, Clock::duration::zero()));
    ::poll(fds.data(), fds.size(), static_cast<int>(ms.count()));
    now = Clock::now();
    for (Route& route : routes) {
      for (;;) {
        const ssize_t n = ::recv(route.listen, buffer.data(), buffer.size(), 0);
        if (n < 0) break;
        if (capture != nullptr) {
          std::string line = std::to_string(route.port) + " ";
          for (ssize_t i = 0; i < n; ++i) line += fmt::format("{:02x}", buffer[static_cast<std::size_t>(i)]);
          std::fprintf(capture, "%s\n", line.c_str());
          std::fflush(capture);
        }
        route.queue.push(FaultyQueue::Bytes(buffer.begin(), buffer.begin() + n), now);
      }
      while (auto due = route.queue.popDue(Clock::now())) {
        ::sendto(out, due->data(), due->size(), 0, reinterpret_cast<const sockaddr*>(&route.target), sizeof route.target);
      }
    }
  }
  edgecut::sim::FaultCounts total;
  for (const Route& route : routes) {
    total.dropped += route.queue.counts().dropped;
    total.duplicated += route.queue.counts().duplicated;
    total.reordered += route.queue.counts().reordered;
  }
  fmt::print("udp_relay: {} dropped, {} duplicated, {} reordered\n", total.dropped, total.duplicated, total.reordered);
  return 0;
}
