// edgecut: the program-facing API. Include this in a macroprogram; see README.md.
//
// The same header is read twice: by the edgecut tool when it analyses the original program, and by
// the compiler when it builds the generated base.cpp/mote.cpp. Only declarations live here; the base
// and mote runtimes define them (runtime/include/edgecut/runtime/{base,mote}.hpp).
#ifndef EDGECUT_EDGECUT_HPP
#define EDGECUT_EDGECUT_HPP

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace edgecut {

using NodeId = std::uint32_t;

// Thrown on the base when a program asks for more motes of a class than the network has.
class NoMoteAvailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown on the base when a mote does not answer a request before its deadline.
class RemoteTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown on the base when a mote answers a request with an ERROR frame.
class RemoteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- network time (docs/design.md §9) ----
//
// Network time starts at 0 when the base program starts. Periodic tasks ([[every("1min")]] on a
// method of a [[mote]] class) run at their period p, 2p, 3p, … of network time, once on each mote
// of their class, in time order, motes in id order where times tie.

// Runs the network for `duration` of network time: every periodic task due by now() + duration
// runs, and runFor returns when those runs, and everything they caused, are done; now() is then
// later by `duration`. Base code only. Throws std::invalid_argument for a negative duration.
// In simulation time passes as fast as the work does; on udp and mqtt it is wall-clock time
// (compressed by the base program's --time-scale).
void runFor(std::chrono::milliseconds duration);

// Network time. On a mote, the time of the task or request it is serving.
std::chrono::milliseconds now();

// Which network node an instance of a [[mote]] class stands for. On the base, constructing a binding
// takes the next unused mote that fits the class; on a mote it is the mote being hosted. edgecut
// inserts one into every [[mote]] class of the generated code (EDGECUT_MOTE_CLASS below).
class MoteBinding {
 public:
  explicit MoteBinding(const char* moteClass);
  NodeId node() const { return node_; }

 private:
  NodeId node_;
};

// The network node a mote instance stands for.
template <class M>
NodeId idOf(const M& mote);

// Every mote of class M in the network, in id order. Base code only.
template <class M>
std::vector<M> motes();

using NodeList = std::vector<NodeId>;

// A set of the network's motes, chosen by geometry and naming (PySense's bounding areas), combined
// with set algebra. Base code only: regions are evaluated against the network the program runs on.
class Region {
 public:
  // Motes whose position lies in the box [x0, x1] x [y0, y1] (edges included).
  static Region box(double x0, double y0, double x1, double y1);
  // Motes within `radius` of (cx, cy) (the edge included).
  static Region circle(double cx, double cy, double radius);
  // Motes whose "path" equals `prefix` or lies below it: "/floors/3" holds "/floors/3/312" but not
  // "/floors/30". A path that no mote has gives an empty set and a warning at run time.
  static Region path(std::string prefix);

  Region operator|(const Region& other) const;  // union
  Region operator&(const Region& other) const;  // intersection
  Region operator-(const Region& other) const;  // difference

  // The motes in the region that fit class M, in id order.
  template <class M>
  std::vector<M> items() const;

  // The ids of the motes in the region, in id order, whatever their class.
  NodeList nodes() const;

  struct Shape;  // the expression tree; defined by the runtime

 private:
  explicit Region(std::shared_ptr<const Shape> shape) : shape_(std::move(shape)) {}
  std::shared_ptr<const Shape> shape_;
};

// What every cluster shares, whatever its mote class: who its members are and which one is head.
class ClusterBase {
 public:
  const NodeList& memberIds() const { return members_; }
  NodeId headId() const { return head_; }

 protected:
  ClusterBase() = default;
  // The head is the plan's head for a cluster with exactly these members, else the member that
  // minimises the members' transmit energy to it plus its own to the base (lowest id on a tie).
  explicit ClusterBase(NodeList members);
  NodeList members_;
  NodeId head_ = 0;
  friend struct ClusterAccess;
};

// A group of motes of class M whose [[onboard]] methods run on the cluster head. Derive from it:
//   struct Room : edgecut::Cluster<Thermo> {
//     using Cluster::Cluster;
//     [[onboard]] int average();   // runs on the head; motes() reads the members over the radio
//   };
//   Room room(region.items<Thermo>());
template <class M>
class Cluster : public ClusterBase {
 public:
  Cluster() = default;
  explicit Cluster(std::vector<M> members);
  // The members, the head among them. On the head, using a member's sensor is a radio READ from
  // the head to that member (free when the member is the head itself).
  std::vector<M>& motes() { return motes_; }
  const std::vector<M>& motes() const { return motes_; }
  M& head();

 private:
  std::vector<M> motes_;
  friend struct ClusterAccess;
};

}  // namespace edgecut

// Inserted by edgecut at the top of each [[mote]] class body in the generated code; not for users.
// QualifiedName is the class's name as a string, e.g. "farm::Probe", as the glue's tables name it.
#define EDGECUT_MOTE_CLASS(QualifiedName)                          \
 public:                                                           \
  static constexpr const char* edgecut_mote_class = QualifiedName; \
  ::edgecut::MoteBinding edgecut_mote_{edgecut_mote_class};

#endif  // EDGECUT_EDGECUT_HPP
