// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Fuzzes the Winsock entry points: socket, WSASocketW, bind, getsockname,
// setsockopt, getsockopt, closesocket, ioctlsocket and above all WSAIoctl
// with arbitrary codes,
// buffers, lengths, handles, overlapped structures and completion routines,
// decoded from the input as a sequence of calls. Each result must be a code
// the spec allows for that call; the host's invariants must hold throughout.

#include <mstcpip.h>
#include <portres_sim.h>
#include <winsock2.h>
#include <ws2ipdef.h>

#include "tests/fuzz/fuzz_support.h"

namespace {

using portres::fuzz::ExpectCode;
using portres::fuzz::ExpectInvariants;
using portres::fuzz::ExpectOperationCode;
using portres::fuzz::FuzzInput;

void CALLBACK Completed(DWORD, DWORD, LPWSAOVERLAPPED, DWORD) {}

// msquic's SIO_CPU_AFFINITY, which compat accepts (not an SDK name).
constexpr DWORD kSioCpuAffinity = _WSAIOW(IOC_VENDOR, 21);

// Result of a call returning SOCKET_ERROR/0: the code to check.
long CodeOf(int result) { return result == 0 ? 0 : WSAGetLastError(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzInput in(data, size);
  PortresSimReset();
  PortresSimClearFaults();
  WSADATA wsa;
  if (in.Byte() % 8 != 0) WSAStartup(MAKEWORD(2, 2), &wsa);
  std::vector<SOCKET> handles = {static_cast<SOCKET>(0x7777)};
  std::vector<WSAOVERLAPPED> overlapped(4);
  WSAEVENT event = WSACreateEvent();
  for (WSAOVERLAPPED& o : overlapped) o.hEvent = event;
  auto pick = [&] { return handles[in.Byte() % handles.size()]; };
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    switch (in.Byte() % 11) {
      case 0:
      case 1: {
        const int af = in.OneOf<int>({AF_INET, AF_INET6, in.Byte()});
        const int type = in.OneOf<int>({SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, 9});
        const int proto =
            in.OneOf<int>({0, IPPROTO_TCP, IPPROTO_UDP, in.Byte()});
        SOCKET s =
            in.Byte() % 2
                ? socket(af, type, proto)
                : WSASocketW(af, type, proto, nullptr, in.Byte() % 4 == 0,
                             in.Byte() % 2 ? WSA_FLAG_OVERLAPPED : 0);
        if (s != INVALID_SOCKET) {
          handles.push_back(s);
        } else {
          ExpectOperationCode("socket", WSAGetLastError(),
                              portres::Operation::kOpenSocket,
                              {WSANOTINITIALISED, WSAEAFNOSUPPORT,
                               WSAESOCKTNOSUPPORT, WSAEINVAL});
        }
        break;
      }
      case 10: {  // the next call of some operation fails (FI1, FI2)
        const auto operation =
            static_cast<portres::Operation>(in.Byte() % 11);
        const auto codes = portres::InjectableCodes(operation);
        PortresSimFailNext(static_cast<DWORD>(operation),
                           codes[in.Byte() % codes.size()], 1);
        break;
      }
      case 2:
        ExpectOperationCode("closesocket", CodeOf(closesocket(pick())),
                            portres::Operation::kCloseSocket,
                            {WSANOTINITIALISED});
        break;
      case 3: {
        sockaddr_in6 address = {};
        in.Fill(&address, sizeof(address));
        if (in.Byte() % 2)
          address.sin6_family = in.OneOf<USHORT>({AF_INET, AF_INET6});
        const int length = in.Byte() % 40;
        ExpectOperationCode(
            "bind",
            CodeOf(bind(
                pick(),
                in.Byte() % 8 ? reinterpret_cast<SOCKADDR*>(&address) : nullptr,
                length)),
            portres::Operation::kBind,
            {WSANOTINITIALISED, WSAEFAULT, WSAEADDRNOTAVAIL});
        break;
      }
      case 4: {
        sockaddr_in6 name;
        int length = in.Byte() % 40;
        ExpectCode(
            "getsockname",
            CodeOf(getsockname(pick(), reinterpret_cast<SOCKADDR*>(&name),
                               in.Byte() % 8 ? &length : nullptr)),
            {0, WSANOTINITIALISED, WSAENOTSOCK, WSAEFAULT, WSAEINVAL});
        break;
      }
      case 5:
      case 6:
      case 7: {
        const DWORD code = in.OneOf<DWORD>(
            {SIO_ACQUIRE_PORT_RESERVATION, SIO_ASSOCIATE_PORT_RESERVATION,
             SIO_RELEASE_PORT_RESERVATION, 0xD8000065u, kSioCpuAffinity,
             in.U32()});
        unsigned char input[24];
        unsigned char output[24];
        in.Fill(input, sizeof(input));
        if (in.Byte() % 2) {  // a token from an earlier acquire, often
          ULONG64 token = in.U64() % 4 ? in.U64() : 0;
          std::memcpy(input, &token, sizeof(token));
        }
        const DWORD in_size = in.Byte() % 25;
        const DWORD out_size = in.Byte() % 25;
        DWORD bytes = 0;
        WSAOVERLAPPED* o = in.Byte() % 3 == 0
                               ? &overlapped[in.Byte() % overlapped.size()]
                               : nullptr;
        const int result =
            WSAIoctl(pick(), code, in.Byte() % 8 ? input : nullptr, in_size,
                     in.Byte() % 8 ? output : nullptr, out_size,
                     in.Byte() % 8 ? &bytes : nullptr, o,
                     in.Byte() % 4 == 0 ? Completed : nullptr);
        // The buffer checks come first; then the control code's operation.
        const std::initializer_list<long> kBufferCodes = {
            WSANOTINITIALISED, WSAENOTSOCK, WSAEOPNOTSUPP, WSAEFAULT,
            WSAEINVAL};
        if (code == SIO_ACQUIRE_PORT_RESERVATION) {
          ExpectOperationCode("WSAIoctl", CodeOf(result),
                              portres::Operation::kAcquire, kBufferCodes);
        } else if (code == SIO_ASSOCIATE_PORT_RESERVATION) {
          ExpectOperationCode("WSAIoctl", CodeOf(result),
                              portres::Operation::kAssociate, kBufferCodes);
        } else if (code == SIO_RELEASE_PORT_RESERVATION) {
          ExpectOperationCode("WSAIoctl", CodeOf(result),
                              portres::Operation::kRelease, kBufferCodes);
        } else if (code == kSioCpuAffinity) {  // msquic's (spec SO8)
          ExpectOperationCode("WSAIoctl", CodeOf(result),
                              portres::Operation::kSetOption,
                              {WSANOTINITIALISED, WSAEFAULT});
        } else {  // not a reservation code: refused before anything else
          ExpectCode("WSAIoctl", CodeOf(result),
                     {WSANOTINITIALISED, WSAENOTSOCK, WSAEOPNOTSUPP});
        }
        if (result == 0 && code == SIO_ACQUIRE_PORT_RESERVATION &&
            bytes != 16 && !o) {
          std::abort();  // spec U4: a non-overlapped acquire returns 16 bytes
        }
        break;
      }
      case 8: {
        SleepEx(0, TRUE);
        DWORD transferred = 0, flags = 0;
        WSAGetOverlappedResult(pick(),
                               &overlapped[in.Byte() % overlapped.size()],
                               &transferred, FALSE, &flags);
        u_long mode = in.Byte() % 2;
        ExpectCode("ioctlsocket",
                   CodeOf(ioctlsocket(
                       pick(), in.OneOf<long>({(long)FIONBIO, 7}), &mode)),
                   {0, WSANOTINITIALISED, WSAENOTSOCK, WSAEINVAL});
        break;
      }
      case 9: {  // the options that decide binding, and any other
        const int level = in.OneOf<int>(
            {SOL_SOCKET, IPPROTO_IPV6, IPPROTO_TCP, in.Byte()});
        const int name =
            in.OneOf<int>({SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, IPV6_V6ONLY,
                           SO_TYPE, SO_RCVBUF, static_cast<int>(in.U32())});
        int value = in.Byte() % 3;
        int length = in.OneOf<int>({sizeof(int), 0, 2, 8});
        char* buffer = in.Byte() % 8 ? reinterpret_cast<char*>(&value) : nullptr;
        const std::initializer_list<long> kArgumentCodes = {
            WSANOTINITIALISED, WSAEFAULT, WSAEINVAL, WSAENOPROTOOPT};
        if (in.Byte() % 2) {
          ExpectOperationCode(
              "setsockopt",
              CodeOf(setsockopt(pick(), level, name, buffer, length)),
              portres::Operation::kSetOption, kArgumentCodes);
        } else {
          ExpectOperationCode(
              "getsockopt",
              CodeOf(getsockopt(pick(), level, name, buffer,
                                in.Byte() % 8 ? &length : nullptr)),
              portres::Operation::kGetOption, kArgumentCodes);
        }
        break;
      }
    }
    ExpectInvariants();
  }
  SleepEx(0, TRUE);  // drain completion routines queued for this input
  WSACloseEvent(event);
  return 0;
}
