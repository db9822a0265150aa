// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// host.h ("Thread safety"): several threads, each acting as its own process,
// share one host while another thread reads it.

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "portres/sim/host.h"
#include "portres/testing/status_matchers.h"

namespace portres::testkit {
namespace {

TEST(ConcurrencyTest, ProcessesOnThreadsKeepTheHostConsistent) {
  sim::Host host;
  constexpr int kThreads = 2;
  constexpr int kRounds = 2000;
  std::atomic<bool> done = false;
  std::atomic<int> failures = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&host, &failures] {
      auto ports = host.Process(host.SpawnProcess());
      for (int i = 0; i < kRounds; ++i) {
        absl::StatusOr<SocketId> s =
            ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
        if (!s.ok()) {
          ++failures;
          continue;
        }
        absl::StatusOr<Reservation> r = ports->Acquire(*s, {0, 4});
        bool ok = r.ok() && ports->Associate(*s, r->token).ok() &&
                  ports->Bind(*s, kIpv4Any, 0).ok() &&
                  ports->Release(*s, r->token).ok() &&
                  ports->CloseSocket(*s).ok();
        if (!ok) ++failures;
      }
    });
  }
  std::thread reader([&] {
    while (!done) {
      if (!host.CheckInvariants().ok()) ++failures;
      (void)host.ExcludedPortRanges(Protocol::kUdp);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  for (std::thread& w : workers) w.join();
  done = true;
  reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_THAT(host.CheckInvariants(), IsOk());
  EXPECT_TRUE(host.ExcludedPortRanges(Protocol::kUdp).empty());
}

}  // namespace
}  // namespace portres::testkit
