// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Winsock programs of examples/winsock — servers and clients written as
// Windows programs are, in strict C — run unchanged in one process against
// the compat host: each server on a thread of its own, its clients on
// others, as a Windows test would run them. Each program's `main` is
// compiled under the name portres_program_<file>. Their lines are compared
// as a whole (sorted, since threads interleave them) with what the programs
// print on Windows.

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "tests/compat/compat_fixture.h"

extern "C" {
int portres_program_tcp_server(int, char**);
int portres_program_tcp_client(int, char**);
int portres_program_udp_receiver(int, char**);
int portres_program_udp_sender(int, char**);
int portres_program_select_server(int, char**);
int portres_program_poll_echo_server(int, char**);
}

namespace portres::testkit {
namespace {

using Main = int (*)(int, char**);

// Runs `main` as `args` and returns its exit code.
int RunProgram(Main main, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return main(static_cast<int>(args.size()), argv.data());
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

class ProgramsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PortresSimReset();
    ::testing::internal::CaptureStdout();
  }
  // Everything the programs printed, as sorted lines.
  std::vector<std::string> Output() {
    std::fflush(stdout);
    return SortedLines(::testing::internal::GetCapturedStdout());
  }
  void TearDown() override {
    EXPECT_TRUE(compat::SimulatedMachine().CheckInvariants().ok());
  }
};

std::vector<std::string> Sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The getting-started pair: the client tries ::1 first (refused: the server
// listens on IPv4 only), then 127.0.0.1; the echo comes back, then the
// server's close.
TEST_F(ProgramsTest, TcpServerAndClient) {
  int server_code = -1;
  std::thread server([&] {
    server_code =
        RunProgram(portres_program_tcp_server, {"tcp_server", "27015"});
  });
  ASSERT_TRUE(PortresSimWaitForListener(IPPROTO_TCP, 27015, 10000));
  const int client_code = RunProgram(portres_program_tcp_client,
                                     {"tcp_client", "localhost", "27015"});
  server.join();
  EXPECT_EQ(client_code, 0);
  EXPECT_EQ(server_code, 0);
  EXPECT_EQ(Output(), Sorted({"Bytes received: 14", "Bytes sent: 14",
                              "Connection closing...", "Bytes Sent: 14",
                              "Bytes received: 14", "Connection closed"}));
}

TEST_F(ProgramsTest, UdpReceiverAndSender) {
  int receiver_code = -1;
  std::thread receiver([&] {
    receiver_code =
        RunProgram(portres_program_udp_receiver, {"udp_receiver", "27016"});
  });
  ASSERT_TRUE(PortresSimWaitForListener(IPPROTO_UDP, 27016, 10000));
  const int sender_code =
      RunProgram(portres_program_udp_sender, {"udp_sender", "27016"});
  receiver.join();
  EXPECT_EQ(sender_code, 0);
  EXPECT_EQ(receiver_code, 0);
  EXPECT_EQ(Output(), Sorted({"Received \"hello\" (5 bytes) from 127.0.0.1",
                              "Sent 5 bytes", "Answer: ack"}));
}

// A server waiting in select or WSAPoll serves two clients that run at once.
void ServeTwoClientsAtOnce(Main server_main, const char* name,
                           const char* port) {
  int server_code = -1;
  std::thread server([&] {
    server_code = RunProgram(server_main, {name, port, "2"});
  });
  ASSERT_TRUE(PortresSimWaitForListener(
      IPPROTO_TCP, static_cast<USHORT>(std::stoi(port)), 10000));
  int client_codes[2] = {-1, -1};
  std::thread first([&] {
    client_codes[0] =
        RunProgram(portres_program_tcp_client, {"c", "127.0.0.1", port});
  });
  client_codes[1] =
      RunProgram(portres_program_tcp_client, {"c", "127.0.0.1", port});
  first.join();
  server.join();
  EXPECT_EQ(server_code, 0);
  EXPECT_EQ(client_codes[0], 0);
  EXPECT_EQ(client_codes[1], 0);
}

const std::vector<std::string> kTwoClientsServed =
    Sorted({"Client 1 connected", "Client 2 connected", "Echoed 14 bytes",
            "Echoed 14 bytes", "Client closed (0)", "Client closed (0)",
            "Bytes Sent: 14", "Bytes received: 14", "Connection closed",
            "Bytes Sent: 14", "Bytes received: 14", "Connection closed"});

TEST_F(ProgramsTest, SelectServerServesTwoClientsAtOnce) {
  ServeTwoClientsAtOnce(portres_program_select_server, "select_server",
                        "27017");
  EXPECT_EQ(Output(), kTwoClientsServed);
}

TEST_F(ProgramsTest, PollEchoServerServesTwoClientsAtOnce) {
  ServeTwoClientsAtOnce(portres_program_poll_echo_server, "poll_echo_server",
                        "27018");
  EXPECT_EQ(Output(), kTwoClientsServed);
}

}  // namespace
}  // namespace portres::testkit
