// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Overlapped requests that stay pending (U20's hook, OV1-OV7): they run
// when the test completes them, and closing the socket, CancelIo or
// CancelIoEx abort them with WSA_OPERATION_ABORTED instead.

#include <thread>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class OverlappedTest : public CompatTest {
 protected:
  void SetUp() override {
    sim::HostOptions options;
    options.policy.overlapped_reports_pending = true;
    compat::ResetSimulatedHost(options);
    PortresSimClearFaults();
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    overlapped_.hEvent = WSACreateEvent();
  }
  void TearDown() override {
    WSACloseEvent(overlapped_.hEvent);
    CompatTest::TearDown();
  }

  // An overlapped ACQUIRE of `start`+`count` on `s`; returns WSAIoctl's
  // result (SOCKET_ERROR with WSA_IO_PENDING when it stays pending).
  int StartAcquire(SOCKET s, USHORT start, USHORT count,
                   LPWSAOVERLAPPED_COMPLETION_ROUTINE routine = nullptr) {
    range_ = {htons(start), count};
    return WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range_, sizeof(range_),
                    &out_, sizeof(out_), &bytes_, &overlapped_, routine);
  }
  bool Signalled() {
    return WSAWaitForMultipleEvents(1, &overlapped_.hEvent, TRUE, 0, FALSE) ==
           WSA_WAIT_EVENT_0;
  }
  // WSAGetOverlappedResult without waiting: the Windows code (0: done).
  DWORD Result(SOCKET s, DWORD* transferred) {
    DWORD flags = 0;
    return WSAGetOverlappedResult(s, &overlapped_, transferred, FALSE, &flags)
               ? 0
               : static_cast<DWORD>(WSAGetLastError());
  }

  WSAOVERLAPPED overlapped_ = {};
  INET_PORT_RANGE range_ = {};
  INET_PORT_RESERVATION_INSTANCE out_ = {};
  DWORD bytes_ = 7;
};

// OV1, OV2: pending means nothing happened yet; completing runs the rule,
// writes the output and signals the event.
TEST_F(OverlappedTest, PendingAcquireRunsWhenCompleted) {
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  EXPECT_EQ(bytes_, 7u) << "not written for a pending request";
  EXPECT_FALSE(Signalled());
  DWORD transferred = 0;
  EXPECT_EQ(Result(s, &transferred), static_cast<DWORD>(WSA_IO_INCOMPLETE));
  EXPECT_TRUE(
      compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp)->empty())
      << "not reserved before it completes";
  EXPECT_EQ(PortresSimCompletePendingIo(s), 1u);
  EXPECT_TRUE(Signalled());
  EXPECT_EQ(Result(s, &transferred), 0u);
  EXPECT_EQ(transferred, 16u);
  EXPECT_EQ(ntohs(out_.Reservation.StartPort), 5000);
  EXPECT_EQ(
      compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp)->size(),
      1u);
  EXPECT_EQ(PortresSimCompletePendingIo(s), 0u) << "nothing left";
}

// OV2: a request that fails when it runs reports its code through the
// overlapped structure: another process took the block meanwhile.
TEST_F(OverlappedTest, FailureArrivesThroughTheOverlappedResult) {
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  const DWORD me = GetCurrentProcessId();
  ASSERT_TRUE(PortresSimSwitchProcess(PortresSimSpawnProcess(FALSE)));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  INET_PORT_RESERVATION_INSTANCE other;
  // Not overlapped on this socket: completes at once.
  ASSERT_EQ(Acquire(WSASocketW(AF_INET, SOCK_DGRAM, 0, nullptr, 0, 0), 5005,
                    1, &other),
            0);
  ASSERT_TRUE(PortresSimSwitchProcess(me));
  EXPECT_EQ(PortresSimCompletePendingIo(INVALID_SOCKET), 1u);
  DWORD transferred = 9;
  EXPECT_EQ(Result(s, &transferred), static_cast<DWORD>(WSAEADDRINUSE));
  EXPECT_EQ(transferred, 0u);
  EXPECT_TRUE(Signalled());
}

DWORD routine_error = 0;
DWORD routine_calls = 0;
void CALLBACK Routine(DWORD error, DWORD, LPWSAOVERLAPPED, DWORD) {
  routine_error = error;
  ++routine_calls;
}

// OV3: closing the socket aborts its pending requests: the event is
// signalled, the routine gets WSA_OPERATION_ABORTED, nothing is reserved.
TEST_F(OverlappedTest, CloseAbortsPendingRequests) {
  routine_calls = 0;
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10, Routine), SOCKET_ERROR);
  ASSERT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_EQ(routine_calls, 0u) << "only at an alertable wait";
  EXPECT_EQ(SleepEx(0, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  EXPECT_EQ(routine_calls, 1u);
  EXPECT_EQ(routine_error, static_cast<DWORD>(WSA_OPERATION_ABORTED));
  EXPECT_EQ(PortresSimCompletePendingIo(INVALID_SOCKET), 0u);
  EXPECT_TRUE(
      compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp)->empty());
}

// OV3 with an event: signalled, and the result is WSA_OPERATION_ABORTED.
TEST_F(OverlappedTest, CloseSignalsTheEventWithAborted) {
  const SOCKET s = Udp();
  const SOCKET keep = Udp();  // WSAGetOverlappedResult needs a live socket
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_TRUE(Signalled());
  DWORD transferred = 0;
  EXPECT_EQ(Result(keep, &transferred),
            static_cast<DWORD>(WSA_OPERATION_ABORTED));
}

// OV4: CancelIoEx aborts one request (or all of the handle's); FALSE with
// ERROR_NOT_FOUND when none is pending.
TEST_F(OverlappedTest, CancelIoExAbortsTheNamedRequest) {
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  WSAOVERLAPPED second = {};
  INET_PORT_RANGE range = {htons(6000), 1};
  INET_PORT_RESERVATION_INSTANCE out;
  DWORD bytes = 0;
  ASSERT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &second, nullptr),
            SOCKET_ERROR);
  EXPECT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(s), &overlapped_));
  DWORD transferred = 0;
  EXPECT_EQ(Result(s, &transferred), static_cast<DWORD>(WSA_OPERATION_ABORTED));
  EXPECT_EQ(PortresSimCompletePendingIo(s), 1u) << "the second one is left";
  auto excluded =
      *compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp);
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0].start, 6000);
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(s), nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_FOUND));
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(0x4444), nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

// OV5: CancelIo aborts only what the calling thread issued, and succeeds
// when that is nothing.
TEST_F(OverlappedTest, CancelIoAbortsTheCallingThreadsRequests) {
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  BOOL other_thread = FALSE;
  std::thread([&] { other_thread = CancelIo(reinterpret_cast<HANDLE>(s)); })
      .join();
  EXPECT_TRUE(other_thread);
  DWORD transferred = 0;
  EXPECT_EQ(Result(s, &transferred), static_cast<DWORD>(WSA_IO_INCOMPLETE))
      << "another thread's CancelIo leaves it";
  EXPECT_TRUE(CancelIo(reinterpret_cast<HANDLE>(s)));
  EXPECT_EQ(Result(s, &transferred), static_cast<DWORD>(WSA_OPERATION_ABORTED));
}

// OV6: WSAGetOverlappedResult with fWait waits for another thread to
// complete the request.
TEST_F(OverlappedTest, WaitingResultReturnsWhenAnotherThreadCompletes) {
  const SOCKET s = Udp();
  ASSERT_EQ(StartAcquire(s, 5000, 10), SOCKET_ERROR);
  const DWORD me = GetCurrentProcessId();
  std::thread completer([&] {
    PortresSimSwitchProcess(me);
    PortresSimCompletePendingIo(s);
  });
  DWORD transferred = 0, flags = 0;
  EXPECT_TRUE(WSAGetOverlappedResult(s, &overlapped_, &transferred, TRUE,
                                     &flags));
  EXPECT_EQ(transferred, 16u);
  completer.join();
}

// OV7: the process ending aborts its requests too.
TEST_F(OverlappedTest, ProcessExitAbortsItsRequests) {
  routine_calls = 0;
  const DWORD child = PortresSimSpawnProcess(FALSE);
  const DWORD me = GetCurrentProcessId();
  ASSERT_TRUE(PortresSimSwitchProcess(child));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  ASSERT_EQ(StartAcquire(Udp(), 5000, 10, Routine), SOCKET_ERROR);
  ASSERT_TRUE(PortresSimSwitchProcess(me));
  ASSERT_TRUE(PortresSimExitProcess(child));
  EXPECT_EQ(SleepEx(0, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  EXPECT_EQ(routine_error, static_cast<DWORD>(WSA_OPERATION_ABORTED));
}

}  // namespace
}  // namespace portres::testkit
