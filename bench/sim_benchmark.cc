// The simulator's costs, measured side by side with what it stands in for
// (issue: "a simulator at memory speed"). Ratios are computed inside one
// benchmark run, alternating the two sides, so machine noise hits both.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "benchmark/benchmark.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"

namespace portres {
namespace {

using Clock = std::chrono::steady_clock;

double NanosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start)
      .count();
}

// One simulated lifecycle: open a UDP socket, acquire a wildcard block of 8,
// associate, bind(0), close (which releases the block).
void SimLifecycle(PortReservations& ports) {
  SocketId s = *ports.OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  Reservation r = *ports.Acquire(s, {0, 8});
  (void)ports.Associate(s, r.token);
  benchmark::DoNotOptimize(*ports.Bind(s, 0));
  (void)ports.CloseSocket(s);
}

// The Linux kernel's nearest equivalent: socket, bind(port 0) on loopback,
// getsockname, close.
void KernelLifecycle() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  benchmark::DoNotOptimize(address.sin_port);
  ::close(fd);
}

void BM_LifecycleSimVsKernel(benchmark::State& state) {
  sim::Host host;
  auto ports = host.Process(host.SpawnProcess());
  constexpr int kBatch = 64;
  double sim_ns = 0, kernel_ns = 0;
  int64_t rounds = 0;
  for (auto _ : state) {
    Clock::time_point start = Clock::now();
    for (int i = 0; i < kBatch; ++i) SimLifecycle(*ports);
    sim_ns += NanosSince(start);
    start = Clock::now();
    for (int i = 0; i < kBatch; ++i) KernelLifecycle();
    kernel_ns += NanosSince(start);
    rounds += kBatch;
  }
  state.counters["sim_ns"] = sim_ns / rounds;
  state.counters["kernel_ns"] = kernel_ns / rounds;
  state.counters["kernel_over_sim"] = kernel_ns / sim_ns;  // target >= 100
}
BENCHMARK(BM_LifecycleSimVsKernel)->Unit(benchmark::kMillisecond);

// A host whose dynamic range (1025-65535) starts with `live` one-port
// system reservations, about one in 20 followed by a one-port hole (too small
// for the 2-port blocks requested), then a free area: first fit must get past
// all of them.
struct FragmentedHost {
  explicit FragmentedHost(int live) {
    (void)host.SetDynamicPortRange(Protocol::kUdp, {1025, 64511});
    std::mt19937 random(live);
    uint32_t port = 1025;
    for (int i = 0; i < live; ++i) {
      (void)host.AddSystemReservation(Protocol::kUdp,
                                      {static_cast<uint16_t>(port), 1});
      port += random() % 20 == 0 ? 2 : 1;  // the reservation, maybe a hole
    }
    ports = host.Process(host.SpawnProcess());
    socket = *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  }
  double AcquireReleaseNanos(int n) {
    Clock::time_point start = Clock::now();
    for (int i = 0; i < n; ++i) {
      Reservation r = *ports->Acquire(socket, {0, 2});
      (void)ports->Release(socket, r.token);
    }
    return NanosSince(start) / n;
  }
  sim::Host host;
  std::unique_ptr<PortReservations> ports;
  SocketId socket = 0;
};

void BM_WildcardScaling(benchmark::State& state) {
  FragmentedHost small(100);
  FragmentedHost large(static_cast<int>(state.range(0)));
  double small_ns = 0, large_ns = 0;
  int64_t batches = 0;
  for (auto _ : state) {
    small_ns += small.AcquireReleaseNanos(32);
    large_ns += large.AcquireReleaseNanos(32);
    ++batches;
  }
  state.counters["ns_at_100"] = small_ns / batches;
  state.counters["ns_at_n"] = large_ns / batches;
  state.counters["n_over_100"] = large_ns / small_ns;  // target <= 3 at 60k
}
BENCHMARK(BM_WildcardScaling)->Arg(1000)->Arg(10000)->Arg(60000)
    ->Unit(benchmark::kMillisecond);

// The dynamic range (16384 ports) `percent` occupied by one-port blocks at
// random places; each wildcard acquire + release of one port is timed alone
// for the p99.
void BM_WildcardAtOccupancy(benchmark::State& state) {
  sim::Host host;
  std::vector<uint16_t> ports_in_range(16384);
  for (int i = 0; i < 16384; ++i) ports_in_range[i] = 49152 + i;
  std::mt19937 random(7);
  std::shuffle(ports_in_range.begin(), ports_in_range.end(), random);
  const int taken = static_cast<int>(16384 * state.range(0) / 100);
  for (int i = 0; i < taken; ++i) {
    (void)host.AddSystemReservation(Protocol::kUdp, {ports_in_range[i], 1});
  }
  auto ports = host.Process(host.SpawnProcess());
  SocketId s = *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  std::vector<double> samples;
  for (auto _ : state) {
    Clock::time_point start = Clock::now();
    Reservation r = *ports->Acquire(s, {0, 1});
    (void)ports->Release(s, r.token);
    samples.push_back(NanosSince(start));
  }
  std::sort(samples.begin(), samples.end());
  state.counters["p50_ns"] = samples[samples.size() / 2];
  state.counters["p99_ns"] = samples[samples.size() * 99 / 100];  // < 2000
}
BENCHMARK(BM_WildcardAtOccupancy)->Arg(50)->Arg(90)->Arg(99);

// Create, look up and delete one persistent block among 10k others.
void BM_PersistentAmong10k(benchmark::State& state) {
  sim::Host host;
  auto admin = host.Process(host.SpawnProcess({.elevated = true}));
  for (int i = 0; i < 10000; ++i) {
    (void)admin->CreatePersistent(Protocol::kTcp,
                                  {static_cast<uint16_t>(2000 + 6 * i), 5});
  }
  const PortRange probe{1500, 10};
  for (auto _ : state) {
    Token t = *admin->CreatePersistent(Protocol::kTcp, probe);
    benchmark::DoNotOptimize(*admin->LookupPersistent(Protocol::kTcp, probe));
    (void)admin->DeletePersistent(Protocol::kTcp, probe);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_PersistentAmong10k);

// Threads, each acting as its own process, share one host: throughput per
// thread count (items/s), to compare 2 threads with 1.
void BM_ContentionTwoProcesses(benchmark::State& state) {
  // Thread 0 replaces the host before the loop's start barrier; the previous
  // run's threads have all finished by then.
  static std::unique_ptr<sim::Host> host;
  if (state.thread_index() == 0) host = std::make_unique<sim::Host>();
  std::unique_ptr<PortReservations> ports;
  for (auto _ : state) {
    if (ports == nullptr) {
      state.PauseTiming();
      ports = host->Process(host->SpawnProcess());
      state.ResumeTiming();
    }
    SimLifecycle(*ports);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ContentionTwoProcesses)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace portres
