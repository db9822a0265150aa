#include "sim/port_pool.h"

#include <algorithm>

#include "sim/mutants.h"

namespace portres::sim {
namespace {

// Uniform enough for a simulator, and identical on every standard library
// (std::uniform_int_distribution is not), so seeded runs replay everywhere.
uint64_t Draw(Rng& rng, uint64_t n) { return rng() % n; }

}  // namespace

const ReservationRecord* PortPool::Covering(uint32_t port) const {
  if (port > 65535) return nullptr;
  auto it = reservations_.upper_bound(static_cast<uint16_t>(port));
  if (it == reservations_.begin()) return nullptr;
  --it;
  return it->second.range.Contains(port) ? &it->second : nullptr;
}

ReservationRecord* PortPool::FindByStart(uint16_t start) {
  auto it = reservations_.find(start);
  return it == reservations_.end() ? nullptr : &it->second;
}

bool PortPool::OverlapsReservation(PortRange range) const {
  // Reservations are disjoint, so only the last one starting at or before the
  // block's end can overlap it without starting inside it.
  auto it = reservations_.upper_bound(
      static_cast<uint16_t>(std::min<uint32_t>(range.last(), 65535)));
  if (it == reservations_.begin()) return false;
  --it;
  return it->second.range.last() >= range.start;
}

bool PortPool::HasBoundPort(PortRange range) const {
  auto it = bindings_.lower_bound(range.start);
  return it != bindings_.end() && it->first <= range.last();
}

const Binding* PortPool::BindingAt(uint16_t port) const {
  auto it = bindings_.find(port);
  return it == bindings_.end() ? nullptr : &it->second;
}

std::optional<PortPool::Span> PortPool::NextObstacle(uint32_t port) const {
  std::optional<Span> best;
  if (const ReservationRecord* r = Covering(port);
      r != nullptr && !(PORTRES_MUTANT(kWildcardIgnoresPersistent) &&
                        r->kind == ReservationKind::kPersistent)) {
    return Span{r->range.start, r->range.last()};
  }
  if (port > 65535) return std::nullopt;
  auto r = reservations_.lower_bound(static_cast<uint16_t>(port));
  if (PORTRES_MUTANT(kWildcardIgnoresPersistent)) {
    while (r != reservations_.end() &&
           r->second.kind == ReservationKind::kPersistent) {
      ++r;
    }
  }
  if (r != reservations_.end()) {
    best = Span{r->second.range.start, r->second.range.last()};
  }
  auto b = bindings_.lower_bound(static_cast<uint16_t>(port));
  if (b != bindings_.end() && (!best || b->first < best->first)) {
    best = Span{b->first, b->first};
  }
  return best;
}

template <typename Visit>
void PortPool::ForEachFreeRun(uint32_t lo, uint32_t hi, Visit visit) const {
  uint32_t cursor = lo;
  while (cursor <= hi) {
    std::optional<Span> obstacle = NextObstacle(cursor);
    uint32_t run_end = obstacle ? std::min(hi, obstacle->first - 1) : hi;
    if (!obstacle || obstacle->first > cursor) {
      if (!visit(Span{cursor, run_end})) return;
    }
    if (!obstacle) return;
    cursor = obstacle->last + 1;
  }
}

std::optional<uint16_t> PortPool::FindFreeBlock(uint32_t lo, uint32_t hi,
                                                uint32_t count, Choice choice,
                                                Rng& rng) const {
  if (count == 0 || lo > hi || hi - lo + 1 < count) return std::nullopt;
  if (choice == Choice::kLowest &&
      !PORTRES_MUTANT(kWildcardIgnoresPersistent)) {
    return free_.FirstFit(lo, hi, count);  // O(log), however fragmented
  }
  // Random placement enumerates every free run: linear, a test-only mode.
  std::vector<Span> runs;  // free runs long enough, in order
  uint64_t starts = 0;     // how many feasible start ports they offer
  ForEachFreeRun(lo, hi, [&](Span run) {
    if (run.last - run.first + 1 < count) return true;
    if (choice == Choice::kLowest) {
      runs.push_back(run);
      return false;
    }
    runs.push_back(run);
    starts += run.last - run.first + 2 - count;
    return true;
  });
  if (runs.empty()) return std::nullopt;
  if (choice == Choice::kLowest) return static_cast<uint16_t>(runs[0].first);
  uint64_t pick = Draw(rng, starts);
  for (const Span& run : runs) {
    uint64_t here = run.last - run.first + 2 - count;
    if (pick < here) return static_cast<uint16_t>(run.first + pick);
    pick -= here;
  }
  return std::nullopt;  // unreachable: pick < starts
}

std::optional<uint16_t> PortPool::FindUnboundPort(uint32_t lo, uint32_t hi,
                                                  Choice choice,
                                                  Rng& rng) const {
  if (lo > hi) return std::nullopt;
  auto first = bindings_.lower_bound(static_cast<uint16_t>(lo));
  auto last = first;
  uint64_t bound = 0;
  while (last != bindings_.end() && last->first <= hi) ++last, ++bound;
  const uint64_t free = hi - lo + 1 - bound;
  if (free == 0) return std::nullopt;
  // The k-th unbound port of [lo, hi]: walk the bound ports below it.
  uint64_t k = choice == Choice::kLowest ? 0 : Draw(rng, free);
  uint32_t candidate = lo + k;
  for (auto it = first; it != last && it->first <= candidate; ++it) {
    ++candidate;
  }
  return static_cast<uint16_t>(candidate);
}

bool PortPool::FreeSpaceIndexIsConsistent() const {
  // Every maximal free run, found by walking the maps, must be exactly a free
  // run of the index, and every span between runs must be taken in it.
  bool consistent = true;
  uint32_t next = 0;  // the first port after the previous free run
  ForEachFreeRun(0, 65535, [&](Span run) {
    if (run.first > next && free_.FirstFit(next, run.first - 1, 1)) {
      consistent = false;
    }
    if (free_.FirstFit(run.first, run.last, run.last - run.first + 1) !=
        std::optional<uint16_t>(run.first)) {
      consistent = false;
    }
    next = run.last + 1;
    return consistent;
  });
  if (next <= 65535 && free_.FirstFit(next, 65535, 1)) consistent = false;
  return consistent;
}

void PortPool::AddReservation(const ReservationRecord& record) {
  reservations_.emplace(record.range.start, record);
  free_.Assign(record.range.start, record.range.last(), /*taken=*/true);
}

void PortPool::RemoveReservation(uint16_t start) {
  auto it = reservations_.find(start);
  if (it == reservations_.end()) return;
  const PortRange range = it->second.range;
  reservations_.erase(it);
  MarkFreeUnlessHeld(range.start, range.last());
}

void PortPool::AddBinding(uint16_t port, SocketId socket, Token group) {
  Binding& binding = bindings_[port];
  binding.group = group;
  binding.sockets.push_back(socket);
  // A port inside a reservation is taken already.
  if (Covering(port) == nullptr) free_.Assign(port, port, /*taken=*/true);
}

void PortPool::RemoveBinding(uint16_t port, SocketId socket) {
  auto it = bindings_.find(port);
  if (it == bindings_.end()) return;
  auto& sockets = it->second.sockets;
  sockets.erase(std::remove(sockets.begin(), sockets.end(), socket),
                sockets.end());
  if (!it->second.sockets.empty()) return;
  bindings_.erase(it);
  if (Covering(port) == nullptr) free_.Assign(port, port, /*taken=*/false);
}

void PortPool::MarkFreeUnlessHeld(uint32_t first, uint32_t last) {
  // Called for a reservation just removed: no other reservation overlaps
  // it, but sockets may still hold ports inside it (spec U12).
  free_.Assign(first, last, /*taken=*/false);
  for (auto b = bindings_.lower_bound(static_cast<uint16_t>(first));
       b != bindings_.end() && b->first <= last; ++b) {
    free_.Assign(b->first, b->first, /*taken=*/true);
  }
}

void PortPool::RebuildFreeSpace() {
  free_.Assign(0, 65535, /*taken=*/false);
  for (const auto& [start, r] : reservations_) {
    free_.Assign(start, r.range.last(), /*taken=*/true);
  }
  for (const auto& [port, binding] : bindings_) {
    free_.Assign(port, port, /*taken=*/true);
  }
}

void PortPool::ClearBindings() {
  bindings_.clear();
  RebuildFreeSpace();
}

void PortPool::ClearRuntimeState() {
  bindings_.clear();
  absl::erase_if(reservations_, [](const auto& entry) {
    return entry.second.kind != ReservationKind::kPersistent;
  });
  RebuildFreeSpace();
}

}  // namespace portres::sim
