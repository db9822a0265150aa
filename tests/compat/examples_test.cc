// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Win32-style examples (examples/win32, spec §14 E1-E5) run in-process
// against the compat host, their output compared line by line with what spec
// §14 says Windows prints (non-zero tokens masked). Each example's wmain is
// compiled under the name portres_example_<file>.

#include <regex>
#include <string>
#include <vector>

#include "tests/compat/compat_fixture.h"

extern "C" {
int portres_example_acquire_port_reservation(int, wchar_t**);
int portres_example_release_port_reservation(int, wchar_t**);
int portres_example_create_persistent_tcp_port_reservation(int, wchar_t**);
int portres_example_delete_persistent_tcp_port_reservation(int, wchar_t**);
int portres_example_lookup_persistent_tcp_port_reservation(int, wchar_t**);
}

namespace portres::testkit {
namespace {

using Main = int (*)(int, wchar_t**);

struct ExampleRun {
  int exit_code;
  std::string output;
};

// Runs `main` as `program args...` and returns its exit code and output with
// every non-zero token replaced by <token>.
ExampleRun RunExample(Main main, std::vector<std::wstring> args) {
  std::vector<wchar_t*> argv;
  for (std::wstring& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::testing::internal::CaptureStdout();
  int rc = main(static_cast<int>(args.size()), argv.data());
  fflush(stdout);
  std::string out = ::testing::internal::GetCapturedStdout();
  static const std::regex kToken("Token( ?= ?)-?[1-9][0-9]*");
  return {rc, std::regex_replace(out, kToken, "Token$1<token>")};
}

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override { PortresSimReset(); }
  void TearDown() override {
    EXPECT_TRUE(compat::SimulatedMachine().CheckInvariants().ok());
  }
  // Makes this thread act as a new elevated process.
  static void Elevate() {
    ASSERT_TRUE(PortresSimSwitchProcess(PortresSimSpawnProcess(TRUE)));
  }
  // Runs `action` as another (elevated) process, then comes back.
  template <typename Action>
  static void AsOtherProcess(Action action) {
    const DWORD me = GetCurrentProcessId();
    ASSERT_TRUE(PortresSimSwitchProcess(PortresSimSpawnProcess(TRUE)));
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    action();
    ASSERT_TRUE(PortresSimSwitchProcess(me));
  }
};

constexpr Main kAcquire = portres_example_acquire_port_reservation;
constexpr Main kRelease = portres_example_release_port_reservation;
constexpr Main kCreate = portres_example_create_persistent_tcp_port_reservation;
constexpr Main kDelete = portres_example_delete_persistent_tcp_port_reservation;
constexpr Main kLookup = portres_example_lookup_persistent_tcp_port_reservation;

// E1, `2 2 17 5000 20` on a free machine.
TEST_F(ExamplesTest, E1AcquireAssociateBindRelease) {
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"2", L"2", L"17", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "socket function succeeded\n"
            "WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 16\n"
            "  Starting port=5000,  Number of Ports=20, Token=<token>\n"
            "socket function for second socket succeeded\n"
            "WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
            "bytesReturned = 0\n"
            "bind succeeded\n"
            "getsockname succeeded\n"
            "Port number allocated = 5000\n"
            "WSAIoctl(SIO_RELEASE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 0\n");
}

// E1 variant: wrong argc → the 6-line usage without a final newline, exit 1.
TEST_F(ExamplesTest, E1UsageOnWrongArgumentCount) {
  ExampleRun run = RunExample(kAcquire, {L"e1", L"2"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output,
            "usage: e1 <addressfamily> <type> <protocol> <StartingPort> "
            "<NumberOfPorts>\n"
            "Opens a socket for the specified family, type, & protocol\n"
            "and then acquires a runtime port reservation for the protocol "
            "specified\n"
            "e1 example usage\n"
            "   e1 2 2 17 5000 20\n"
            "   where AF_INET=2 SOCK_DGRAM=2 IPPROTO_UDP=17 StartPort=5000 "
            "NumPorts=20");
}

// E1 variant: `… 0 20` → a wildcard block from the dynamic range.
TEST_F(ExamplesTest, E1WildcardTakesDynamicRangePort) {
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"2", L"2", L"17", L"0", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.output.find("  Starting port=49152,  Number of Ports=20, "
                            "Token=<token>\n"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("Port number allocated = 49152\n"),
            std::string::npos);
}

// E1 variant: the block overlaps another process's reservation → 10048.
TEST_F(ExamplesTest, E1OverlappingReservationFailsWithAddrInUse) {
  AsOtherProcess([] {
    INET_PORT_RESERVATION_INSTANCE out;
    ASSERT_EQ(Acquire(socket(AF_INET, SOCK_DGRAM, 0), 5010, 1, &out), 0);
  });
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"2", L"2", L"17", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output,
            "socket function succeeded\n"
            "WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) failed with error = "
            "10048\n");
}

// E1 variant: a raw socket → 10045.
TEST_F(ExamplesTest, E1RawSocketFailsWithOpNotSupp) {
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"2", L"3", L"255", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output,
            "socket function succeeded\n"
            "WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) failed with error = "
            "10045\n");
}

// E1 variant: af=23 → acquire and associate succeed, bind gets a 16-byte
// sockaddr_in → 10014, the release still runs, exit 0.
TEST_F(ExamplesTest, E1Ipv6BindWithShortNameFailsWithFault) {
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"23", L"2", L"17", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "socket function succeeded\n"
            "WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 16\n"
            "  Starting port=5000,  Number of Ports=20, Token=<token>\n"
            "socket function for second socket succeeded\n"
            "WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
            "bytesReturned = 0\n"
            "bind failed with error = 10014\n"
            "WSAIoctl(SIO_RELEASE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 0\n");
}

TEST_F(ExamplesTest, E1StartPortOutOfRange) {
  ExampleRun run =
      RunExample(kAcquire, {L"e1", L"2", L"2", L"17", L"70000", L"1"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output,
            "Starting point must be either 0 or between 1 and 65,535\n");
}

// E2: acquire then release.
TEST_F(ExamplesTest, E2AcquireThenRelease) {
  ExampleRun run =
      RunExample(kRelease, {L"e2", L"2", L"2", L"17", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "socket function succeeded\n"
            "WSAIoctl(SIO_ACQUIRE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 16\n"
            "  Starting port=5000,  Number of Ports=20, Token=<token>\n"
            "WSAIoctl(SIO_RELEASE_PORT_RESERVATION) succeeded, bytesReturned "
            "= 0\n");
  EXPECT_TRUE(
      compat::SimulatedMachine().ExcludedPortRanges(Protocol::kUdp)->empty());
}

// E3, `5000 20`, elevated.
TEST_F(ExamplesTest, E3CreateAssociateBindDelete) {
  Elevate();
  ExampleRun run = RunExample(kCreate, {L"e3", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "CreatePersistentTcpPortReservation call succeeded\n"
            "  Token = <token>\n"
            "socket function succeeded\n"
            "WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
            "bytesReturned = 0\n"
            "bind succeeded\n"
            "getsockname succeeded\n"
            "Port number allocated = 5000\n"
            "DeletePersistentTcpPortReservation call succeeded\n");
}

// E3 failure scenarios: 5 unelevated; 87 for zero start/count and for a
// block past 65535 (U13); 32 over a persistent block or a bound port.
TEST_F(ExamplesTest, E3Failures) {
  ExampleRun unelevated = RunExample(kCreate, {L"e3", L"5000", L"20"});
  EXPECT_EQ(unelevated.exit_code, 1);
  EXPECT_EQ(unelevated.output,
            "CreatePersistentTcpPortReservation returned error: 5\n");
  Elevate();
  for (const wchar_t* args : {L"0 20", L"5000 0", L"65530 20"}) {
    std::wstring a(args);
    size_t space = a.find(L' ');
    ExampleRun run =
        RunExample(kCreate, {L"e3", a.substr(0, space), a.substr(space + 1)});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.output,
              "CreatePersistentTcpPortReservation returned error: 87\n");
  }
  AsOtherProcess([] {
    ULONG64 token;
    ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5010), 5, &token), 0u);
    ASSERT_EQ(BindV4(socket(AF_INET, SOCK_STREAM, 0), 6000), 0);
  });
  for (const wchar_t* start : {L"5000", L"5990"}) {
    ExampleRun run = RunExample(kCreate, {L"e3", start, L"20"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.output,
              "CreatePersistentTcpPortReservation returned error: 32\n");
  }
}

TEST_F(ExamplesTest, E3UsageOnWrongArgumentCount) {
  ExampleRun run = RunExample(kCreate, {L"e3"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output,
            "usage: e3 <Starting Port> <Number of Ports>\n"
            "Creates a persistent TCP port reservation\n"
            "Example usage:\n"
            "   e3 5000 20\n"
            "   where StartPort=5000 NumPorts=20");
}

// E4: success, 1168, 5, 87.
TEST_F(ExamplesTest, E4Delete) {
  EXPECT_EQ(RunExample(kDelete, {L"e4", L"5000", L"20"}).output,
            "DeletePersistentTcpPortReservation returned error: 5\n");
  Elevate();
  ExampleRun missing = RunExample(kDelete, {L"e4", L"5000", L"20"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.output,
            "DeletePersistentTcpPortReservation returned error: 1168\n");
  EXPECT_EQ(RunExample(kDelete, {L"e4", L"0", L"20"}).output,
            "DeletePersistentTcpPortReservation returned error: 87\n");
  ULONG64 token;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token), 0u);
  ExampleRun deleted = RunExample(kDelete, {L"e4", L"5000", L"20"});
  EXPECT_EQ(deleted.exit_code, 0);
  EXPECT_EQ(deleted.output,
            "DeletePersistentTcpPortReservation call succeeded\n");
  EXPECT_EQ(RunExample(kDelete, {L"e4"}).output,
            "usage: e4 <Starting Port> <Number of Ports>\n"
            "Delete a persistent TCP port reservation\n"
            "Example usage:\n"
            "   e4 5000 20\n"
            "   where StartPort=5000 NumPorts=20");
}

// E5 scenario A: the reservation exists, the caller is elevated; the token
// printed is the one Create returned this boot.
TEST_F(ExamplesTest, E5LookupAssociateBindWhenElevated) {
  Elevate();
  ULONG64 token;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token), 0u);
  ExampleRun run = RunExample(kLookup, {L"e5", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "LookupPersistentTcpPortReservation call succeeded\n"
            "  Token = <token>\n"
            "socket function succeeded\n"
            "WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) succeeded, "
            "bytesReturned = 0\n"
            "bind succeeded\n"
            "getsockname succeeded\n"
            "Port number allocated = 5000\n");
  ExampleRun raw = RunExample(kLookup, {L"e5", L"5000", L"20"});
  EXPECT_EQ(raw.exit_code, 0);
}

// E5 scenario B: exists, not elevated → Lookup works, associate 10013.
TEST_F(ExamplesTest, E5AssociateRefusedWhenNotElevated) {
  AsOtherProcess([] {
    ULONG64 token;
    ASSERT_EQ(CreatePersistentTcpPortReservation(htons(5000), 20, &token), 0u);
  });
  ExampleRun run = RunExample(kLookup, {L"e5", L"5000", L"20"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output,
            "LookupPersistentTcpPortReservation call succeeded\n"
            "  Token = <token>\n"
            "socket function succeeded\n"
            "WSAIoctl(SIO_ASSOCIATE_PORT_RESERVATION) failed with error = "
            "10013\n");
}

// E5 scenario C and zero arguments.
TEST_F(ExamplesTest, E5MissingOrZero) {
  ExampleRun missing = RunExample(kLookup, {L"e5", L"5000", L"20"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.output,
            "LookupPersistentTcpPortReservation returned error: 1168\n");
  EXPECT_EQ(RunExample(kLookup, {L"e5", L"0", L"0"}).output,
            "LookupPersistentTcpPortReservation returned error: 87\n");
}

}  // namespace
}  // namespace portres::testkit
