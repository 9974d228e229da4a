// The flow table's open-addressing index: lookups, growth, and deletion by backward shift inside
// runs of colliding hashes, checked against std::map as the model.
#include "capture/flat_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace otscope::capture {
namespace {

struct Item {
  int key;
  std::uint64_t hash;
};

std::unique_ptr<Item> item(int key, std::uint64_t hash) {
  return std::make_unique<Item>(Item{key, hash});
}

TEST(FlatIndex, FindsWhatWasInsertedAndNotWhatWasErased) {
  FlatIndex<Item> index(16);
  index.insert(item(1, 7));
  index.insert(item(2, 7));  // same slot: probes on
  index.insert(item(3, 8));  // its home slot is taken by key 2
  ASSERT_NE(index.find(1, 7), nullptr);
  ASSERT_NE(index.find(2, 7), nullptr);
  ASSERT_NE(index.find(3, 8), nullptr);
  EXPECT_EQ(index.find(4, 7), nullptr);
  EXPECT_EQ(index.find(1, 8), nullptr);  // right key, wrong hash: not a match

  // Erasing the head of the run moves the others back; all stay reachable.
  auto gone = index.erase(1, 7);
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->key, 1);
  EXPECT_EQ(index.find(1, 7), nullptr);
  EXPECT_NE(index.find(2, 7), nullptr);
  EXPECT_NE(index.find(3, 8), nullptr);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.erase(1, 7), nullptr);
}

TEST(FlatIndex, RunsThatWrapAroundTheEndOfTheArray) {
  FlatIndex<Item> index(16);
  for (int k = 0; k < 5; ++k) index.insert(item(k, 14));  // slots 14, 15, 0, 1, 2
  index.insert(item(10, 0));                              // home 0, lands after the run
  EXPECT_NE(index.erase(0, 14), nullptr);
  EXPECT_NE(index.erase(2, 14), nullptr);
  for (int k : {1, 3, 4}) EXPECT_NE(index.find(k, 14), nullptr) << k;
  EXPECT_NE(index.find(10, 0), nullptr);
  EXPECT_EQ(index.size(), 4u);
}

TEST(FlatIndex, AgreesWithAMapThroughManyInsertionsAndErasures) {
  FlatIndex<Item> index(16);
  std::map<int, std::uint64_t> model;
  std::mt19937 rng(12345);
  for (int step = 0; step < 200000; ++step) {
    const int key = static_cast<int>(rng() % 5000);
    const std::uint64_t hash = static_cast<std::uint64_t>(key % 97) * 0x9E3779B97F4A7C15ull;
    const bool present = model.contains(key);
    ASSERT_EQ(index.find(key, hash) != nullptr, present) << "step " << step;
    if (present && rng() % 2 == 0) {
      ASSERT_NE(index.erase(key, hash), nullptr);
      model.erase(key);
    } else if (!present) {
      index.insert(item(key, hash));
      model[key] = hash;
    }
    ASSERT_EQ(index.size(), model.size());
  }
  std::size_t visited = 0;
  index.for_each([&](const Item& i) {
    ++visited;
    EXPECT_TRUE(model.contains(i.key));
  });
  EXPECT_EQ(visited, model.size());
}

}  // namespace
}  // namespace otscope::capture
