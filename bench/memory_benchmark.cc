// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Bytes the simulator allocates per live reservation and per open socket,
// counted by replacing the global allocation functions in this binary only.

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>

#include "bench/bench_support.h"
#include "bench/compat_lifecycle.h"
#include "benchmark/benchmark.h"
#include "portres/sim/host.h"

namespace {

std::atomic<int64_t> live_bytes{0};
std::atomic<int64_t> allocations{0};

// Each block carries its size in a 16-byte header so delete can subtract it.
void* CountedAlloc(std::size_t size) {
  void* block = std::malloc(size + 16);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  live_bytes += static_cast<int64_t>(size);
  ++allocations;
  return static_cast<char*>(block) + 16;
}
void CountedFree(void* pointer) {
  if (pointer == nullptr) return;
  void* block = static_cast<char*>(pointer) - 16;
  live_bytes -= static_cast<int64_t>(*static_cast<std::size_t*>(block));
  std::free(block);
}

// Over-aligned types (the simulator's cache-line aligned tables): the size
// header takes a whole alignment unit in front of the block.
void* CountedAlignedAlloc(std::size_t size, std::align_val_t align) {
  const std::size_t unit = static_cast<std::size_t>(align);
  const std::size_t total = (size + unit + unit - 1) / unit * unit;
  void* block = std::aligned_alloc(unit, total);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  live_bytes += static_cast<int64_t>(size);
  ++allocations;
  return static_cast<char*>(block) + unit;
}
void CountedAlignedFree(void* pointer, std::align_val_t align) {
  if (pointer == nullptr) return;
  void* block = static_cast<char*>(pointer) - static_cast<std::size_t>(align);
  live_bytes -= static_cast<int64_t>(*static_cast<std::size_t*>(block));
  std::free(block);
}

}  // namespace

void* operator new(std::size_t size, std::align_val_t align) {
  return CountedAlignedAlloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return CountedAlignedAlloc(size, align);
}
void operator delete(void* p, std::align_val_t align) noexcept {
  CountedAlignedFree(p, align);
}
void operator delete[](void* p, std::align_val_t align) noexcept {
  CountedAlignedFree(p, align);
}
void operator delete(void* p, std::size_t, std::align_val_t align) noexcept {
  CountedAlignedFree(p, align);
}
void operator delete[](void* p, std::size_t, std::align_val_t align) noexcept {
  CountedAlignedFree(p, align);
}
void* operator new(std::size_t size) { return CountedAlloc(size); }
void* operator new[](std::size_t size) { return CountedAlloc(size); }
void operator delete(void* p) noexcept { CountedFree(p); }
void operator delete[](void* p) noexcept { CountedFree(p); }
void operator delete(void* p, std::size_t) noexcept { CountedFree(p); }
void operator delete[](void* p, std::size_t) noexcept { CountedFree(p); }

namespace portres {
namespace {

constexpr int kCount = 10000;

// Runtime reservations of one port each, all on one socket.
void BM_BytesPerReservation(benchmark::State& state) {
  for (auto _ : state) {
    sim::Host host;
    auto ports = host.Process(host.SpawnProcess());
    SocketId s =
        *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
    const int64_t before = live_bytes;
    for (int i = 0; i < kCount; ++i) {
      (void)ports->Acquire(s, {static_cast<uint16_t>(1000 + i), 1});
    }
    state.counters["bytes_per_reservation"] =
        static_cast<double>(live_bytes - before) / kCount;  // target <= 64
  }
}
BENCHMARK(BM_BytesPerReservation)->Iterations(1);

// Open sockets, each bound to its own port.
void BM_BytesPerSocket(benchmark::State& state) {
  for (auto _ : state) {
    sim::Host host;
    auto ports = host.Process(host.SpawnProcess());
    const int64_t before = live_bytes;
    for (int i = 0; i < kCount; ++i) {
      SocketId s =
          *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
      (void)ports->Bind(s, kIpv4Any, static_cast<uint16_t>(1000 + i));
    }
    state.counters["bytes_per_socket"] =
        static_cast<double>(live_bytes - before) / kCount;  // target <= 128
  }
}
BENCHMARK(BM_BytesPerSocket)->Iterations(1);

// A host just constructed, with its initial process. Target <= 64 KiB.
void BM_BytesPerFreshHost(benchmark::State& state) {
  for (auto _ : state) {
    const int64_t before = live_bytes;
    auto host = std::make_unique<sim::Host>();
    (void)host->SpawnProcess();
    state.counters["bytes_per_fresh_host"] =
        static_cast<double>(live_bytes - before);
  }
}
BENCHMARK(BM_BytesPerFreshHost)->Iterations(1);

// Heap allocations per successful lifecycle once the host's tables have
// grown (target 0), through the C++ interface and through compat.
void BM_AllocationsPerLifecycle(benchmark::State& state) {
  constexpr int kWarmUp = 1000, kMeasured = 10000;
  for (auto _ : state) {
    sim::Host host;
    auto ports = host.Process(host.SpawnProcess());
    bench::StartCompat();
    for (int i = 0; i < kWarmUp; ++i) {
      bench::SimLifecycle(*ports);
      bench::CompatLifecycle();
    }
    int64_t before = allocations;
    for (int i = 0; i < kMeasured; ++i) bench::SimLifecycle(*ports);
    state.counters["allocations_per_sim_lifecycle"] =
        static_cast<double>(allocations - before) / kMeasured;
    before = allocations;
    for (int i = 0; i < kMeasured; ++i) bench::CompatLifecycle();
    state.counters["allocations_per_compat_lifecycle"] =
        static_cast<double>(allocations - before) / kMeasured;
  }
}
BENCHMARK(BM_AllocationsPerLifecycle)->Iterations(1);

}  // namespace
}  // namespace portres
