// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// One socket lifecycle (open UDP, wildcard acquire of 8, associate, bind 0,
// close) through a shared machine — five requests over the host service's
// Unix socket — beside the same lifecycle on an in-process host and the
// kernel's own socket + bind(0) + getsockname + close, batches alternating
// in one run. The service runs in this process on its own threads; a
// service in another process crosses the same socket and wakes the same
// number of threads.

#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "bench/bench_support.h"
#include "benchmark/benchmark.h"
#include "portres/sim/host.h"
#include "portres/sim/shared_machine.h"
#include "service/server.h"

namespace portres {
namespace {

using bench::BatchNanos;
using bench::KernelLifecycle;
using bench::Median;
using bench::SimLifecycle;

// Goal (issue 12): shared_over_kernel <= 3.
void BM_SharedLifecycle(benchmark::State& state) {
  char pattern[] = "/tmp/portres-bench-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  sim::service::ServerOptions options;
  options.socket_path = dir + "/host.sock";
  options.pid_path = dir + "/host.pid";
  auto server = sim::service::Server::Start(options);
  auto machine = sim::ConnectSharedMachineAt(options.socket_path);
  if (!server.ok() || !machine.ok()) {
    state.SkipWithError("the service did not start");
    return;
  }
  PortReservations& shared = (*machine)->process();
  sim::Host host;
  auto local = host.Process(host.SpawnProcess());
  constexpr int kBatch = 32;
  std::vector<double> shared_ns, sim_ns, kernel_ns;
  for (auto _ : state) {
    shared_ns.push_back(
        BatchNanos(kBatch, [&] { return SimLifecycle(shared); }) / kBatch);
    sim_ns.push_back(BatchNanos(kBatch, [&] { return SimLifecycle(*local); }) /
                     kBatch);
    kernel_ns.push_back(BatchNanos(kBatch, KernelLifecycle) / kBatch);
  }
  std::vector<double> shared_over_kernel;
  for (size_t i = 0; i < kernel_ns.size(); ++i) {
    shared_over_kernel.push_back(shared_ns[i] / kernel_ns[i]);
  }
  state.counters["shared_ns"] = Median(shared_ns);
  state.counters["sim_ns"] = Median(sim_ns);
  state.counters["kernel_ns"] = Median(kernel_ns);
  state.counters["shared_over_kernel"] = Median(shared_over_kernel);
  machine->reset();
  (*server)->Stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SharedLifecycle)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portres
