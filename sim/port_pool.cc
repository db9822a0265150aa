// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/port_pool.h"

#include <vector>

namespace portres::sim {
namespace {

// Uniform enough for a simulator, and identical on every standard library
// (std::uniform_int_distribution is not), so seeded runs replay everywhere.
uint64_t Draw(Rng& rng, uint64_t n) { return rng() % n; }

}  // namespace

PortPool::Index& PortPool::index() {
  if (index_ == nullptr) index_ = std::make_unique<Index>();
  return *index_;
}

uint32_t PortPool::ReservationCovering(uint32_t port) const {
  if (index_ == nullptr || port > 65535) return kNoSlot;
  std::optional<uint32_t> start = index_->starts.PrevSet(port);
  if (!start) return kNoSlot;
  const PortEntry& entry = index_->at.Get(*start);
  return port <= entry.last ? entry.reservation : kNoSlot;
}

uint32_t PortPool::ReservationAt(uint16_t start) const {
  if (index_ == nullptr) return kNoSlot;
  return index_->at.Get(start).reservation;
}

bool PortPool::OverlapsReservation(PortRange range) const {
  // Reservations are disjoint, so only the last one starting at or before the
  // block's end can overlap it.
  if (index_ == nullptr) return false;
  std::optional<uint32_t> start = index_->starts.PrevSet(range.last());
  return start && index_->at.Get(*start).last >= range.start;
}

bool PortPool::HasBoundPort(PortRange range) const {
  if (index_ == nullptr) return false;
  std::optional<uint32_t> port = index_->bound.NextSet(range.start);
  return port && *port <= range.last();
}

uint32_t PortPool::SocketAt(uint16_t port) const {
  return index_ == nullptr ? kNoSlot : index_->at.Get(port).socket;
}

std::optional<uint16_t> PortPool::FindFreeBlock(uint32_t lo, uint32_t hi,
                                                uint32_t count, Choice choice,
                                                Rng& rng) const {
  if (count == 0 || lo > hi || hi - lo + 1 < count) return std::nullopt;
  if (choice == Choice::kLowest) {
    if (index_ == nullptr) return static_cast<uint16_t>(lo);
    return index_->free.FirstFit(lo, hi, count);  // O(log), however fragmented
  }
  // Random placement counts every feasible start: linear, a test-only mode.
  const std::array<uint64_t, FreeSpaceIndex::kWords> taken = TakenWords();
  auto is_taken = [&](uint32_t p) { return (taken[p >> 6] >> (p & 63)) & 1; };
  std::vector<uint32_t> starts;
  uint32_t run = 0;
  for (uint32_t p = lo; p <= hi; ++p) {
    run = is_taken(p) ? 0 : run + 1;
    if (run >= count) starts.push_back(p - count + 1);
  }
  if (starts.empty()) return std::nullopt;
  return static_cast<uint16_t>(starts[Draw(rng, starts.size())]);
}

std::optional<uint16_t> PortPool::FindUnboundPort(uint32_t lo, uint32_t hi,
                                                  Choice choice,
                                                  Rng& rng) const {
  if (lo > hi) return std::nullopt;
  if (index_ == nullptr) {
    return static_cast<uint16_t>(
        choice == Choice::kLowest ? lo : lo + Draw(rng, hi - lo + 1));
  }
  const PortBitmap& bound = index_->bound;
  if (choice == Choice::kLowest) {
    std::optional<uint32_t> port = bound.NextClear(lo);
    if (!port || *port > hi) return std::nullopt;
    return static_cast<uint16_t>(*port);
  }
  // The k-th unbound port of [lo, hi], k uniform: linear, a test-only mode.
  uint32_t unbound = 0;
  for (uint32_t p = lo; p <= hi; ++p) unbound += !bound.Test(p);
  if (unbound == 0) return std::nullopt;
  uint64_t k = Draw(rng, unbound);
  for (uint32_t p = lo;; ++p) {
    if (!bound.Test(p) && k-- == 0) return static_cast<uint16_t>(p);
  }
}

void PortPool::AddReservation(PortRange range, uint32_t slot) {
  Index& i = index();
  i.starts.Set(range.start);
  PortEntry& entry = i.at.Mutable(range.start);
  entry.reservation = slot;
  entry.last = static_cast<uint16_t>(range.last());
  i.free.Assign(range.start, range.last(), /*taken=*/true);
}

void PortPool::RemoveReservation(PortRange range) {
  Index& i = index();
  i.starts.Clear(range.start);
  i.at.Mutable(range.start).reservation = kNoSlot;
  // Sockets may still hold ports inside it (spec U12): those stay taken.
  i.free.Assign(range.start, range.last(), /*taken=*/false);
  i.bound.ForEachSet(range.start, range.last(), [&](uint32_t port) {
    i.free.Assign(port, port, /*taken=*/true);
  });
}

void PortPool::SetSocketAt(uint16_t port, uint32_t slot) {
  Index& i = index();
  i.at.Mutable(port).socket = slot;
  const bool bound = slot != kNoSlot;
  if (bound == i.bound.Test(port)) return;
  if (bound) {
    i.bound.Set(port);
  } else {
    i.bound.Clear(port);
  }
  // A port inside a reservation is taken either way.
  if (ReservationCovering(port) == kNoSlot) i.free.Assign(port, port, bound);
}

void PortPool::Clear() { index_.reset(); }

std::array<uint64_t, FreeSpaceIndex::kWords> PortPool::TakenWords() const {
  if (index_ == nullptr) return {};
  return index_->free.Words();
}

bool PortPool::FreeSpaceSummariesConsistent() const {
  return index_ == nullptr || index_->free.SummariesAreConsistent();
}

}  // namespace portres::sim
