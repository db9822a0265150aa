// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// WSAIoctl's buffer-level rules for the three control codes (spec §3.1/§3.2,
// §4.1/§4.2, §5, U3, U4, U20), through the compat headers.

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class IoctlTest : public CompatTest {};

// AQ1, §1.2: StartPort in network order in and out; 16 bytes back.
TEST_F(IoctlTest, AcquireUsesNetworkOrderAndReturns16Bytes) {
  SOCKET s = Udp();
  INET_PORT_RANGE range = {htons(5000), 20};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 99;
  ASSERT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, nullptr, nullptr),
            0);
  EXPECT_EQ(bytes, 16u);  // U4
  EXPECT_EQ(out.Reservation.StartPort, htons(5000));
  EXPECT_EQ(out.Reservation.NumberOfPorts, 20);
  EXPECT_NE(out.Token.Token, INVALID_PORT_RESERVATION_TOKEN);
  auto excluded =
      *compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp);
  ASSERT_EQ(excluded.size(), 1u);
  EXPECT_EQ(excluded[0].start, 5000) << "not 0x8813 (the O6 byte-order trap)";
}

// §3.2 "Output buffer smaller than 16 bytes": WSAEINVAL, bytes = 0.
// Spec AQ3.
TEST_F(IoctlTest, AcquireWithShortOutputIsInvalidAndZeroBytes) {
  INET_PORT_RANGE range = {htons(5000), 20};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 99;
  EXPECT_EQ(WSAIoctl(Udp(), SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, 15, &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  EXPECT_EQ(bytes, 0u);
  EXPECT_TRUE(
      compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp)->empty());
}

// U3: a short input buffer → WSAEINVAL, for each code.
// Spec AQ4.
TEST_F(IoctlTest, ShortInputIsInvalid) {
  SOCKET s = Udp();
  INET_PORT_RANGE range = {htons(5000), 20};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes;
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, 3, &out,
                     sizeof(out), &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  ULONG64 token = 1;
  for (DWORD code :
       {SIO_ASSOCIATE_PORT_RESERVATION, SIO_RELEASE_PORT_RESERVATION}) {
    EXPECT_EQ(
        WSAIoctl(s, code, &token, 7, nullptr, 0, &bytes, nullptr, nullptr),
        SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
  }
}

// §3.2/§4.2/§5 WSAEFAULT rows: NULL buffers and NULL lpcbBytesReturned.
// Spec AQ5.
TEST_F(IoctlTest, NullPointersAreFault) {
  SOCKET s = Udp();
  INET_PORT_RANGE range = {htons(5000), 20};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes;
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, nullptr, 4, &out, 16,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, 4, nullptr, 16,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, 4, &out, 16,
                     nullptr, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  EXPECT_EQ(WSAIoctl(s, SIO_RELEASE_PORT_RESERVATION, nullptr, 8, nullptr, 0,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

// §1.1: unknown codes, and the Bluetooth _WSAIORW codes sharing the low
// bits, are not supported (the full 32-bit code is dispatched).
TEST_F(IoctlTest, UnknownAndLookalikeCodesAreNotSupported) {
  ULONG64 token = 1;
  DWORD bytes;
  for (DWORD code :
       {0xD8000065u, 0xD8000066u, 0x18000064u, 0x98000067u, 0x00000064u}) {
    EXPECT_EQ(
        WSAIoctl(Udp(), code, &token, 8, nullptr, 0, &bytes, nullptr, nullptr),
        SOCKET_ERROR)
        << std::hex << code;
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  }
}

// §3.2/§4.2/§5: raw sockets → WSAEOPNOTSUPP; non-sockets → WSAENOTSOCK.
TEST_F(IoctlTest, RawSocketAndNonSocket) {
  SOCKET raw = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  INET_PORT_RESERVATION_INSTANCE out;
  EXPECT_EQ(Acquire(raw, 5000, 20, &out), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(TokenIoctl(raw, SIO_ASSOCIATE_PORT_RESERVATION, 1), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(Acquire(static_cast<SOCKET>(4242), 5000, 20, &out), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
}

// U4: ASSOCIATE and RELEASE return 0 bytes; a non-zero cbOutBuffer is
// accepted and ignored.
TEST_F(IoctlTest, AssociateAndReleaseReturnZeroBytes) {
  SOCKET s = Udp();
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(s, 5000, 20, &out), 0);
  ULONG64 token = out.Token.Token;
  char ignored[8];
  DWORD bytes = 99;
  ASSERT_EQ(WSAIoctl(s, SIO_ASSOCIATE_PORT_RESERVATION, &token, 8, ignored,
                     sizeof(ignored), &bytes, nullptr, nullptr),
            0);
  EXPECT_EQ(bytes, 0u);
  bytes = 99;
  ASSERT_EQ(WSAIoctl(s, SIO_RELEASE_PORT_RESERVATION, &token, 8, nullptr, 0,
                     &bytes, nullptr, nullptr),
            0);
  EXPECT_EQ(bytes, 0u);
}

// §3.2 non-blocking row: the ioctl still completes (never WSAEWOULDBLOCK).
TEST_F(IoctlTest, NonBlockingSocketStillCompletes) {
  SOCKET s = Udp();
  u_long on = 1;
  ASSERT_EQ(ioctlsocket(s, FIONBIO, &on), 0);
  INET_PORT_RESERVATION_INSTANCE out;
  EXPECT_EQ(Acquire(s, 5000, 20, &out), 0);
}

// §4.3 through Winsock: associate, bind(0) from the reservation.
TEST_F(IoctlTest, AssociatedBindTakesFromReservation) {
  SOCKET s = Udp();
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(s, 0, 8, &out), 0);
  SOCKET user = Udp();
  ASSERT_EQ(TokenIoctl(user, SIO_ASSOCIATE_PORT_RESERVATION, out.Token.Token),
            0);
  ASSERT_EQ(BindV4(user, 0), 0);
  EXPECT_EQ(LocalPort(user), ntohs(out.Reservation.StartPort));
  EXPECT_EQ(ntohs(out.Reservation.StartPort), 49152);
}

// §3.2 conflicts through Winsock: the Windows code reaches WSAGetLastError.
TEST_F(IoctlTest, ConflictCodesReachWsaGetLastError) {
  INET_PORT_RESERVATION_INSTANCE out;
  ASSERT_EQ(Acquire(Udp(), 5000, 20, &out), 0);
  EXPECT_EQ(Acquire(Udp(), 5010, 1, &out), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEADDRINUSE);
  EXPECT_EQ(BindV4(Udp(), 5001), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  EXPECT_EQ(TokenIoctl(Udp(), SIO_RELEASE_PORT_RESERVATION, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

// U20: an overlapped call completes at once: returns 0, sets the event,
// and WSAGetOverlappedResult reports the bytes.
TEST_F(IoctlTest, OverlappedCompletesAndSignalsEvent) {
  SOCKET s = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0,
                        WSA_FLAG_OVERLAPPED);
  WSAOVERLAPPED overlapped = {};
  overlapped.hEvent = WSACreateEvent();
  ASSERT_NE(overlapped.hEvent, WSA_INVALID_EVENT);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 0, FALSE),
            WSA_WAIT_TIMEOUT);
  INET_PORT_RANGE range = {htons(5000), 4};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 0;
  ASSERT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &overlapped, nullptr),
            0);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 1000, FALSE),
            WSA_WAIT_EVENT_0);
  DWORD transferred = 0, flags = 1;
  ASSERT_TRUE(
      WSAGetOverlappedResult(s, &overlapped, &transferred, FALSE, &flags));
  EXPECT_EQ(transferred, 16u);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(ntohs(out.Reservation.StartPort), 5000);
  EXPECT_TRUE(WSACloseEvent(overlapped.hEvent));
  EXPECT_FALSE(WSACloseEvent(overlapped.hEvent));
  EXPECT_EQ(WSAGetLastError(), WSA_INVALID_HANDLE);
}

DWORD routine_calls = 0;
DWORD routine_bytes = 0;
void CALLBACK Completed(DWORD error, DWORD bytes, LPWSAOVERLAPPED, DWORD) {
  ++routine_calls;
  routine_bytes = bytes + error;
}

// U20: the completion routine runs when the thread waits alertably, not
// before.
TEST_F(IoctlTest, CompletionRoutineRunsOnAlertableWait) {
  routine_calls = 0;
  SOCKET s = Udp();  // socket() sockets are overlapped
  WSAOVERLAPPED overlapped = {};
  INET_PORT_RANGE range = {0, 4};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 0;
  ASSERT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &overlapped, Completed),
            0);
  EXPECT_EQ(routine_calls, 0u);
  EXPECT_EQ(SleepEx(0, FALSE), 0u);
  EXPECT_EQ(routine_calls, 0u) << "not alertable";
  EXPECT_EQ(SleepEx(0, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  EXPECT_EQ(routine_calls, 1u);
  EXPECT_EQ(routine_bytes, 16u);
}

// §3.2: lpOverlapped is ignored on a socket without the overlapped
// attribute: no event is set.
TEST_F(IoctlTest, OverlappedIgnoredOnNonOverlappedSocket) {
  SOCKET s = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, nullptr, 0, 0);
  WSAOVERLAPPED overlapped = {};
  overlapped.hEvent = WSACreateEvent();
  INET_PORT_RESERVATION_INSTANCE out;
  INET_PORT_RANGE range = {htons(5000), 1};
  DWORD bytes = 0;
  ASSERT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &overlapped, nullptr),
            0);
  EXPECT_EQ(bytes, 16u);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 0, FALSE),
            WSA_WAIT_TIMEOUT);
  WSACloseEvent(overlapped.hEvent);
}

// Policy switches for the buffer unknowns, through Winsock.
TEST_F(IoctlTest, BufferPolicySwitches) {
  sim::HostOptions options;
  options.policy.short_input_buffer_error = kWsaEFault;  // U3
  options.policy.strict_unused_output_buffer = true;     // U4
  options.policy.overlapped_reports_pending = true;      // U20
  compat::ResetSimulatedHost(options);
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  SOCKET s = Udp();
  INET_PORT_RANGE range = {htons(5000), 4};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 0;
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, 2, &out, 16,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
  WSAOVERLAPPED overlapped = {};
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, 4, &out, 16,
                     &bytes, &overlapped, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  DWORD transferred = 0, flags = 0;
  EXPECT_FALSE(
      WSAGetOverlappedResult(s, &overlapped, &transferred, FALSE, &flags));
  EXPECT_EQ(WSAGetLastError(), WSA_IO_INCOMPLETE);
  EXPECT_EQ(PortresSimCompletePendingIo(s), 1u);
  EXPECT_TRUE(
      WSAGetOverlappedResult(s, &overlapped, &transferred, TRUE, &flags));
  EXPECT_EQ(transferred, 16u);
  ULONG64 token = out.Token.Token;
  char spare[4];
  EXPECT_EQ(WSAIoctl(s, SIO_RELEASE_PORT_RESERVATION, &token, 8, spare, 4,
                     &bytes, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEINVAL);
}

}  // namespace
}  // namespace portres::testkit
