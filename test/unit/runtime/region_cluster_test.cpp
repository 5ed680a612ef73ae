// Regions (box, circle, path, set algebra, items<M>) and clusters on the base: head choice and
// callCluster, against a scripted mote. No compiler involved.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <string>

#include "edgecut/runtime/base_runtime.hpp"
#include "glue_network.hpp"
#include "test_bytes.hpp"

namespace edgecut {
namespace {
namespace region_cluster_test_cpp {

using test::Bytes;
using test::encoded;

constexpr SensorId kTemperature = 0x51;
constexpr ActuatorId kLed = 0x52;
constexpr FunctionId kAverage = 0x61;

struct Thermo {
  EDGECUT_MOTE_CLASS("Thermo")
};
struct Lamp {
  EDGECUT_MOTE_CLASS("Lamp")
};
struct Room : Cluster<Thermo> {
  using Cluster::Cluster;
  int average(int offset) { return base::callCluster<int>(*this, kAverage, offset); }
};

constexpr NamedId kSensors[] = {{kTemperature, "temperature"}};
constexpr NamedId kActuators[] = {{kLed, "led"}};
constexpr NamedId kFunctions[] = {{kAverage, "Room::average"}};
constexpr const char* kThermoSensors[] = {"temperature"};
constexpr const char* kLampActuators[] = {"led"};
constexpr MoteClassInfo kClasses[] = {{"Thermo", kThermoSensors, {}}, {"Lamp", {}, kLampActuators}};

//   id  position   path             kind
//   1   (10, 10)   /floors/3/312    Thermo
//   2   (20, 10)   /floors/3/313    Thermo
//   3   (50, 50)   /floors/30/1     Thermo
//   4   (15, 15)   /floors/3        Lamp
//   5   (100, 0)   /floors/4/401/   Thermo and Lamp
//   6   (0, 3)     (none)           Thermo
// The plan names one cluster: motes 1 and 6, headed by 1.
const ProgramInfo kProgram{
    .fingerprint = 0x77,
    .programFile = "rooms.cpp",
    .planFile = "plan.json",
    .networkCbor = test::glueNetwork(R"({"base": {"position": [0, 0]}, "motes": [
      {"id": 1, "position": [10, 10], "path": "/floors/3/312", "sensors": {"temperature": {"constant": 1}}},
      {"id": 2, "position": [20, 10], "path": "/floors/3/313", "sensors": {"temperature": {"constant": 1}}},
      {"id": 3, "position": [50, 50], "path": "/floors/30/1", "sensors": {"temperature": {"constant": 1}}},
      {"id": 4, "position": [15, 15], "path": "/floors/3", "actuators": ["led"]},
      {"id": 5, "position": [100, 0], "path": "/floors/4/401/", "sensors": {"temperature": {"constant": 1}},
       "actuators": ["led"]},
      {"id": 6, "position": [0, 3], "sensors": {"temperature": {"constant": 1}}}
    ], "clusters": [{"name": "corner", "members": [6, 1], "head": 1}]})"),
    .instructionCost = 1,
    .transmitCost = 100,
    .sensors = kSensors,
    .actuators = kActuators,
    .moteClasses = kClasses,
    .functions = kFunctions,
};

// Answers HELLO, and every other request with `answer` (nothing: never answered).
class ScriptedTransport final : public Transport {
 public:
  using Answer = std::function<std::vector<Bytes>(const wire::Frame&)>;
  explicit ScriptedTransport(Answer answer) : answer_(std::move(answer)) {}
  std::string describe() const override { return "the scripted motes"; }
  bool send(NodeId, std::span<const std::uint8_t> frame) override {
    wire::Frame request;
    EXPECT_EQ(wire::decodeFrame(frame, request), wire::Status::ok);
    if (request.op == wire::Op::HELLO) {
      pending.push_back(encoded([&](wire::Writer& w) { wire::encodeHello(w, request.address.reply(), request.number, 0x80000001u); }));
      return true;
    }
    for (Bytes& reply : answer_(request)) pending.push_back(std::move(reply));
    return true;
  }
  Event next(std::vector<std::uint8_t>& frame, std::optional<Clock::time_point>) override {
    if (pending.empty()) return Event::timeout;
    frame = std::move(pending.front());
    pending.pop_front();
    return Event::frame;
  }

  std::deque<Bytes> pending;

 private:
  Answer answer_;
};

struct Fixture {
  explicit Fixture(ScriptedTransport::Answer answer = [](const wire::Frame&) { return std::vector<Bytes>{}; })
      : runtime(kProgram, std::make_unique<ScriptedTransport>(std::move(answer)), std::chrono::milliseconds(50)) {}
  base::Runtime runtime;
};

template <class M>
NodeList ids(const std::vector<M>& motes) {
  NodeList out;
  for (const M& m : motes) out.push_back(idOf(m));
  return out;
}

using Ids = NodeList;

TEST(Region, BoxHoldsItsEdgesAndLooksAtXAndY) {
  Fixture f;
  EXPECT_EQ(Region::box(0, 0, 20, 20).nodes(), (Ids{1, 2, 4, 6}));
  EXPECT_EQ(Region::box(20, 20, 0, 0).nodes(), (Ids{1, 2, 4, 6})) << "corners in any order";
  EXPECT_EQ(Region::box(20, 10, 20, 10).nodes(), (Ids{2})) << "a point";
  EXPECT_EQ(Region::box(21, 0, 49, 49).nodes(), (Ids{}));
}

TEST(Region, CircleHoldsItsEdge) {
  Fixture f;
  EXPECT_EQ(Region::circle(10, 10, 0).nodes(), (Ids{1}));
  EXPECT_EQ(Region::circle(10, 10, 7).nodes(), (Ids{1})) << "mote 4 is at d² 50 > 49";
  EXPECT_EQ(Region::circle(10, 10, 8).nodes(), (Ids{1, 4}));
  EXPECT_EQ(Region::circle(10, 10, 10).nodes(), (Ids{1, 2, 4})) << "mote 2 at exactly 10";
  EXPECT_EQ(Region::circle(10, 10, -1).nodes(), (Ids{}));
}

TEST(Region, PathsMatchWholeSegments) {
  Fixture f;
  EXPECT_EQ(Region::path("/floors/3").nodes(), (Ids{1, 2, 4})) << "not /floors/30/1";
  EXPECT_EQ(Region::path("/floors/3/").nodes(), (Ids{1, 2, 4}));
  EXPECT_EQ(Region::path("/floors/3/312").nodes(), (Ids{1}));
  EXPECT_EQ(Region::path("/floors").nodes(), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Region::path("/floors/4/401").nodes(), (Ids{5})) << "a mote path with a trailing /";
  EXPECT_EQ(Region::path("/").nodes(), (Ids{1, 2, 3, 4, 5})) << "every mote with a path";
}

TEST(Region, SetAlgebra) {
  Fixture f;
  const Region floor3 = Region::path("/floors/3");
  const Region near = Region::circle(0, 0, 15);  // motes 1 (d² 200) and 6 (d² 9)
  EXPECT_EQ(near.nodes(), (Ids{1, 6}));
  EXPECT_EQ((floor3 | near).nodes(), (Ids{1, 2, 4, 6}));
  EXPECT_EQ((floor3 & near).nodes(), (Ids{1}));
  EXPECT_EQ((floor3 - near).nodes(), (Ids{2, 4}));
  EXPECT_EQ((near - floor3).nodes(), (Ids{6}));
  EXPECT_EQ(((floor3 | Region::path("/floors/30")) - Region::box(0, 0, 12, 12)).nodes(), (Ids{2, 3, 4}));
  EXPECT_EQ((floor3 & Region::path("/floors/4")).nodes(), (Ids{}));
}

TEST(Region, ItemsAreTheFittingMotesBoundInIdOrderWithoutUsingThemUp) {
  Fixture f;
  const Region floors = Region::path("/floors");
  EXPECT_EQ(ids(floors.items<Thermo>()), (Ids{1, 2, 3, 5}));
  EXPECT_EQ(ids(floors.items<Lamp>()), (Ids{4, 5})) << "mote 5 serves both classes";
  EXPECT_EQ(ids((floors - Region::path("/floors/3/313")).items<Thermo>()), (Ids{1, 3, 5}));
  Thermo first;  // items<M>() used none up
  EXPECT_EQ(idOf(first), 1u);
}

TEST(Region, APathThatMatchesNoMoteWarnsOnceAndIsEmpty) {
  Fixture f;
  testing::internal::CaptureStderr();
  EXPECT_EQ(Region::path("/floors/9").nodes(), (Ids{}));
  EXPECT_EQ((Region::path("/floors/9") | Region::path("/floors/3/312")).nodes(), (Ids{1}));
  EXPECT_EQ(Region::path("/attic").items<Thermo>().size(), 0u);
  EXPECT_EQ((Region::path("/floors/3") & Region::path("/floors/4")).nodes(), (Ids{})) << "both paths match motes";
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "edgecut: warning: region path '/floors/9' matches no mote\n"
            "edgecut: warning: region path '/attic' matches no mote\n");
}

TEST(Region, NeedsARunningProgram) {
  EXPECT_THROW(Region::box(0, 0, 1, 1).nodes(), std::logic_error);
}

TEST(Cluster, TheHeadMinimisesTheMembersEnergyToItPlusItsOwnToTheBase) {
  Fixture f;
  // Motes 1 (10,10) and 2 (20,10); 4 is a lamp. cost(1) = 200 + 100 = 300; cost(2) = 500 + 100 = 600.
  Room floor3(Region::path("/floors/3").items<Thermo>());
  EXPECT_EQ(floor3.memberIds(), (Ids{1, 2}));
  EXPECT_EQ(floor3.headId(), 1u);
  EXPECT_EQ(idOf(floor3.head()), 1u);
  EXPECT_EQ(ids(floor3.motes()), (Ids{1, 2}));
  // Motes 2 (20,10) and 3 (50,50): d² = 900 + 1600 = 2500; cost(2) = 500 + 2500 = 3000,
  // cost(3) = 5000 + 2500 = 7500. The members keep the order they were given in.
  std::vector<Thermo> two = (Region::path("/floors/30") | Region::path("/floors/3/313")).items<Thermo>();
  std::swap(two[0], two[1]);
  Room pair(std::move(two));
  EXPECT_EQ(pair.memberIds(), (Ids{3, 2}));
  EXPECT_EQ(pair.headId(), 2u);
}

TEST(Cluster, ThePlansHeadWinsForExactlyItsMembers) {
  Fixture f;
  // Motes 1 (10,10) and 6 (0,3): the rule would pick 6 (cost 9 + 149 = 158 against 200 + 149),
  // but the plan's cluster [6, 1] is headed by 1.
  Room corner(Region::circle(0, 0, 15).items<Thermo>());
  EXPECT_EQ(corner.memberIds(), (Ids{1, 6}));
  EXPECT_EQ(corner.headId(), 1u);
  // Another set of members: the rule again. Motes 1, 2, 6: cost(1) = 200 + 100 + 149 = 449,
  // cost(2) = 500 + 100 + 449 = 1049, cost(6) = 9 + 149 + 449 = 607.
  Room three((Region::circle(0, 0, 15) | Region::path("/floors/3")).items<Thermo>());
  EXPECT_EQ(three.memberIds(), (Ids{1, 2, 6}));
  EXPECT_EQ(three.headId(), 1u);
  Room six(Region::box(0, 0, 1, 5).items<Thermo>());
  EXPECT_EQ(six.headId(), 6u);
}

TEST(Cluster, CallsGoToTheHeadWithTheMemberIdsFirst) {
  Fixture f([](const wire::Frame& request) -> std::vector<Bytes> {
    EXPECT_EQ(request.op, wire::Op::CALL);
    EXPECT_EQ(request.number, kAverage);
    EXPECT_EQ(request.address.dst, 1u) << "the head";
    NodeList members;
    int offset = 0;
    EXPECT_EQ(wire::decodeArguments(request.value, members, offset), wire::Status::ok);
    EXPECT_EQ(members, (Ids{1, 2}));
    return {encoded([&](wire::Writer& w) { wire::encodeResult(w, request.address.reply(), 20 + offset); })};
  });
  Room floor3(Region::path("/floors/3").items<Thermo>());
  EXPECT_EQ(floor3.average(5), 25);
  const auto& base = f.runtime.medium().traffic().at(0);
  EXPECT_EQ(base.dataValuesSent, 3u) << "two member ids and the offset";
  EXPECT_EQ(base.transmit, 0.0) << "the base transmits for free";
  // The head's RESULT: one value at d² 200.
  EXPECT_EQ(f.runtime.medium().traffic().at(1).transmit, 100.0 * 200);
}

TEST(Cluster, AClusterWithoutMembersHasNoHeadToCall) {
  Fixture f;
  testing::internal::CaptureStderr();
  Room nobody(Region::path("/cellar").items<Thermo>());
  testing::internal::GetCapturedStderr();
  EXPECT_TRUE(nobody.memberIds().empty());
  EXPECT_THROW(nobody.head(), NoMoteAvailable);
  try {
    nobody.average(1);
    ADD_FAILURE() << "no exception";
  } catch (const NoMoteAvailable& e) {
    EXPECT_STREQ(e.what(), "CALL Room::average was called on a cluster without members, so it has no head to run on");
  }
  Room defaulted;
  EXPECT_THROW(defaulted.average(1), NoMoteAvailable);
}

}  // namespace region_cluster_test_cpp
}  // namespace
}  // namespace edgecut
