// Regions (sets of motes by geometry and naming) and cluster heads, on the base.
#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "edgecut/runtime/base_runtime.hpp"
#include "edgecut/runtime/sim/cluster_head.hpp"
#include "edgecut/runtime/sim/naming.hpp"

namespace edgecut {

struct Region::Shape {
  enum class Kind { box, circle, path, unite, intersect, subtract };
  Kind kind;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // box: the corners; circle: centre (x0, y0), radius x1
  std::string path;                       // normalized: no trailing '/' (except "/" itself)
  std::shared_ptr<const Shape> left, right;
};

namespace {

using Shape = Region::Shape;

std::shared_ptr<const Shape> combine(Shape::Kind kind, std::shared_ptr<const Shape> left,
                                     std::shared_ptr<const Shape> right) {
  auto shape = std::make_shared<Shape>();
  shape->kind = kind;
  shape->left = std::move(left);
  shape->right = std::move(right);
  return shape;
}

// The ids in the shape, in id order.
NodeList evaluate(const Shape& shape, const sim::Network& network, base::Runtime& runtime) {
  NodeList ids;
  auto select = [&](auto&& inside) {
    for (const sim::MoteSpec& mote : network.motes()) {
      if (inside(mote)) ids.push_back(mote.id);
    }
  };
  switch (shape.kind) {
    case Shape::Kind::box:
      select([&](const sim::MoteSpec& m) {
        return m.position.x >= shape.x0 && m.position.x <= shape.x1 && m.position.y >= shape.y0 &&
               m.position.y <= shape.y1;
      });
      break;
    case Shape::Kind::circle:
      select([&](const sim::MoteSpec& m) {
        const double dx = m.position.x - shape.x0;
        const double dy = m.position.y - shape.y0;
        return shape.x1 >= 0 && dx * dx + dy * dy <= shape.x1 * shape.x1;  // a negative radius holds nothing
      });
      break;
    case Shape::Kind::path:
      select([&](const sim::MoteSpec& m) { return sim::pathHolds(shape.path, m.path); });
      if (ids.empty()) runtime.warnOnce(fmt::format("region path '{}' matches no mote", shape.path));
      break;
    case Shape::Kind::unite:
    case Shape::Kind::intersect:
    case Shape::Kind::subtract: {
      const NodeList a = evaluate(*shape.left, network, runtime);
      const NodeList b = evaluate(*shape.right, network, runtime);
      auto out = std::back_inserter(ids);
      if (shape.kind == Shape::Kind::unite) std::set_union(a.begin(), a.end(), b.begin(), b.end(), out);
      if (shape.kind == Shape::Kind::intersect) std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), out);
      if (shape.kind == Shape::Kind::subtract) std::set_difference(a.begin(), a.end(), b.begin(), b.end(), out);
      break;
    }
  }
  return ids;
}

}  // namespace

// Boxes and circles look at x and y only: they are areas on the plan of the site.
Region Region::box(double x0, double y0, double x1, double y1) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::box;
  shape->x0 = std::min(x0, x1);
  shape->x1 = std::max(x0, x1);
  shape->y0 = std::min(y0, y1);
  shape->y1 = std::max(y0, y1);
  return Region(std::move(shape));
}

Region Region::circle(double cx, double cy, double radius) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::circle;
  shape->x0 = cx;
  shape->y0 = cy;
  shape->x1 = radius;
  return Region(std::move(shape));
}

Region Region::path(std::string prefix) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::path;
  shape->path = std::string(sim::withoutTrailingSlash(prefix));
  return Region(std::move(shape));
}

Region Region::operator|(const Region& other) const { return Region(combine(Shape::Kind::unite, shape_, other.shape_)); }
Region Region::operator&(const Region& other) const {
  return Region(combine(Shape::Kind::intersect, shape_, other.shape_));
}
Region Region::operator-(const Region& other) const {
  return Region(combine(Shape::Kind::subtract, shape_, other.shape_));
}

NodeList Region::nodes() const {
  base::Runtime& runtime = base::Runtime::current();
  return evaluate(*shape_, runtime.network(), runtime);
}

ClusterBase::ClusterBase(NodeList members) : members_(std::move(members)) {
  const sim::Network& network = base::Runtime::current().network();
  std::vector<sim::HeadCandidate> candidates;
  for (NodeId id : members_) {
    const sim::MoteSpec* mote = network.mote(id);
    if (mote == nullptr) throw std::logic_error(fmt::format("edgecut: a cluster member {} is no mote", id));
    candidates.push_back({id, mote->position});
  }
  std::vector<sim::PlannedCluster> planned;
  for (const sim::ClusterSpec& cluster : network.clusters()) planned.push_back({cluster.members, cluster.head});
  if (const auto choice = sim::chooseClusterHead(candidates, network.basePosition(), planned)) head_ = choice->head;
}

namespace base::detail {

void throwEmptyCluster(FunctionId function) {
  throw NoMoteAvailable(fmt::format("{} was called on a cluster without members, so it has no head to run on",
                                    Runtime::current().describe(wire::Op::CALL, function)));
}

}  // namespace base::detail

}  // namespace edgecut
