// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One socket lifecycle (open UDP, wildcard acquire of 8, associate, bind 0,
// close) through the C++ interface and through portres::compat, beside the
// kernel's own socket + bind(0) + getsockname + close, in one run: batches
// alternate, so machine noise hits every side alike, and the ratios are
// counters of one benchmark.


#include <algorithm>
#include <chrono>
#include <vector>

#include "bench/bench_support.h"
#include "bench/compat_lifecycle.h"
#include "benchmark/benchmark.h"
#include "portres/port_reservations.h"
#include "portres/sim/host.h"

namespace portres {
namespace {

using bench::BatchNanos;
using bench::KernelLifecycle;
using bench::Median;
using bench::SimLifecycle;

// Targets: kernel_over_sim >= 100, kernel_over_compat >= 50.
void BM_Lifecycle(benchmark::State& state) {
  sim::Host host;
  auto ports = host.Process(host.SpawnProcess());
  bench::StartCompat();
  constexpr int kBatch = 64;
  // Per-iteration times of each side; the ratios are medians over the
  // iterations, so a background hiccup in a few of them does not move them.
  std::vector<double> sim_ns, compat_ns, kernel_ns;
  for (auto _ : state) {
    sim_ns.push_back(BatchNanos(kBatch, [&] { return SimLifecycle(*ports); }) /
                     kBatch);
    compat_ns.push_back(BatchNanos(kBatch, bench::CompatLifecycle) / kBatch);
    kernel_ns.push_back(BatchNanos(kBatch, KernelLifecycle) / kBatch);
  }
  std::vector<double> over_sim, over_compat;
  for (size_t i = 0; i < kernel_ns.size(); ++i) {
    over_sim.push_back(kernel_ns[i] / sim_ns[i]);
    over_compat.push_back(kernel_ns[i] / compat_ns[i]);
  }
  state.counters["sim_ns"] = Median(sim_ns);
  state.counters["compat_ns"] = Median(compat_ns);
  state.counters["kernel_ns"] = Median(kernel_ns);
  state.counters["kernel_over_sim"] = Median(over_sim);
  state.counters["kernel_over_compat"] = Median(over_compat);
}
BENCHMARK(BM_Lifecycle)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portres
