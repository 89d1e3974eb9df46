// common/small_vector.h: std::vector's meaning inline and on the heap, for
// trivial and owning elements, across copies and moves.
#include "common/small_vector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace spmdcheck {
namespace {

template <typename V>
std::vector<typename V::value_type> items(const V& v) {
  return {v.begin(), v.end()};
}

TEST(SmallVector, InlineThenHeapKeepsOrder) {
  SmallVector<int, 2> v;
  EXPECT_TRUE(v.empty());
  for (int i = 0; i < 5; ++i) v.push_back(i * 10);
  EXPECT_EQ(v.size(), 5u);
  EXPECT_GE(v.capacity(), 5u);
  EXPECT_EQ(items(v), (std::vector<int>{0, 10, 20, 30, 40}));
  EXPECT_EQ(v.front(), 0);
  EXPECT_EQ(v.back(), 40);
  v.pop_back();
  EXPECT_EQ(items(v), (std::vector<int>{0, 10, 20, 30}));
}

TEST(SmallVector, PushBackOfOwnElementWhileGrowing) {
  SmallVector<std::string, 1> v{"first element, long enough to own heap memory"};
  v.push_back(v[0]);  // grows: the argument must be read before the move
  v.push_back(v[1]);
  EXPECT_EQ(v.size(), 3u);
  for (const std::string& s : v) EXPECT_EQ(s, "first element, long enough to own heap memory");
}

TEST(SmallVector, CopiesAreIndependent) {
  for (int n : {1, 3, 7}) {  // inline and heap
    SmallVector<std::string, 3> a;
    for (int i = 0; i < n; ++i) a.push_back(std::string(20, static_cast<char>('a' + i)));
    SmallVector<std::string, 3> b = a;
    b[0] = "changed";
    EXPECT_EQ(a[0], std::string(20, 'a'));
    EXPECT_EQ(b.size(), a.size());
    SmallVector<std::string, 3> c;
    c = a;
    EXPECT_TRUE(c == a);
    EXPECT_FALSE(b == a);
  }
}

TEST(SmallVector, MovesLeaveTheSourceEmptyAndUsable) {
  for (int n : {2, 9}) {  // inline and heap
    SmallVector<std::string, 4> a;
    for (int i = 0; i < n; ++i) a.push_back("item " + std::to_string(i) + " with a long tail to own memory");
    const std::vector<std::string> want = items(a);
    SmallVector<std::string, 4> b = std::move(a);
    EXPECT_EQ(items(b), want);
    EXPECT_TRUE(a.empty());  // NOLINT: moved-from is empty by contract
    a.push_back("again");
    EXPECT_EQ(items(a), std::vector<std::string>{"again"});
    SmallVector<std::string, 4> c{"old"};
    c = std::move(b);
    EXPECT_EQ(items(c), want);
  }
}

TEST(SmallVector, AssignResizeInsertClear) {
  SmallVector<long, 2> v;
  v.assign(3, 7);
  EXPECT_EQ(items(v), (std::vector<long>{7, 7, 7}));
  v.resize(1);
  EXPECT_EQ(items(v), (std::vector<long>{7}));
  v.resize(4, 2);
  EXPECT_EQ(items(v), (std::vector<long>{7, 2, 2, 2}));
  const std::vector<long> more{5, 6};
  v.insert(v.end(), more.begin(), more.end());
  EXPECT_EQ(items(v), (std::vector<long>{7, 2, 2, 2, 5, 6}));
  v.insert(v.begin() + 1, more.begin(), more.end());
  EXPECT_EQ(items(v), (std::vector<long>{7, 5, 6, 2, 2, 2, 5, 6}));
  v.clear();
  EXPECT_TRUE(v.empty());
  v = {1, 2};
  EXPECT_EQ(items(v), (std::vector<long>{1, 2}));
}

}  // namespace
}  // namespace spmdcheck
