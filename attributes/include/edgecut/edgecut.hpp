// edgecut: the program-facing API. Include this in a macroprogram; see README.md.
//
// The same header is read twice: by the edgecut tool when it analyses the original program, and by
// the compiler when it builds the generated base.cpp/mote.cpp. Only declarations live here; the base
// and mote runtimes define them (runtime/include/edgecut/runtime/{base,mote}.hpp).
#ifndef EDGECUT_EDGECUT_HPP
#define EDGECUT_EDGECUT_HPP

#include <cstdint>
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

}  // namespace edgecut

// Inserted by edgecut at the top of each [[mote]] class body in the generated code; not for users.
// QualifiedName is the class's name as a string, e.g. "farm::Probe", as the glue's tables name it.
#define EDGECUT_MOTE_CLASS(QualifiedName)                          \
 public:                                                           \
  static constexpr const char* edgecut_mote_class = QualifiedName; \
  ::edgecut::MoteBinding edgecut_mote_{edgecut_mote_class};

#endif  // EDGECUT_EDGECUT_HPP
