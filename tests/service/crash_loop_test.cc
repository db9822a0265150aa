// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The store under crashes (SV5): a writer process creates persistent
// reservations one after another and reports each acknowledged one; the
// service is killed with SIGKILL at a random moment and started again. After
// every restart each acknowledged reservation is there, and the store was
// never torn (a torn store would refuse the start).

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "portres/sim/shared_machine.h"
#include "tests/service/real_process_support.h"
#include "tests/service/service_fixture.h"

namespace portres::service_test {
namespace {

constexpr int kRounds = 12;

// Creates TCP blocks of one port from `first` upwards; writes each port to
// `acks` once the service has acknowledged it. Ends when the service dies.
[[noreturn]] void Writer(const std::string& dir, uint16_t first, int acks) {
  auto machine = sim::ConnectSharedMachine(dir);
  if (!machine.ok()) ::_exit(2);
  for (uint16_t port = first;; ++port) {
    if (!(*machine)->process().CreatePersistent(Protocol::kTcp, {port, 1}).ok()) {
      ::_exit(0);
    }
    if (::write(acks, &port, sizeof(port)) != sizeof(port)) ::_exit(3);
  }
}

TEST(CrashLoopTest, EveryAcknowledgedReservationSurvivesAKilledService) {
  TempDir dir;
  std::mt19937 rng(11);
  std::vector<uint16_t> acknowledged;
  uint16_t next = 1024;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_EQ(Cli("host start --host " + dir.path()), 0) << "round " << round;
    int acks[2];
    ASSERT_EQ(::pipe(acks), 0);
    const pid_t writer = ::fork();
    if (writer == 0) {
      ::close(acks[0]);
      Writer(dir.path(), next, acks[1]);
    }
    ::close(acks[1]);
    // The first acknowledgement says the writer is connected (on a busy
    // machine that can take longer than the kill's random delay).
    uint16_t port;
    ASSERT_EQ(::read(acks[0], &port, sizeof(port)), sizeof(port));
    acknowledged.push_back(port);
    next = static_cast<uint16_t>(port + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 40));
    ASSERT_EQ(::kill(ServicePid(dir.path()), SIGKILL), 0);
    while (::read(acks[0], &port, sizeof(port)) == sizeof(port)) {
      acknowledged.push_back(port);
      next = static_cast<uint16_t>(port + 1);
    }
    ::close(acks[0]);
    EXPECT_TRUE(ExitedCleanly(writer));
    // The writer's next block may have been saved without its ack: skip it.
    next = static_cast<uint16_t>(next + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // reaped
  }
  ASSERT_EQ(Cli("host start --host " + dir.path()), 0);
  auto machine = sim::ConnectSharedMachine(dir.path());
  ASSERT_TRUE(machine.ok()) << machine.status();
  int missing = 0;
  for (uint16_t port : acknowledged) {
    if (!(*machine)->process().LookupPersistent(Protocol::kTcp, {port, 1}).ok()) {
      ++missing;
    }
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size();
  EXPECT_GT(acknowledged.size(), static_cast<size_t>(kRounds));
  std::printf("crash loop: %d kills, %zu acknowledged reservations, %d lost\n",
              kRounds, acknowledged.size(), missing);
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
  Cli("host stop --host " + dir.path());
}

}  // namespace
}  // namespace portres::service_test
