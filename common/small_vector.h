#pragma once
// SmallVector<T, N>: a vector that keeps up to N elements inside itself and
// moves them to the heap only beyond that. The checker's per-statement
// vectors (a call's operands, its parameters, a transition's dims) almost
// always hold one to four elements; as std::vectors they cost an allocation
// and a free each, which was about a fifth of the checker's instructions
// (DESIGN.md, section 3, Speed).
//
// Contract: the subset of std::vector's interface the checker uses, with
// std::vector's meaning (contiguous storage, element order, value
// semantics). One difference: moving a SmallVector whose elements are inline
// moves them one by one, so pointers to its elements do not survive a move
// (std::vector's do). insert() is not a hot path: in the middle it copies.
#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

namespace spmdcheck {

template <typename T, size_t N>
class SmallVector {
  static_assert(N > 0, "a SmallVector keeps at least one element inline");

 public:
  using value_type = T;
  using size_type = size_t;
  using iterator = T*;
  using const_iterator = const T*;
  using reference = T&;
  using const_reference = const T&;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> items) { append(items.begin(), items.end()); }
  SmallVector(size_t n, const T& value) { assign(n, value); }
  template <typename It, typename = decltype(*std::declval<It>())>
  SmallVector(It first, It last) {
    append(first, last);
  }
  SmallVector(const SmallVector& other) { append(other.begin(), other.end()); }
  SmallVector(SmallVector&& other) noexcept { take(std::move(other)); }
  ~SmallVector() { release(); }

  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      clear();
      append(other.begin(), other.end());
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      data_ = inline_data();
      size_ = 0;
      capacity_ = N;
      take(std::move(other));
    }
    return *this;
  }
  SmallVector& operator=(std::initializer_list<T> items) {
    clear();
    append(items.begin(), items.end());
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::reverse_iterator<T*> rbegin() { return std::reverse_iterator<T*>(end()); }
  std::reverse_iterator<T*> rend() { return std::reverse_iterator<T*>(begin()); }
  std::reverse_iterator<const T*> rbegin() const { return std::reverse_iterator<const T*>(end()); }
  std::reverse_iterator<const T*> rend() const { return std::reverse_iterator<const T*>(begin()); }
  T& at(size_t i) {
    if (i >= size_) throw std::out_of_range("SmallVector::at");
    return data_[i];
  }
  const T& at(size_t i) const {
    if (i >= size_) throw std::out_of_range("SmallVector::at");
    return data_[i];
  }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_t n) {
    if (n > capacity_) grow_to(n);
  }
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_) {
      // The argument may live in this vector: build it before moving.
      T item(std::forward<Args>(args)...);
      grow_to(2 * capacity_);
      ::new (static_cast<void*>(data_ + size_)) T(std::move(item));
    } else {
      ::new (static_cast<void*>(data_ + size_)) T(std::forward<Args>(args)...);
    }
    return data_[size_++];
  }
  void pop_back() { data_[--size_].~T(); }
  void clear() {
    std::destroy(data_, data_ + size_);
    size_ = 0;
  }
  void resize(size_t n) {
    reserve(n);
    while (size_ > n) pop_back();
    while (size_ < n) emplace_back();
  }
  void resize(size_t n, const T& value) {
    reserve(n);
    while (size_ > n) pop_back();
    while (size_ < n) emplace_back(value);
  }
  void assign(size_t n, const T& value) {
    clear();
    reserve(n);
    for (size_t i = 0; i < n; ++i) emplace_back(value);
  }
  template <typename It>
  void insert(const T* at, It first, It last) {  // at end only, as the checker uses it
    if (at != end())
      insert_middle(static_cast<size_t>(at - data_), first, last);
    else
      append(first, last);
  }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator!=(const SmallVector& a, const SmallVector& b) { return !(a == b); }

 private:
  T* inline_data() { return std::launder(reinterpret_cast<T*>(inline_)); }
  bool on_heap() const { return data_ != reinterpret_cast<const T*>(inline_); }

  template <typename It>
  void append(It first, It last) {
    for (; first != last; ++first) emplace_back(*first);
  }
  template <typename It>
  void insert_middle(size_t pos, It first, It last) {
    SmallVector tail(data_ + pos, data_ + size_);
    while (size_ > pos) pop_back();
    append(first, last);
    for (T& t : tail) emplace_back(std::move(t));
  }
  void grow_to(size_t n) {
    T* fresh = static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(alignof(T))));
    std::uninitialized_move(data_, data_ + size_, fresh);
    std::destroy(data_, data_ + size_);
    free_heap();
    data_ = fresh;
    capacity_ = n;
  }
  void free_heap() {
    if (on_heap()) ::operator delete(data_, std::align_val_t(alignof(T)));
  }
  void release() {
    std::destroy(data_, data_ + size_);
    free_heap();
  }
  // Precondition: this is empty and inline.
  void take(SmallVector&& other) {
    if (other.on_heap()) {
      data_ = other.data_;
      size_ = other.size_;
      capacity_ = other.capacity_;
      other.data_ = other.inline_data();
      other.size_ = 0;
      other.capacity_ = N;
      return;
    }
    std::uninitialized_move(other.data_, other.data_ + other.size_, data_);
    size_ = other.size_;
    other.clear();
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* data_ = inline_data();
  size_t size_ = 0;
  size_t capacity_ = N;
};

}  // namespace spmdcheck
