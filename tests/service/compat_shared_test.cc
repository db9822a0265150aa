// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The compat layer on a shared machine (SV12): this test program is one
// process of a machine that a second connection also uses. PORTRES_SIM_HOST
// is set before the first compat call, as a user's environment would.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "iphlpapi.h"
#include "mstcpip.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"
#include "portres_sim.h"
#include "tests/service/service_fixture.h"
#include "tests/service/silent_program.h"
#include "windows.h"
#include "winsock2.h"

namespace portres::service_test {
namespace {

using testkit::HasWindowsCode;
using testkit::IsOk;

class CompatSharedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = StartServer(TestServerOptions(*dir_)).release();
    ::setenv("PORTRES_SIM_HOST", dir_->path().c_str(), 1);
  }
  static void TearDownTestSuite() {
    delete server_;  // compat's connection now answers ERROR_INVALID_HANDLE
    delete dir_;
  }
  void SetUp() override {
    PortresSimReset();  // a fresh process of this program, others untouched
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
    other_ = Connect(dir_->File("host.sock"));
  }
  // The block [start, start + count) acquired through WSAIoctl.
  static int AcquireBlock(SOCKET s, USHORT start, USHORT count) {
    INET_PORT_RANGE range{htons(start), count};
    INET_PORT_RESERVATION_INSTANCE instance;
    DWORD bytes = 0;
    return WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                    &instance, sizeof(instance), &bytes, nullptr, nullptr) == 0
               ? 0
               : WSAGetLastError();
  }

  static TempDir* dir_;
  static sim::service::Server* server_;
  std::unique_ptr<sim::SharedMachine> other_;
};
TempDir* CompatSharedTest::dir_ = nullptr;
sim::service::Server* CompatSharedTest::server_ = nullptr;

TEST_F(CompatSharedTest, ABlockThisProgramHoldsIsRefusedToAnotherProcess) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_NE(s, INVALID_SOCKET);
  ASSERT_EQ(AcquireBlock(s, 7000, 10), 0);
  PortReservations& theirs = other_->process();
  const SocketId t =
      *theirs.OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  EXPECT_THAT(theirs.Acquire(t, {7005, 1}), HasWindowsCode(kWsaEAddrInUse));
  ASSERT_EQ(closesocket(s), 0);
  EXPECT_THAT(theirs.Acquire(t, {7005, 1}), IsOk());
}

TEST_F(CompatSharedTest, GetCurrentProcessIdIsTheSimulatedPidOthersSee) {
  SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  ASSERT_EQ(AcquireBlock(s, 7100, 2), 0);
  const std::string owners = *other_->Owners();
  EXPECT_TRUE(absl::StrContains(
      owners, absl::StrCat("\n", GetCurrentProcessId(), " ")))
      << owners;
  EXPECT_TRUE(absl::StrContains(owners, "7100-7101")) << owners;
}

TEST_F(CompatSharedTest, ResetEndsOnlyThisProgramsProcesses) {
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_EQ(AcquireBlock(s, 7200, 10), 0);
  PortReservations& theirs = other_->process();
  const SocketId t =
      *theirs.OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  ASSERT_THAT(theirs.Acquire(t, {7300, 1}), IsOk());
  const DWORD before = GetCurrentProcessId();
  PortresSimReset();
  EXPECT_NE(GetCurrentProcessId(), before);
  EXPECT_THAT(theirs.Acquire(t, {7205, 1}), IsOk());  // ours went
  EXPECT_EQ(other_->ExcludedPortRanges(Protocol::kTcp)->size(), 2u);
}

TEST_F(CompatSharedTest, PersistentBlocksAreTheMachines) {
  ULONG64 token = 0;
  ASSERT_EQ(CreatePersistentTcpPortReservation(htons(7400), 4, &token),
            NO_ERROR);
  EXPECT_EQ(other_->process().LookupPersistent(Protocol::kTcp, {7400, 4})
                ->value(),
            token);
  EXPECT_EQ(DeletePersistentTcpPortReservation(htons(7400), 4), NO_ERROR);
}

TEST_F(CompatSharedTest, SpawnedProcessesAreSeparateProcessesOfTheMachine) {
  SOCKET mine = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  ASSERT_EQ(AcquireBlock(mine, 7500, 1), 0);
  const DWORD child = PortresSimSpawnProcess(FALSE);
  ASSERT_NE(child, 0u);
  ASSERT_TRUE(PortresSimSwitchProcess(child));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  EXPECT_EQ(closesocket(mine), SOCKET_ERROR);  // not its socket
  EXPECT_EQ(WSAGetLastError(), WSAENOTSOCK);
  SOCKET theirs = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  EXPECT_EQ(AcquireBlock(theirs, 7500, 1), WSAEADDRINUSE);
  ASSERT_TRUE(PortresSimExitProcess(child));
  EXPECT_FALSE(PortresSimSwitchProcess(child));
}

// The token says what the machine says of the process: an elevated
// spawned process is elevated, an unelevated one is not (W5, SV2).
TEST_F(CompatSharedTest, TheTokenTellsEachProcesssElevation) {
  auto elevated = [](DWORD pid) -> DWORD {
    if (!PortresSimSwitchProcess(pid)) return 99;
    HANDLE token = nullptr;
    TOKEN_ELEVATION elevation = {7};
    DWORD size = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token) ||
        !GetTokenInformation(token, TokenElevation, &elevation,
                             sizeof(elevation), &size)) {
      return 98;
    }
    CloseHandle(token);
    return elevation.TokenIsElevated;
  };
  const DWORD plain = PortresSimSpawnProcess(FALSE);
  ASSERT_NE(plain, 0u);
  EXPECT_EQ(elevated(plain), 0u);
  // Only a program the kernel calls elevated may spawn an elevated process.
  const DWORD admin = PortresSimSpawnProcess(TRUE);
  if (::geteuid() == 0) {
    ASSERT_NE(admin, 0u);
    EXPECT_EQ(elevated(admin), 1u);
  } else {
    EXPECT_EQ(admin, 0u);
  }
}

// 127.0.0.1:port.
sockaddr_in LoopbackV4(USHORT port) {
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Traffic with other programs of the machine (DP35-DP38, which replace
// DP28's refusal): the unchanged example programs run as real processes
// of the machine this test program is one of.
#ifdef PORTRES_WINSOCK_PROGRAMS_DIR
class OtherProgram {
 public:
  // Starts examples/winsock's `name` with `args`; its output goes to a
  // file read by Output().
  OtherProgram(const std::string& name, std::vector<std::string> args,
               const TempDir& dir)
      : output_(dir.File(name + ".out")) {
    const std::string path =
        std::string(PORTRES_WINSOCK_PROGRAMS_DIR) + "/" + name;
    args.insert(args.begin(), path);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(),
                    environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~OtherProgram() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      (void)Wait();
    }
  }
  bool started() const { return pid_ > 0; }
  void Kill() { ::kill(pid_, SIGKILL); }
  // Its exit status (-1 if killed).
  int Wait() {
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string Output() const {
    std::ifstream in(output_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string output_;
  pid_t pid_ = -1;
};

SOCKET ConnectToLoopback(USHORT port) {
  const SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in to = LoopbackV4(port);
  if (connect(s, reinterpret_cast<SOCKADDR*>(&to), sizeof(to)) != 0) {
    closesocket(s);
    return INVALID_SOCKET;
  }
  return s;
}

// A connection to `server`'s listener on 127.0.0.1:port, once it listens;
// INVALID_SOCKET if it did not start or connect failed.
SOCKET ConnectTo(const OtherProgram& server, USHORT port) {
  if (!server.started() ||
      !PortresSimWaitForListener(IPPROTO_TCP, port, 10000)) {
    return INVALID_SOCKET;
  }
  return ConnectToLoopback(port);
}

// The getting-started server, another program, serves this one: what it
// receives it echoes until this side's FIN, then closes (DP35).
TEST_F(CompatSharedTest, ThisProgramTalksToAServerProgram) {
  OtherProgram server("tcp_server", {"27110"}, *dir_);
  const SOCKET s = ConnectTo(server, 27110);
  ASSERT_NE(s, INVALID_SOCKET);
  const char message[] = "this is a test";
  ASSERT_EQ(send(s, message, 14, 0), 14);
  ASSERT_EQ(shutdown(s, SD_SEND), 0);
  char echo[64];
  int got = 0;
  for (int n; (n = recv(s, echo + got, sizeof(echo) - got, 0)) > 0;) got += n;
  EXPECT_EQ(std::string(echo, got), "this is a test");
  EXPECT_EQ(recv(s, echo, 1, 0), 0);  // its close: FIN, then the end
  EXPECT_EQ(closesocket(s), 0);
  EXPECT_EQ(server.Wait(), 0);
  EXPECT_EQ(server.Output(),
            "Bytes received: 14\nBytes sent: 14\nConnection closing...\n");
}

// Killing a program resets its connections: the peer's next receive fails
// with WSAECONNRESET, as when a Windows process ends (DP12, DP36).
TEST_F(CompatSharedTest, KillingTheOtherProgramResetsTheConnection) {
  OtherProgram server("tcp_server", {"27111"}, *dir_);
  const SOCKET s = ConnectTo(server, 27111);
  ASSERT_NE(s, INVALID_SOCKET);
  server.Kill();  // it waits in recv for this side's bytes
  EXPECT_EQ(server.Wait(), -1);
  char byte;
  EXPECT_EQ(recv(s, &byte, 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
  EXPECT_EQ(send(s, "x", 1, 0), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
  EXPECT_EQ(closesocket(s), 0);
}

// A megabyte through the getting-started server's echo and back, in
// order: each sender waits for room in the other program's 64 KiB window
// (DP17, DP37) while a second thread here reads the echo.
TEST_F(CompatSharedTest, AMegabyteCrossesToAnotherProgramAndBackInOrder) {
  OtherProgram server("tcp_server", {"27112"}, *dir_);
  const SOCKET s = ConnectTo(server, 27112);
  ASSERT_NE(s, INVALID_SOCKET);
  std::string sent(1 << 20, '\0');
  for (size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<char>(i * 7);
  std::string echoed;
  std::thread reader([&] {
    char buffer[4096];
    for (int n; (n = recv(s, buffer, sizeof(buffer), 0)) > 0;) {
      echoed.append(buffer, n);
    }
  });
  for (size_t at = 0; at < sent.size(); at += 100000) {
    const int n = static_cast<int>(std::min<size_t>(100000, sent.size() - at));
    ASSERT_EQ(send(s, sent.data() + at, n, 0), n);
  }
  ASSERT_EQ(shutdown(s, SD_SEND), 0);
  reader.join();
  EXPECT_TRUE(echoed == sent) << echoed.size() << " bytes came back";
  EXPECT_EQ(closesocket(s), 0);
  EXPECT_EQ(server.Wait(), 0);
}

// The UDP pair across programs: the datagram's source is this program's
// socket, and the answer comes back to it (DP35).
TEST_F(CompatSharedTest, ADatagramReachesAnotherProgramAndIsAnswered) {
  OtherProgram receiver("udp_receiver", {"27113"}, *dir_);
  ASSERT_TRUE(receiver.started());
  ASSERT_TRUE(PortresSimWaitForListener(IPPROTO_UDP, 27113, 10000));
  const SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  sockaddr_in to = LoopbackV4(27113);
  ASSERT_EQ(sendto(s, "hello", 5, 0, reinterpret_cast<SOCKADDR*>(&to),
                   sizeof(to)),
            5);
  char answer[16] = {};
  sockaddr_in from = {};
  int from_length = sizeof(from);
  ASSERT_EQ(recvfrom(s, answer, sizeof(answer), 0,
                     reinterpret_cast<SOCKADDR*>(&from), &from_length),
            3);
  EXPECT_EQ(std::string(answer), "ack");
  EXPECT_EQ(ntohs(from.sin_port), 27113);
  EXPECT_EQ(receiver.Wait(), 0);
  EXPECT_EQ(receiver.Output(),
            "Received \"hello\" (5 bytes) from 127.0.0.1\n");
  // It has ended: the next datagram comes back as port unreachable.
  ASSERT_EQ(sendto(s, "again", 5, 0, reinterpret_cast<SOCKADDR*>(&to),
                   sizeof(to)),
            5);
  EXPECT_EQ(recvfrom(s, answer, sizeof(answer), 0, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNRESET);
  EXPECT_EQ(closesocket(s), 0);
}
#endif  // PORTRES_WINSOCK_PROGRAMS_DIR

// The port map's entry of a program that is gone (nobody at its bridge):
// connect is refused, and the entry removed (DP36).
TEST_F(CompatSharedTest, AGoneProgramsAnnouncementIsRefusedAndRemoved) {
  const std::string traffic = dir_->File("traffic");
  std::filesystem::create_directories(traffic);
  const std::string entry = traffic + "/tcp.4.27114.7f000001.999998.0";
  std::ofstream(entry).put('\n');
  ASSERT_TRUE(std::filesystem::exists(entry));
  const SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in to = LoopbackV4(27114);
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&to), sizeof(to)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAECONNREFUSED);
  EXPECT_FALSE(std::filesystem::exists(entry));
  EXPECT_EQ(closesocket(s), 0);
}

// A program that takes the connection at its bridge but never answers:
// connect gives up after 10 s with WSAETIMEDOUT; meanwhile a second
// connect on the socket fails with WSAEALREADY (DP38).
TEST_F(CompatSharedTest, AProgramThatNeverAnswersTimesTheConnectOut) {
  SilentProgram silent(dir_->File("traffic"), 999997, 27115);
  ASSERT_TRUE(silent.listening());
  const SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in to = LoopbackV4(27115);
  int code = 0;
  std::thread connecting([&] {
    if (connect(s, reinterpret_cast<SOCKADDR*>(&to), sizeof(to)) != 0) {
      code = WSAGetLastError();
    }
  });
  // The implicit bind and the mark "under way" are one step: once the
  // socket has its port, the connect is under way.
  sockaddr_in name = {};
  int length = sizeof(name);
  while (getsockname(s, reinterpret_cast<SOCKADDR*>(&name), &length) != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(connect(s, reinterpret_cast<SOCKADDR*>(&to), sizeof(to)),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEALREADY);
  connecting.join();
  EXPECT_EQ(code, WSAETIMEDOUT);
  EXPECT_EQ(closesocket(s), 0);
}

TEST_F(CompatSharedTest, ControlsThatWouldChangeEveryonesMachineAreRefused) {
  EXPECT_FALSE(PortresSimResetProfile("wine-8"));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_SUPPORTED));
  const unsigned char address[4] = {10, 0, 0, 1};
  EXPECT_FALSE(PortresSimAddLocalAddress(AF_INET, address));
  EXPECT_FALSE(PortresSimImportNetsh(""));
}

}  // namespace
}  // namespace portres::service_test
