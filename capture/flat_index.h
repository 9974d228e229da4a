// The flow table's index of the flows it owns, by the flow key's hash (HashSlots of pointers).
#pragma once

#include <cstdint>
#include <memory>

#include "common/hash_slots.h"

namespace otscope::capture {

/// Owns its items. `T` must expose `key` (compared with ==) and `hash` (the key's hash, fixed at
/// insertion).
template <class T>
class FlatIndex {
 public:
  explicit FlatIndex(std::size_t initial_capacity = 1024) : slots_(initial_capacity) {}
  ~FlatIndex() { clear(); }
  FlatIndex(const FlatIndex&) = delete;
  FlatIndex& operator=(const FlatIndex&) = delete;

  template <class Key>
  T* find(const Key& key, std::uint64_t hash) {
    T** found = slots_.find(hash, [&key](const T* item) { return item->key == key; });
    return found ? *found : nullptr;
  }

  /// Takes ownership; the item's key must not be present.
  T* insert(std::unique_ptr<T> item) {
    T* raw = item.release();
    slots_.insert(raw->hash, raw);
    return raw;
  }

  /// Removes and returns the item; nullptr when it is not present.
  template <class Key>
  std::unique_ptr<T> erase(const Key& key, std::uint64_t hash) {
    return std::unique_ptr<T>(
        slots_.erase(hash, [&key](const T* item) { return item->key == key; }));
  }

  std::size_t size() const { return slots_.size(); }

  template <class F>
  void for_each(F&& f) const {
    slots_.for_each([&f](T* item) { f(*item); });
  }

  void clear() {
    slots_.for_each([](T* item) { delete item; });
    slots_.clear();
  }

 private:
  HashSlots<T*> slots_;
};

}  // namespace otscope::capture
