// An open-addressing hash table of small values: linear probing over a compact array of
// (hash, value) slots, deletion by backward shift (no tombstones). The caller keeps the keys (in
// the objects the values point to or index) and says what matches, so a lookup touches one slot
// line and then the object itself, where a node-based map costs a bucket, a node and the object.
// The flow table and the engine's per-message aggregation look up on every packet or message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/flow.h"

namespace otscope {

/// Folds `v` into `seed` (splitmix64 finaliser on `v`), so that every input bit reaches the low
/// bits a power-of-two table uses.
inline std::uint64_t hash_mix(std::uint64_t seed, std::uint64_t v) {
  v += 0x9e3779b97f4a7c15ull;
  v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ull;
  v = (v ^ (v >> 27)) * 0x94d049bb133111ebull;
  v ^= v >> 31;
  return seed ^ (v + 0x9e3779b9u + (seed << 6) + (seed >> 2));
}

inline std::uint64_t hash_ip(std::uint64_t seed, const IpAddress& ip) {
  const std::uint64_t lo = ip.word(0);
  if (!ip.v6) return hash_mix(seed, lo);  // the other eight bytes of an IPv4 address are zero
  return hash_mix(hash_mix(hash_mix(seed, lo), ip.word(8)), 1);
}

/// `V` is cheap to copy; a value-initialised V marks an empty slot and is never stored.
template <class V>
class HashSlots {
 public:
  explicit HashSlots(std::size_t initial_capacity = 16) { rehash(round_up(initial_capacity)); }

  /// The value stored under `hash` for which `match(value)` holds, or nullptr.
  template <class Match>
  V* find(std::uint64_t hash, Match&& match) {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == V{}) return nullptr;
      if (s.hash == hash && match(s.value)) return &s.value;
    }
  }

  /// Adds a value (the caller knows that no equal one is present).
  void insert(std::uint64_t hash, V value) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    place(Slot{hash, value});
    ++size_;
  }

  /// Removes the matching value and returns it; V{} when there is none.
  template <class Match>
  V erase(std::uint64_t hash, Match&& match) {
    std::size_t i = hash & mask_;
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].value == V{}) return V{};
      if (slots_[i].hash == hash && match(slots_[i].value)) break;
    }
    const V out = slots_[i].value;
    slots_[i] = Slot{};
    --size_;
    // Backward shift: pull later entries of the probe run into the hole where they belong.
    for (std::size_t j = (i + 1) & mask_; !(slots_[j].value == V{}); j = (j + 1) & mask_) {
      const std::size_t home = slots_[j].hash & mask_;
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        slots_[j] = Slot{};
        i = j;
      }
    }
    return out;
  }

  std::size_t size() const { return size_; }

  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (!(s.value == V{})) f(s.value);
  }

  /// Forgets every value and shrinks back to `capacity`.
  void clear(std::size_t capacity = 16) {
    slots_.assign(round_up(capacity), Slot{});
    mask_ = slots_.size() - 1;
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    V value{};
  };

  static std::size_t round_up(std::size_t n) {
    std::size_t c = 16;
    while (c < n) c *= 2;
    return c;
  }

  void place(Slot s) {
    std::size_t i = s.hash & mask_;
    while (!(slots_[i].value == V{})) i = (i + 1) & mask_;
    slots_[i] = s;
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
    mask_ = capacity - 1;
    for (const Slot& s : old)
      if (!(s.value == V{})) place(s);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace otscope
