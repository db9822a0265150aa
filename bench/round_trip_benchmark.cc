// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The data path's cost: a one-byte loopback round trip through compat
// beside the kernel's, over TCP on 127.0.0.1, measured side by side in one
// run (issue 23).

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "bench/bench_support.h"
#include "bench/compat_round_trip.h"
#include "benchmark/benchmark.h"

namespace portres {
namespace {

using bench::BatchNanos;
using bench::Median;

// A kernel TCP connection over 127.0.0.1: its two ends.
struct KernelPair {
  int client = -1;
  int server = -1;
};

KernelPair ConnectKernel() {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  KernelPair pair;
  pair.client = ::socket(AF_INET, SOCK_STREAM, 0);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener, 1) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) !=
          0 ||
      ::connect(pair.client, reinterpret_cast<sockaddr*>(&address), length) !=
          0) {
    std::abort();
  }
  pair.server = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  const int on = 1;  // one byte goes at once, as compat's does
  ::setsockopt(pair.client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  ::setsockopt(pair.server, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  return pair;
}

char KernelRoundTrip(const KernelPair& pair) {
  char byte = 'x';
  if (::send(pair.client, &byte, 1, 0) != 1 ||
      ::recv(pair.server, &byte, 1, 0) != 1 ||
      ::send(pair.server, &byte, 1, 0) != 1 ||
      ::recv(pair.client, &byte, 1, 0) != 1) {
    std::abort();
  }
  return byte;
}

// Target: compat's round trip no slower than the kernel's
// (kernel_over_compat_round_trip >= 1).
void BM_RoundTrip(benchmark::State& state) {
  bench::ConnectCompat();
  const KernelPair kernel = ConnectKernel();
  constexpr int kBatch = 64;
  std::vector<double> compat_ns, kernel_ns, ratio;
  for (auto _ : state) {
    compat_ns.push_back(BatchNanos(kBatch, bench::CompatRoundTrip) / kBatch);
    kernel_ns.push_back(
        BatchNanos(kBatch, [&] { return KernelRoundTrip(kernel); }) / kBatch);
    ratio.push_back(kernel_ns.back() / compat_ns.back());
  }
  state.counters["compat_ns"] = Median(compat_ns);
  state.counters["kernel_ns"] = Median(kernel_ns);
  state.counters["kernel_over_compat_round_trip"] = Median(ratio);
  ::close(kernel.client);
  ::close(kernel.server);
}
BENCHMARK(BM_RoundTrip)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace portres
