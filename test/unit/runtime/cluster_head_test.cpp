// The cluster head rule (sim/cluster_head.hpp), on hand-computed cases.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "edgecut/runtime/sim/cluster_head.hpp"

namespace edgecut::sim {
namespace {
namespace cluster_head_test_cpp {

const Position kBase{0, 0, 0};

std::uint32_t headOf(const std::vector<HeadCandidate>& members, const std::vector<PlannedCluster>& planned = {}) {
  const auto choice = chooseClusterHead(members, kBase, planned);
  EXPECT_TRUE(choice.has_value());
  return choice ? choice->head : 0;
}

// Mote 1 is the closest to the base, but the other three sit together far from it.
//   cost(h) = d(h, base)² + Σ_{m ≠ h} d(m, h)²
//   cost(1) = 1   + (100+81) + (100+121) + (144+81) = 628
//   cost(2) = 200 + 181 + 4 + 4                     = 389   <- the minimum
//   cost(3) = 244 + 221 + 4 + 8                     = 477
//   cost(4) = 244 + 225 + 4 + 8                     = 481
const std::vector<HeadCandidate> kCorner = {
    {1, {0, 1}}, {2, {10, 10}}, {3, {10, 12}}, {4, {12, 10}}};

TEST(ClusterHead, MinimisesTheMembersEnergyToItPlusItsOwnToTheBase) {
  const auto choice = chooseClusterHead(kCorner, kBase);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->head, 2u);
  EXPECT_FALSE(choice->planned);
  EXPECT_EQ(choice->cost, 389.0);
  EXPECT_EQ(clusterHeadCost(kCorner, kCorner[0], kBase), 628.0);
  EXPECT_EQ(clusterHeadCost(kCorner, kCorner[2], kBase), 477.0);
  EXPECT_EQ(clusterHeadCost(kCorner, kCorner[3], kBase), 481.0);
}

TEST(ClusterHead, DoesNotDependOnTheMembersOrderOrDuplicates) {
  EXPECT_EQ(headOf({kCorner[3], kCorner[1], kCorner[0], kCorner[2]}), 2u);
  EXPECT_EQ(headOf({kCorner[3], kCorner[1], kCorner[0], kCorner[2], kCorner[3], kCorner[0]}), 2u);
}

TEST(ClusterHead, TiesGoToTheLowestId) {
  // On a line from the base: cost(5) = 100 + 100 + 400 = 600, cost(7) = 400 + 100 + 100 = 600,
  // cost(9) = 900 + 400 + 100 = 1400.
  const std::vector<HeadCandidate> line = {{9, {0, 30}}, {7, {0, 20}}, {5, {0, 10}}};
  EXPECT_EQ(clusterHeadCost(line, line[2], kBase), 600.0);
  EXPECT_EQ(clusterHeadCost(line, line[1], kBase), 600.0);
  EXPECT_EQ(headOf(line), 5u);
  // Two motes at the same place: the same cost, the lower id.
  EXPECT_EQ(headOf({{8, {3, 4}}, {6, {3, 4}}}), 6u);
}

TEST(ClusterHead, ThreeDimensionalPositionsCount) {
  // Both at z = 10: cost(1) = 100 + 25 = 125, cost(2) = (25 + 100) + 25 = 150.
  EXPECT_EQ(headOf({{1, {0, 0, 10}}, {2, {3, 4, 10}}}), 1u);
  // With mote 1 lifted further, mote 2 wins: cost(1) = 400 + 425 = 825, cost(2) = 25 + 425 = 450.
  EXPECT_EQ(headOf({{1, {0, 0, 20}}, {2, {3, 4, 0}}}), 2u);
}

TEST(ClusterHead, ThePlansHeadWinsForExactlyTheSameMembers) {
  const std::vector<PlannedCluster> planned = {{{4, 3}, 3}, {{3, 2, 1, 4}, 4}};
  const auto choice = chooseClusterHead(kCorner, kBase, planned);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->head, 4u) << "same members in another order";
  EXPECT_TRUE(choice->planned);
  // A planned cluster with other members does not apply: the rule decides.
  EXPECT_EQ(headOf({kCorner[0], kCorner[1], kCorner[2]}, planned), headOf({kCorner[0], kCorner[1], kCorner[2]}));
  EXPECT_EQ(headOf({kCorner[2], kCorner[3]}, planned), 3u);
  // Subsets and supersets do not match.
  EXPECT_EQ(headOf({kCorner[3]}, planned), 4u);
  EXPECT_EQ(headOf({kCorner[1], kCorner[2], kCorner[3]}, {{{2, 3, 4, 1}, 1}}), 2u);
}

TEST(ClusterHead, APlannedHeadOutsideTheMembersIsIgnored) {
  EXPECT_EQ(headOf(kCorner, {{{1, 2, 3, 4}, 9}}), 2u);
}

TEST(ClusterHead, NoMembersNoHead) {
  EXPECT_FALSE(chooseClusterHead({}, kBase).has_value());
  EXPECT_EQ(headOf({{42, {1000, 1000}}}), 42u) << "a cluster of one is its own head";
}

// A cluster of thousands of members is chosen in one pass around its centroid: the same head as
// the direct sum, and 300,000 members (what a network file can hold) in well under a second.
TEST(ClusterHead, LargeClustersTakeOnePassAndChooseTheSameHead) {
  std::vector<HeadCandidate> members;
  for (std::uint32_t id = 1; id <= 3000; ++id)
    members.push_back({id, {static_cast<double>((id * 7919) % 1013) + 0.25, static_cast<double>((id * 104729) % 997),
                            static_cast<double>(id % 3)}});
  const Position base{-50, 20, 0};
  std::uint32_t direct = 0;
  double least = 0;
  for (const HeadCandidate& h : members) {
    const double cost = clusterHeadCost(members, h, base);
    if (direct == 0 || cost < least) direct = h.id, least = cost;
  }
  const auto choice = chooseClusterHead(members, base);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->head, direct);
  EXPECT_NEAR(choice->cost, least, least * 1e-12);

  for (std::uint32_t id = 3001; id <= 300'000; ++id)
    members.push_back({id, {static_cast<double>(id % 1000), static_cast<double>(id / 1000), 0}});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(chooseClusterHead(members, base));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

}  // namespace cluster_head_test_cpp
}  // namespace
}  // namespace edgecut::sim
