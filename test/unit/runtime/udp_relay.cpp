// A lossy loopback UDP relay for tests: every datagram that arrives on a listening port is
// forwarded to that port's target, after the faults it draws (seeded, so a run is repeatable):
//
//   udp_relay --forward LISTEN_PORT=TARGET_PORT ... [--loss P] [--dup P] [--delay-ms N]
//             [--reorder P] [--seed N]
//
//   --loss P      drop a datagram with probability P
//   --dup P       send a datagram twice with probability P
//   --delay-ms N  hold every datagram N ms before sending it
//   --reorder P   with probability P hold a datagram back until the next one on the same port has
//                 gone (or 50 ms pass), so that the two arrive swapped
//
// It prints how many datagrams it forwarded, dropped, duplicated and reordered when SIGTERM or
// SIGINT stops it.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

using Clock = std::chrono::steady_clock;

volatile sig_atomic_t stop = 0;
void requestStop(int) { stop = 1; }

struct Held {
  Clock::time_point due;
  std::size_t route;
  std::vector<std::uint8_t> bytes;
};

struct Route {
  int listen = -1;  // the socket bound to the listening port
  sockaddr_in target{};
  std::optional<Held> heldBack;  // reordering: waits for the next datagram of this route
};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

[[noreturn]] void usage(const std::string& why) {
  fmt::print(stderr, "udp_relay: {}\nusage: udp_relay --forward LISTEN=TARGET ... [--loss P] [--dup P] "
             "[--delay-ms N] [--reorder P] [--seed N]\n", why);
  std::exit(2);
}

double probability(const char* text) {
  char* end = nullptr;
  const double p = std::strtod(text, &end);
  if (*end != '\0' || p < 0 || p > 1) usage(fmt::format("\"{}\" is no probability in [0, 1]", text));
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Route> routes;
  double loss = 0, dup = 0, reorder = 0;
  long delayMs = 0;
  unsigned long seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage(flag + " needs a value");
    const char* value = argv[++i];
    if (flag == "--forward") {
      int listen = 0, target = 0;
      if (std::sscanf(value, "%d=%d", &listen, &target) != 2) usage(fmt::format("--forward {}: not LISTEN=TARGET", value));
      Route route;
      route.listen = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
      const sockaddr_in address = loopback(listen);
      if (::bind(route.listen, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        usage(fmt::format("cannot listen on port {}", listen));
      }
      route.target = loopback(target);
      routes.push_back(std::move(route));
    } else if (flag == "--loss") {
      loss = probability(value);
    } else if (flag == "--dup") {
      dup = probability(value);
    } else if (flag == "--reorder") {
      reorder = probability(value);
    } else if (flag == "--delay-ms") {
      delayMs = std::strtol(value, nullptr, 10);
    } else if (flag == "--seed") {
      seed = std::strtoul(value, nullptr, 10);
    } else {
      usage("unknown option " + flag);
    }
  }
  if (routes.empty()) usage("nothing to forward");
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);

  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> draw(0, 1);
  const int out = ::socket(AF_INET, SOCK_DGRAM, 0);
  std::deque<Held> queue;  // in due order: every datagram waits the same delay
  std::size_t forwarded = 0, dropped = 0, duplicated = 0, reordered = 0;
  auto transmit = [&](const Held& held) {
    const sockaddr_in& target = routes[held.route].target;
    ::sendto(out, held.bytes.data(), held.bytes.size(), 0, reinterpret_cast<const sockaddr*>(&target), sizeof target);
    ++forwarded;
  };
  const auto reorderWait = std::chrono::milliseconds(50);

  std::vector<pollfd> fds;
  for (const Route& route : routes) fds.push_back({route.listen, POLLIN, 0});
  std::vector<std::uint8_t> buffer(65536);
  while (!stop) {
    const auto now = Clock::now();
    while (!queue.empty() && queue.front().due <= now) {
      transmit(queue.front());
      queue.pop_front();
    }
    for (Route& route : routes) {
      if (route.heldBack && route.heldBack->due + reorderWait <= now) {  // nothing came to swap with
        transmit(*route.heldBack);
        route.heldBack.reset();
      }
    }
    ::poll(fds.data(), fds.size(), 1);
    for (std::size_t r = 0; r < routes.size(); ++r) {
      for (;;) {
        const ssize_t n = ::recv(routes[r].listen, buffer.data(), buffer.size(), 0);
        if (n < 0) break;
        if (draw(random) < loss) {
          ++dropped;
          continue;
        }
        Held held{Clock::now() + std::chrono::milliseconds(delayMs), r,
                  std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n)};
        const int copies = draw(random) < dup ? 2 : 1;
        duplicated += copies - 1;
        for (int c = 0; c < copies; ++c) {
          if (!routes[r].heldBack && draw(random) < reorder) {
            routes[r].heldBack = held;
            ++reordered;
            continue;
          }
          queue.push_back(held);
          if (routes[r].heldBack) {  // the held one goes after this one
            Held late = *routes[r].heldBack;
            late.due = held.due;
            queue.push_back(std::move(late));
            routes[r].heldBack.reset();
          }
        }
      }
    }
  }
  fmt::print("udp_relay: {} forwarded, {} dropped, {} duplicated, {} reordered\n", forwarded, dropped, duplicated,
             reordered);
  return 0;
}
