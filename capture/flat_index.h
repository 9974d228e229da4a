// An open-addressing hash index of owned objects: linear probing over a compact array of
// (hash, pointer) slots, deletion by backward shift (no tombstones). A lookup touches one slot
// line and then the object itself, where a node-based map costs a bucket, a node and the object;
// the flow table looks up a flow on every packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace otscope::capture {

/// `T` must expose `key` (compared with ==) and `hash` (the key's hash, fixed at insertion).
template <class T>
class FlatIndex {
 public:
  explicit FlatIndex(std::size_t initial_capacity = 1024) { rehash(round_up(initial_capacity)); }
  ~FlatIndex() { clear(); }
  FlatIndex(const FlatIndex&) = delete;
  FlatIndex& operator=(const FlatIndex&) = delete;

  template <class Key>
  T* find(const Key& key, std::uint64_t hash) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.item == nullptr) return nullptr;
      if (s.hash == hash && s.item->key == key) return s.item;
    }
  }

  /// Takes ownership; the item's key must not be present.
  T* insert(std::unique_ptr<T> item) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    T* raw = item.release();
    place(Slot{raw->hash, raw});
    ++size_;
    return raw;
  }

  /// Removes and returns the item; nullptr when it is not present.
  template <class Key>
  std::unique_ptr<T> erase(const Key& key, std::uint64_t hash) {
    std::size_t i = hash & mask_;
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].item == nullptr) return nullptr;
      if (slots_[i].hash == hash && slots_[i].item->key == key) break;
    }
    std::unique_ptr<T> out(slots_[i].item);
    slots_[i] = Slot{};
    --size_;
    // Backward shift: pull later entries of the probe run into the hole where they belong.
    for (std::size_t j = (i + 1) & mask_; slots_[j].item != nullptr; j = (j + 1) & mask_) {
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
      if (s.item != nullptr) f(*s.item);
  }

  void clear() {
    for (Slot& s : slots_) {
      delete s.item;
      s = Slot{};
    }
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    T* item = nullptr;
  };

  static std::size_t round_up(std::size_t n) {
    std::size_t c = 16;
    while (c < n) c *= 2;
    return c;
  }

  void place(Slot s) {
    std::size_t i = s.hash & mask_;
    while (slots_[i].item != nullptr) i = (i + 1) & mask_;
    slots_[i] = s;
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
    mask_ = capacity - 1;
    for (const Slot& s : old)
      if (s.item != nullptr) place(s);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace otscope::capture
