// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Concurrent stress: threads acting as processes hammer one host with random
// operations on a shared 48-port window for a bounded count; invariants are
// checked throughout by another thread and at the end; when every process
// has exited, no runtime state may remain.

#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "portres/sim/host.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"

namespace portres::testkit {
namespace {

constexpr int kThreads = 4;
constexpr int kOperationsPerThread = 10000;

// One thread's process and its random operations.
void RunProcess(sim::Host& host, uint32_t seed, std::atomic<int>& unexpected) {
  std::mt19937 random(seed);
  const sim::Pid pid = host.SpawnProcess({.elevated = seed % 2 == 0});
  auto ports = host.Process(pid);
  std::vector<SocketId> sockets;
  std::vector<Token> tokens;
  auto pick_socket = [&]() -> SocketId {
    return sockets.empty() ? SocketId{4242}
                           : sockets[random() % sockets.size()];
  };
  auto pick_token = [&]() -> Token {
    return tokens.empty() ? Token(7) : tokens[random() % tokens.size()];
  };
  auto window_port = [&] {
    return static_cast<uint16_t>(5000 + random() % 48);
  };
  for (int i = 0; i < kOperationsPerThread; ++i) {
    absl::Status status;
    switch (random() % 8) {
      case 0: {
        absl::StatusOr<SocketId> s = ports->OpenSocket(
            AddressFamily::kInet,
            random() % 2 ? SocketType::kStream : SocketType::kDatagram, 0);
        if (s.ok()) sockets.push_back(*s);
        status = s.status();
        break;
      }
      case 1:
        status = ports->CloseSocket(pick_socket());
        break;
      case 2:
        status = ports->Bind(pick_socket(), kIpv4Any, random() % 3 ? window_port() : 0)
                     .status();
        break;
      case 3:
      case 4: {
        PortRange range{random() % 4 ? window_port() : uint16_t{0},
                        static_cast<uint16_t>(1 + random() % 6)};
        absl::StatusOr<Reservation> r = ports->Acquire(pick_socket(), range);
        if (r.ok()) tokens.push_back(r->token);
        status = r.status();
        break;
      }
      case 5:
        status = ports->Associate(pick_socket(), pick_token());
        break;
      case 6:
        status = ports->Release(pick_socket(), pick_token());
        break;
      case 7: {  // persistent blocks come and go, never kept
        PortRange range{window_port(), static_cast<uint16_t>(1 + random() % 4)};
        absl::StatusOr<Token> t =
            ports->CreatePersistent(Protocol::kTcp, range);
        status = t.status();
        if (t.ok()) {
          tokens.push_back(*t);
          status = ports->DeletePersistent(Protocol::kTcp, range);
        }
        break;
      }
    }
    // Every failure must be a Windows code, never something unexplained.
    if (!status.ok() && !WindowsErrorCode(status).has_value()) ++unexpected;
  }
  if (!host.ExitProcess(pid).ok()) ++unexpected;
}

TEST(StressTest, ThreadsAsProcessesLeaveNothingBehind) {
  sim::Host host({.seed = 11});
  std::atomic<int> unexpected = 0;
  std::atomic<bool> done = false;
  std::atomic<int> checks = 0;
  std::thread checker([&] {
    while (!done) {
      if (!host.CheckInvariants().ok()) ++unexpected;
      ++checks;
      // Checking holds the host lock; pausing lets the workers run.
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back(RunProcess, std::ref(host), 100 + t,
                         std::ref(unexpected));
  }
  for (std::thread& w : workers) w.join();
  done = true;
  checker.join();
  EXPECT_EQ(unexpected, 0);
  EXPECT_GT(checks, 0);
  EXPECT_THAT(host.CheckInvariants(), IsOk());
  EXPECT_TRUE(host.LiveProcesses().empty());
  // Persistent blocks were deleted as soon as created, so both pools must be
  // exactly empty: no reservation, no bound port.
  EXPECT_EQ(host.DumpPools(),
            "tcp dynamic 49152+16384\nudp dynamic 49152+16384\n");
}

// Misuse under concurrency: one thread closes a socket while another
// acquires on it. Each acquire either succeeds (and the close then releases
// it) or fails with WSAENOTSOCK; nothing is left afterwards.
TEST(StressTest, CloseDuringAcquire) {
  sim::Host host;
  auto ports = host.Process(host.SpawnProcess());
  for (int round = 0; round < 200; ++round) {
    SocketId s =
        *ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
    std::atomic<int> bad = 0;
    std::thread acquirer([&] {
      for (int i = 0; i < 20; ++i) {
        absl::StatusOr<Reservation> r = ports->Acquire(s, {0, 2});
        if (!r.ok() && WindowsErrorCode(r.status()) != kWsaENotSock) ++bad;
      }
    });
    std::thread closer([&] {
      if (!ports->CloseSocket(s).ok()) ++bad;
    });
    acquirer.join();
    closer.join();
    ASSERT_EQ(bad, 0);
    ASSERT_TRUE(host.ExcludedPortRanges(Protocol::kUdp).empty());
  }
  EXPECT_THAT(host.CheckInvariants(), IsOk());
}

}  // namespace
}  // namespace portres::testkit
